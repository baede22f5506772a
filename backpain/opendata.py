"""Open data: a Frictionless Data Package describing the flat export, its units, licence and sources."""

from __future__ import annotations

import json

from backpain.schema import Dataset
from backpain.tabular import COLUMNS, Column

TABLE_FILE = "treatments.csv"

_FIELD_TYPES = {"text": "string", "number": "number", "date": "date", "list": "array", "json": "any"}


def _field(column: Column) -> dict:
    field = {"name": column.name, "type": _FIELD_TYPES[column.kind], "description": column.description}
    if column.enum is not None:
        field["constraints"] = {"enum": [member.value for member in column.enum]}
    if column.unit:
        field["description"] += f" Unit: {column.unit}."
    if column.kind in ("list", "json"):
        field["description"] += " Stored as JSON in the cell."
    return field


def datapackage(dataset: Dataset) -> dict:
    p = dataset.provenance
    return {
        "name": "back-pain-options",
        "title": p.title,
        "description": p.description + (f" {p.pain_scale}" if p.pain_scale else ""),
        "version": p.version,
        "created": f"{p.last_updated.isoformat()}T00:00:00Z",
        "licenses": [{"name": "CC-BY-4.0", "title": p.license, "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "contributors": [{"title": p.producer, "role": "author"}],
        "sources": [{"title": s.citation or s.title, "path": s.link} for s in sorted(dataset.sources, key=lambda s: s.id)],
        "resources": [
            {
                "name": "treatments",
                "path": TABLE_FILE,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": "One row per treatment and indication (acute, chronic, sciatica). Text cells that "
                "start with = + - @ tab, CR or ' carry a leading ' against formula injection.",
                "schema": {
                    "fields": [_field(column) for column in COLUMNS],
                    "primaryKey": ["id", "indication"],
                    "missingValues": [""],
                },
            }
        ],
    }


def datapackage_json(dataset: Dataset) -> str:
    return json.dumps(datapackage(dataset), ensure_ascii=False, indent=2) + "\n"

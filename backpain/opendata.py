"""Open data: a Frictionless Data Package describing the flat export, its units, licence and sources."""

from __future__ import annotations

import json

from backpain.schema import Certainty, Dataset, Direction, GuidelineId, OnsetBasis, Scope, Stance
from backpain.tabular import COLUMNS

TABLE_FILE = "treatments.csv"

_FIELD_TYPES = {"text": "string", "number": "number", "date": "date", "list": "array", "json": "any"}
_UNITS = {
    "onset_min_hours": "hours",
    "onset_max_hours": "hours",
    "effect_mean_difference": "points on a 0 to 100 pain scale",
    "effect_ci_low": "points on a 0 to 100 pain scale",
    "effect_ci_high": "points on a 0 to 100 pain scale",
}


# Columns that hold one of a fixed set of values (an empty cell is a missing value).
_ENUMS = {
    "certainty": Certainty,
    "effect_direction": Direction,
    "onset_basis": OnsetBasis,
    **{f"{g.value}_stance": Stance for g in GuidelineId},
    **{f"{g.value}_scope": Scope for g in GuidelineId},
}


def _field(name: str, kind: str, description: str) -> dict:
    field = {"name": name, "type": _FIELD_TYPES[kind], "description": description}
    if name in _ENUMS:
        field["constraints"] = {"enum": [member.value for member in _ENUMS[name]]}
    if name in _UNITS:
        field["description"] += f" Unit: {_UNITS[name]}."
    if kind in ("list", "json"):
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
                    "fields": [_field(*column) for column in COLUMNS],
                    "primaryKey": ["id", "indication"],
                    "missingValues": [""],
                },
            }
        ],
    }


def datapackage_json(dataset: Dataset) -> str:
    return json.dumps(datapackage(dataset), ensure_ascii=False, indent=2) + "\n"

"""The flat table: one row per treatment x indication, as CSV or JSON, and back again.

Treatment-level fields repeat on each of a treatment's three rows. List-valued cells hold
JSON arrays so a round trip is lossless. CSV text cells are escaped against formula
injection: a cell that starts with ``= + - @``, a tab, a carriage return or ``'`` gets a
leading ``'``, which the reader removes again.
"""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from backpain.problems import DataError, Problem
from backpain.schema import (
    Certainty,
    CertaintySystem,
    Dataset,
    Direction,
    GuidelineId,
    Indication,
    OnsetBasis,
    Scope,
    Stance,
    Treatment,
)
from backpain.yamlfile import ParsedFile, parse_yaml, read_text


class Column(NamedTuple):
    """One export column: everything the flat rows, the CSV import, datapackage.json and the README need."""

    name: str
    kind: str  # text, number, date, list (a JSON array) or json (any JSON value)
    description: str
    unit: str | None = None
    enum: type[StrEnum] | None = None  # the fixed values a cell may hold (empty = missing)


PAIN_POINTS = "points on a 0 to 100 pain scale"

TREATMENT_COLUMNS: tuple[Column, ...] = tuple(
    Column(*c)
    for c in (
        ("id", "text", "Unique slug of the treatment"),
        ("name", "text", "Display name"),
        ("also_known_as", "list", "Brand and other names (JSON array)"),
        ("category", "text", "Category id"),
        ("kind", "text", "medication, non_drug or procedure"),
        ("access", "text", "How it is obtained"),
        ("onset_min_hours", "number", "Earliest first relief, hours (empty = not known)", "hours"),
        ("onset_max_hours", "number", "Latest first relief, hours (empty = not known)", "hours"),
        (
            "onset_basis",
            "text",
            "What the onset rests on: label_back_pain, label_other_pain, trial_first_benefit or first_measured "
            "(when trials first checked: not an onset); empty = not known",
            None,
            OnsetBasis,
        ),
        ("onset_label", "text", "Onset in plain words"),
        ("onset_note", "text", "Where the onset figure comes from"),
        ("onset_sources", "list", "Source ids for onset (JSON array)"),
        ("duration_label", "text", "How long a dose or course keeps working"),
        ("duration_sources", "list", "Source ids for duration (JSON array)"),
        ("dependence_level", "text", "none, low, moderate or high"),
        ("dependence_us_schedule", "text", "US DEA schedule (II to V), empty if not controlled"),
        ("dependence_regulatory", "json", "Regulatory notes: JSON array of {note, sources}"),
        ("dependence_note", "text", "Misuse and withdrawal, plain words"),
        ("dependence_sources", "list", "Source ids for dependence (JSON array)"),
        ("harms_common", "list", "Common side effects (JSON array)"),
        ("harms_serious", "list", "Serious risks (JSON array)"),
        (
            "harms_adverse_event_ratio",
            "json",
            "Adverse events vs comparator: JSON {risk_ratio, ci_low, ci_high, comparator, measured_in, note, sources} or empty",
        ),
        ("harms_sources", "list", "Source ids for harms (JSON array)"),
        ("cautions", "json", "JSON array of {group, text, sources}"),
        ("claims", "json", "Claims checked against the evidence: JSON array of {claim, seen_in, verdict, why, sources}"),
        ("cost", "text", "low, moderate or high"),
        ("effort", "text", "Effort or visits involved"),
        ("practical_sources", "list", "Source ids for cost and effort (JSON array)"),
        ("plain_summary", "text", "Plain-language summary (<= 60 words)"),
        ("last_reviewed", "date", "Date the record was last reviewed (YYYY-MM-DD)"),
    )
)

INDICATION_COLUMNS: tuple[Column, ...] = tuple(
    Column(*c)
    for c in (
        ("indication", "text", "acute, chronic or sciatica"),
        ("certainty", "text", "Certainty for this indication, in GRADE's words", None, Certainty),
        (
            "certainty_system",
            "text",
            "Who rated the certainty, and how: grade, or the system used instead; empty when certainty is insufficient",
            None,
            CertaintySystem,
        ),
        (
            "effect_direction",
            "text",
            "What the result means against its comparator: benefit, no_difference, harm or unclear; "
            "empty when certainty is insufficient",
            None,
            Direction,
        ),
        ("evidence_comparator", "text", "What the result was compared with, where there is no pooled estimate"),
        ("effect_mean_difference", "number", "Pain difference vs comparator, 0-100 scale; negative = less pain", PAIN_POINTS),
        ("effect_ci_low", "number", "Lower 95% confidence limit, 0-100 scale", PAIN_POINTS),
        ("effect_ci_high", "number", "Upper 95% confidence limit, 0-100 scale", PAIN_POINTS),
        ("effect_comparator", "text", "What the effect is compared with"),
        ("effect_timepoint", "text", "When the effect was measured"),
        ("effect_note", "text", "Notes on the effect estimate"),
        (
            "absolute_effects",
            "json",
            "Out of 100 people, on the option and the comparator: JSON array of {outcome, definition, treatment_per_100, comparator_per_100, comparator, timeframe, difference, estimate, certainty, note, sources}",
        ),
        ("evidence_summary", "text", "The evidence in plain words"),
        ("evidence_note", "text", "Notes on the evidence, such as a certainty the source gives as a range"),
        ("evidence_sources", "list", "Source ids for the evidence (JSON array)"),
    )
    + tuple(
        column
        for g in GuidelineId
        for column in (
            (f"{g.value}_stance", "text", f"{g.value}: stance (empty = outside the guideline's scope)", None, Stance),
            (
                f"{g.value}_scope",
                "text",
                f"{g.value}: this_option, or class when the guideline named the class, not this option",
                None,
                Scope,
            ),
            (f"{g.value}_only_if", "text", f"{g.value}: the group or condition the stance is tied to, if any"),
            (f"{g.value}_strength", "text", f"{g.value}: strength in the guideline's own terms"),
            (f"{g.value}_quality", "text", f"{g.value}: quality of evidence in the guideline's own terms"),
            (f"{g.value}_wording", "text", f"{g.value}: what the guideline says, paraphrased"),
            (f"{g.value}_sources", "list", f"{g.value}: source ids (JSON array)"),
        )
    )
)

COLUMNS = TREATMENT_COLUMNS + INDICATION_COLUMNS
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
COLUMN_KINDS = {c.name: c.kind for c in COLUMNS}
TREATMENT_COLUMN_NAMES = tuple(c.name for c in TREATMENT_COLUMNS)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")


# --- records -> rows ---------------------------------------------------------------------


def treatment_rows(treatment: Treatment) -> list[dict[str, Any]]:
    """Three flat rows (one per indication) with native Python values."""
    t = treatment.model_dump(mode="json")
    base = {
        "id": t["id"],
        "name": t["name"],
        "also_known_as": t["also_known_as"],
        "category": t["category"],
        "kind": t["kind"],
        "access": t["access"],
        "onset_min_hours": t["onset"]["min_hours"],
        "onset_max_hours": t["onset"]["max_hours"],
        "onset_basis": t["onset"]["basis"],
        "onset_label": t["onset"]["label"],
        "onset_note": t["onset"]["note"],
        "onset_sources": t["onset"]["sources"],
        "duration_label": (t["duration"] or {}).get("label"),
        "duration_sources": (t["duration"] or {}).get("sources"),
        "dependence_level": t["dependence"]["level"],
        "dependence_us_schedule": t["dependence"]["us_schedule"],
        "dependence_regulatory": t["dependence"]["regulatory"],
        "dependence_note": t["dependence"]["note"],
        "dependence_sources": t["dependence"]["sources"],
        "harms_common": t["harms"]["common"],
        "harms_serious": t["harms"]["serious"],
        "harms_adverse_event_ratio": t["harms"]["adverse_event_ratio"],
        "harms_sources": t["harms"]["sources"],
        "cautions": t["cautions"],
        "claims": t["claims"],
        "cost": t["practical"]["cost"],
        "effort": t["practical"]["effort"],
        "practical_sources": t["practical"]["sources"],
        "plain_summary": t["plain_summary"],
        "last_reviewed": t["last_reviewed"],
    }
    rows = []
    for indication in Indication:
        evidence = t["evidence"][indication.value]
        effect = evidence["pain_effect"] or {}
        row = dict(base)
        row.update(
            indication=indication.value,
            certainty=evidence["certainty"],
            certainty_system=evidence["certainty_system"],
            effect_direction=evidence["direction"],
            evidence_comparator=evidence["comparator"],
            effect_mean_difference=effect.get("mean_difference"),
            effect_ci_low=effect.get("ci_low"),
            effect_ci_high=effect.get("ci_high"),
            effect_comparator=effect.get("comparator"),
            effect_timepoint=effect.get("timepoint"),
            effect_note=effect.get("note"),
            absolute_effects=evidence["absolute"],
            evidence_summary=evidence["summary"],
            evidence_note=evidence["note"],
            evidence_sources=evidence["sources"],
        )
        for g in GuidelineId:
            entry = t["guidelines"][g.value][indication.value] or {}
            row[f"{g.value}_stance"] = entry.get("stance")
            row[f"{g.value}_scope"] = entry.get("scope")
            row[f"{g.value}_only_if"] = entry.get("only_if")
            row[f"{g.value}_strength"] = entry.get("strength")
            row[f"{g.value}_quality"] = entry.get("quality")
            row[f"{g.value}_wording"] = entry.get("wording")
            row[f"{g.value}_sources"] = entry.get("sources")
        rows.append(row)
    return rows


def dataset_rows(dataset: Dataset, treatment_ids: set[str] | None = None) -> list[dict[str, Any]]:
    return [row for t in dataset.treatments if treatment_ids is None or t.id in treatment_ids for row in treatment_rows(t)]


def escape_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def unescape_cell(text: str) -> str:
    return text.removeprefix("'")


def _csv_cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    kind = COLUMN_KINDS[name]
    if kind in ("list", "json"):
        return escape_cell(json.dumps(value, ensure_ascii=False))
    if kind == "number":
        return repr(float(value)) if isinstance(value, float) and not value.is_integer() else str(value)
    return escape_cell(str(value))


def rows_to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMN_NAMES)
    for row in rows:
        writer.writerow([_csv_cell(name, row.get(name)) for name in COLUMN_NAMES])
    return out.getvalue()


def rows_to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)


# --- rows -> records -----------------------------------------------------------------------


def _parse_cell(name: str, text: str) -> Any:
    kind = COLUMN_KINDS[name]
    if text == "":
        return None
    if kind == "number":
        return float(text) if any(c in text for c in ".eE") else int(text)
    text = unescape_cell(text)
    if kind in ("list", "json"):
        return json.loads(text)
    return text


def _nest(first: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Rebuild one nested treatment record from its flat rows."""

    def drop_none(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if v is not None}

    record: dict[str, Any] = {
        "id": first["id"],
        "name": first["name"],
        "also_known_as": first["also_known_as"] or [],
        "category": first["category"],
        "kind": first["kind"],
        "access": first["access"],
        "onset": drop_none(
            {
                "min_hours": first["onset_min_hours"],
                "max_hours": first["onset_max_hours"],
                "label": first["onset_label"],
                "note": first["onset_note"],
                "sources": first["onset_sources"],
            }
        )
        | {"min_hours": first["onset_min_hours"], "max_hours": first["onset_max_hours"], "basis": first["onset_basis"]},
        "dependence": drop_none(
            {
                "level": first["dependence_level"],
                "regulatory": first["dependence_regulatory"],
                "note": first["dependence_note"],
                "sources": first["dependence_sources"],
            }
        )
        | {"us_schedule": first["dependence_us_schedule"]},
        "harms": drop_none(
            {
                "common": first["harms_common"] if first["harms_common"] is not None else [],
                "serious": first["harms_serious"] if first["harms_serious"] is not None else [],
                "adverse_event_ratio": first["harms_adverse_event_ratio"],
                "sources": first["harms_sources"],
            }
        ),
        "cautions": first["cautions"] if first["cautions"] is not None else [],
        "claims": first["claims"] if first["claims"] is not None else [],
        "practical": drop_none({"cost": first["cost"], "effort": first["effort"], "sources": first["practical_sources"]}),
        "plain_summary": first["plain_summary"],
        "last_reviewed": first["last_reviewed"],
        "evidence": {},
        "guidelines": {g.value: {} for g in GuidelineId},
    }
    if first["duration_label"] is not None or first["duration_sources"] is not None:
        record["duration"] = drop_none({"label": first["duration_label"], "sources": first["duration_sources"]})
    for row in rows:
        indication = row["indication"]
        effect = None
        if row["effect_mean_difference"] is not None:
            effect = drop_none(
                {
                    "mean_difference": row["effect_mean_difference"],
                    "comparator": row["effect_comparator"],
                    "timepoint": row["effect_timepoint"],
                    "note": row["effect_note"],
                }
            ) | {"ci_low": row["effect_ci_low"], "ci_high": row["effect_ci_high"]}
        record["evidence"][indication] = drop_none(
            {
                "certainty": row["certainty"],
                "certainty_system": row["certainty_system"],
                "pain_effect": effect,
                "absolute": row["absolute_effects"] if row["absolute_effects"] is not None else [],
                "summary": row["evidence_summary"],
                "note": row["evidence_note"],
                "comparator": row["evidence_comparator"],
                "sources": row["evidence_sources"],
            }
        ) | {"direction": row["effect_direction"]}
        for g in GuidelineId:
            if row[f"{g.value}_stance"] is None and row[f"{g.value}_wording"] is None:
                continue
            record["guidelines"][g.value][indication] = drop_none(
                {
                    "stance": row[f"{g.value}_stance"],
                    "scope": row[f"{g.value}_scope"],
                    "only_if": row[f"{g.value}_only_if"],
                    "strength": row[f"{g.value}_strength"],
                    "quality": row[f"{g.value}_quality"],
                    "wording": row[f"{g.value}_wording"],
                    "sources": row[f"{g.value}_sources"],
                }
            )
    return record


def records_from_csv_text(text: str, name: str) -> tuple[list[dict[str, Any]], dict[tuple, int], list[Problem]]:
    """Parse CSV text into nested treatment records, their line numbers, and any problems."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], {}, [Problem(name, 1, None, None, "is empty; expected a header row")]
    except csv.Error as exc:
        return [], {}, [Problem(name, 1, None, None, f"CSV error: {exc}")]
    missing = [c for c in COLUMN_NAMES if c not in header]
    unknown = [c for c in header if c not in COLUMN_KINDS]
    if missing or unknown:
        if missing:
            problems.append(Problem(name, 1, None, None, f"missing columns: {', '.join(missing)}"))
        if unknown:
            problems.append(Problem(name, 1, None, None, f"unknown columns: {', '.join(unknown)}"))
        return [], {}, problems

    grouped: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    try:
        for raw in reader:
            line = reader.line_num
            if not any(raw):
                continue
            if len(raw) != len(header):
                problems.append(Problem(name, line, None, None, f"has {len(raw)} cells; the header has {len(header)}"))
                continue
            row: dict[str, Any] = {}
            record_id = raw[header.index("id")] or f"row {line}"
            for column, cell in zip(header, raw, strict=True):
                try:
                    row[column] = _parse_cell(column, cell)
                except ValueError as exc:
                    problems.append(Problem(name, line, record_id, column, f"cannot be read ({exc})"))
            grouped.setdefault(str(row.get("id") or record_id), []).append((line, row))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, None, None, f"CSV error: {exc}"))
    if problems:
        return [], {}, problems

    records, lines = [], {}
    for record_id, numbered in grouped.items():
        first_line, first = numbered[0]
        for line, row in numbered[1:]:
            for column in TREATMENT_COLUMN_NAMES:
                if row[column] != first[column]:
                    problems.append(
                        Problem(name, line, record_id, column, f"differs from the treatment's first row (line {first_line})")
                    )
        indications = [row["indication"] for _, row in numbered]
        if sorted(map(str, indications)) != sorted(i.value for i in Indication):
            problems.append(
                Problem(name, first_line, record_id, "indication", "needs exactly one row for each of acute, chronic, sciatica")
            )
            continue
        lines[("treatments", len(records))] = first_line
        records.append(_nest(first, [row for _, row in numbered]))
    return records, lines, problems


def read_treatments_csv(path: Path, metadata_path: Path, problems: list[Problem]) -> ParsedFile | None:
    """Read ``treatments.csv`` (and its ``metadata.yaml``) into the shape of ``treatments.yaml``."""
    try:
        text = read_text(path)
        metadata = parse_yaml(read_text(metadata_path), metadata_path.name) if metadata_path.exists() else None
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    if metadata is None:
        problems.append(
            Problem(metadata_path.name, None, None, None, f"is needed beside {path.name} for the dataset's provenance")
        )
        return None
    records, lines, found = records_from_csv_text(text, path.name)
    problems.extend(found)
    if found:
        return None
    meta = metadata.data.get("metadata") if isinstance(metadata.data, dict) else None
    return ParsedFile(path.name, {"metadata": meta, "treatments": records}, lines)

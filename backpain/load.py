"""Read the curated files into one frozen ``Dataset``, or explain precisely what is wrong.

Every problem is reported as ``file:line: record: field: message`` so a curator can jump
straight to it. Hostile files (not UTF-8, too large, alias bombs) are refused before parsing.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from backpain.problems import DataError, Problem
from backpain.schema import ChangeEntry, Dataset, Provenance, Source, Treatment
from backpain.tabular import read_treatments_csv
from backpain.yamlfile import ParsedFile, Path_, parse_yaml, read_text

TREATMENTS_YAML = "treatments.yaml"
TREATMENTS_CSV = "treatments.csv"
SOURCES_YAML = "sources.yaml"
METADATA_YAML = "metadata.yaml"
CHANGELOG_YAML = "changelog.yaml"

M = TypeVar("M", bound=BaseModel)


def default_data_dir() -> Path:
    env = os.environ.get("BACKPAIN_DATA_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


# --- turning parsed data into models ------------------------------------------------------


def to_json_shape(value: Any) -> Any:
    """YAML gives dates and non-text keys; the strict models are validated from JSON."""
    if isinstance(value, dict):
        return {str(k): to_json_shape(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_shape(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def validate_model(model: type[M], data: Any) -> M:
    return model.model_validate_json(json.dumps(to_json_shape(data), allow_nan=False))


def describe_error(error: dict[str, Any]) -> str:
    kind = error["type"]
    given = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "enum":
        allowed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"{given!r} is not one of {allowed}"
    if kind == "missing":
        return "is missing"
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return f"{given!r} does not match the expected form {ctx.get('pattern')}"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind == "too_short" and isinstance(given, list):
        return "needs at least one item"
    message = error["msg"]
    if isinstance(given, (str, int, float, bool)) or given is None:
        return f"{message} (got {given!r})"
    return message


def _field_path(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def problems_from(exc: ValidationError, parsed: ParsedFile, base: Path_, record: str | None) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        field = _field_path(loc) or None
        problems.append(Problem(parsed.name, parsed.line_of(base + loc), record, field, describe_error(error)))
    return problems


def _record_name(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
        return item["id"]
    return f"record {index + 1}"


def _list_under(parsed: ParsedFile, key: str, problems: list[Problem]) -> list[Any]:
    if not isinstance(parsed.data, dict):
        problems.append(Problem(parsed.name, 1, None, None, f"must be a mapping with a '{key}' list"))
        return []
    value = parsed.data.get(key)
    if not isinstance(value, list):
        problems.append(Problem(parsed.name, parsed.line_of((key,)) or 1, None, key, "must be a list"))
        return []
    return value


def _validate_records(model: type[M], parsed: ParsedFile, key: str, problems: list[Problem]) -> list[tuple[M, int | None]]:
    valid = []
    for index, item in enumerate(_list_under(parsed, key, problems)):
        name = _record_name(item, index)
        try:
            valid.append((validate_model(model, item), parsed.line_of((key, index))))
        except ValidationError as exc:
            problems.extend(problems_from(exc, parsed, (key, index), name))
    return valid


def _validate_provenance(parsed: ParsedFile, problems: list[Problem]) -> Provenance | None:
    data = parsed.data.get("metadata") if isinstance(parsed.data, dict) else None
    if data is None:
        problems.append(
            Problem(parsed.name, 1, None, "metadata", "is missing (title, description, producer, version, license, last_updated)")
        )
        return None
    try:
        return validate_model(Provenance, data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, parsed, ("metadata",), "metadata"))
        return None


def _check_unknown_top_keys(parsed: ParsedFile, allowed: set[str], problems: list[Problem]) -> None:
    if isinstance(parsed.data, dict):
        for key in parsed.data:
            if key not in allowed:
                problems.append(Problem(parsed.name, parsed.line_of((str(key),)), None, str(key), "is not a known top-level key"))


def _duplicates(records: list[tuple[Any, int | None]], name: str, what: str, problems: list[Problem]) -> None:
    counts = Counter(r.id for r, _ in records)
    seen: set[str] = set()
    for record, line in records:
        if counts[record.id] > 1:
            if record.id in seen:
                problems.append(Problem(name, line, record.id, "id", f"duplicate {what} id"))
            seen.add(record.id)


def load_dataset(directory: Path | str | None = None) -> Dataset:
    """Load and cross-check the curated data in ``directory``; raise ``DataError`` listing every problem."""
    folder = Path(directory) if directory is not None else default_data_dir()
    problems: list[Problem] = []

    sources_parsed = _read_yaml_file(folder / SOURCES_YAML, problems)
    if (folder / TREATMENTS_YAML).exists() or not (folder / TREATMENTS_CSV).exists():
        treatments_parsed = _read_yaml_file(folder / TREATMENTS_YAML, problems)
    else:
        # The alternative, table-shaped layout.
        treatments_parsed = read_treatments_csv(folder / TREATMENTS_CSV, folder / METADATA_YAML, problems)
    if treatments_parsed is None or sources_parsed is None:
        raise DataError(problems)

    _check_unknown_top_keys(treatments_parsed, {"metadata", "treatments"}, problems)
    _check_unknown_top_keys(sources_parsed, {"metadata", "sources"}, problems)
    provenance = _validate_provenance(treatments_parsed, problems)
    treatments = _validate_records(Treatment, treatments_parsed, "treatments", problems)
    sources = _validate_records(Source, sources_parsed, "sources", problems)
    _duplicates(treatments, treatments_parsed.name, "treatment", problems)
    _duplicates(sources, sources_parsed.name, "source", problems)

    changelog: list[tuple[ChangeEntry, int | None]] = []
    changelog_parsed = _read_yaml_file(folder / CHANGELOG_YAML, problems)
    if changelog_parsed is not None:
        _check_unknown_top_keys(changelog_parsed, {"changes"}, problems)
        changelog = _validate_records(ChangeEntry, changelog_parsed, "changes", problems)

    known_sources = {s.id for s, _ in sources}
    for entry, line in changelog:
        for source_id in sorted(set(entry.sources) - known_sources):
            problems.append(
                Problem(CHANGELOG_YAML, line, entry.version, "sources", f"'{source_id}' is not a source in {SOURCES_YAML}")
            )
    if provenance is not None and changelog and changelog[0][0].version != provenance.version:
        problems.append(
            Problem(CHANGELOG_YAML, changelog[0][1], changelog[0][0].version, "version",
                    f"the newest entry must match the data version {provenance.version} in {treatments_parsed.name}")
        )  # fmt: skip
    if provenance is not None:
        for guideline, context in provenance.guideline_context.items():
            for source_id in sorted(set(context.sources) - known_sources):
                problems.append(
                    Problem(treatments_parsed.name, None, "metadata", f"guideline_context.{guideline.value}.sources",
                            f"'{source_id}' is not a source in {SOURCES_YAML}")
                )  # fmt: skip
    # A value read in a copy (a mirror, a news report, a digest) is not cited: it is re-read in the primary text
    # or left out. Only a warning (a caution, a listed harm) may rest on a copy, and says so: dropping it would
    # hide a harm.
    # See "Primary sources" in the README.
    not_primary = {s.id for s, _ in sources if not s.primary}
    for treatment, line in treatments:
        for source_id in sorted(treatment.source_ids() - known_sources):
            problems.append(
                Problem(treatments_parsed.name, line, treatment.id, "sources", f"'{source_id}' is not a source in {SOURCES_YAML}")
            )
        for source_id in sorted(treatment.source_ids_outside_warnings() & not_primary):
            problems.append(
                Problem(treatments_parsed.name, line, treatment.id, "sources",
                        f"'{source_id}' is not a primary source (primary: false in {SOURCES_YAML}): read the value in "
                        "the paper, label, regulator or guideline itself, or leave the value out")
            )  # fmt: skip
    if problems or provenance is None:
        raise DataError(problems)
    return Dataset(
        provenance=provenance,
        treatments=tuple(t for t, _ in treatments),
        sources=tuple(s for s, _ in sources),
        changelog=tuple(e for e, _ in changelog),
    )


def _read_yaml_file(path: Path, problems: list[Problem]) -> ParsedFile | None:
    if not path.exists():
        problems.append(Problem(path.name, None, None, None, f"not found in {path.parent}"))
        return None
    try:
        return parse_yaml(read_text(path), path.name)
    except DataError as exc:
        problems.extend(exc.problems)
        return None

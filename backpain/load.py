"""Read the curated files into one frozen ``Dataset``, or explain precisely what is wrong.

Every problem is reported as ``file:line: record: field: message`` so a curator can jump
straight to it. Hostile files (not UTF-8, too large, alias bombs) are refused before parsing.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from backpain.schema import ChangeEntry, Dataset, Provenance, Source, Treatment

MAX_FILE_BYTES = 5 * 1024 * 1024
# The C build of safe_load's loader (same safe constructor, 10x faster) when PyYAML has libyaml.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A real data file has a few tens of thousands of YAML events; far more means something hostile.
MAX_YAML_EVENTS = 2_000_000

TREATMENTS_YAML = "treatments.yaml"
TREATMENTS_CSV = "treatments.csv"
SOURCES_YAML = "sources.yaml"
METADATA_YAML = "metadata.yaml"
CHANGELOG_YAML = "changelog.yaml"

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + f": {self.message}"


class DataError(Exception):
    """Raised with every problem found, so one run of ``validate`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def default_data_dir() -> Path:
    env = os.environ.get("BACKPAIN_DATA_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


# --- reading YAML safely, with a map from each value's path to its line --------------------


@dataclass(frozen=True)
class ParsedFile:
    name: str
    data: Any
    lines: dict[Path_, int]

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest node on ``path`` that exists in the file."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def read_text(path: Path) -> str:
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError([Problem(name, None, None, None, f"cannot be read ({exc.strerror})")]) from None
    if size > MAX_FILE_BYTES:
        raise DataError(
            [Problem(name, None, None, None, f"is {size / 1e6:.1f} MB; files over {MAX_FILE_BYTES // 1_000_000} MB are refused")]
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(name, line, None, None, "is not valid UTF-8 text; save it as UTF-8")]) from None


def parse_yaml(text: str, name: str) -> ParsedFile:
    try:
        _refuse_aliases(text, name)
        node = yaml.compose(text, Loader=SAFE_LOADER)
        data = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - SAFE_LOADER is safe_load's loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax error: {exc.problem or exc.context}"
        raise DataError([Problem(name, line, None, None, message)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(name, None, None, None, f"YAML error: {exc}")]) from None
    lines: dict[Path_, int] = {}
    if node is not None:
        _map_lines(node, (), lines)
    return ParsedFile(name, data, lines)


def _refuse_aliases(text: str, name: str) -> None:
    # Anchors and aliases are never needed in the curated files, and they are how "billion
    # laughs" bombs are built, so refuse them before anything is expanded.
    for count, event in enumerate(yaml.parse(text, Loader=SAFE_LOADER)):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + 1
            raise DataError([Problem(name, line, None, None, "YAML anchors and aliases (& and *) are not allowed")])
        if count > MAX_YAML_EVENTS:
            raise DataError([Problem(name, None, None, None, "has too many YAML elements to be a data file")])


def _map_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            lines[path + (key,)] = key_node.start_mark.line + 1
            _map_lines(value_node, path + (key,), lines)
            # The key's line is more useful than where a block value starts.
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, path + (index,), lines)


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
        from backpain.tabular import (
            read_treatments_csv,  # the alternative, table-shaped layout
        )

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
    for treatment, line in treatments:
        for source_id in sorted(treatment.source_ids() - known_sources):
            problems.append(
                Problem(treatments_parsed.name, line, treatment.id, "sources", f"'{source_id}' is not a source in {SOURCES_YAML}")
            )
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

"""Read a YAML file safely (size, encoding, no aliases), with a map from each value's path to its line.

A leaf module: the YAML loader and the table reader both use it, and neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from backpain.problems import DataError, Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
# The C build of safe_load's loader (same safe constructor, 10x faster) when PyYAML has libyaml.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A real data file has a few tens of thousands of YAML events; far more means something hostile.
MAX_YAML_EVENTS = 2_000_000

Path_ = tuple[str | int, ...]


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

"""The README's tables and lists are checked against the registries, so they cannot drift."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def section(heading: str, text: str | None = None) -> str:
    """The README's text under ``heading`` (a whole heading line), up to the next heading of its level or higher."""
    lines = (text if text is not None else README.read_text()).splitlines()
    start = lines.index(heading)
    level = len(heading) - len(heading.lstrip("#"))
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if lines[i].startswith("#") and len(lines[i]) - len(lines[i].lstrip("#")) <= level
        ),
        len(lines),
    )
    return "\n".join(lines[start:end])


def assert_readme_has(lines: Iterable[str], heading: str) -> None:
    """Fails naming every line the README's section lacks, written as it should appear, ready to paste there."""
    text = section(heading)
    missing = [line for line in lines if line not in text]
    assert not missing, f"README.md lacks these lines under {heading!r} (add or correct them):\n" + "\n".join(missing)

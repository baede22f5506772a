"""The README's tables and lists are checked against the registries, so they cannot drift."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def assert_readme_has(lines: Iterable[str]) -> None:
    """Fails naming every line the README lacks, written as it should appear, ready to paste."""
    readme = README.read_text()
    missing = [line for line in lines if line not in readme]
    assert not missing, "README.md lacks these lines (add or correct them):\n" + "\n".join(missing)

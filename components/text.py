"""Data text goes to the page as text: never as HTML, and never as live Markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=&])")


def md(value: object) -> str:
    """Escape every character Markdown could act on, so ``**x**`` or a link shows literally."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(value))


def url(value: str) -> str:
    """A URL safe inside a Markdown link target (the schema already allows https only)."""
    return value.replace("(", "%28").replace(")", "%29").replace(" ", "%20")

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


_URL = re.compile(r"https?://([^/\s)]+)[^\s)]*")


def unlinked(value: object) -> str:
    """Escaped text with each web address cut to its site name as code, so it never becomes a link.

    Used for where a claim was seen: we name promotional sellers but do not send readers to them.
    """
    parts, last = [], 0
    raw = str(value)
    for match in _URL.finditer(raw):
        parts.append(md(raw[last : match.start()]))
        parts.append(f"`{match.group(1)}`")
        last = match.end()
    parts.append(md(raw[last:]))
    return "".join(parts)

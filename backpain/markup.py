"""The one way text from the data or a URL reaches an element that parses Markdown.

Streamlit renders captions, markdown, metrics, labels, help texts and expander titles as
GitHub-flavoured Markdown with extras: colour directives (``:red[...]``), emoji and icon codes,
KaTeX between dollar signs, and links found in bare text. Escaping the Markdown punctuation is not
enough for the last two: the link finder and the icon step run on the *decoded* text, so
``https\\://x\\.y`` still becomes a live link and ``\\:material/warning\\:`` an icon. So web and
e-mail addresses and icon codes are put in code spans, which neither step enters, and everything
else has its punctuation escaped.

The only links on a page are the ones the code builds on purpose with :func:`link` (source links);
Streamlit opens them in a new tab with ``rel="noopener noreferrer"``.
"""

from __future__ import annotations

import re
import unicodedata

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=&^\"'%@])")
# What GitHub-flavoured Markdown would turn into a link, and a little more: web addresses with a
# scheme, bare ``www.`` names and e-mail addresses. Backticks end the match so a code span stays closed.
# No word boundary is asked for: the link finder also links "_https://…" and "x_www.…", since it treats
# the underscore as punctuation. Streamlit's icon codes (":material/…:") are found in decoded text too.
_LIVE = re.compile(
    r"(?i)(?:[a-z][a-z0-9+.\-]*://|www\.)[^\s`\"'“”‘’<>]*"
    r"|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"
    r"|:material/[\w\-]*:?"
)
# Punctuation at the end of an address usually ends the sentence, as GitHub's own link finder assumes.
_TRAILING = ".,:;!?)]}…"
# Characters that change how text is laid out or hide it: bidirectional overrides and isolates, and
# other invisible format characters. The zero-width joiner stays, because emoji sequences need it.
_KEEP_FORMAT = {"\u200d"}
ELLIPSIS = "…"


def _visible(raw: str) -> str:
    kept = []
    for ch in raw:
        category = unicodedata.category(ch)
        if category in ("Cc", "Zl", "Zp") or (category == "Cf" and ch not in _KEEP_FORMAT):
            # Line breaks become spaces: the data never decides where a paragraph, list or heading starts.
            kept.append(" " if ch in "\n\r\t\u2028\u2029" else "")
        else:
            kept.append(ch)
    return re.sub(r" {2,}", " ", "".join(kept))


def shorten(value: object, limit: int) -> str:
    """At most ``limit`` visible characters, with an ellipsis when cut."""
    text = _visible(str(value)).strip()
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def site_name(address: str) -> str:
    """The host of a web address (or the address itself when it has none)."""
    match = re.match(r"(?i)(?:[a-z][a-z0-9+.\-]*://)?([^/\s?#]+)", address)
    return match.group(1) if match else address


def plain(value: object, *, addresses: str = "whole", limit: int | None = None) -> str:
    """Markdown that shows ``value`` exactly as written: no formatting, link, image, HTML, maths or emoji code.

    ``addresses`` says how a web or e-mail address in the text is shown, always as code and never
    as a link: ``"whole"`` keeps it all; ``"site"`` keeps only the site name (used where we name a
    seller without sending readers to it). ``limit`` shortens the text first.
    """
    text = shorten(value, limit) if limit is not None else _visible(str(value))
    parts, last = [], 0
    for match in _LIVE.finditer(text):
        address = match.group(0) if match.group(0).startswith(":") else match.group(0).rstrip(_TRAILING)
        if not address:
            continue
        is_icon = address.startswith(":")
        shown = site_name(address) if addresses == "site" and not is_icon else address
        parts.append(_escape(text[last : match.start()]))
        parts.append(f"`{shown}`")
        last = match.start() + len(address)
    parts.append(_escape(text[last:]))
    return "".join(parts)


# In a one-line widget label only these can start formatting anywhere; brackets, parentheses, full stops and
# hyphens inside a name cannot (a link needs an unescaped "[", a list or heading marker the start of the line).
_LABEL_SPECIALS = re.compile(r"([\\`*_{}\[\]<>~:$|^=&@])")
_LINE_START_MARKERS = re.compile(r"^(\s*\d*)([#+\-!>]|(?<=\d)[.)])")


def label(value: object) -> str:
    """A widget label that shows ``value`` as written, escaped as little as one line of Markdown needs: Streamlit
    gives the label's Markdown source to screen readers as the control's name, so every needless backslash is
    read out ("plaster \\(capsicum\\)"). Addresses are code, as in :func:`plain`."""
    text = _visible(str(value))
    parts, last = [], 0
    for match in _LIVE.finditer(text):
        address = match.group(0) if match.group(0).startswith(":") else match.group(0).rstrip(_TRAILING)
        if not address:
            continue
        parts.append(_LABEL_SPECIALS.sub(r"\\\1", text[last : match.start()]))
        parts.append(f"`{address}`")
        last = match.start() + len(address)
    parts.append(_LABEL_SPECIALS.sub(r"\\\1", text[last:]))
    return _LINE_START_MARKERS.sub(lambda m: m.group(1) + "\\" + m.group(2), "".join(parts), count=1)


def code(value: object) -> str:
    """A code span that shows ``value`` as typed: inside it nothing is parsed, so nothing is escaped either."""
    text = _visible(str(value)).replace("`", "'")
    return f"`{text}`" if text.strip() else ""


def link(label: object, url: str) -> str:
    """A link the code builds on purpose: an escaped label and an https address from the schema."""
    if not url.startswith("https://"):
        return plain(label)
    target = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    label_text = _escape(_visible(str(label))) or _escape(url)
    return f"[{label_text}]({target})"

"""The hostile corpus: text that would change a page if it were read as Markdown, HTML or a formula.

One payload holds every construct at once, each around a marker word, so a test can tell which one
got through: Markdown emphasis, a link and an image to an outside host, HTML and a script, KaTeX,
Streamlit's colour directive and icon codes, strikethrough, a code span, a web address right after
an underscore, a bare www name and an e-mail address (which GitHub-flavoured Markdown turns into
links), a spreadsheet formula, Hebrew, an emoji, and a heading and a list item after line breaks.
(Invisible characters such as a right-to-left override are refused by the schema; they are tried
in the URL values, and in the broken-file corpus.)

:func:`write_hostile_data` writes the minimal fixture with the payload in every text field the
schema has; :data:`HOSTILE_URL_VALUES` are the values tried in every URL parameter.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

import yaml
from pydantic import BaseModel

from backpain import schema
from backpain.view import PAGE_PATHS

EVIL_HOST = "evil.example"
MARKERS = {
    "XBOLD": "Markdown bold",
    "XEM": "Markdown italics",
    "XLINK": "a Markdown link",
    "XIMG": "a Markdown image",
    "XHTML": "HTML",
    "XKATEX": "KaTeX",
    "XCOLOR": "a colour directive",
    "XSTRIKE": "strikethrough",
    "XCODE": "a code span",
    "XHEAD": "a heading",
    "XLIST": "a list item",
}
PAYLOAD = (
    '=HYPERLINK("x") **XBOLD** _XEM_ [XLINK](https://evil.example/l) ![XIMG](https://evil.example/i) '
    "<b>XHTML</b><script>alert(1)</script> $XKATEX^2$ :red[XCOLOR] :material/warning: ~~XSTRIKE~~ `XCODE` "
    "_https://evil.example/u www.evil.example m@evil.example XRTL שלום 👍🏽\n# XHEAD\n- XLIST"
)
# Literal pieces a reader must see as typed when the payload is shown in full.
LITERAL_PIECES = ("**XBOLD**", "[XLINK]", ":red[XCOLOR]", "$XKATEX^2$", "~~XSTRIKE~~", "<b>XHTML</b>", "`XCODE`")

# Values tried in every URL parameter: the payload, its pieces one by one, and sizes no link should have.
HOSTILE_URL_VALUES = (
    PAYLOAD,
    "[Read the new NHS advice](https://evil.example)",
    "![pixel](https://evil.example/p.png)",
    ":red[**Stop taking your medicine**]",
    "<img src=x onerror=alert(1)>",
    "$\\KaTeX$",
    "=cmd|' /C calc'!A0",
    "\u202eevil\u202c",
    "💊" * 50,
    "x" * 100_000,
)
REPEATS = 1_000


def _text_constraint(annotation: object) -> bool:
    """Whether an annotation is (or holds) a free-text string: constrained by length, not by a pattern."""
    for meta in getattr(annotation, "__metadata__", ()):
        if getattr(meta, "max_length", None) and not getattr(meta, "pattern", None):
            return True
    return any(_text_constraint(arg) for arg in typing.get_args(annotation))


def text_fields() -> set[str]:
    """Every field name the schema declares as free text (Text or ShortText, alone, optional or in a tuple)."""
    names = set()
    for model in vars(schema).values():
        if isinstance(model, type) and issubclass(model, BaseModel) and model.__module__ == schema.__name__:
            for name, info in model.model_fields.items():
                if _text_constraint(info.annotation) or any(
                    getattr(m, "max_length", None) and not getattr(m, "pattern", None) for m in info.metadata
                ):
                    names.add(name)
    return names


def _poison(node: object, fields: set[str], replaced: set[str], key: str | None = None) -> object:
    if isinstance(node, dict):
        return {k: _poison(v, fields, replaced, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, fields, replaced, key) for v in node]
    if isinstance(node, str) and key in fields:
        replaced.add(key)
        # A short suffix keeps names apart; the whole fits the shortest text limit (300 characters).
        return f"{PAYLOAD} {node[:8]}"
    return node


def write_hostile_data(fixture: Path, target: Path) -> set[str]:
    """Copy the fixture to ``target`` with the payload in every text field; return the fields replaced."""
    fields, replaced = text_fields(), set()
    target.mkdir(parents=True, exist_ok=True)
    for path in fixture.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        poisoned = _poison(data, fields, replaced)
        (target / path.name).write_text(yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return replaced


# --- what "escaped" means in the Markdown a page sends -------------------------------------------

_CODE_SPAN = re.compile(r"(?<!\\)`[^`]*`")
# A real link: an unescaped bracket, a label, and a target. Only the code builds these (source links).
_LINK = re.compile(r"(?<![\\!])\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)")


_APP_PAGE = re.compile(rf"\./(?:{'|'.join(PAGE_PATHS)})\?[A-Za-z0-9_=&%.+-]*")


def unescaped_constructs(markdown: str) -> list[str]:
    """The payload constructs that would render as something other than text in this Markdown source."""
    found = []
    for marker, what in MARKERS.items():
        for match in re.finditer(marker, markdown):
            before = markdown[max(match.start() - 2, 0) : match.start()]
            if before and before[-1] in "*_[]<>$~`" and not before.startswith("\\"):
                found.append(what)
    for link in _LINK.finditer(markdown):
        target = link.group(2)
        if _APP_PAGE.fullmatch(target):  # a page of the app, its query URL-encoded by the code
            continue
        if EVIL_HOST in target or not target.startswith("https://"):
            found.append(f"a link to {link.group(2)}")
    # Link labels are not searched for addresses (a link never holds another); their markers were checked above.
    outside_code = _LINK.sub("", _CODE_SPAN.sub("", markdown))
    if re.search(r"(?m)^\s{0,3}#{1,6}\s+XHEAD", markdown):
        found.append("a heading")
    if re.search(r"(?m)^\s*[-*+]\s+XLIST", markdown):
        found.append("a list item")
    if "://" in outside_code or re.search(r"(?i)www\\?\.", outside_code) or f"@{EVIL_HOST.split('.')[0]}" in outside_code:
        found.append("a web or e-mail address outside a code span")
    if "\u202e" in markdown:
        found.append("a right-to-left override")
    # The payload's own icon; the code draws others (":material/info:" before a notice) on purpose.
    if ":material/warning:" in outside_code.replace("\\", ""):
        found.append("a Streamlit icon code")
    return found

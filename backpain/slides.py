"""Presentation mode: the built-in deck, and charts resized for slides and exported offline.

Slides are live views: they use the filters in the URL. Exports are rendered with vl-convert (no browser,
no network) at 1920 x 1080, with every piece of text at least 24 px.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080
MIN_FONT_PX = 24
# Rows that fit a 1080 px slide at 24 px type; a longer list makes a taller image rather than smaller text.
ROW_PX_ON_SLIDE = 25.5
SLIDE_CHROME_PX = 150

DECK: tuple[tuple[str, str], ...] = (
    ("map", "All options on the evidence and dependence map"),
    ("onset", "How soon each option works"),
    ("effect", "How much each option helps"),
    ("guidelines", "Where the guidelines agree and disagree"),
    ("option", "One option in depth"),
    ("claims", "Claims beside the evidence"),
)
CHART_SLIDES = ("map", "onset", "effect", "guidelines")

_FONT_KEYS = ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize")


def export_name(number: int, key: str, indication: str, extension: str) -> str:
    """'back-pain-slide3-effect-chronic.png': exports of different slides and kinds of back pain never overwrite each other."""
    return f"back-pain-slide{number}-{key}-{indication}.{extension}"


def slide_number(raw: int, total: int = len(DECK)) -> int:
    """Slides are numbered from 1; anything out of range is brought back into it."""
    return min(max(raw, 1), total)


def spec_nodes(node: Any) -> Iterator[dict]:
    """Every object in a chart spec, depth first (for sizing here, and for checks in tests)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from spec_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from spec_nodes(value)


def slide_spec(spec: dict, rows: int | None = None) -> dict:
    """A copy of a chart spec sized for a 1920 x 1080 slide, with no text smaller than 24 px."""
    out = copy.deepcopy(spec)
    for node in spec_nodes(out):
        for key in _FONT_KEYS:
            if isinstance(node.get(key), (int, float)) and node[key] < MIN_FONT_PX:
                node[key] = MIN_FONT_PX
        # Label limits were set for a narrow dashboard column; a slide has room for whole names.
        if "labelLimit" in node and isinstance(node["labelLimit"], (int, float)) and node["labelLimit"]:
            node["labelLimit"] = max(node["labelLimit"], 420)
            # Rows are sized for the type, so every option keeps its name (Vega would drop every other one).
            node["labelOverlap"] = False
        # Slides are wide, not tall: legends go to the right so the plot keeps its height.
        if isinstance(node.get("legend"), dict):
            node["legend"].update(orient="right", columns=1, labelLimit=420)
        if node.get("type") == "point" and isinstance(node.get("size"), (int, float)):
            node["size"] = max(node["size"], 240)
    config = out.setdefault("config", {})
    for part in ("axis", "legend", "header"):
        section = config.setdefault(part, {})
        section.update(labelFontSize=MIN_FONT_PX, titleFontSize=MIN_FONT_PX + 2)
    config.setdefault("title", {}).update(fontSize=MIN_FONT_PX + 8, subtitleFontSize=MIN_FONT_PX)
    config.setdefault("text", {})["fontSize"] = MIN_FONT_PX
    config.setdefault("legend", {})["symbolSize"] = 300
    out["width"] = SLIDE_WIDTH
    out["height"] = SLIDE_HEIGHT
    if rows is not None:
        out["height"] = max(SLIDE_HEIGHT, round(rows * ROW_PX_ON_SLIDE + SLIDE_CHROME_PX))
    out["autosize"] = {"type": "fit", "contains": "padding"}
    # An object, not a number: Streamlit's chart component adds to padding.bottom.
    out["padding"] = {"left": 24, "right": 24, "top": 24, "bottom": 24}
    return out


def smallest_font(spec: dict) -> float:
    """The smallest explicit font size anywhere in a spec (for tests and checks)."""
    sizes = [node[key] for node in spec_nodes(spec) for key in _FONT_KEYS if isinstance(node.get(key), (int, float))]
    return min(sizes) if sizes else float("inf")


def export_png(spec: dict) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, scale=1)


def export_svg(spec: dict) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec)

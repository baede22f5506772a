"""Presentation mode: the built-in deck, and charts resized for slides and exported offline.

Slides are live views: they use the filters in the URL. Exports are rendered with vl-convert (no browser,
no network) at 1920 x 1080, with every piece of text at least 24 px, and a footer strip below the slide.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from backpain.charts.base import AXIS_LABEL_LINES, AXIS_LABEL_ONE_LINE

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

# Room for the longest name and its note on one line at 24 px; the plot keeps about half the slide.
JOINED_LABEL_PX = 820
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
            # A size that follows the dashboard's width (phone or desktop) is a fixed 24 px on a slide.
            if isinstance(node.get(key), dict) and "expr" in node[key]:
                node[key] = MIN_FONT_PX
        # Label limits were set for a narrow dashboard column; a slide has room for whole names, on one line.
        joined = node.get("labelExpr") == AXIS_LABEL_LINES
        if joined:
            node["labelExpr"] = AXIS_LABEL_ONE_LINE
        if "labelLimit" in node and isinstance(node["labelLimit"], (int, float)) and node["labelLimit"]:
            # A joined name may carry its note ("Heat wrap or heat pack (seen at the first trial check)").
            node["labelLimit"] = max(node["labelLimit"], JOINED_LABEL_PX if joined else 420)
            # Rows are sized for the type, so every option keeps its name (Vega would drop every other one).
            node["labelOverlap"] = False
        # Legends go under the plot, in a row: on the right they would sit where the words after each row end.
        if isinstance(node.get("legend"), dict):
            node["legend"].update(orient="bottom", direction="horizontal", columns=4, labelLimit=420)
        # Lines of a wrapped name keep apart at 24 px.
        for key in ("lineHeight", "labelLineHeight"):
            if isinstance(node.get(key), (int, float)):
                node[key] = max(node[key], MIN_FONT_PX + 4)
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


def half_slide_spec(spec: dict, label_px: int = 330) -> dict:
    """A slide chart for half the slide's width: names cut at ``label_px`` (the tooltip keeps them whole), and no
    legend, whose key the chart's description gives (the cells carry symbols, so colour is never needed)."""
    out = copy.deepcopy(spec)
    for node in spec_nodes(out):
        if isinstance(node.get("legend"), dict) and node is not out.get("config"):
            node["legend"] = None
        if isinstance(node.get("axis"), dict) and "labelLimit" in node["axis"]:
            node["axis"]["labelLimit"] = label_px
        # Column headings in one word ("ACP", "NICE"), as on a phone, so they never run together.
        if isinstance(node.get("axis"), dict) and "split(datum.label, ' ')" in node["axis"].get("labelExpr", ""):
            node["axis"]["labelExpr"] = "split(datum.label, ' ')[0]"
    # A column of a stance per guideline needs room for "~✓ class*" at 24 px, and two halves must fit 1920 px; a
    # discrete axis does not stretch to fit a width, so each column gets a fixed step and the chart takes the height
    # its rows need.
    out["width"] = {"step": 106}
    out["height"] = {"step": 26}  # 24 px names need a few pixels between rows; the key must fit under the rows
    out["autosize"] = {"type": "pad"}
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


FOOTER_PX = 56
FOOTER_FONT = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "DejaVuSans.ttf"


def png_with_footer(png: bytes, footer: str) -> bytes:
    """The slide image with a strip below it holding ``footer`` at 24 px, so a copied image keeps its context."""
    from PIL import Image, ImageDraw, ImageFont

    slide = Image.open(io.BytesIO(png)).convert("RGB")
    out = Image.new("RGB", (slide.width, slide.height + FOOTER_PX), "white")
    out.paste(slide, (0, 0))
    ImageDraw.Draw(out).text(
        (24, slide.height + 14), footer, fill="#333333", font=ImageFont.truetype(str(FOOTER_FONT), MIN_FONT_PX)
    )
    buffer = io.BytesIO()
    out.save(buffer, format="PNG")
    return buffer.getvalue()


def svg_with_footer(svg: str, footer: str) -> str:
    """The same strip for the SVG: a taller canvas and one text element, escaped (the footer holds data)."""
    root = re.search(r"<svg\b[^>]*>", svg)
    if root is None:
        raise ValueError("not an SVG document")
    tag = root.group(0)
    height = float(re.search(r'\bheight="([\d.]+)"', tag).group(1))
    taller = re.sub(r'\bheight="[\d.]+"', f'height="{height + FOOTER_PX:g}"', tag, count=1)
    taller = re.sub(
        r'viewBox="([\d.\-]+) ([\d.\-]+) ([\d.]+) ([\d.]+)"',
        lambda m: f'viewBox="{m[1]} {m[2]} {m[3]} {float(m[4]) + FOOTER_PX:g}"',
        taller,
        count=1,
    )
    text = (
        f'<rect x="0" y="{height:g}" width="100%" height="{FOOTER_PX}" fill="white"/>'
        f'<text x="24" y="{height + 38:g}" font-family="DejaVu Sans, sans-serif" font-size="{MIN_FONT_PX}" fill="#333333">'
        f"{escape(footer)}</text>"
    )
    head, closing, tail = svg.replace(tag, taller, 1).rpartition("</svg>")
    return head + text + closing + tail

"""What every chart shares: colours, shapes, the option axis, the split into template and data, and ``build``.

Colour is never the only carrier of meaning: shapes, symbols and text labels repeat it.
Every chart has tooltips with titles and a ``description`` for screen readers.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd

from backpain import labels
from backpain.schema import CERTAINTY_ORDER, Certainty, Kind, Stance

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

# Effect-size bands on a 0-100 pain scale from the AHRQ review behind ACP 2017 and the Chou 2017
# papers: "small (5 to 10 points on a 100-point visual analogue scale ...) to moderate (10 to 20
# points ...)". We could not read a "large" definition, so the last line marks where moderate ends
# and is labelled that way rather than as "large". Source id: chou_2016_ahrq_cer169.
EFFECT_THRESHOLDS = (("small", 5.0), ("moderate", 10.0), ("beyond moderate", 20.0))

# Only the width follows the container: with "fit", a tall legend would squeeze the plot itself.
AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")

# Chart words in a dark grey that reads at 4.5:1 or better on white (10.6:1), where the app theme's grey for
# axis labels reads at 3.7:1. Marks may fade with certainty; words never do.
TEXT_COLOUR = "#3A3A3A"


ONSET_TICKS = ((1, "1 hour"), (24, "1 day"), (168, "1 week"), (720, "1 month"), (2160, "3 months"))
ROW_PX = 20
LABEL_LIMIT_PX = 190
# Map labels may use their column's width, less the marker: an expression, so it follows the real width.
MAP_LABEL_LIMIT = alt.ExprRef(f"max(0, width / {len(CERTAINTY_ORDER)} - 16)")
MAP_SHORT_CERTAINTY = {
    Certainty.insufficient: "None",
    Certainty.very_low: "V. low",
    Certainty.low: "Low",
    Certainty.moderate: "Mod.",
    Certainty.high: "High",
}

KIND_SHAPES = {Kind.medication: "circle", Kind.non_drug: "square", Kind.procedure: "triangle-up"}
STANCE_COLOURS = {
    Stance.recommended: "#009E73",
    Stance.conditional_for: "#56B4E9",
    Stance.conditional_against: "#E69F00",
    Stance.not_recommended: "#D55E00",
    Stance.no_recommendation: "#BBBBBB",
    Stance.not_addressed: "#F2F2F2",
    Stance.not_confirmed: "#FFFFFF",
}
OUT_OF_SCOPE_COLOUR = "#FFFFFF"
CERTAINTY_OPACITY = {
    Certainty.high: 1.0,
    Certainty.moderate: 0.85,
    Certainty.low: 0.6,
    Certainty.very_low: 0.4,
    Certainty.insufficient: 0.25,
}


# What a result means, as a shape and a word on the map (never colour alone).
DIRECTION_MARK = {
    "benefit": "Helps",
    "unclear": "Unclear",
    "no_difference": "No benefit",
    "harm": "Worse",
    None: "Not enough evidence",
}
DIRECTION_SHAPES = {
    "Helps": "triangle-up",
    "Unclear": "diamond",
    "No benefit": "cross",
    "Worse": "triangle-down",
    "Not enough evidence": "circle",
}


def _direction_shape_scale() -> alt.Scale:
    return alt.Scale(domain=list(DIRECTION_SHAPES), range=list(DIRECTION_SHAPES.values()))


def _category_colour_scale() -> alt.Scale:
    return alt.Scale(domain=list(labels.CATEGORY_GROUPS), range=OKABE_ITO[: len(labels.CATEGORY_GROUPS)])


def _kind_shape_scale() -> alt.Scale:
    return alt.Scale(domain=[labels.KIND[k] for k in Kind], range=[KIND_SHAPES[k] for k in Kind])


def _with_display_columns(frame: pd.DataFrame) -> pd.DataFrame:
    # StrEnum members hash like their values, so the label dicts map the frame's plain strings directly.
    return frame.assign(
        category_label=frame["category"].map(labels.CATEGORY),
        group_label=frame["category"].map(labels.CATEGORY_GROUP),
        # "NSAIDs by mouth (ibuprofen, ...)" -> "NSAIDs by mouth": the examples live in the tooltip and table.
        short_name=[name.split(" (", 1)[0] for name in frame["name"]],
        kind_label=frame["kind"].map(labels.KIND),
        certainty_label=frame["certainty"].map(labels.CERTAINTY),
        dependence_label=frame["dependence"].map(labels.DEPENDENCE),
        direction_label=[DIRECTION_MARK[d if isinstance(d, str) else None] for d in frame["direction"]],
    )


@dataclass(frozen=True)
class Prepared:
    """What one chart needs from the matching options: its named datasets and its height."""

    datasets: dict[str, pd.DataFrame]
    height: int


@dataclass(frozen=True)
class ChartKind:
    """A chart split into what changes with the filters (data, height) and what does not (the template).

    Altair takes tens of milliseconds to assemble a layered chart, so each template is built once
    per indication label. Every encoding reads its order and extent from the data, so the same
    template serves any set of options.
    """

    description: Callable[[str], str]
    # (indication label, clinician, phone): the phone form puts each row's title above its marks.
    template: Callable[[str, bool, bool], alt.TopLevelMixin]
    # (frame, phone)
    prepare: Callable[[pd.DataFrame, bool], Prepared]
    # The same numbers as a table, for screen readers and for copying.
    table: Callable[[pd.DataFrame], pd.DataFrame]


def _records(frame: pd.DataFrame) -> list[dict]:
    # to_json turns NaN into null in one fast pass.
    return json.loads(frame.to_json(orient="records"))


def _option_axis(phone: bool = False) -> alt.Y:
    """One row per option, in the data's ``order``.

    Wide: each name on the axis, wrapped onto a second line rather than cut (``with_axis_labels``). On a phone
    the names leave the axis for a line above their row (``row_titles``), so there is no axis.
    """
    if phone:
        return alt.Y("name:N", sort=alt.EncodingSortField(field="order", op="min"), title=None, axis=None)
    return alt.Y(
        "axis_label:N",
        sort=alt.EncodingSortField(field="order", op="min"),
        title=None,
        # Not flush: Streamlit's chart theme sets the first and last labels flush with the ends of the axis, which
        # pushed the first name below its row.
        axis=alt.Axis(
            labelLimit=LABEL_LIMIT_PX,
            labelFontSize=11,
            labelLineHeight=AXIS_LINE_PX,
            labelExpr=AXIS_LABEL_LINES,
            labelFlush=False,
        ),
    )


# A name longer than this wraps onto a second line on the axis: 11 px words within LABEL_LIMIT_PX.
AXIS_LABEL_CHARS = 32
# The axis shows the wrapped name's lines; a slide, with room for whole names, joins them again.
AXIS_LABEL_LINES = "split(datum.label, '\\n')"
AXIS_LABEL_ONE_LINE = "join(split(datum.label, '\\n'), ' ')"
AXIS_LINE_PX = 12


def with_axis_labels(datasets: dict[str, pd.DataFrame], notes: dict[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """Each dataset with the wrapped name the wide form's axis shows (one per option, so still unique).

    A note for an option (by name) goes on a line of its own under the name, in brackets, so that a slide, which
    joins the lines, reads "Heat wrap or heat pack (seen at the first trial check)".
    """
    notes = notes or {}

    def label(name: str) -> str:
        note = notes.get(name)
        return wrapped(name, AXIS_LABEL_CHARS) + (f"\n({note})" if note else "")

    return {key: data.assign(axis_label=[label(n) for n in data["name"]]) for key, data in datasets.items()}


def wide_height(datasets: dict[str, pd.DataFrame], rows: int) -> int:
    """One row's height for the most lines any name on the axis takes."""
    lines = max((label.count("\n") + 1 for data in datasets.values() for label in data["axis_label"]), default=1)
    return _rows_height(rows) if lines == 1 else max(120, rows * (lines * AXIS_LINE_PX + 6))


# --- the phone form -------------------------------------------------------------------------------
# On a phone an axis of names would take half of a 330 px chart and still cut them to a few letters. The phone
# form gives each row a title line of its own, above the row's marks, wrapped and never cut, and the plot the
# whole width. Pages draw both forms and show one by screen width (components.layout.PAGE_CSS).
PHONE_FONT_PX = 11
PHONE_LINE_PX = 14
# About this many 11 px characters fit the 320 px a phone gives the plot: every option's name takes one line.
PHONE_CHARS_PER_LINE = 50
# Offsets from a row's centre, as Vega expressions: the step is the chart's height over its rows.
_ROW_STEP = "(height / length(domain('y')))"
_TITLE_OFFSET = alt.ExprRef(f"-{_ROW_STEP} / 2 + 3")


def wrapped(text: str, width: int = PHONE_CHARS_PER_LINE) -> str:
    """The text in lines of at most ``width`` characters, broken between words; its own line breaks kept."""
    # Not at a hyphen: "Mindfulness-based" stays whole.
    lines = (textwrap.wrap(part, width, break_on_hyphens=False) or [""] for part in text.split("\n"))
    return "\n".join(line for part in lines for line in part)


def phone_row_px(lines: int, mark_px: int) -> int:
    """A row's height on a phone: its title lines, then its mark, with a little air."""
    return PHONE_LINE_PX * lines + mark_px + 8


def phone_mark_offset(mark_px: int) -> alt.ExprRef:
    """Where a row's mark sits on a phone: at the foot of the row, below its title."""
    return alt.ExprRef(f"{_ROW_STEP} / 2 - {mark_px / 2 + 4:g}")


def titles_frame(names: pd.Series, orders: pd.Series, titles: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"name": names.to_numpy(), "order": orders.to_numpy(), "title": [wrapped(t) for t in titles]})


def phone_height(titles: pd.DataFrame, mark_px: int) -> int:
    lines = max((t.count("\n") + 1 for t in titles["title"]), default=1)
    # Rows only, however few: a floor would stretch one row's step and leave its title far above its mark.
    return max(1, len(titles)) * phone_row_px(lines, mark_px)


def row_titles(mark_px: int) -> alt.LayerChart:
    """Each row's title, left-aligned at the top of its row, from the ``titles`` dataset, on a white band that keeps
    reference and grid lines from running through its words (the row's mark, ``mark_px`` high, stays uncovered)."""
    titles = alt.Chart(alt.NamedData("titles")).encode(y=_option_axis(phone=True))
    backdrop = titles.mark_rect(
        color="#FFFFFF",
        height=alt.ExprRef(f"max(0, {_ROW_STEP} - {mark_px + 10})"),
        yOffset=-(mark_px + 10) / 2,
    ).encode(x=alt.value(0), x2=alt.value({"expr": "width"}))
    words = titles.mark_text(
        align="left",
        baseline="top",
        lineBreak="\n",
        fontSize=PHONE_FONT_PX,
        lineHeight=PHONE_LINE_PX,
        color=TEXT_COLOUR,
        yOffset=_TITLE_OFFSET,
    ).encode(x=alt.value(0), text="title:N", tooltip=alt.Tooltip("name:N", title="Option"))
    return alt.layer(backdrop, words)


def legends_stacked(spec: dict) -> dict:
    """Legends one under another (Vega's side-by-side row runs off a phone); Altair cannot say this."""
    spec.setdefault("config", {}).setdefault("legend", {})["layout"] = {"bottom": {"anchor": "start", "direction": "vertical"}}
    return spec


def readable(chart: alt.TopLevelMixin, label_px: int = 11) -> alt.TopLevelMixin:
    """Chart words in TEXT_COLOUR, and axis and legend words no smaller than ``label_px`` (Vega's own default is 10)."""
    return (
        chart.configure_axis(labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR, labelFontSize=label_px, titleFontSize=label_px)
        .configure_legend(labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR, labelFontSize=label_px, titleFontSize=label_px)
        .configure_title(color=TEXT_COLOUR, subtitleColor=TEXT_COLOUR)
    )


def _one_row_per_option(chart: alt.LayerChart, title: str, phone: bool = False) -> alt.LayerChart:
    """The shared frame; on a phone the title's bracketed part takes a second line, where one line would be cut."""
    question, bracket, rest = title.partition(" (")
    text = [question, f"({rest}"] if phone and bracket else title
    return readable(chart.properties(autosize=AUTOSIZE, title=alt.TitleParams(text, anchor="start", fontSize=13)))


def _rows_height(rows: int) -> int:
    return max(120, ROW_PX * rows)


def _with_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.reset_index(drop=True).assign(order=lambda d: d.index)


def _empty_note(message: str, description: str) -> alt.Chart:
    return (
        alt.Chart(alt.Data(values=[{"text": message}]), description=description)
        .mark_text(fontSize=14, color="#444")
        .encode(text="text:N")
        .properties(height=60)
    )


NO_MATCH = "No options match the filters."


def build(kind: ChartKind, frame: pd.DataFrame, indication_label: str, clinician: bool = True) -> alt.TopLevelMixin:
    """The chart as an Altair object (the wide form), for tests, exports and anything else that wants one."""
    description = kind.description(indication_label)
    if frame.empty:
        return _empty_note(NO_MATCH, description)
    prepared = kind.prepare(frame, False)
    chart = kind.template(indication_label, clinician, False).properties(height=prepared.height)
    chart.datasets = {name: _records(data) for name, data in prepared.datasets.items()}
    return chart

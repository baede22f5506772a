"""What every chart shares: colours, shapes, the option axis, the split into template and data, and ``build``.

Colour is never the only carrier of meaning: shapes, symbols and text labels repeat it.
Every chart has tooltips with titles and a ``description`` for screen readers.
"""

from __future__ import annotations

import json
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

ONSET_TICKS = ((1, "1 hour"), (24, "1 day"), (168, "1 week"), (720, "1 month"), (2160, "3 months"))
ROW_PX = 20
LABEL_LIMIT_PX = 150
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
    template: Callable[[str, bool], alt.TopLevelMixin]
    prepare: Callable[[pd.DataFrame], Prepared]
    # The same numbers as a table, for screen readers and for copying.
    table: Callable[[pd.DataFrame], pd.DataFrame]


def _records(frame: pd.DataFrame) -> list[dict]:
    # to_json turns NaN into null in one fast pass.
    return json.loads(frame.to_json(orient="records"))


def _option_axis() -> alt.Y:
    """One row per option, in the data's ``order``, long names cut short (the tooltip has them whole)."""
    return alt.Y(
        "name:N",
        sort=alt.EncodingSortField(field="order", op="min"),
        title=None,
        axis=alt.Axis(labelLimit=LABEL_LIMIT_PX, labelFontSize=11),
    )


# Chart words in a dark grey that reads at 4.5:1 or better on white (10.6:1), where the app theme's grey for
# axis labels reads at 3.7:1. Marks may fade with certainty; words never do.
TEXT_COLOUR = "#3A3A3A"


def readable(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure_axis(labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR)
        .configure_legend(labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR)
        .configure_title(color=TEXT_COLOUR, subtitleColor=TEXT_COLOUR)
    )


def _one_row_per_option(chart: alt.LayerChart, title: str) -> alt.LayerChart:
    return readable(chart.properties(autosize=AUTOSIZE, title=alt.TitleParams(title, anchor="start", fontSize=13)))


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
    """The chart as an Altair object, for tests, exports and anything else that wants one."""
    description = kind.description(indication_label)
    if frame.empty:
        return _empty_note(NO_MATCH, description)
    prepared = kind.prepare(frame)
    chart = kind.template(indication_label, clinician).properties(height=prepared.height)
    chart.datasets = {name: _records(data) for name, data in prepared.datasets.items()}
    return chart

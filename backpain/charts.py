"""Chart builders: each takes a pre-aggregated frame and returns an ``alt.Chart``.

Colour is never the only carrier of meaning: shapes, symbols and text labels repeat it.
Every chart has tooltips with titles and a ``description`` for screen readers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import altair as alt
import pandas as pd

from backpain import labels, wording
from backpain.schema import (
    CERTAINTY_ORDER,
    DEPENDENCE_ORDER,
    Certainty,
    GuidelineId,
    Kind,
    OnsetBasis,
    Stance,
)

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


def _one_row_per_option(chart: alt.LayerChart, title: str) -> alt.LayerChart:
    return chart.properties(autosize=AUTOSIZE, title=alt.TitleParams(title, anchor="start", fontSize=13))


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


@lru_cache(maxsize=64)
def _template_spec(name: str, indication_label: str, clinician: bool) -> str:
    return json.dumps(EXPLORE_CHARTS[name].template(indication_label, clinician).to_dict(validate=False))


def explore_spec(name: str, frame: pd.DataFrame, indication_label: str, clinician: bool = True) -> dict:
    """The Vega-Lite spec of one Explore chart, the same as ``build(...).to_dict()``, in a few ms.

    Only the data and the height are computed per call; the rest comes from a cached template.
    """
    kind = EXPLORE_CHARTS[name]
    if frame.empty:
        return _empty_note(NO_MATCH, kind.description(indication_label)).to_dict(validate=False)
    prepared = kind.prepare(frame)
    spec = json.loads(_template_spec(name, indication_label, clinician))
    spec["height"] = prepared.height
    spec["datasets"] = {key: _records(data) for key, data in prepared.datasets.items()}
    return spec


# --- 1. Evidence and dependence map ----------------------------------------------------------

MAP_ROW_PX = 16


def map_positions(frame: pd.DataFrame) -> pd.DataFrame:
    """Place each option in its certainty x dependence cell, listed one under another.

    Rows get as much height as their fullest cell needs, so labels never overlap.
    """
    out = _with_display_columns(frame).sort_values(["dependence_rank", "certainty_rank", "name"])
    out["slot"] = out.groupby(["dependence_rank", "certainty_rank"]).cumcount()
    # Each dependence row opens with a line for its own label, then one line per option.
    slots_per_row = out.groupby("dependence_rank")["slot"].max().add(2).reindex(range(len(DEPENDENCE_ORDER)), fill_value=2)
    row_top = slots_per_row.cumsum().shift(fill_value=0)
    out["y"] = out["dependence_rank"].map(row_top) + out["slot"] + 1.5
    # Each label starts at its column's left edge, so labels in one column never run into the next.
    out["x"] = out["certainty_rank"].astype(float) - 0.46
    out.attrs["row_bounds"] = [(float(row_top[i]), float(row_top[i] + slots_per_row[i])) for i in range(len(DEPENDENCE_ORDER))]
    return out


def _map_description(indication_label: str) -> str:
    return (
        f"Evidence and dependence map for {indication_label}: each option placed by how sure the evidence is "
        "(left to right, not enough evidence to high) and by its risk of dependence (top none, bottom high). "
        "The marker's shape says what the evidence shows: helps, unclear, no benefit or worse. Being sure that an "
        "option does not help puts it on the right too: read the shape and the word."
    )


def _map_prepare(frame: pd.DataFrame) -> Prepared:
    placed = map_positions(frame)
    bounds = placed.attrs["row_bounds"]
    bands = pd.DataFrame(
        {
            "y": [b[0] for b in bounds],
            "y2": [b[1] for b in bounds],
            "label_y": [b[0] + 0.5 for b in bounds],
            "dependence_label": [labels.DEPENDENCE[d] for d in DEPENDENCE_ORDER],
            "shade": [i % 2 for i in range(len(bounds))],
        }
    )
    columns = [
        "name",
        "short_name",
        "x",
        "y",
        "category_label",
        "group_label",
        "kind_label",
        "certainty_label",
        "dependence_label",
        "direction_label",
        "evidence_words",
        "helps",
    ]
    placed = placed.assign(helps=placed["direction"] == "benefit")
    return Prepared({"bands": bands, "options": placed[columns]}, max(240, int(bounds[-1][1] * MAP_ROW_PX)))


@lru_cache(maxsize=8)
def _map_template(indication_label: str, clinician: bool) -> alt.LayerChart:
    # The bands span 0 to the last row, so the y extent comes from the data.
    y_scale = alt.Scale(reverse=True, nice=False, zero=True)
    x_scale = alt.Scale(domain=[-0.5, len(CERTAINTY_ORDER) - 0.5], nice=False, zero=False)
    x_axis = alt.Axis(
        values=list(range(len(CERTAINTY_ORDER))),
        # Short words when the chart is phone-narrow, so the five column headings never collide.
        labelExpr=(
            "(width < 600 ? ["
            + ",".join(f"'{MAP_SHORT_CERTAINTY[c]}'" for c in CERTAINTY_ORDER)
            + "] : ["
            + ",".join(f"'{labels.CERTAINTY[c]}'" for c in CERTAINTY_ORDER)
            + "])[datum.value]"
        ),
        title="How sure is the evidence? (GRADE certainty)",
        orient="top",
        grid=False,
        labelFontSize=12,
        labelOverlap=False,
        labelLimit=0,
    )
    bands = alt.Chart(alt.NamedData("bands"))
    background = bands.mark_rect(opacity=0.35).encode(
        y=alt.Y("y:Q", scale=y_scale, axis=None),
        y2="y2:Q",
        color=alt.Color("shade:N", scale=alt.Scale(range=["#FFFFFF", "#E8EEF4"]), legend=None),
        tooltip=[alt.Tooltip("dependence_label:N", title="Dependence risk")],
    )
    row_labels = (
        bands.mark_text(align="left", dx=2, fontSize=12, fontWeight="bold", color="#333")
        .encode(
            y=alt.Y("label_y:Q", scale=y_scale, axis=None),
            x=alt.value(0),
            text=alt.Text("heading:N"),
        )
        .transform_calculate(heading="'Dependence risk: ' + datum.dependence_label")
    )
    base = alt.Chart(alt.NamedData("options")).encode(
        x=alt.X("x:Q", scale=x_scale, axis=x_axis),
        y=alt.Y("y:Q", scale=y_scale, axis=None),
        tooltip=[
            alt.Tooltip("name:N", title="Option"),
            alt.Tooltip("category_label:N", title="Type"),
            alt.Tooltip("evidence_words:N", title="Evidence"),
            alt.Tooltip("dependence_label:N", title="Dependence risk"),
        ],
    )
    points = base.mark_point(filled=True, size=70, opacity=0.95, xOffset=4).encode(
        color=alt.Color(
            "group_label:N",
            title="Group",
            scale=_category_colour_scale(),
            legend=alt.Legend(orient="bottom", direction="vertical", columns=1, labelLimit=220),
        ),
        shape=alt.Shape(
            "direction_label:N",
            title="What the evidence shows",
            scale=_direction_shape_scale(),
            legend=alt.Legend(orient="bottom", direction="vertical"),
        ),
    )
    # Options that are not shown to help are named in grey as well as marked by their shape.
    names = base.mark_text(align="left", dx=11, fontSize=11, limit=MAP_LABEL_LIMIT).encode(
        text="short_name:N",
        color=alt.condition("datum.helps", alt.value("#000000"), alt.value("#6B6B6B")),
    )
    return (
        alt.layer(background, row_labels, points, names, description=_map_description(indication_label))
        .properties(
            title=alt.TitleParams("Dependence risk (rows) by certainty of evidence (columns)", anchor="start", fontSize=13),
            autosize=AUTOSIZE,
        )
        .resolve_scale(color="independent")
    )


# --- 2. Onset timeline ------------------------------------------------------------------

ONSET_AXIS_MIN_HOURS = 0.1


def onset_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = _with_display_columns(frame)
    out["known"] = out["onset_min_hours"].notna()
    out["start"] = out["onset_min_hours"]
    out["end"] = out["onset_max_hours"]
    out["sort"] = out["onset_min_hours"].fillna(math.inf)
    out["rests_on"] = [wording.ONSET_BASIS[OnsetBasis(b)] if isinstance(b, str) else "" for b in out["onset_basis"]]
    # Fast relief from something the evidence does not show to help this pain is no relief: drawn faint.
    out["helps_here"] = out["shown_to_help"]
    out["onset_note"] = [ONSET_NOTES.get(b, "") for b in out["onset_basis"]]
    return _with_order(out.sort_values(["sort", "name"]))


# Said beside the bar, for onsets that are not a time to relief measured in back pain.
ONSET_NOTES = {
    OnsetBasis.label_other_pain.value: "from another kind of pain",
    # The bar ends at the trials' first check; relief was not timed, so an early start is not known either.
    OnsetBasis.trial_first_benefit.value: "seen at the first trial check",
}
ONSET_OTHER_PAIN_NOTE = ONSET_NOTES[OnsetBasis.label_other_pain.value]


def _onset_description(indication_label: str) -> str:
    return (
        "Onset timeline: for each option, the range of time to first noticeable relief, on a log time axis "
        "from minutes to months, with what it rests on. An onset from a label for another kind of pain, or one "
        "seen only at the first check in trials, is marked beside its bar; "
        "options whose evidence does not show a benefit for this pain are drawn faint. Options with no known onset "
        "are marked 'not known'."
    )


def _onset_prepare(frame: pd.DataFrame) -> Prepared:
    data = onset_frame(frame)
    columns = ["name", "order", "start", "end", "onset_label", "kind_label", "rests_on", "helps_here", "onset_note"]
    # When trials first checked is named, never drawn as a bar: it is not a time to relief.
    unknown = data.loc[~data["known"], columns].assign(
        start=ONSET_AXIS_MIN_HOURS, text=lambda d: [label[0].lower() + label[1:] for label in d["onset_label"]]
    )
    return Prepared({"known": data.loc[data["known"], columns], "unknown": unknown}, _rows_height(len(data)))


@lru_cache(maxsize=8)
def _onset_template(indication_label: str, clinician: bool) -> alt.LayerChart:
    label_expr = " : ".join(f"datum.value == {v} ? '{t}'" for v, t in ONSET_TICKS) + " : ''"
    log_hours = alt.Scale(type="log", domain=[ONSET_AXIS_MIN_HOURS, 8760], clamp=True)
    x = alt.X(
        "start:Q",
        scale=log_hours,
        axis=alt.Axis(
            values=[v for v, _ in ONSET_TICKS],
            labelExpr=label_expr,
            title="Time to first relief (log scale)",
            grid=True,
            labelFontSize=12,
            # The week and month ticks sit close together on a narrow chart: slant rather than drop them.
            labelAngle=-35,
            labelOverlap=False,
        ),
    )
    y = _option_axis()
    tooltip = [
        alt.Tooltip("name:N", title="Option"),
        alt.Tooltip("onset_label:N", title="First relief"),
        alt.Tooltip("rests_on:N", title="Rests on"),
        alt.Tooltip("kind_label:N", title="Kind"),
    ]
    faint_unless_it_helps = alt.condition("datum.helps_here", alt.value(1.0), alt.value(0.3))
    known = alt.Chart(alt.NamedData("known")).encode(y=y, tooltip=tooltip, opacity=faint_unless_it_helps)
    bars = known.mark_bar(height=10, cornerRadius=3).encode(
        x=x,
        x2="end:Q",
        color=alt.Color(
            "kind_label:N",
            title="Kind",
            scale=alt.Scale(domain=[labels.KIND[k] for k in Kind], range=OKABE_ITO[:3]),
            legend=alt.Legend(orient="bottom"),
        ),
    )
    ends = known.mark_point(filled=True, size=40).encode(
        x=x, shape=alt.Shape("kind_label:N", title="Kind", scale=_kind_shape_scale()), color=alt.Color("kind_label:N")
    )
    # Said beside the bar, not only in the tooltip: a post-surgical dose is not a back-pain onset.
    notes = known.mark_text(align="left", dx=8, fontStyle="italic", color="#555", fontSize=11).encode(
        x=alt.X("end:Q", scale=log_hours), text="onset_note:N", opacity=alt.value(1.0)
    )
    unknown = (
        alt.Chart(alt.NamedData("unknown"))
        .mark_text(align="left", dx=4, fontStyle="italic", color="#555", fontSize=11)
        .encode(x=x, y=y, text="text:N", tooltip=tooltip)
    )
    return _one_row_per_option(
        alt.layer(bars, ends, notes, unknown, description=_onset_description(indication_label)),
        f"How soon might it help? ({indication_label})",
    )


# --- 3. Effect on pain (forest plot) -------------------------------------------------------


def effect_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = _with_display_columns(frame)
    out["has_estimate"] = out["effect"].notna()
    out["ci_text"] = [
        f"{low:g} to {high:g}" if pd.notna(low) else "not reported"
        for low, high in zip(out["effect_ci_low"], out["effect_ci_high"], strict=True)
    ]
    out["label"] = [
        f"{size} · {certainty.lower()} certainty" if known else wording.NO_POOLED_ESTIMATE.lower()
        for size, certainty, known in zip(out["effect_words"], out["certainty_label"], out["has_estimate"], strict=True)
    ]
    out["size_words"] = out["effect_words"]
    # A number, not a scale: Vega-Lite ignores a numeric range on a nominal opacity scale, which faded every row.
    out["certainty_opacity"] = [CERTAINTY_OPACITY.get(c, 1.0) for c in out["certainty"]]
    # The words sit just right of the point, its interval and the zero line, in the row they describe.
    out["label_x"] = out[["effect", "effect_ci_high"]].max(axis=1).clip(lower=0)
    out["sort"] = out["effect"].fillna(math.inf)
    # Grouped by certainty, highest first, as GRADE advises when many options are compared; then by effect.
    return _with_order(out.sort_values(["has_estimate", "certainty_rank", "sort", "name"], ascending=[False, False, True, True]))


def _effect_description(indication_label: str, clinician: bool = True) -> str:
    shown = "with 95% intervals" if clinician else "average differences (clinician view adds 95% intervals)"
    return (
        f"Forest plot of the difference in pain on a 0 to 100 scale for {indication_label}, {shown}. "
        "Negative numbers mean less pain than the comparator. Rows are grouped by certainty, highest first; very "
        "low certainty is drawn faded. Each row says in words what the result means (for example 'small benefit' or "
        "'no benefit'). Dashed lines mark a small (5 points) and a moderate (10 points) effect and the top of "
        "moderate (20 points). Options without a pooled estimate are listed as 'no pooled estimate'."
    )


def _effect_prepare(frame: pd.DataFrame) -> Prepared:
    data = effect_frame(frame)
    columns = [
        "name", "order", "effect", "effect_ci_low", "effect_ci_high", "ci_text", "effect_comparator", "effect_timepoint",
        "certainty_label", "label", "size_words", "evidence_words", "label_x", "certainty_opacity",
    ]  # fmt: skip
    return Prepared(
        {
            "estimates": data.loc[data["has_estimate"], columns],
            "missing": data.loc[~data["has_estimate"], ["name", "order", "label"]],
        },
        _rows_height(len(data)),
    )


EFFECT_REFERENCES = [
    {"x": -v, "band": f"{name} ({v:g} points)", "level": -12 * (i % 2)} for i, (name, v) in enumerate(EFFECT_THRESHOLDS)
] + [{"x": 0.0, "band": "no difference", "level": 0}]


@lru_cache(maxsize=8)
def _effect_template(indication_label: str, clinician: bool) -> alt.LayerChart:
    """In patient mode the forest shows the estimates without intervals, as plain words ask."""
    # The axis always shows -25 (past the moderate band) to +30, which leaves room right of zero for the
    # words on each row, and stretches to fit any interval.
    x_scale = alt.Scale(domain={"unionWith": [-25.0, 30.0]}, nice=False, padding=12)
    y = _option_axis()
    right_edge = alt.value({"expr": "width"})
    tooltip = [
        alt.Tooltip("name:N", title="Option"),
        alt.Tooltip("effect:Q", title="Difference in pain (0-100)", format=".1f"),
        *([alt.Tooltip("ci_text:N", title="95% interval")] if clinician else []),
        alt.Tooltip("effect_comparator:N", title="Compared with"),
        alt.Tooltip("effect_timepoint:N", title="When measured"),
        alt.Tooltip("evidence_words:N", title="Evidence"),
    ]
    base = alt.Chart(alt.NamedData("estimates")).encode(y=y, tooltip=tooltip)
    opacity = alt.Opacity("certainty_opacity:Q", scale=None, legend=None)
    intervals = base.mark_rule(strokeWidth=2, color="#0072B2").encode(
        x=alt.X("effect_ci_low:Q", scale=x_scale, title="Difference in pain, 0-100 scale (negative = less pain)"),
        x2="effect_ci_high:Q",
        opacity=opacity,
    )
    points = base.mark_point(filled=True, size=80, shape="diamond", color="#0072B2").encode(
        x=alt.X("effect:Q", scale=x_scale, title="Difference in pain, 0-100 scale (negative = less pain)"), opacity=opacity
    )
    # The size in words and the certainty, so the grouping by certainty can be read in both modes.
    certainty_text = base.mark_text(align="left", dx=7, fontSize=10, color="#222").encode(
        x=alt.X("label_x:Q", scale=x_scale), text="label:N", opacity=opacity
    )
    missing = (
        alt.Chart(alt.NamedData("missing"))
        .mark_text(align="right", fontSize=10, fontStyle="italic", color="#555")
        .encode(
            x=right_edge,
            y=y,
            text="label:N",
            tooltip=[alt.Tooltip("name:N", title="Option"), alt.Tooltip("label:N", title="Effect")],
        )
    )
    references = alt.Chart(alt.Data(values=EFFECT_REFERENCES))
    rules = references.mark_rule(strokeDash=[4, 4], color="#777").encode(
        x=alt.X("x:Q", scale=x_scale), tooltip=[alt.Tooltip("band:N", title="Reference line")]
    )
    # Neighbouring lines are 5 points apart, so their names sit on two levels; zero is named by the axis.
    rule_labels = (
        references.mark_text(angle=0, align="center", baseline="bottom", dy=-2, fontSize=10, color="#555")
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.Y("level:Q", scale=None), text=alt.Text("band:N"))
        .transform_filter("datum.x != 0")
        .transform_calculate(band="split(datum.band, ' (')[0]")
    )
    return _one_row_per_option(
        alt.layer(
            rules,
            rule_labels,
            *([intervals] if clinician else []),
            points,
            certainty_text,
            missing,
            description=_effect_description(indication_label, clinician),
        ),
        f"How much does it help? ({indication_label})",
    )


# --- 4. What the guidelines say ------------------------------------------------------------


def _stance_cell(stance: str | None) -> tuple[str, str]:
    """(symbol, words) for a stance; None means outside the guideline's scope."""
    if stance is None or (isinstance(stance, float) and math.isnan(stance)):
        return labels.OUT_OF_SCOPE_SYMBOL, labels.OUT_OF_SCOPE
    return labels.STANCE_SYMBOL[Stance(stance)], labels.STANCE[Stance(stance)]


def guideline_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """One cell per option and guideline. A stance the guideline made for a class is marked as a class stance."""
    ordered = frame.sort_values("name")
    rows = []
    for g in GuidelineId:
        cells = zip(ordered["name"], ordered[g.value], ordered[f"{g.value}_scope"], ordered["class_name"], strict=True)
        for order, (name, stance, scope, class_name) in enumerate(cells):
            symbol, words = _stance_cell(stance)
            is_class = scope == "class"
            rows.append(
                {
                    "name": name,
                    "order": order,
                    "guideline": labels.GUIDELINE_SHORT[g],
                    "symbol": f"{symbol} {wording.CLASS_WORD}" if is_class else symbol,
                    "stance": wording.class_stance_words(words, class_name) if is_class else words,
                    "colour_key": words,
                    "scope": "class" if is_class else "this option",
                }
            )
    return pd.DataFrame(rows, columns=["name", "order", "guideline", "symbol", "stance", "colour_key", "scope"])


def _guideline_description(indication_label: str) -> str:
    return (
        f"What ACP 2017, NICE NG59 and WHO 2023 say about each option for {indication_label}. "
        "Symbols: ✓ recommended, ~✓ suggested (conditional), ~✗ suggested against, ✗ not recommended, "
        "? no recommendation, blank not addressed, – outside the guideline's scope. An outlined cell marked 'class' "
        "is a stance the guideline made for the whole class (for example muscle relaxants), not for this option."
    )


def _guideline_prepare(frame: pd.DataFrame) -> Prepared:
    return Prepared({"cells": guideline_frame(frame)}, _rows_height(len(frame)))


@lru_cache(maxsize=8)
def _guideline_template(indication_label: str, clinician: bool) -> alt.LayerChart:
    domain = [labels.STANCE[s] for s in Stance] + [labels.OUT_OF_SCOPE]
    colours = [STANCE_COLOURS[s] for s in Stance] + [OUT_OF_SCOPE_COLOUR]
    base = alt.Chart(alt.NamedData("cells")).encode(
        x=alt.X(
            "guideline:N",
            sort=[labels.GUIDELINE_SHORT[g] for g in GuidelineId],
            title=None,
            axis=alt.Axis(
                orient="top",
                labelAngle=0,
                labelFontSize=12,
                labelOverlap=False,
                labelLimit=200,
                # Phone-narrow: "ACP", "NICE", "WHO", so the three headings never run together.
                labelExpr="width < 400 ? split(datum.label, ' ')[0] : datum.label",
            ),
        ),
        y=_option_axis(),
        tooltip=[
            alt.Tooltip("name:N", title="Option"),
            alt.Tooltip("guideline:N", title="Guideline"),
            alt.Tooltip("stance:N", title="Stance"),
        ],
    )
    colour_scale = alt.Scale(domain=domain, range=colours)
    cells = (
        base.mark_rect(stroke="#FFFFFF", strokeWidth=2)
        .encode(
            color=alt.Color("colour_key:N", title="Stance", scale=colour_scale, legend=alt.Legend(orient="bottom", columns=2))
        )
        .transform_filter("datum.scope != 'class'")
    )
    # A class stance is outlined in its colour, not filled: the guideline did not name this option.
    class_cells = (
        base.mark_rect(fill="#FFFFFF", strokeWidth=3, xOffset=0)
        .encode(stroke=alt.Stroke("colour_key:N", scale=colour_scale, legend=None))
        .transform_filter("datum.scope == 'class'")
    )
    symbols = base.mark_text(fontSize=alt.ExprRef("width < 400 ? 10 : 13"), fontWeight="bold", color="#000").encode(
        text="symbol:N"
    )
    return _one_row_per_option(
        alt.layer(cells, class_cells, symbols, description=_guideline_description(indication_label)),
        f"What the guidelines say ({indication_label})",
    )


EXPLORE_CHARTS: dict[str, ChartKind] = {
    "map": ChartKind(_map_description, _map_template, _map_prepare),
    "onset": ChartKind(_onset_description, _onset_template, _onset_prepare),
    "effect": ChartKind(_effect_description, _effect_template, _effect_prepare),
    "guidelines": ChartKind(_guideline_description, _guideline_template, _guideline_prepare),
}


def evidence_dependence_map(frame: pd.DataFrame, indication_label: str, clinician: bool = True) -> alt.TopLevelMixin:
    return build(EXPLORE_CHARTS["map"], frame, indication_label, clinician)


def onset_timeline(frame: pd.DataFrame, indication_label: str, clinician: bool = True) -> alt.TopLevelMixin:
    return build(EXPLORE_CHARTS["onset"], frame, indication_label, clinician)


def effect_forest(frame: pd.DataFrame, indication_label: str, clinician: bool = True) -> alt.TopLevelMixin:
    return build(EXPLORE_CHARTS["effect"], frame, indication_label, clinician)


def guideline_matrix(frame: pd.DataFrame, indication_label: str, clinician: bool = True) -> alt.TopLevelMixin:
    return build(EXPLORE_CHARTS["guidelines"], frame, indication_label, clinician)


# --- "What matters to me" ---------------------------------------------------------------------


def priority_frame(ranked, treatments_by_id, indication) -> pd.DataFrame:
    """One row per option and criterion: its contribution to the fit, plus the option's badges."""
    from backpain.priorities import CRITERIA  # local: priorities imports schema only, charts stays light

    rows = []
    for order, r in enumerate(ranked):
        t = treatments_by_id[r.id]
        certainty = wording.certainty_with_direction(t.evidence.for_indication(indication))
        badge = f"{certainty} · dependence: {labels.DEPENDENCE[t.dependence.level].lower()}"
        if r.less_information:
            badge += " · less information"
        for criterion, label in CRITERIA.items():
            rows.append(
                {
                    "name": r.name,
                    "order": order,
                    "criterion": label,
                    "contribution": round(r.contributions[criterion], 4),
                    "fit": round(r.fit, 4),
                    "badge": badge,
                    "group": r.group,
                }
            )
    return pd.DataFrame(rows, columns=["name", "order", "criterion", "contribution", "fit", "badge", "group"])


def priority_bars(frame: pd.DataFrame, title: str, legend: bool = True) -> alt.TopLevelMixin:
    from backpain.priorities import CRITERIA

    description = (
        "Options ordered by how well they fit the priorities chosen. Each bar is split into what each priority "
        "added. The list below gives each option's certainty of evidence, dependence risk and what is not known."
    )
    if frame.empty:
        return _empty_note(NO_MATCH, description)
    criteria = list(CRITERIA.values())
    chart = (
        alt.Chart(alt.NamedData("contributions"), description=description)
        .mark_bar(height=12)
        .encode(
            y=_option_axis(),
            x=alt.X(
                "contribution:Q", stack="zero", title="How well it fits your priorities (0 to 1)", scale=alt.Scale(domain=[0, 1])
            ),
            color=alt.Color(
                "criterion:N",
                title="Priority",
                scale=alt.Scale(domain=criteria, range=OKABE_ITO[: len(criteria)]),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=320) if legend else None,
            ),
            order=alt.Order("criterion:N"),
            # Outside the group shown to help, a bar is drawn faint: its length must not read as "better".
            opacity=alt.condition(alt.datum.group == "helps", alt.value(1.0), alt.value(0.3)),
            tooltip=[
                alt.Tooltip("name:N", title="Option"),
                alt.Tooltip("criterion:N", title="Priority"),
                alt.Tooltip("contribution:Q", title="Added to fit", format=".2f"),
                alt.Tooltip("fit:Q", title="Total fit", format=".2f"),
                alt.Tooltip("badge:N", title="About this option"),
            ],
        )
        .properties(
            height=_rows_height(frame["order"].nunique()),
            autosize=AUTOSIZE,
            title=alt.TitleParams(title, anchor="start", fontSize=13),
        )
    )
    chart.datasets = {"contributions": _records(frame)}
    return chart


# --- Out of 100 people -------------------------------------------------------------------------------

ICON_SHAPES = ("circle", "square", "triangle-up", "circle")


def icon_array(effect, option: str) -> alt.Chart:
    """A 10 x 10 icon array. Each group has its own shape and fill, so colour is never the only cue."""
    from backpain.absolute import headline, icon_rows

    rows = icon_rows(effect, option)
    groups = list(dict.fromkeys(r["group"] for r in rows))
    benefit = effect.outcome.value == "meaningful_relief"
    palette = ["#56B4E9", "#0072B2", "#E69F00"] if benefit else ["#F0E442", "#D55E00", "#009E73"]
    colours = {g: palette[i] for i, g in enumerate(groups) if g != "neither"} | {"neither": "#DDDDDD"}
    shapes = {g: ICON_SHAPES[i] for i, g in enumerate(groups)}
    counts = {g: sum(r["group"] == g for r in rows) for g in groups}
    data = [r | {"legend": f"{r['group']} ({counts[r['group']]})"} for r in rows]
    legend_names = [f"{g} ({counts[g]})" for g in groups]
    return (
        alt.Chart(alt.Data(values=data), description=f"Icon array of 100 people. {headline(effect)}.")
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("column:Q", axis=None, scale=alt.Scale(domain=[-0.5, 9.5])),
            y=alt.Y("row:Q", axis=None, scale=alt.Scale(domain=[-0.5, 9.5], reverse=True)),
            color=alt.Color(
                "legend:N",
                title=None,
                scale=alt.Scale(domain=legend_names, range=[colours[g] for g in groups]),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320),
            ),
            shape=alt.Shape("legend:N", scale=alt.Scale(domain=legend_names, range=[shapes[g] for g in groups]), legend=None),
            tooltip=[alt.Tooltip("legend:N", title="Group (people out of 100)")],
        )
        # "pad": the grid keeps its size and the title and legend are added around it (Streamlit's default "fit"
        # would squeeze the grid to make room for them).
        .properties(
            width=220,
            height=220,
            autosize=alt.AutoSizeParams(type="pad"),
            title=alt.TitleParams("Out of 100 people", anchor="start", fontSize=12),
        )
        .configure_view(strokeWidth=0)
    )

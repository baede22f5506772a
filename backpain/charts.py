"""Chart builders: each takes a pre-aggregated frame and returns an ``alt.Chart``.

Colour is never the only carrier of meaning: shapes, symbols and text labels repeat it.
Every chart has tooltips with titles and a ``description`` for screen readers.
"""

from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd

from backpain import labels
from backpain.schema import (
    CERTAINTY_ORDER,
    DEPENDENCE_ORDER,
    Category,
    Certainty,
    GuidelineId,
    Kind,
    Stance,
)

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

# Effect-size bands on a 0-100 pain scale from the AHRQ review behind ACP 2017 and the Chou 2017
# papers: "small (5 to 10 points on a 100-point visual analogue scale ...) to moderate (10 to 20
# points ...)". We could not read a "large" definition, so the last line marks where moderate ends
# and is labelled that way rather than as "large".
EFFECT_THRESHOLDS = (("small", 5.0), ("moderate", 10.0), ("beyond moderate", 20.0))
EFFECT_THRESHOLD_SOURCE = "chou_2016_ahrq_cer169"

# Only the width follows the container: with "fit", a tall legend would squeeze the plot itself.
AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")

ONSET_TICKS = ((1, "1 hour"), (24, "1 day"), (168, "1 week"), (720, "1 month"), (2160, "3 months"))
ROW_PX = 20
LABEL_LIMIT_PX = 150
# Map labels may use their column's width, less the marker: an expression, so it follows the real width.
MAP_LABEL_LIMIT = alt.ExprRef(f"max(40, width / {len(CERTAINTY_ORDER)} - 16)")

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


def _category_colour_scale() -> alt.Scale:
    return alt.Scale(domain=list(labels.CATEGORY_GROUPS), range=OKABE_ITO[: len(labels.CATEGORY_GROUPS)])


def _kind_shape_scale() -> alt.Scale:
    return alt.Scale(domain=[labels.KIND[k] for k in Kind], range=[KIND_SHAPES[k] for k in Kind])


def _with_display_columns(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["category_label"] = out["category"].map(lambda c: labels.CATEGORY[Category(c)])
    out["group_label"] = out["category"].map(lambda c: labels.CATEGORY_GROUP[Category(c)])
    # "NSAIDs by mouth (ibuprofen, ...)" -> "NSAIDs by mouth": the examples live in the tooltip and table.
    out["short_name"] = out["name"].str.split(" (", n=1, regex=False).str[0]
    out["kind_label"] = out["kind"].map(lambda k: labels.KIND[Kind(k)])
    out["certainty_label"] = out["certainty"].map(lambda c: labels.CERTAINTY[Certainty(c)])
    out["dependence_label"] = out["dependence"].map(lambda d: labels.DEPENDENCE.get(d, d))
    return out


class _Datasets:
    """Rows attached once, by name, to the finished chart.

    Altair sanitises a DataFrame again for every layer, and deep-copies inline rows on every
    method call; together that was most of the time a filter change spent on charts. Layers
    refer to named datasets instead, and ``to_json`` converts NaN to null in one fast pass.
    """

    def __init__(self) -> None:
        self.values: dict[str, list[dict]] = {}

    def add(self, name: str, frame: pd.DataFrame) -> alt.NamedData:
        self.values[name] = json.loads(frame.to_json(orient="records"))
        return alt.NamedData(name)

    def attach(self, chart):
        chart.datasets = self.values
        return chart


def _option_axis(order: list[str]) -> alt.Y:
    """One row per option, in the given order, with long names cut short (the tooltip has them whole)."""
    return alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT_PX, labelFontSize=11))


def _one_row_per_option(chart: alt.LayerChart, rows: int, title: str) -> alt.LayerChart:
    return chart.properties(
        height=max(120, ROW_PX * rows),
        autosize=AUTOSIZE,
        title=alt.TitleParams(title, anchor="start", fontSize=13),
    )


def _empty_note(message: str, description: str) -> alt.Chart:
    rows = _Datasets()
    return rows.attach(
        alt.Chart(rows.add("note", pd.DataFrame({"text": [message]})), description=description)
        .mark_text(fontSize=14, color="#444")
        .encode(text="text:N")
        .properties(height=60)
    )


# --- 1. Evidence and dependence map ----------------------------------------------------------


def map_positions(frame: pd.DataFrame) -> pd.DataFrame:
    """Place each option in its certainty x dependence cell, listed one under another.

    Rows get as much height as their fullest cell needs, so labels never overlap.
    """
    out = _with_display_columns(frame).sort_values(["dependence_rank", "certainty_rank", "name"])
    out["slot"] = out.groupby(["dependence_rank", "certainty_rank"]).cumcount()
    slots_per_row = out.groupby("dependence_rank")["slot"].max().add(1).reindex(range(len(DEPENDENCE_ORDER)), fill_value=1)
    row_top = slots_per_row.cumsum().shift(fill_value=0)
    out["y"] = out["dependence_rank"].map(row_top) + out["slot"] + 0.5
    # Each label starts at its column's left edge, so labels in one column never run into the next.
    out["x"] = out["certainty_rank"].astype(float) - 0.46
    out.attrs["row_bounds"] = [(float(row_top[i]), float(row_top[i] + slots_per_row[i])) for i in range(len(DEPENDENCE_ORDER))]
    return out


def evidence_dependence_map(frame: pd.DataFrame, indication_label: str) -> alt.Chart:
    description = (
        f"Evidence and dependence map for {indication_label}: each option placed by how sure the evidence is "
        "(left to right, not enough evidence to high) and by its risk of dependence (top none, bottom high)."
    )
    if frame.empty:
        return _empty_note("No options match the filters.", description)
    rows = _Datasets()
    placed = map_positions(frame)
    bounds = placed.attrs["row_bounds"]
    total_rows = bounds[-1][1]
    bands = pd.DataFrame(
        {
            "y": [b[0] for b in bounds],
            "y2": [b[1] for b in bounds],
            "mid": [(b[0] + b[1]) / 2 for b in bounds],
            "dependence_label": [labels.DEPENDENCE[d] for d in DEPENDENCE_ORDER],
            "shade": [i % 2 for i in range(len(bounds))],
        }
    )
    y_scale = alt.Scale(domain=[0, total_rows], reverse=True, nice=False, zero=False)
    x_scale = alt.Scale(domain=[-0.5, len(CERTAINTY_ORDER) - 0.5], nice=False, zero=False)
    x_axis = alt.Axis(
        values=list(range(len(CERTAINTY_ORDER))),
        labelExpr="[" + ",".join(f"'{labels.CERTAINTY[c]}'" for c in CERTAINTY_ORDER) + "][datum.value]",
        title="How sure is the evidence? (GRADE certainty)",
        orient="top",
        grid=False,
        labelFontSize=12,
        labelOverlap=False,
    )
    background = (
        alt.Chart(rows.add("bands", bands))
        .mark_rect(opacity=0.35)
        .encode(
            y=alt.Y("y:Q", scale=y_scale, axis=None),
            y2="y2:Q",
            color=alt.Color("shade:N", scale=alt.Scale(range=["#FFFFFF", "#E8EEF4"]), legend=None),
            tooltip=[alt.Tooltip("dependence_label:N", title="Dependence risk")],
        )
    )
    row_labels = (
        alt.Chart(rows.add("bands", bands))
        .mark_text(align="right", dx=-4, fontSize=12, fontWeight="bold", color="#333")
        .encode(y=alt.Y("mid:Q", scale=y_scale, axis=None), x=alt.value(0), text="dependence_label:N")
    )
    tooltip = [
        alt.Tooltip("name:N", title="Option"),
        alt.Tooltip("category_label:N", title="Type"),
        alt.Tooltip("certainty_label:N", title="Certainty of evidence"),
        alt.Tooltip("dependence_label:N", title="Dependence risk"),
    ]
    base = alt.Chart(rows.add("options", placed)).encode(
        x=alt.X("x:Q", scale=x_scale, axis=x_axis),
        y=alt.Y("y:Q", scale=y_scale, axis=None),
        tooltip=tooltip,
    )
    points = base.mark_point(filled=True, size=60, opacity=0.95, xOffset=4).encode(
        color=alt.Color(
            "group_label:N",
            title="Group",
            scale=_category_colour_scale(),
            legend=alt.Legend(orient="bottom", direction="vertical", columns=2, labelLimit=160),
        ),
        shape=alt.Shape(
            "kind_label:N", title="Kind", scale=_kind_shape_scale(), legend=alt.Legend(orient="bottom", direction="vertical")
        ),
    )
    names = base.mark_text(align="left", dx=11, fontSize=11, limit=MAP_LABEL_LIMIT).encode(text="short_name:N")
    return rows.attach(
        alt.layer(background, row_labels, points, names, description=description)
        .properties(
            height=max(240, int(total_rows * 16)),
            title=alt.TitleParams("Dependence risk (rows) by certainty of evidence (columns)", anchor="start", fontSize=13),
            padding={"left": 80},
            autosize=AUTOSIZE,
        )
        .resolve_scale(color="independent")
    )


# --- 2. Onset timeline ------------------------------------------------------------------


def onset_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = _with_display_columns(frame)
    out["known"] = out["onset_min_hours"].notna()
    out["start"] = out["onset_min_hours"]
    out["end"] = out["onset_max_hours"]
    out["sort"] = out["onset_min_hours"].fillna(math.inf)
    return out.sort_values(["sort", "name"]).reset_index(drop=True)


def onset_timeline(frame: pd.DataFrame, indication_label: str) -> alt.Chart:
    description = (
        "Onset timeline: for each option, the range of time to first noticeable relief, on a log time axis "
        "from minutes to months. Options with no known onset are marked 'not known'."
    )
    if frame.empty:
        return _empty_note("No options match the filters.", description)
    rows = _Datasets()
    data = onset_frame(frame)
    order = data["name"].tolist()
    tick_values = [v for v, _ in ONSET_TICKS]
    label_expr = " : ".join(f"datum.value == {v} ? '{t}'" for v, t in ONSET_TICKS) + " : ''"
    x = alt.X(
        "start:Q",
        scale=alt.Scale(type="log", domain=[0.1, 8760], clamp=True),
        axis=alt.Axis(
            values=tick_values,
            labelExpr=label_expr,
            title="Time to first relief (log scale)",
            grid=True,
            labelFontSize=12,
            # The week and month ticks sit close together on a narrow chart: slant rather than drop them.
            labelAngle=-35,
            labelOverlap=False,
        ),
    )
    y = _option_axis(order)
    tooltip = [
        alt.Tooltip("name:N", title="Option"),
        alt.Tooltip("onset_label:N", title="First relief"),
        alt.Tooltip("kind_label:N", title="Kind"),
    ]
    known = alt.Chart(rows.add("known", data[data["known"]])).encode(y=y, tooltip=tooltip)
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
    unknown_rows = data[~data["known"]].assign(start=0.1, text="not known")
    unknown = (
        alt.Chart(rows.add("unknown", unknown_rows))
        .mark_text(align="left", dx=4, fontStyle="italic", color="#555", fontSize=11)
        .encode(x=x, y=y, text="text:N", tooltip=tooltip)
    )
    chart = _one_row_per_option(
        alt.layer(bars, ends, unknown, description=description), len(data), f"How soon might it help? ({indication_label})"
    )
    return rows.attach(chart)


# --- 3. Effect on pain (forest plot) -------------------------------------------------------


def effect_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = _with_display_columns(frame)
    out["has_estimate"] = out["effect"].notna()
    out["ci_text"] = [
        f"{low:g} to {high:g}" if pd.notna(low) else "not reported"
        for low, high in zip(out["effect_ci_low"], out["effect_ci_high"], strict=True)
    ]
    out["label"] = [
        f"{certainty.lower()} certainty" if known else "no pooled estimate"
        for certainty, known in zip(out["certainty_label"], out["has_estimate"], strict=True)
    ]
    out["sort"] = out["effect"].fillna(math.inf)
    return out.sort_values(["has_estimate", "sort", "name"], ascending=[False, True, True]).reset_index(drop=True)


def effect_forest(frame: pd.DataFrame, indication_label: str) -> alt.Chart:
    description = (
        f"Forest plot of the difference in pain on a 0 to 100 scale for {indication_label}, with 95% intervals. "
        "Negative numbers mean less pain than the comparator. Dashed lines mark a small (5 points) and a moderate (10 points) effect and the top of moderate (20 points). "
        "Options without a pooled estimate are listed as 'no pooled estimate'."
    )
    if frame.empty:
        return _empty_note("No options match the filters.", description)
    rows = _Datasets()
    data = effect_frame(frame)
    lows = pd.concat([data["effect_ci_low"], data["effect"]]).dropna()
    highs = pd.concat([data["effect_ci_high"], data["effect"]]).dropna()
    x_min = min(-25.0, float(lows.min()) if not lows.empty else 0.0) - 2
    x_max = max(5.0, float(highs.max()) if not highs.empty else 0.0) + 2
    x_scale = alt.Scale(domain=[x_min, x_max], nice=False)
    order = data["name"].tolist()
    y = _option_axis(order)
    tooltip = [
        alt.Tooltip("name:N", title="Option"),
        alt.Tooltip("effect:Q", title="Difference in pain (0-100)", format=".1f"),
        alt.Tooltip("ci_text:N", title="95% interval"),
        alt.Tooltip("effect_comparator:N", title="Compared with"),
        alt.Tooltip("effect_timepoint:N", title="When measured"),
        alt.Tooltip("certainty_label:N", title="Certainty"),
    ]
    estimates = data[data["has_estimate"]]
    base = alt.Chart(rows.add("estimates", estimates)).encode(y=y, tooltip=tooltip)
    opacity = alt.Opacity(
        "certainty_label:N",
        scale=alt.Scale(
            domain=[labels.CERTAINTY[c] for c in CERTAINTY_ORDER], range=[CERTAINTY_OPACITY[c] for c in CERTAINTY_ORDER]
        ),
        legend=None,
    )
    intervals = base.mark_rule(strokeWidth=2, color="#0072B2").encode(
        x=alt.X("effect_ci_low:Q", scale=x_scale, title="Difference in pain, 0-100 scale (negative = less pain)"),
        x2="effect_ci_high:Q",
        opacity=opacity,
    )
    points = base.mark_point(filled=True, size=80, shape="diamond", color="#0072B2").encode(
        x=alt.X("effect:Q", scale=x_scale), opacity=opacity
    )
    certainty_text = (
        base.mark_text(align="right", fontSize=10, color="#333")
        .encode(x=alt.X("x_right:Q", scale=x_scale), text="label:N")
        .transform_calculate(x_right=str(x_max))
    )
    missing = (
        alt.Chart(rows.add("missing", data[~data["has_estimate"]].assign(x0=0.0)))
        .mark_text(align="right", fontSize=10, fontStyle="italic", color="#555")
        .encode(
            x=alt.X("x0:Q", scale=x_scale),
            y=y,
            text="label:N",
            tooltip=[alt.Tooltip("name:N", title="Option"), alt.Tooltip("label:N", title="Effect")],
        )
        .transform_calculate(x0=str(x_max))
    )
    refs = pd.DataFrame(
        [{"x": -v, "band": f"{name} ({v:g} points)"} for name, v in EFFECT_THRESHOLDS] + [{"x": 0.0, "band": "no difference"}]
    )
    rules = (
        alt.Chart(rows.add("references", refs))
        .mark_rule(strokeDash=[4, 4], color="#777")
        .encode(x=alt.X("x:Q", scale=x_scale), tooltip=[alt.Tooltip("band:N", title="Reference line")])
    )
    rule_labels = (
        alt.Chart(rows.add("references", refs))
        .mark_text(angle=0, align="center", baseline="bottom", dy=-2, fontSize=10, color="#555")
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.value(0), text=alt.Text("band:N"))
        .transform_calculate(band="split(datum.band, ' (')[0]")
    )
    chart = _one_row_per_option(
        alt.layer(rules, rule_labels, intervals, points, certainty_text, missing, description=description),
        len(data),
        f"How much does it help? ({indication_label})",
    )
    return rows.attach(chart)


# --- 4. What the guidelines say ------------------------------------------------------------


def guideline_frame(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, r in frame.sort_values("name").iterrows():
        for g in GuidelineId:
            stance = r[g.value]
            if stance is None or (isinstance(stance, float) and math.isnan(stance)):
                symbol, word, colour_key = labels.OUT_OF_SCOPE_SYMBOL, labels.OUT_OF_SCOPE, labels.OUT_OF_SCOPE
            else:
                s = Stance(stance)
                symbol, word, colour_key = labels.STANCE_SYMBOL[s], labels.STANCE[s], labels.STANCE[s]
            rows.append(
                {"name": r["name"], "guideline": labels.GUIDELINE[g], "symbol": symbol, "stance": word, "colour_key": colour_key}
            )
    return pd.DataFrame(rows, columns=["name", "guideline", "symbol", "stance", "colour_key"])


def guideline_matrix(frame: pd.DataFrame, indication_label: str) -> alt.Chart:
    description = (
        f"What ACP 2017, NICE NG59 and WHO 2023 say about each option for {indication_label}. "
        "Symbols: ✓ recommended, ~✓ suggested (conditional), ~✗ suggested against, ✗ not recommended, "
        "? no recommendation, blank not addressed, – outside the guideline's scope."
    )
    if frame.empty:
        return _empty_note("No options match the filters.", description)
    rows = _Datasets()
    data = guideline_frame(frame)
    order = sorted(frame["name"].tolist())
    domain = [labels.STANCE[s] for s in Stance] + [labels.OUT_OF_SCOPE]
    colours = [STANCE_COLOURS[s] for s in Stance] + [OUT_OF_SCOPE_COLOUR]
    base = alt.Chart(rows.add("cells", data)).encode(
        x=alt.X(
            "guideline:N",
            sort=[labels.GUIDELINE[g] for g in GuidelineId],
            title=None,
            axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12, labelOverlap=False, labelLimit=200),
        ),
        y=_option_axis(order),
        tooltip=[
            alt.Tooltip("name:N", title="Option"),
            alt.Tooltip("guideline:N", title="Guideline"),
            alt.Tooltip("stance:N", title="Stance"),
        ],
    )
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=2).encode(
        color=alt.Color(
            "colour_key:N",
            title="Stance",
            scale=alt.Scale(domain=domain, range=colours),
            legend=alt.Legend(orient="bottom", columns=2),
        )
    )
    symbols = base.mark_text(fontSize=14, fontWeight="bold", color="#000").encode(text="symbol:N")
    chart = _one_row_per_option(
        alt.layer(cells, symbols, description=description), len(order), f"What the guidelines say ({indication_label})"
    )
    return rows.attach(chart)


EXPLORE_CHARTS = {
    "map": evidence_dependence_map,
    "onset": onset_timeline,
    "effect": effect_forest,
    "guidelines": guideline_matrix,
}

"""The forest plot of pain effects, grouped by certainty, with the size in words beside each point."""

from __future__ import annotations

import math
from functools import lru_cache

import altair as alt
import pandas as pd

from backpain import wording
from backpain.charts.base import (
    CERTAINTY_OPACITY,
    EFFECT_THRESHOLDS,
    Prepared,
    _one_row_per_option,
    _option_axis,
    _with_display_columns,
    _with_order,
    phone_height,
    phone_mark_offset,
    row_titles,
    titles_frame,
    wide_height,
    with_axis_labels,
)

# About how many points of the axis the words beside a row take on a laptop ("no benefit · moderate certainty").
WORDS_ROOM_POINTS = 35.0


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
    # The axis reaches this far, so the words right of an interval that ends right of zero stay on the chart.
    out["words_end"] = out["label_x"] + WORDS_ROOM_POINTS
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


# The diamond and its interval, in px: on a phone they sit under the row's title.
MARK_PX = 10


def _effect_prepare(frame: pd.DataFrame, phone: bool = False) -> Prepared:
    data = effect_frame(frame)
    columns = [
        "name", "order", "effect", "effect_ci_low", "effect_ci_high", "ci_text", "effect_comparator", "effect_timepoint",
        "certainty_label", "label", "size_words", "evidence_words", "label_x", "words_end", "certainty_opacity",
    ]  # fmt: skip
    datasets = {
        "estimates": data.loc[data["has_estimate"], columns],
        "missing": data.loc[~data["has_estimate"], ["name", "order", "label"]],
    }
    if not phone:
        datasets = with_axis_labels(datasets)
        return Prepared(datasets, wide_height(datasets, len(data)))
    # On a phone the words that sit right of the point take the title's second line.
    titles = titles_frame(
        data["name"], data["order"], [f"{n}\n{label}" for n, label in zip(data["name"], data["label"], strict=True)]
    )
    return Prepared(datasets | {"titles": titles}, phone_height(titles, MARK_PX))


EFFECT_REFERENCES = [
    {"x": -v, "band": f"{name} ({v:g} points)", "step": i % 2} for i, (name, v) in enumerate(EFFECT_THRESHOLDS)
] + [{"x": 0.0, "band": "no difference", "step": 0}]
# How far up the second level of line names sits: one line of 11 px text on the dashboard, of 24 px on a slide
# (a slide is the only place the chart is wider than 1200 px).
LEVEL_PX = "(width > 1200 ? -28 : -16)"


@lru_cache(maxsize=16)
def _effect_template(indication_label: str, clinician: bool, phone: bool = False) -> alt.LayerChart:
    """In patient mode the forest shows the estimates without intervals, as plain words ask.

    On a phone each row's name and words are its title, above the point, and the plot takes the whole width.
    """
    # The axis always shows -25 (past the moderate band) to +30, which leaves room right of zero for the
    # words on each row, and stretches to fit any interval.
    x_scale = alt.Scale(domain={"unionWith": [-25.0, 30.0]}, nice=False, padding=12)
    y = _option_axis(phone)
    on_row = {"yOffset": phone_mark_offset(MARK_PX)} if phone else {}
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
    intervals = base.mark_rule(strokeWidth=2, color="#0072B2", **on_row).encode(
        x=alt.X("effect_ci_low:Q", scale=x_scale, title="Difference in pain, 0-100 scale (negative = less pain)"),
        x2="effect_ci_high:Q",
        opacity=opacity,
    )
    points = base.mark_point(filled=True, size=80, shape="diamond", color="#0072B2", **on_row).encode(
        x=alt.X("effect:Q", scale=x_scale, title="Difference in pain, 0-100 scale (negative = less pain)"), opacity=opacity
    )
    # The size in words and the certainty, so the grouping by certainty can be read in both modes. The words keep
    # full strength: the certainty is in them, and faded text would fall below 4.5:1.
    certainty_text = base.mark_text(align="left", dx=7, fontSize=11, color="#222").encode(
        x=alt.X("label_x:Q", scale=x_scale), text="label:N"
    )
    # Nothing drawn: it only stretches the axis to make room for the words.
    room = base.mark_point(opacity=0).encode(x=alt.X("words_end:Q", scale=x_scale))
    missing = (
        alt.Chart(alt.NamedData("missing"))
        .mark_text(align="right", fontSize=11, fontStyle="italic", color="#555")
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
        references.mark_text(angle=0, align="center", baseline="bottom", dy=-2, fontSize=11, color="#555")
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.Y("level:Q", scale=None), text=alt.Text("band:N"))
        .transform_filter("datum.x != 0")
        .transform_calculate(band="split(datum.band, ' (')[0]", level=f"datum.step * {LEVEL_PX}")
    )
    return _one_row_per_option(
        alt.layer(
            rules,
            rule_labels,
            *([intervals] if clinician else []),
            points,
            *([row_titles(MARK_PX)] if phone else [certainty_text, room, missing]),
            description=_effect_description(indication_label, clinician),
        ),
        f"How much does it help? ({indication_label})",
        phone,
    )


def table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Option": frame["name"],
            "Difference (0-100)": frame["effect"],
            "95% CI low": frame["effect_ci_low"],
            "95% CI high": frame["effect_ci_high"],
            "Compared with": frame["effect_comparator"].fillna("no pooled estimate"),
            "When": frame["effect_timepoint"],
            "What it means": frame["effect_words"],
            "Evidence": frame["evidence_words"],
        }
    )

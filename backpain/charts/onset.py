"""The onset timeline: time to first relief on a log axis, with what each onset rests on."""

from __future__ import annotations

import math
from functools import lru_cache

import altair as alt
import pandas as pd

from backpain import labels, wording
from backpain.charts.base import (
    OKABE_ITO,
    ONSET_TICKS,
    Prepared,
    _kind_shape_scale,
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
from backpain.schema import Kind, OnsetBasis

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


# The bar's height, in px: on a phone it sits under the row's title.
MARK_PX = 10


def _onset_prepare(frame: pd.DataFrame, phone: bool = False) -> Prepared:
    data = onset_frame(frame)
    columns = ["name", "order", "start", "end", "onset_label", "kind_label", "rests_on", "helps_here", "onset_note"]
    # When trials first checked is named, never drawn as a bar: it is not a time to relief.
    unknown = data.loc[~data["known"], columns].assign(
        start=ONSET_AXIS_MIN_HOURS, text=lambda d: [_lower_first(label) for label in d["onset_label"]]
    )
    datasets = {"known": data.loc[data["known"], columns], "unknown": unknown}
    if not phone:
        # What is said of an onset goes under the option's name: beside a bar that ends at months it ran off the chart.
        notes = {n: note for n, note in zip(data["name"], data["onset_note"], strict=True) if note}
        datasets = with_axis_labels(datasets, notes)
        return Prepared(datasets, wide_height(datasets, len(data)))
    # On a phone what is said beside a bar (or instead of one) takes the title's second line.
    beside = [
        note if known else _lower_first(label)
        for known, note, label in zip(data["known"], data["onset_note"], data["onset_label"], strict=True)
    ]
    titles = titles_frame(
        data["name"], data["order"], [f"{n}\n{b}" if b else n for n, b in zip(data["name"], beside, strict=True)]
    )
    return Prepared(datasets | {"titles": titles}, phone_height(titles, MARK_PX))


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


SHORT_TICKS = {"1 hour": "1 h", "1 day": "1 d", "1 week": "1 wk", "1 month": "1 mo", "3 months": "3 mo"}


@lru_cache(maxsize=16)
def _onset_template(indication_label: str, clinician: bool, phone: bool = False) -> alt.LayerChart:
    long_words = " : ".join(f"datum.value == {v} ? '{t}'" for v, t in ONSET_TICKS) + " : ''"
    short_words = " : ".join(f"datum.value == {v} ? '{SHORT_TICKS[t]}'" for v, t in ONSET_TICKS) + " : ''"
    # On a phone the plot is about 200 px wide: "1 week" and "1 month" would run into each other.
    label_expr = f"width < 350 ? ({short_words}) : ({long_words})"
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
            # The week and month ticks sit close together: slanted, and on a very narrow chart a tick word that
            # would still touch its neighbour is left out (the tooltip gives every onset in words).
            labelAngle=-35,
            labelOverlap="greedy",
        ),
    )
    y = _option_axis(phone)
    on_row = {"yOffset": phone_mark_offset(MARK_PX)} if phone else {}
    tooltip = [
        alt.Tooltip("name:N", title="Option"),
        alt.Tooltip("onset_label:N", title="First relief"),
        alt.Tooltip("rests_on:N", title="Rests on"),
        alt.Tooltip("kind_label:N", title="Kind"),
    ]
    faint_unless_it_helps = alt.condition("datum.helps_here", alt.value(1.0), alt.value(0.3))
    known = alt.Chart(alt.NamedData("known")).encode(y=y, tooltip=tooltip, opacity=faint_unless_it_helps)
    bars = known.mark_bar(height=MARK_PX, cornerRadius=3, **on_row).encode(
        x=x,
        x2="end:Q",
        color=alt.Color(
            "kind_label:N",
            title="Kind",
            scale=alt.Scale(domain=[labels.KIND[k] for k in Kind], range=OKABE_ITO[:3]),
            # One entry under another: in a row, beginning where the plot begins, they ran past a narrow column's edge.
            legend=alt.Legend(orient="bottom", direction="vertical", columns=1),
        ),
    )
    ends = known.mark_point(filled=True, size=40, **on_row).encode(
        x=x, shape=alt.Shape("kind_label:N", title="Kind", scale=_kind_shape_scale()), color=alt.Color("kind_label:N")
    )
    unknown = (
        alt.Chart(alt.NamedData("unknown"))
        .mark_text(align="left", dx=4, fontStyle="italic", color="#555", fontSize=11)
        .encode(x=x, y=y, text="text:N", tooltip=tooltip)
    )
    return _one_row_per_option(
        alt.layer(bars, ends, *([row_titles(MARK_PX)] if phone else [unknown]), description=_onset_description(indication_label)),
        f"How soon might it help? ({indication_label})",
        phone,
    )


def table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Option": frame["name"],
            "First relief": frame["onset_label"],
            "Earliest (hours)": frame["onset_min_hours"],
            "Latest (hours)": frame["onset_max_hours"],
        }
    )

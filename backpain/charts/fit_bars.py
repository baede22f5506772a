""" "What matters to me": how well each option fits the priorities, split by criterion."""

from __future__ import annotations

import json
from functools import lru_cache

import altair as alt
import pandas as pd

from backpain import labels, wording
from backpain.charts.base import (
    AUTOSIZE,
    NO_MATCH,
    OKABE_ITO,
    _empty_note,
    _option_axis,
    _records,
    legends_stacked,
    phone_height,
    phone_mark_offset,
    readable,
    row_titles,
    titles_frame,
    wide_height,
    with_axis_labels,
    wrapped,
)
from backpain.priorities import CRITERIA


def priority_frame(ranked, treatments_by_id, indication) -> pd.DataFrame:
    """One row per option and criterion: its contribution to the fit, plus the option's badges."""

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


PRIORITY_DESCRIPTION = (
    "Options ordered by how well they fit the priorities chosen. Each bar is split into what each priority "
    "added. The list below gives each option's certainty of evidence, dependence risk and what is not known."
)


def _numbered(criteria: list[str]) -> str:
    """A Vega expression: a criterion's number (1, 2, …) in the legend's order."""
    return "indexof([" + ",".join(json.dumps(c) for c in criteria) + "], datum.criterion) + 1"


# A legend line longer than this wraps: a phone's chart is about 330 px wide.
LEGEND_LINE_CHARS = 36


def _numbered_legend(criteria: list[str]) -> str:
    """A Vega expression: each criterion's legend words, numbered as on the bars, in lines that fit a phone."""
    lines = {c: wrapped(f"{i} · {c}", LEGEND_LINE_CHARS).split("\n") for i, c in enumerate(criteria, 1)}
    return " : ".join(f"datum.label == {json.dumps(c)} ? {json.dumps(words)}" for c, words in lines.items()) + " : datum.label"


# Narrower than this share of the axis, a part of a bar has no room for its number.
MIN_NUMBERED_PART = 0.05


# A bar's height, in px: on a phone it sits under the option's name.
MARK_PX = 14


def _priority_template(title: str, legend: bool, phone: bool = False) -> alt.LayerChart:
    criteria = list(CRITERIA.values())
    # Each part of a bar carries its priority's number, and the legend names the numbers: colour is never the
    # only way to tell the parts apart.
    base = (
        alt.Chart(alt.NamedData("contributions"), description=PRIORITY_DESCRIPTION)
        .transform_calculate(number=_numbered(criteria))
        .transform_stack(stack="contribution", groupby=["name"], sort=[alt.SortField("number")], as_=["start", "end"])
        .transform_calculate(middle="(datum.start + datum.end) / 2")
        .encode(
            y=_option_axis(phone),
            tooltip=[
                alt.Tooltip("name:N", title="Option"),
                alt.Tooltip("criterion:N", title="Priority"),
                alt.Tooltip("contribution:Q", title="Added to fit", format=".2f"),
                alt.Tooltip("fit:Q", title="Total fit", format=".2f"),
                alt.Tooltip("badge:N", title="About this option"),
            ],
        )
    )
    x_scale = alt.Scale(domain=[0, 1])
    on_row = {"yOffset": phone_mark_offset(MARK_PX)} if phone else {}
    bars = base.mark_bar(height=MARK_PX, **on_row).encode(
        x=alt.X("start:Q", title="Fit with your priorities (0 to 1)", scale=x_scale),
        x2="end:Q",
        color=alt.Color(
            "criterion:N",
            title="Priority",
            scale=alt.Scale(domain=criteria, range=OKABE_ITO[: len(criteria)]),
            legend=alt.Legend(
                orient="bottom",
                columns=1,
                labelLimit=320,
                labelExpr=_numbered_legend(criteria),
            )
            if legend
            else None,
        ),
        # Outside the group shown to help, a bar is drawn faint: its length must not read as "better".
        opacity=alt.condition(alt.datum.group == "helps", alt.value(1.0), alt.value(0.3)),
    )
    numbers = (
        base.mark_text(fontSize=11, fontWeight="bold", color="#000000", **on_row)
        .encode(x=alt.X("middle:Q", scale=x_scale), text=alt.Text("number:Q", format="d"))
        .transform_filter(f"datum.contribution >= {MIN_NUMBERED_PART}")
    )
    return readable(
        alt.layer(bars, numbers, *([row_titles(MARK_PX)] if phone else []), description=PRIORITY_DESCRIPTION).properties(
            autosize=AUTOSIZE, title=alt.TitleParams(title, anchor="start", fontSize=13)
        )
    )


def priority_bars(frame: pd.DataFrame, title: str, legend: bool = True) -> alt.TopLevelMixin:
    if frame.empty:
        return _empty_note(NO_MATCH, PRIORITY_DESCRIPTION)
    datasets = with_axis_labels({"contributions": frame})
    chart = _priority_template(title, legend).properties(height=wide_height(datasets, frame["order"].nunique()))
    chart.datasets = {key: _records(data) for key, data in datasets.items()}
    return chart


@lru_cache(maxsize=64)
def _priority_template_spec(title: str, legend: bool, phone: bool) -> str:
    spec = _priority_template(title, legend, phone).to_dict(validate=False)
    return json.dumps(legends_stacked(spec) if phone else spec)


def priority_spec(frame: pd.DataFrame, title: str, legend: bool = True, phone: bool = False) -> dict:
    """``priority_bars(...).to_dict()`` from a cached template: the page draws up to three of these per run.

    ``phone``: the form for a narrow screen, each option's name on a line above its bar."""
    if frame.empty:
        return priority_bars(frame, title, legend).to_dict(validate=False)
    spec = json.loads(_priority_template_spec(title, legend, phone))
    if phone:
        rows = frame.drop_duplicates("name")
        titles = titles_frame(rows["name"], rows["order"], list(rows["name"]))
        datasets = {"contributions": frame, "titles": titles}
        spec["height"] = phone_height(titles, MARK_PX)
    else:
        datasets = with_axis_labels({"contributions": frame})
        spec["height"] = wide_height(datasets, frame["order"].nunique())
    spec["datasets"] = {key: _records(data) for key, data in datasets.items()}
    return spec

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
    _rows_height,
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


def _priority_template(title: str, legend: bool) -> alt.Chart:

    criteria = list(CRITERIA.values())
    return (
        alt.Chart(alt.NamedData("contributions"), description=PRIORITY_DESCRIPTION)
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
        .properties(autosize=AUTOSIZE, title=alt.TitleParams(title, anchor="start", fontSize=13))
    )


def priority_bars(frame: pd.DataFrame, title: str, legend: bool = True) -> alt.TopLevelMixin:
    if frame.empty:
        return _empty_note(NO_MATCH, PRIORITY_DESCRIPTION)
    chart = _priority_template(title, legend).properties(height=_rows_height(frame["order"].nunique()))
    chart.datasets = {"contributions": _records(frame)}
    return chart


@lru_cache(maxsize=32)
def _priority_template_spec(title: str, legend: bool) -> str:
    return json.dumps(_priority_template(title, legend).to_dict(validate=False))


def priority_spec(frame: pd.DataFrame, title: str, legend: bool = True) -> dict:
    """``priority_bars(...).to_dict()`` from a cached template: the page draws up to three of these per run."""
    if frame.empty:
        return priority_bars(frame, title, legend).to_dict(validate=False)
    spec = json.loads(_priority_template_spec(title, legend))
    spec["height"] = _rows_height(frame["order"].nunique())
    spec["datasets"] = {"contributions": _records(frame)}
    return spec

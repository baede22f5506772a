"""The evidence and dependence map: each option placed by certainty (with direction) and dependence risk."""

from __future__ import annotations

from functools import lru_cache

import altair as alt
import pandas as pd

from backpain import labels
from backpain.charts.base import (
    AUTOSIZE,
    MAP_LABEL_LIMIT,
    MAP_SHORT_CERTAINTY,
    Prepared,
    _category_colour_scale,
    _direction_shape_scale,
    _with_display_columns,
)
from backpain.schema import CERTAINTY_ORDER, DEPENDENCE_ORDER, DependenceLevel

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


def table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Option": frame["name"],
            "Evidence": frame["evidence_words"],
            "Dependence risk": frame["dependence"].map(lambda d: labels.DEPENDENCE[DependenceLevel(d)]),
        }
    )

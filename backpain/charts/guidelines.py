"""The guideline matrix: each guideline's stance per option, class stances outlined."""

from __future__ import annotations

import json
import math
from functools import lru_cache

import altair as alt
import pandas as pd

from backpain import labels, wording
from backpain.charts.base import (
    AUTOSIZE,
    OUT_OF_SCOPE_COLOUR,
    STANCE_COLOURS,
    TEXT_COLOUR,
    Prepared,
    _one_row_per_option,
    _option_axis,
    phone_height,
    phone_mark_offset,
    readable,
    row_titles,
    titles_frame,
    wide_height,
    with_axis_labels,
)
from backpain.schema import GuidelineId, Stance

# The matrix's columns, in order: the guidelines, then whether they disagree.
COLUMNS = [*(labels.GUIDELINE_SHORT[g] for g in GuidelineId), wording.DISAGREE_HEADING]
# A light grey that no stance uses: the mark is the symbol, the colour only sets the column apart.
DISAGREE_COLOUR = "#E0E0E0"
CLASS_OUTLINE = "#6B6B6B"


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
        cells = zip(
            ordered["name"],
            ordered[g.value],
            ordered[f"{g.value}_scope"],
            ordered[f"{g.value}_only_if"],
            ordered["class_name"],
            strict=True,
        )
        for order, (name, stance, scope, only_if, class_name) in enumerate(cells):
            symbol, words = _stance_cell(stance)
            is_class = scope == "class"
            only_if = only_if if isinstance(only_if, str) else None
            symbol = f"{symbol} {wording.CLASS_WORD}" if is_class else symbol
            stance_words = wording.stance_and_condition(words, only_if)
            rows.append(
                {
                    "name": name,
                    "order": order,
                    "guideline": labels.GUIDELINE_SHORT[g],
                    "symbol": symbol + wording.ONLY_IF_MARK if only_if else symbol,
                    "stance": wording.class_stance_words(stance_words, class_name) if is_class else stance_words,
                    "colour_key": words,
                    "scope": "class" if is_class else "this option",
                }
            )
    # A last column marks the options on which one guideline is for and another against.
    for order, (name, disagreement) in enumerate(zip(ordered["name"], ordered["disagreement"], strict=True)):
        if isinstance(disagreement, str):
            rows.append(
                {
                    "name": name,
                    "order": order,
                    "guideline": wording.DISAGREE_HEADING,
                    "symbol": wording.DISAGREE_SYMBOL,
                    "stance": disagreement,
                    "colour_key": wording.DISAGREE_CELL,
                    "scope": "this option",
                }
            )
    return pd.DataFrame(rows, columns=["name", "order", "guideline", "symbol", "stance", "colour_key", "scope"])


# The key to the cells' symbols, in the chart's description.
SYMBOL_KEY = (
    "Symbols: ✓ recommended, ~✓ suggested (conditional), ~✗ suggested against, ✗ not recommended, "
    "? no recommendation, n.c. not confirmed (the guideline's own words were not read), blank not addressed, – outside the guideline's scope. An outlined cell marked 'class' "
    "is a stance the guideline made for the whole class (for example muscle relaxants), not for this option. "
    f"{wording.ONLY_IF_MARK} after a symbol: the guideline ties its stance to a group or a condition "
    "(for example only as a last resort); the words are on the option's page. "
    f"{wording.DISAGREE_SYMBOL} in the last column: one guideline is for the option and another against it."
)


def symbol_key_line() -> str:
    """The key in one line, from the legend's own words: under a slide, where the chart has no room for a legend."""
    stances = [f"{labels.STANCE_SYMBOL[s]} {labels.STANCE[s].lower()}" for s in Stance if labels.STANCE_SYMBOL[s]]
    return " · ".join(
        [
            *stances,
            "blank " + labels.STANCE[Stance.not_addressed].lower(),
            f"{labels.OUT_OF_SCOPE_SYMBOL} {labels.OUT_OF_SCOPE.lower()}",
            f"{wording.CLASS_WORD}: a stance for the whole class",
            f"{wording.ONLY_IF_MARK}: tied to a group or a condition",
            f"{wording.DISAGREE_SYMBOL}: one guideline for, another against",
        ]
    )


def _guideline_description(indication_label: str) -> str:
    return f"What {_named(list(labels.GUIDELINE_SHORT.values()))} say about each option for {indication_label}. {SYMBOL_KEY}"


def _named(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1]


# A cell's height on a phone, under its row's title.
PHONE_CELL_PX = 20


def _guideline_prepare(frame: pd.DataFrame, phone: bool = False) -> Prepared:
    cells = guideline_frame(frame)
    if not phone:
        datasets = with_axis_labels({"cells": cells})
        return Prepared(datasets, wide_height(datasets, len(frame)))
    rows = cells.drop_duplicates("name")
    titles = titles_frame(rows["name"], rows["order"], list(rows["name"]))
    return Prepared({"cells": cells, "titles": titles}, phone_height(titles, PHONE_CELL_PX))


def _column_x(axis: alt.Axis | None) -> alt.X:
    """The matrix's columns, for the rows and for the phone's strip of headings alike, so each heading stands over
    its column. Every column whatever the options shown: with no disagreement among them the last column would go,
    and the rows would no longer stand under the headings."""
    return alt.X("guideline:N", sort=COLUMNS, scale=alt.Scale(domain=COLUMNS), title=None, axis=axis)


@lru_cache(maxsize=16)
def _guideline_template(indication_label: str, clinician: bool, phone: bool = False) -> alt.LayerChart:
    """On a phone each row's name is a line above its cells, which then have the whole width."""
    domain = [labels.STANCE[s] for s in Stance] + [labels.OUT_OF_SCOPE, wording.DISAGREE_CELL]
    colours = [STANCE_COLOURS[s] for s in Stance] + [OUT_OF_SCOPE_COLOUR, DISAGREE_COLOUR]
    base = alt.Chart(alt.NamedData("cells")).encode(
        x=_column_x(
            # On a phone the headings are a strip of their own, pinned above the rows (phone_headings).
            None
            if phone
            else alt.Axis(
                orient="top",
                labelAngle=0,
                labelFontSize=12,
                labelOverlap=False,
                labelLimit=200,
                # Phone-narrow: "ACP", "NICE", "WHO", "BMJ", so the headings never run together.
                labelExpr="width < 400 ? split(datum.label, ' ')[0] : datum.label",
            )
        ),
        y=_option_axis(phone),
        tooltip=[
            alt.Tooltip("name:N", title="Option"),
            alt.Tooltip("guideline:N", title="Guideline"),
            alt.Tooltip("stance:N", title="Stance"),
        ],
    )
    colour_scale = alt.Scale(domain=domain, range=colours)
    on_row = {"height": PHONE_CELL_PX, "yOffset": phone_mark_offset(PHONE_CELL_PX)} if phone else {}
    cells = (
        base.mark_rect(stroke="#FFFFFF", strokeWidth=2, **on_row)
        .encode(
            color=alt.Color(
                "colour_key:N", title="Stance", scale=colour_scale, legend=alt.Legend(orient="bottom", columns=1, labelLimit=260)
            )
        )
        .transform_filter("datum.scope != 'class'")
    )
    # A class stance is outlined in grey, not filled with the stance's colour: the guideline did not name this
    # option, so its cell must not read as a green light for it (the symbol and "class" say what the class got).
    class_cells = base.mark_rect(
        fill="#FFFFFF", stroke=CLASS_OUTLINE, strokeWidth=2, strokeDash=[4, 3], xOffset=0, **on_row
    ).transform_filter("datum.scope == 'class'")
    symbols = base.mark_text(
        fontSize=alt.ExprRef("width < 400 ? 11 : 13"),
        fontWeight="bold",
        color="#000",
        **({"yOffset": phone_mark_offset(PHONE_CELL_PX)} if phone else {}),
    ).encode(text="symbol:N")
    layers = alt.layer(
        cells,
        class_cells,
        symbols,
        *([row_titles(PHONE_CELL_PX)] if phone else []),
        description=_guideline_description(indication_label),
    )
    if phone:  # the title is on the strip of headings above
        return readable(layers.properties(autosize=AUTOSIZE))
    return _one_row_per_option(layers, _title(indication_label), phone)


def _title(indication_label: str) -> str:
    return f"What the guidelines say ({indication_label})"


def phone_headings(indication_label: str) -> dict:
    """On a phone, the chart's title and its column headings as a strip of their own, which the page pins to the
    top of the screen while the rows scroll under it: the rows are some 2,500 px long, and headings drawn once at
    their top scrolled away. Its x scale is the rows' own (same columns, order, width and frame), so each heading
    stands over its column."""
    return json.loads(_headings_json(indication_label))


@lru_cache(maxsize=4)
def _headings_json(indication_label: str) -> str:
    words = [{"guideline": c, "heading": c.split(" ")[0]} for c in COLUMNS]
    strip = (
        alt.Chart(alt.Data(values=words), description=f"Column headings of the chart below: {', '.join(COLUMNS)}.")
        .mark_text(fontSize=12, fontWeight="bold", color=TEXT_COLOUR, baseline="middle")
        .encode(x=_column_x(None), text="heading:N")
        .properties(height=18)
    )
    return json.dumps(_one_row_per_option(strip, _title(indication_label), phone=True).to_dict())


def table(frame: pd.DataFrame) -> pd.DataFrame:
    g = guideline_frame(frame)
    if g.empty:
        return g
    return g.pivot(index="name", columns="guideline", values="stance").reset_index().rename(columns={"name": "Option"})

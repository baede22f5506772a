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
    TEXT_COLOUR,
    Prepared,
    _category_colour_scale,
    _direction_shape_scale,
    _with_display_columns,
    readable,
    wrapped,
)
from backpain.schema import CERTAINTY_ORDER, DEPENDENCE_ORDER, DependenceLevel

MAP_ROW_PX = 16
# The phone form: the five certainty columns are narrow, at the right; each option's name has a line (or two)
# of its own at the left, so names are never cut to a column's width.
PHONE_COLUMN_PX = 32
PHONE_NAME_CHARS = 24
# Wide, a name wraps to fit its column (a fifth of the chart, about 110 px on a laptop) rather than being cut.
WIDE_NAME_CHARS = 17


def map_positions(frame: pd.DataFrame, phone: bool = False) -> pd.DataFrame:
    """Place each option in its certainty x dependence cell, listed one under another.

    Rows get as much height as their fullest cell needs, so labels never overlap. On a phone every option of
    a dependence row has lines of its own, in order of certainty, and its marker sits in its certainty column.
    """
    out = _with_display_columns(frame).sort_values(["dependence_rank", "certainty_rank", "name"])
    out["label"] = [wrapped(n, PHONE_NAME_CHARS if phone else WIDE_NAME_CHARS) for n in out["short_name"]]
    lines = out["label"].str.count("\n") + 1
    within = ["dependence_rank"] if phone else ["dependence_rank", "certainty_rank"]
    out["slot"] = lines.groupby([out[c] for c in within]).cumsum() - lines
    # Each dependence row opens with a line for its own label, then its options' lines.
    slots_per_row = (
        (out["slot"] + lines).groupby(out["dependence_rank"]).max().add(1).reindex(range(len(DEPENDENCE_ORDER)), fill_value=2)
    )
    row_top = slots_per_row.cumsum().shift(fill_value=0)
    # A wrapped name's first line is level with its marker; the rest run below.
    out["y"] = out["dependence_rank"].map(row_top) + out["slot"] + 1.5
    # Each label starts at its column's left edge, so labels in one column never run into the next.
    out["x"] = out["certainty_rank"].astype(float) - (0 if phone else 0.46)
    out.attrs["row_bounds"] = [(float(row_top[i]), float(row_top[i] + slots_per_row[i])) for i in range(len(DEPENDENCE_ORDER))]
    return out


def _map_description(indication_label: str) -> str:
    return (
        f"Evidence and dependence map for {indication_label}: each option placed by how sure the evidence is "
        "(left to right, not enough evidence to high) and by its risk of dependence (top none, bottom high). "
        "The marker's shape says what the evidence shows: helps, unclear, no benefit or worse. Being sure that an "
        "option does not help puts it on the right too: read the shape and the word."
    )


def _map_prepare(frame: pd.DataFrame, phone: bool = False) -> Prepared:
    placed = map_positions(frame, phone)
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
        "label",
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


@lru_cache(maxsize=16)
def _map_template(indication_label: str, clinician: bool, phone: bool = False) -> alt.LayerChart:
    # The bands span 0 to the last row, so the y extent comes from the data.
    y_scale = alt.Scale(reverse=True, nice=False, zero=True)
    columns = len(CERTAINTY_ORDER)
    x_scale = alt.Scale(
        domain=[-0.5, columns - 0.5],
        nice=False,
        zero=False,
        **({"range": [alt.ExprRef(f"width - {columns * PHONE_COLUMN_PX}"), alt.ExprRef("width")]} if phone else {}),
    )
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
        title="How sure? (GRADE)" if phone else "How sure is the evidence? (GRADE certainty)",
        orient="top",
        grid=phone,
        gridColor="#E4E4E4",
        labelFontSize=11 if phone else 12,
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
    # A dark outline: the palette's yellow alone reads at 1.2:1 on white.
    points = base.mark_point(
        filled=True, size=70, opacity=0.95, xOffset=0 if phone else 4, stroke=TEXT_COLOUR, strokeWidth=0.75
    ).encode(
        color=alt.Color(
            "group_label:N",
            title="Group",
            scale=_category_colour_scale(),
            legend=alt.Legend(orient="bottom", direction="vertical", columns=1, labelLimit=0),
        ),
        shape=alt.Shape(
            "direction_label:N",
            title="What the evidence shows",
            scale=_direction_shape_scale(),
            legend=alt.Legend(orient="bottom", direction="vertical"),
        ),
    )
    # Options that are not shown to help are named in grey as well as marked by their shape.
    if phone:
        # A name at the left of its line, its marker in its column at the right; wrapped, never cut.
        names = base.mark_text(align="left", baseline="middle", dx=4, fontSize=11, lineHeight=MAP_ROW_PX, lineBreak="\n").encode(
            x=alt.value(0), text="label:N", color=alt.condition("datum.helps", alt.value("#000000"), alt.value("#6B6B6B"))
        )
    else:
        names = base.mark_text(
            align="left", baseline="middle", dx=11, fontSize=11, lineHeight=MAP_ROW_PX, lineBreak="\n", limit=MAP_LABEL_LIMIT
        ).encode(
            text="label:N",
            color=alt.condition("datum.helps", alt.value("#000000"), alt.value("#6B6B6B")),
        )
    return readable(
        alt.layer(background, row_labels, points, names, description=_map_description(indication_label))
        .properties(
            title=alt.TitleParams(
                ["Dependence risk (rows) by", "certainty of evidence (columns)"]
                if phone
                else "Dependence risk (rows) by certainty of evidence (columns)",
                anchor="start",
                fontSize=13,
            ),
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


# On a slide a cell can hold about this many names at 24 px; with more options the slide counts them instead.
NAMES_ON_A_SLIDE = 20
DIRECTION_ORDER = ("Helps", "Unclear", "No benefit", "Worse", "Not enough evidence")


def count_words(count: int, direction: str) -> str:
    """'1 helps', '4 help', '2 no benefit'."""
    words = direction.lower()
    return f"{count} {'help' if words == 'helps' and count > 1 else words}"


def cell_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per certainty x dependence cell: how many options, said by what their evidence shows.

    The words carry the direction, so a full "High" cell never reads as strength when its options do not help.
    """
    shown = _with_display_columns(frame)
    rows = []
    for (dep, cert), cell in shown.groupby(["dependence_rank", "certainty_rank"]):
        counts = cell["direction_label"].value_counts()
        lines = [count_words(counts[d], d) for d in DIRECTION_ORDER if d in counts]
        rows.append(
            {
                "dependence": labels.DEPENDENCE[DEPENDENCE_ORDER[dep]],
                "certainty": labels.CERTAINTY[CERTAINTY_ORDER[cert]],
                "options": len(cell),
                "lines": "\n".join(lines),
                "names": ", ".join(sorted(cell["name"])),
            }
        )
    return pd.DataFrame(rows, columns=["dependence", "certainty", "options", "lines", "names"])


def count_grid(frame: pd.DataFrame, indication_label: str) -> alt.Chart:
    """The map for a slide with many options: each cell says how many options sit there and what their evidence shows."""
    cells = cell_counts(frame)
    x = alt.X(
        "certainty:N",
        sort=[labels.CERTAINTY[c] for c in CERTAINTY_ORDER],
        scale=alt.Scale(domain=[labels.CERTAINTY[c] for c in CERTAINTY_ORDER]),
        axis=alt.Axis(
            orient="top",
            labelAngle=0,
            labelFontSize=24,
            labelLimit=0,
            titleFontSize=26,
            title="How sure is the evidence? (GRADE certainty)",
        ),
    )
    y = alt.Y(
        "dependence:N",
        sort=[labels.DEPENDENCE[d] for d in DEPENDENCE_ORDER],
        scale=alt.Scale(domain=[labels.DEPENDENCE[d] for d in DEPENDENCE_ORDER]),
        axis=alt.Axis(labelFontSize=24, titleFontSize=26, title="Dependence risk", labelLimit=300),
    )
    base = alt.Chart(cells).encode(
        x=x,
        y=y,
        tooltip=[
            alt.Tooltip("certainty:N", title="Certainty"),
            alt.Tooltip("dependence:N", title="Dependence risk"),
            alt.Tooltip("names:N", title="Options"),
        ],
    )
    boxes = base.mark_rect(fill="#F3F6F9", stroke="#FFFFFF", strokeWidth=4)
    words = base.mark_text(fontSize=24, lineHeight=30, lineBreak="\n", color="#1A1A1A").encode(text="lines:N")
    return readable(
        alt.layer(
            boxes,
            words,
            description=(
                f"How many options sit in each cell of the evidence and dependence map for {indication_label}, and what "
                "their evidence shows (helps, unclear, no benefit, worse, not enough evidence). Hover a cell for the names."
            ),
        ).properties(
            title=alt.Title(f"Options by certainty and dependence risk ({indication_label})", anchor="start", fontSize=32),
            # A discrete axis does not stretch to a width: each cell gets a fixed size that fills a slide.
            width=alt.Step(300),
            height=alt.Step(118),
            autosize=alt.AutoSizeParams(type="pad"),
        ),
        label_px=24,
    )

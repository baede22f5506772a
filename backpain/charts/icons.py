"""Out of 100 people: an icon array for one absolute effect."""

from __future__ import annotations

import altair as alt

from backpain.absolute import headline, icon_rows, no_clear_difference
from backpain.wording import NO_CLEAR_DIFFERENCE

ICON_SHAPES = ("circle", "square", "triangle-up", "circle")


def icon_array(effect, option: str) -> alt.Chart:
    """A 10 x 10 icon array. Each group has its own shape and fill, so colour is never the only cue."""
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
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320, labelFontSize=11),
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
            title=alt.TitleParams(
                "Out of 100 people",
                subtitle=NO_CLEAR_DIFFERENCE.capitalize() if no_clear_difference(effect) else "",
                anchor="start",
                fontSize=12,
            ),
        )
        .configure_view(strokeWidth=0)
    )

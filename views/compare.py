"""Compare: two to four options side by side, one row per question people ask (Option Grid style)."""

from __future__ import annotations

import streamlit as st

from backpain import absolute, charts, labels, markup
from backpain.absolute import NO_OUT_OF_100, short_name
from backpain.compare import QUESTIONS, cell, order_on
from backpain.schema import Dataset, Indication
from backpain.view import COMPARE_QUESTIONS, MAX_COMPARE, ViewState
from components import blocks, cached, downloads, layout, state, widgets


def render(dataset: Dataset, view: ViewState) -> None:
    if layout.opening_at_the_top("the comparison"):
        return
    layout.print_layout()
    st.markdown("## Compare options side by side")
    picker(dataset, view)
    chosen = [t for i in view.compare if (t := dataset.treatment(i)) is not None]
    if len(chosen) < 2:
        st.info("Choose at least two options above, or tick them in the table on the Explore page.")
        return
    indication = view.filters.indication
    # In a consultation the kind of back pain is the first thing to set, so it is here, not only on Explore.
    widgets.indication_select(st, view)
    with st.container(key="print_only"):  # the select box is not printed, so the sheet names the kind of back pain
        st.caption(f"For: **{labels.INDICATION[indication]}**")
    downloads.summary_button(dataset, [t.id for t in chosen], view)
    at_a_glance(chosen, indication, clinician=view.mode == "clinician")
    focus = focus_picker(view)
    if focus == "all":
        grid(chosen, list(QUESTIONS), indication, view.mode)
    else:
        st.caption("Ordered on this question. Ties are in alphabetical order.")
        grid(order_on(chosen, focus, indication), [focus], indication, view.mode)


def at_a_glance(chosen, indication: Indication, clinician: bool) -> None:
    """How much each chosen option helps, on one small chart (intervals for clinicians), and out of 100 people."""
    with st.container(border=True, key="at_a_glance"):
        st.markdown("**At a glance: how much each helps**")
        drawn, not_drawn, words = cached.chart_rows("effect", [t.id for t in chosen], indication)
        if drawn:
            blocks.explore_chart("effect", drawn, indication, clinician, key="glance_effect")
        if not_drawn:
            st.caption(markup.plain(charts.not_drawn_line(words, not_drawn)))
        for column, t in zip(st.columns(len(chosen)), chosen, strict=True):
            with column:
                st.markdown(f"*{markup.plain(t.name)}*")
                results = absolute.at_a_glance(t, indication)
                if not results:
                    st.caption(NO_OUT_OF_100)
                for result in results:
                    st.caption(markup.plain(absolute.headline(result)))
                    st.altair_chart(charts.icon_array(result, short_name(t.name)), width="content")
                    st.caption(markup.plain(absolute.one_line(result, t.name)))


def _on_compare(known: frozenset[str]) -> None:
    chosen = widgets.accepted_all("w_compare", known, most=MAX_COMPARE)
    if chosen is not None:
        state.update_view(compare=chosen)


def _on_focus() -> None:
    focus = widgets.accepted("w_focus", COMPARE_QUESTIONS)
    if focus is not None:
        state.update_view(focus=focus)


def picker(dataset: Dataset, view) -> None:
    ids, named, known = widgets.option_choices(dataset)
    st.multiselect(
        f"Options to compare (2 to {MAX_COMPARE})",
        ids,
        format_func=named,
        max_selections=MAX_COMPARE,
        placeholder="Type a name or brand",
        # No "Select all N matches": a fuzzy match of a few letters would add options nobody asked for.
        select_all=False,
        **state.bound("w_compare", list(view.compare), _on_compare, (known,)),
    )


def focus_picker(view) -> str:
    return st.selectbox(
        "Focus on one question",
        COMPARE_QUESTIONS,
        format_func=widgets.shown(lambda q: "Show every question" if q == "all" else QUESTIONS[q]),
        **state.bound("w_focus", view.focus, _on_focus),
    )


# Constant CSS: the options' names stay in view while the rows scroll under them, below the navigation bar. Not on
# a phone: there the names stack, and a pinned stack would cover a third of the screen (each cell names its option).
STICKY_NAMES_CSS = """
<style>
/* The names line up with the columns of the bordered rows under them (1rem of padding and border each side). */
.st-key-compare_names { padding: 0 1rem !important; }
@media (min-width: 736px) {
  [data-testid="stLayoutWrapper"]:has(> .st-key-compare_names) { position: sticky; top: 3.75rem; z-index: 10; background: var(--st-background-color, #fff); }
}
</style>
"""


def grid(treatments, questions: list[str], indication: Indication, mode: str) -> None:
    st.html(STICKY_NAMES_CSS)
    with st.container(key="compare_names"):
        header = st.columns(len(treatments))
        for column, t in zip(header, treatments, strict=True):
            column.markdown(f"#### {markup.plain(t.name)}")
    for question in questions:
        with st.container(border=True, key=f"row_{question}"):
            st.markdown(f"**{QUESTIONS[question]}**")
            columns = st.columns(len(treatments))
            for column, t in zip(columns, treatments, strict=True):
                with column:
                    blocks.show_cell(t.name, cell(t, question, indication, mode), key=f"more_{question}_{t.id}")


if __name__ == "__main__":  # run as a page by st.navigation in app.py
    render(cached.dataset(), state.current_view())

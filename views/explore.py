"""Explore: filter every option, see four charts side by side, pick options to compare."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from backpain import charts, labels, markup, search, wording
from backpain.query import (
    ACCESS_CHOICES,
    MIN_CERTAINTY_CHOICES,
    ONSET_WITHIN_HOURS,
    filter_treatments,
    narrowing_filters_set,
)
from backpain.schema import Category, Dataset, DependenceLevel, Indication, Schedule
from backpain.view import MAX_COMPARE, ViewState, search_text
from components import blocks, cached, downloads, layout, state, widgets
from components.widgets import filter_select


def render(dataset: Dataset, view: ViewState) -> None:
    st.markdown("## Explore the options")
    search_row(view)
    matching = filter_treatments(dataset.treatments, view.filters)
    frame = cached.overview([t.id for t in matching], view.filters.indication)  # shared: never changed in place
    if view.filters.q:
        # A search is answered under the box, on the first screen of a phone; "Start here" follows.
        match_count(dataset, matching, view)
        checked_claims(matching, view)
    layout.start_here(dataset, view.filters.indication)
    more_filters(view)
    if not view.filters.q:
        match_count(dataset, matching, view)
    if matching:
        chart_grid(frame, view.filters.indication, clinician=view.mode == "clinician")
        results_table(frame, view)
    else:
        nothing_matches(dataset, view)
    downloads.open_data(dataset, list(frame["id"]))


def match_count(dataset: Dataset, matching, view) -> None:
    st.markdown(
        f"**{len(matching)} of {len(dataset.treatments)} options match** · {labels.INDICATION[view.filters.indication]}",
        help="The table lists options by name. No option is ranked above another.",
    )


def checked_claims(matching, view) -> None:
    """Someone who searched an advert's words sees, first, that its claims were checked, and where."""
    for t in matching[:3]:
        if words := wording.checked_claims_words(t):
            with st.container(border=True, key=f"checked_claims_{t.id}"):
                st.markdown(f":material/fact_check: {markup.plain(words)}")
                st.page_link(
                    "views/claims.py",
                    label="See each claim beside the evidence",
                    icon=":material/arrow_forward:",
                    query_params=state.link_params(view, treatment=t.id),
                )


def nothing_matches(dataset: Dataset, view) -> None:
    """Said once, with the nearest names and the way back, instead of an empty chart each."""
    typed = view.filters.q
    others = search.closest(dataset.treatments, typed) if typed else []
    words = f"Nothing matches “{markup.plain(typed)}” with these filters." if typed else "No option matches these filters."
    if others:
        words += " Closest names: " + markup.plain(", ".join(wording.names_with_brands(t) for t in others)) + "."
    st.info(words, icon=":material/search_off:")
    st.page_link("views/claims.py", label="Saw it in an advert? Check its claims", icon=":material/fact_check:")


# --- filters -------------------------------------------------------------------------------


def _on_search() -> None:
    typed = st.session_state.get("w_q")
    if not isinstance(typed, str):
        widgets.accepted("w_q", ())  # logs and ignores anything but text
        return
    state.update_filters(q=search_text(typed))


def _on_categories() -> None:
    chosen = widgets.accepted_all("w_category", CATEGORY_VALUES)
    if chosen is not None:
        state.update_filters(categories=tuple(Category(c) for c in chosen))


CATEGORY_VALUES = tuple(c.value for c in Category)


def search_row(view) -> None:
    """The kind of back pain and the search box, first on the page so a phone shows them without scrolling."""
    first, second = st.columns(2)
    widgets.indication_select(first, view)
    second.text_input(
        "Search a name or brand",
        placeholder="e.g. Soma, ibuprofen, yoga",
        max_chars=80,
        **state.bound("w_q", view.filters.q, _on_search),
    )


def more_filters_label(filters) -> str:
    count = narrowing_filters_set(filters)
    return "More filters: type, dependence, certainty, onset, access" + (f" ({count} set)" if count else "")


def more_filters(view) -> None:
    f = view.filters
    with st.expander(more_filters_label(f), icon=":material/filter_list:", expanded=narrowing_filters_set(f) > 0):
        st.multiselect(
            "Types of treatment",
            list(CATEGORY_VALUES),
            format_func=widgets.shown(lambda v: labels.CATEGORY[Category(v)]),
            placeholder="All types",
            **state.bound("w_category", [c.value for c in f.categories], _on_categories),
        )
        fourth, fifth, sixth, seventh = st.columns(4)
        filter_select(
            fourth, view, "max_dependence", "Highest dependence risk I accept", [d.value for d in DependenceLevel],
            lambda v: labels.DEPENDENCE[DependenceLevel(v)] + (" (show all)" if v == "high" else ""), DependenceLevel,
        )  # fmt: skip
        filter_select(
            fifth, view, "min_certainty", "How sure the evidence is, at least", MIN_CERTAINTY_CHOICES, labels.MIN_CERTAINTY.get,
            help="How sure the evidence is (in GRADE's words) for the kind of back pain chosen above.",
        )  # fmt: skip
        filter_select(
            sixth, view, "onset", "First relief expected", ONSET_WITHIN_HOURS, labels.ONSET_WINDOW.get,
            help="Keeps options whose whole onset range fits in this time. "
            "Options with an unknown onset are left out unless 'Any time' is chosen.",
        )  # fmt: skip
        filter_select(seventh, view, "access", "Access", ACCESS_CHOICES, labels.ACCESS_FILTER.get)


# --- charts ------------------------------------------------------------------------------


CHART_TITLES = {"onset": "How soon might it help?", "effect": "How much does it help?"}


def chart_grid(frame: pd.DataFrame, indication: Indication, clinician: bool) -> None:
    # The map needs the most width for its labels; the wider column alternates so the grid stays balanced.
    top_left, top_right = st.columns([3, 2])
    bottom_left, bottom_right = st.columns([3, 2])
    panels = ((top_left, "map"), (top_right, "onset"), (bottom_left, "effect"), (bottom_right, "guidelines"))
    ids = list(frame["id"])
    for column, name in panels:
        with column.container(border=True, key=f"chart_{name}"):
            drawn, not_drawn, words = cached.chart_rows(name, ids, indication)
            if not drawn:
                # An empty chart would say "no options match"; they match, but none has this value.
                st.markdown(f"**{markup.plain(CHART_TITLES[name])}**")
                description = cached.explore_spec(name, [], indication, clinician).get("description", "")
            else:
                description = blocks.explore_chart(name, drawn, indication, clinician, key=name)
            if not_drawn:
                st.caption(markup.plain(charts.not_drawn_line(words, not_drawn)))
            st.caption(markup.plain(description))
            if name == "effect":
                st.caption(
                    "Dashed lines: small effect (5 points), moderate (10 points) and the top of moderate "
                    "(20 points), on a 0 to 100 pain scale, as defined in the AHRQ review behind ACP 2017. "
                    "Each option's comparator and time point differ: see the tooltip or the table."
                )
            # Lazy: the table is built only while its expander is open.
            table_view = st.expander("Table view of these numbers", key=f"table_{name}", on_change="rerun")
            if table_view.open:
                with table_view:
                    numbers = charts.EXPLORE_CHARTS[name].table(frame)
                    if not clinician:
                        # Plain-words view: estimates without their intervals.
                        numbers = numbers.drop(columns=[c for c in INTERVAL_COLUMNS if c in numbers])
                    st.dataframe(numbers, hide_index=True, width="stretch")


INTERVAL_COLUMNS = ("95% CI low", "95% CI high")


# --- table and comparison -----------------------------------------------------------------


def results_table(frame: pd.DataFrame, view) -> None:
    # One box for the options and the button, so the button is pinned only while the options are in view.
    with st.container(key="results"):
        chosen = matching_options(frame, view)
        with st.container(key="add_ticked_row"):  # kept in view while the options scroll by (PAGE_CSS)
            left, right = st.columns([2, 1], vertical_alignment="center")
    if view.compare:
        names = dict(zip(frame["id"], frame["name"], strict=True))
        left.caption("In the comparison: " + markup.plain(", ".join(names.get(i, i) for i in view.compare)))
    if right.button(ticked_label(len(chosen)), disabled=not chosen, width="stretch", key="add_ticked"):
        merged = tuple(dict.fromkeys([*view.compare, *chosen]))[-MAX_COMPARE:]
        layout.switch_to_the_top_of("views/compare.py", state.link_params(state.update_view(compare=merged)))


def matching_options(frame: pd.DataFrame, view) -> list[str]:
    """The options A to Z, to tick for the comparison; the ids ticked (at most four)."""
    st.markdown("#### Matching options")
    frame = frame.sort_values("name", key=lambda names: names.str.lower()).reset_index(drop=True)
    # A table on a desk; on a phone, where a table shows one column at a time, a list with a tick box a line.
    with st.container(key="wide_results"):
        st.caption(
            "Tick up to four rows, then add them to the comparison. 'Open' shows everything about one option. "
            "With a keyboard: Tab into the table, the arrow keys move, Shift+Space ticks a row."
        )
        table_ticks = wide_table(frame, view)
    with st.container(key="phone_results"):
        st.caption("Tick up to four, then add them to the comparison. 'Open' shows everything about one option.")
        list_ticks = phone_list(frame, view)
    return list(dict.fromkeys([*table_ticks, *list_ticks]))[:MAX_COMPARE]


def wide_table(frame: pd.DataFrame, view) -> list[str]:
    """The matching options as a table, a row each; the ids of the rows ticked."""
    table = pd.DataFrame(
        {
            "Option": frame["name"],
            "Details": frame["id"].map(lambda i: _treatment_link(i, view)),
            "Type": frame["category"].map(lambda c: labels.CATEGORY[Category(c)]),
            "First relief": frame["onset_label"],
            "Evidence": frame["evidence_words"],
            "Dependence": frame["dependence"].map(lambda d: labels.DEPENDENCE[DependenceLevel(d)]),
            "Cost": frame["cost"].str.capitalize(),
        }
    )
    if view.mode == "clinician":
        table.insert(
            6, "US schedule", [wording.schedule_words(Schedule(v) if isinstance(v, str) else None) for v in frame["us_schedule"]]
        )
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        key="results_table",
        column_config={
            # Pinned: a keyboard walk across a ticked row scrolls the table sideways, and the names must stay in
            # view. (Only a desk has this table: a phone has the list, where a pinned column left the rest 20 px.)
            "Option": st.column_config.TextColumn("Option", pinned=True),
            "Details": st.column_config.LinkColumn("Details", display_text="Open", help="Open the full page for this option"),
        },
    )
    return [frame["id"].iloc[i] for i in ticked_rows(event.selection.rows, len(frame))]


def phone_list(frame: pd.DataFrame, view) -> list[str]:
    """The matching options as a list, a tick box each with the option's whole name, and under it what the
    evidence shows, when relief may start, the dependence risk and a link to its page; the ids ticked."""
    ticked = []
    for row in frame.itertuples():
        with st.container(gap=None):  # the line sits close under its own box, apart from the next option's
            if st.checkbox(markup.label(row.name), key=f"tick_{row.id}"):
                ticked.append(row.id)
            st.caption(markup.plain(phone_line(row)) + f" · [Open]({_treatment_link(row.id, view)})")
    return ticked


def phone_line(row) -> str:
    """'Low certainty that it helps · First relief: not known · Dependence: none known', a line per option."""
    dependence = labels.DEPENDENCE[DependenceLevel(row.dependence)]
    return f"{row.evidence_words} · First relief: {row.onset_label} · Dependence: {dependence}"


def ticked_label(count: int) -> str:
    """The button says how many rows are ticked, since ticked rows may have scrolled out of sight."""
    if count == 0:
        return "Tick options to compare them"
    return f"Add {count} ticked option{'s' if count > 1 else ''} to the comparison"


def ticked_rows(rows, count: int) -> list[int]:
    """Row positions the browser says are ticked, keeping only real rows (a modified browser can send any)."""
    return [r for r in rows if isinstance(r, int) and 0 <= r < count]


def _treatment_link(treatment_id: str, view) -> str:
    return "./treatment?" + urlencode(state.link_params(view, treatment=treatment_id), doseq=True)


if __name__ == "__main__":  # run as a page by st.navigation in app.py
    render(cached.dataset(), state.current_view())

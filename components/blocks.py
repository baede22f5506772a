"""Display blocks several pages share: an answer cell, a verdict badge, a claim, a sources line."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import streamlit as st

from backpain import charts, labels, markup, wording
from backpain.compare import Cell, lead_and_more, more_label
from backpain.schema import Claim, Dataset, Indication, Verdict
from components import cached

VERDICT_COLOUR = {
    Verdict.supported: "green",
    Verdict.not_supported: "red",
    Verdict.misleading: "orange",
    Verdict.unverified: "gray",
}
VERDICT_BADGE = {v: f":{VERDICT_COLOUR[v]}-badge[{labels.VERDICT[v]}]" for v in Verdict}


def _lines_markdown(lines) -> list[str]:
    return [f"**{label}:** {markup.plain(value)}" if label else markup.plain(value) for label, value in lines]


def show_cell(option_name: str, answer: Cell, key: str | None = None) -> None:
    """A cell's first short lines; with a ``key``, the rest behind "More" (the same for every option)."""
    lead, more = lead_and_more(answer) if key else (answer.lines, ())
    # The option's name repeats in each cell so the grid still reads when columns stack on a phone.
    st.markdown("  \n".join([f"*{markup.plain(option_name)}*", *_lines_markdown(lead)]))
    if more:
        with st.expander(more_label(more), key=key):
            st.markdown("  \n".join(_lines_markdown(more)))


def chart_in_both_forms(key: str, spec: Callable[[bool], dict], phone_headings: dict | None = None) -> dict:
    """A chart in both its forms, ``spec(phone)``; the page's CSS shows the phone form on a narrow screen, the wide
    elsewhere. The server cannot know the screen's width, and a chart cannot change its layout with it. A phone form
    with ``phone_headings`` has them above it, pinned to the top of the screen while its rows scroll by.

    Returns the wide spec (its description is the caption under the chart).
    """
    specs = {phone: spec(phone) for phone in (False, True)}
    for form, phone in (("wide", False), ("phone", True)):
        with st.container(key=f"{form}_{key}"):
            if phone and phone_headings:
                with st.container(key=f"pinned_headings_{key}"):
                    st.vega_lite_chart(phone_headings, width="stretch")
            st.vega_lite_chart(specs[phone], width="stretch")
    return specs[False]


def explore_chart(name: str, ids: Sequence[str], indication: Indication, clinician: bool, key: str) -> str:
    """An Explore chart in both its forms, its datasets already in Arrow bytes (``cached.drawn_spec``); returns its
    description, for the caption under it."""
    headings = charts.PHONE_HEADINGS.get(name)
    wide = chart_in_both_forms(
        key,
        lambda phone: cached.drawn_spec(name, ids, indication, clinician, phone),
        headings(labels.INDICATION_CHART[indication]) if headings else None,
    )
    return wide.get("description", "")


def sources_line(dataset: Dataset, source_ids: Iterable[str]) -> None:
    cited = [dataset.source(s) for s in source_ids]
    st.caption("Sources: " + "; ".join(markup.plain(wording.source_words(s)) for s in cited if s))


def show_claim(dataset: Dataset, claim: Claim) -> None:
    with st.container(border=True):
        st.markdown(f"{VERDICT_BADGE[claim.verdict]} · “{markup.plain(claim.claim)}”")
        if claim.seen_in:
            st.caption(f"Seen in: {markup.plain(claim.seen_in, addresses='site')}")
        st.markdown(markup.plain(claim.why))
        sources_line(dataset, claim.sources)

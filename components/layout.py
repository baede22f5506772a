"""What every page shows: the title bar, the mode switch, the disclaimer and the red flags."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from backpain import safety
from backpain.schema import Dataset
from backpain.view import MODES
from components import cached, state, text

MODE_LABELS = {"patient": "Plain words", "clinician": "Clinician detail", "present": "Presentation"}


def _on_mode_change() -> None:
    state.update_view(mode=st.session_state["w_mode"] or "patient")


def header(dataset: Dataset) -> None:
    view = state.current_view()
    title, mode = st.columns([3, 2], vertical_alignment="center")
    title.markdown("### Back Pain Options")
    title.caption("Compare treatments for low back pain side by side. Every number has a source.")
    state.bind("w_mode", view.mode)
    mode.segmented_control(
        "View",
        MODES,
        key="w_mode",
        format_func=MODE_LABELS.get,
        on_change=_on_mode_change,
        help="Plain words for patients; numbers with intervals, schedules and guideline grades for clinicians; "
        "large slides for talks.",
        width="stretch",
    )
    st.caption(f"**{safety.NOT_MEDICAL_ADVICE}**")
    red_flags(dataset)
    for notice in state.pop_notices():
        st.caption(f"ⓘ {notice}")


def red_flags(dataset: Dataset) -> None:
    now = " · ".join(safety.RED_FLAGS_NOW)
    soon = " · ".join(safety.RED_FLAGS_SOON)
    sources = "; ".join(source_citation(dataset, s) for s in safety.RED_FLAGS_NOW_SOURCES)
    with st.container(border=True, key="red_flags"):
        st.markdown(f"**:red[Get urgent care: go to an emergency department now]** if you have back pain and: {now}")
        st.markdown(f"**See a doctor soon** if: {soon}")
        st.caption(f"Sources: {text.md(sources)}")


def source_citation(dataset: Dataset, source_id: str) -> str:
    source = dataset.source(source_id)
    if source is None:
        return source_id
    return f"{source.citation or source.title} ({source.link})"


def share_link() -> None:
    """A copyable link to exactly this view (the URL already carries every setting)."""
    with st.container(key="share_link"), st.expander("Copy a link to this view", icon=":material/link:"):
        st.caption(
            "The address bar always holds the current view. Copy it from there, or copy the part below and add it to this site's address."
        )
        params = state.to_query_string(state.current_view())
        st.code(f"?{params}" if params else "(the default view: no settings to add)", language=None)


def page(render: Callable[[Dataset], None]) -> None:
    """Every page: the shared header and safety text, the page itself, then the share link.

    Each page file calls this (rather than the router) so a page renders the same whether it is
    reached through navigation, a deep link or a test.
    """
    data = cached.dataset()
    view = state.load_view(data)
    if view.mode == "present":
        # A talk: the deck replaces the page, in large type, with the safety lines kept at the foot.
        from components import present

        present.render(data)
        return
    header(data)
    render(data)
    share_link()


# Our own constant CSS, no data in it: printing the Compare page gives the grid, the red flags and the
# disclaimer, without navigation, controls or the share panel.
PRINT_CSS = """
<style>
@media print {
  header, [data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stSegmentedControl"], [data-testid="stMultiSelect"],
  [data-testid="stSelectbox"], [data-testid="stDownloadButton"], [data-testid="stButton"],
  [data-testid="stExpander"], .st-key-share_link, .st-key-w_mode { display: none !important; }
  [data-testid="stMainBlockContainer"], .block-container { max-width: 100% !important; padding: 0 !important; }
  [data-testid="stVegaLiteChart"], svg, canvas { max-width: 100% !important; }
  [data-testid="stVerticalBlockBorderWrapper"] { break-inside: avoid; }
}
</style>
"""


def print_layout() -> None:
    st.html(PRINT_CSS)

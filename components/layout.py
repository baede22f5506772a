"""The parts of the frame every page shares: title, mode switch, disclaimer, red flags, notices, share link."""

from __future__ import annotations

import streamlit as st

from backpain import markup, safety
from backpain.view import MODES, ViewState, summarise_notices
from components import state, widgets

MODE_LABELS = {"patient": "Plain words", "clinician": "Clinician detail", "present": "Presentation"}
TITLE = "Back Pain Options"
TAGLINE = "Compare treatments for low back pain side by side. Every number has a source."


def _on_mode_change() -> None:
    mode = widgets.accepted("w_mode", MODES, when_empty="patient")
    if mode is not None:
        state.update_view(mode=mode)


def page_title(page: str, presenting: bool) -> str:
    return f"{'Presentation' if presenting else page} · {TITLE}"


def title() -> None:
    # The page's one h1 (the slide's title is the h1 of the deck), kept at the size of a small heading.
    with st.container(key="site_title"):
        st.markdown(f"# {TITLE}")
    st.caption(TAGLINE)


def header(view: ViewState) -> None:
    """The title with the mode switch beside it."""
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        title()
    state.bind("w_mode", view.mode)
    right.segmented_control(
        "View",
        MODES,
        key="w_mode",
        format_func=widgets.shown(MODE_LABELS.get),
        on_change=_on_mode_change,
        help="Plain words for patients; numbers with intervals, schedules and guideline grades for clinicians; "
        "large slides for talks.",
        width="stretch",
    )


def safety_text(compact: bool) -> None:
    """'Not medical advice' and the red flags. They need no data, so they show even when nothing else can."""
    if compact:
        # A slide keeps one line of safety text, so the chart has the room.
        st.caption(f"**{safety.NOT_MEDICAL_ADVICE}** Get urgent care now for back pain with: " + " ".join(safety.RED_FLAGS_NOW))
        return
    st.caption(f"**{safety.NOT_MEDICAL_ADVICE}**")
    red_flags()


def red_flags() -> None:
    now = " · ".join(safety.RED_FLAGS_NOW)
    soon = " · ".join(safety.RED_FLAGS_SOON)
    sources = "; ".join(markup.link(*safety.SOURCE_LINKS[s]) for s in safety.RED_FLAGS_SOURCES)
    with st.container(border=True, key="red_flags"):
        st.markdown(f"**:red[Get urgent care: go to an emergency department now]** if you have back pain and: {now}")
        st.markdown(f"**See a doctor soon** if: {soon}")
        st.caption(f"Sources: {sources}")


def notices(messages: list[str]) -> None:
    """What the link asked for that was ignored, as plain text (a link's words never become formatting)."""
    shown = summarise_notices(messages)
    if shown:
        st.caption("  \n".join(f":material/info: {markup.plain(message)}" for message in shown))


def data_unavailable() -> None:
    st.error(safety.DATA_UNAVAILABLE, icon=":material/error:")


def share_link() -> None:
    """A copyable link to exactly this view (the URL already carries every setting)."""
    with st.container(key="share_link"), st.expander("Copy a link to this view", icon=":material/link:"):
        st.caption("This address reopens this page with every setting. Copy it with the button at its right.")
        # The code block's own copy button; the address wraps so it is never cut on a phone.
        st.code(state.permalink(state.current_view()), language=None, wrap_lines=True)


# Our own constant CSS for every page, no data in it: captions in a darker grey than Streamlit's faded text
# (3.9:1 on white), so small print such as the red flags' sources reads at 4.5:1 or better; the site title, the
# page's h1, at the size of a small heading.
PAGE_CSS = """
<style>
.st-key-site_title h1 { font-size: 1.5rem !important; padding: 0.5rem 0 0 0; }
[data-testid="stCaptionContainer"] { color: #5c5b59 !important; opacity: 1 !important; }
[data-testid="stCaptionContainer"] p, [data-testid="stCaptionContainer"] strong { color: inherit !important; opacity: 1 !important; }
</style>
"""


# Our own constant CSS, no data in it: printing the Compare page gives the grid, the red flags and the
# disclaimer, without navigation, controls or the share panel.
PRINT_CSS = """
<style>
@media screen { .st-key-print_only { display: none; } }
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

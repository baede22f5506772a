"""The parts of the frame every page shares: title, mode switch, disclaimer, red flags, notices, share link."""

from __future__ import annotations

import streamlit as st

from backpain import labels, markup, safety
from backpain.schema import Dataset, Indication
from backpain.start_here import for_indication as start_here_for
from backpain.start_here import source_ids
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
    # A phone hides the tagline (PAGE_CSS), so the search box is on its first screen.
    with st.container(key="site_tagline"):
        st.caption(TAGLINE)


def header(view: ViewState) -> None:
    """The title with the mode switch beside it."""
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        title()
    right.segmented_control(
        "View",
        MODES,
        format_func=widgets.shown(MODE_LABELS.get),
        **state.bound("w_mode", view.mode, _on_mode_change),
        help="Plain words for patients; numbers with intervals, schedules and guideline grades for clinicians; "
        "large slides for talks.",
        width="stretch",
    )


def safety_text(compact: bool, full: bool = False) -> None:
    """'Not medical advice' and the red flags. They need no data, so they show even when nothing else can.

    Compact (a slide): one caption line. Otherwise the urgent signs in one line with the full list a tap away,
    so the first screen of a phone still reaches the search and the options; `full` opens the list at once.
    """
    if compact:
        # A slide keeps one line of safety text, so the chart has the room.
        st.caption(
            f"**{safety.NOT_MEDICAL_ADVICE}** **Go to an emergency department now** if you have back pain and {safety.RED_FLAGS_NOW_IN_ONE_LINE}"
        )
        return
    # Its own key when open: the frame may swap the closed box for the open one in the same run.
    with st.container(border=True, key="red_flags_open" if full else "red_flags"):
        # On a phone the urgent bar shows this line, on the same screen. Its own key when open, as the box's.
        with st.container(key="urgent_line_in_box_open" if full else "urgent_line_in_box"):
            st.markdown(URGENT_LINE)
        with st.expander(
            "All warning signs, and when to see a doctor soon",
            expanded=full,
            key="red_flags_list_open" if full else "red_flags_list",
        ):
            red_flag_lists()
        st.caption(f"**{safety.NOT_MEDICAL_ADVICE}**")


URGENT_LINE = f"**:red[Go to an emergency department now]** if you have back pain and {safety.RED_FLAGS_NOW_IN_ONE_LINE}"


def urgent_bar() -> None:
    """The urgent signs in one line fixed at the bottom of the screen (PAGE_CSS), so they stay in view however far
    a long page is scrolled, on a phone as on a desk. Not on slides: a slide keeps its own line."""
    with st.container(key="urgent_bar"):
        st.markdown(URGENT_LINE)


def red_flag_lists() -> None:
    now = " · ".join(safety.RED_FLAGS_NOW)
    soon = " · ".join(safety.RED_FLAGS_SOON)
    sources = "; ".join(markup.link(*safety.SOURCE_LINKS[s]) for s in safety.RED_FLAGS_SOURCES)
    st.markdown(f"**:red[Get urgent care: go to an emergency department now]** if you have back pain and: {now}")
    st.markdown(f"**See a doctor soon** if: {soon}")
    st.caption(f"Sources: {sources}")


def page_links(pages: list, view: ViewState) -> None:
    """The pages as a row of links that keep the view. Shown on narrow screens only (PAGE_CSS), where the
    navigation would otherwise hide behind a menu button and its sidebar would stay open over the page."""
    params = state.link_params(view)
    with st.container(key="page_links", horizontal=True, gap="small"):
        for page in pages:
            st.page_link(page, label=page.title, query_params=params)


def start_here(dataset: Dataset, indication: Indication) -> None:
    """What the NHS and NICE say first for this kind of back pain: the outlook, first steps, when to get help."""
    start = start_here_for(indication)
    with st.container(border=True, key="start_here"):
        st.markdown(f"**Start here** · {labels.INDICATION[indication]}  \n{start.outlook.text}")
        with st.expander("First steps, and when to get help"):
            for line in start.first_steps:
                st.markdown(f"- {line.text}")
            st.markdown(f"**When to get help:** {start.get_help.text}")
            cited = [dataset.source(s) for s in source_ids(start)]
            st.caption("Sources: " + "; ".join(markup.link(s.citation or s.title, s.link) for s in cited if s))


_OPEN_AT_TOP = "_open_at_top"
_SHORT_RUN_DRAWN = "_short_run_drawn"


def switch_to_the_top_of(page: str, query_params: dict) -> None:
    """Open another page at its top. Streamlit keeps the scroll position on a page switch (and our content security
    policy allows no script to reset it), so a button at the end of a long page would open the next page near its
    end. See :func:`opening_at_the_top`."""
    st.session_state[_OPEN_AT_TOP] = True
    st.switch_page(page, query_params=query_params)


def opening_at_the_top(what: str) -> bool:
    """True on the first run of a page opened by :func:`switch_to_the_top_of`: that run draws one short line, so the
    old page's end is cleared, the page is short and the browser scrolls to its top; a moment later the whole
    page is drawn, from the top."""
    if not st.session_state.pop(_OPEN_AT_TOP, False):
        return False
    st.caption(f"Opening {what}…")
    _then_the_whole_page()
    return True


@st.fragment(run_every=0.05)
def _then_the_whole_page() -> None:
    # Called in the short run, it only marks that run as drawn; its first timed run then draws the whole page.
    if st.session_state.pop(_SHORT_RUN_DRAWN, False):
        st.rerun(scope="app")
    st.session_state[_SHORT_RUN_DRAWN] = True


def notices(messages: list[str], presenting: bool = False) -> None:
    """What the link asked for that was ignored, as plain text (a link's words never become formatting). On a slide,
    a note that fades, so the slide still fits its screen."""
    shown = summarise_notices(messages)
    if shown and presenting:
        st.toast("  \n".join(markup.plain(message) for message in shown), icon=":material/info:", duration="long")
    elif shown:
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
@media (min-width: 736px) { .st-key-page_links { display: none !important; } }
/* Each chart comes in two forms (blocks.explore_chart): the phone form below 736 px, the wide form above. */
@media (min-width: 736px) { [class*="st-key-phone_"] { display: none !important; } }
@media (max-width: 735px) { [class*="st-key-wide_"] { display: none !important; } }
/* A phone chart's column headings stay at the top of the screen while its rows scroll under them. */
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-pinned_headings_"]) { position: sticky; top: 0.25rem; z-index: 5; background: #fff; }
.st-key-page_links { row-gap: 0 !important; }
/* The urgent line stays at the bottom of the screen (urgent_bar); the page ends above it. */
.st-key-urgent_bar { position: fixed !important; left: 0; right: 0; bottom: 0; z-index: 999990; background: #ffffff;
  border-top: 2px solid #b71c1c; padding: 0.35rem 1rem !important; box-shadow: 0 -2px 6px rgba(0, 0, 0, 0.12);
  height: auto !important; max-height: none !important; overflow: visible !important; width: auto !important; }
.st-key-urgent_bar p { font-size: 0.85rem !important; line-height: 1.3 !important; margin: 0 !important; }
.st-key-urgent_bar [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
[data-testid="stMainBlockContainer"] { padding-bottom: 7rem !important; }
/* A control reached with the keyboard is scrolled clear of the app's top bar and of the urgent line. */
[data-testid="stMain"] { scroll-padding-top: 4rem; scroll-padding-bottom: 6rem; }
/* The button that adds ticked options stays in view, above the urgent line, while the options scroll by. */
[data-testid="stLayoutWrapper"]:has(> .st-key-add_ticked_row) { position: sticky; bottom: 2.5rem; z-index: 5;
  background: #fff; padding: 0.25rem 0; }
@media (max-width: 735px) { [data-testid="stLayoutWrapper"]:has(> .st-key-add_ticked_row) { bottom: 5.25rem; } }
/* A phone has the urgent line in the bar at the bottom of the same screen: the box at the top need not repeat it. */
/* (Not when the box opens with the full list, as when the data cannot be read: then the bar may not be drawn.) */
@media screen and (max-width: 735px) { .st-key-urgent_line_in_box { display: none !important; } }
@media print { .st-key-urgent_bar { display: none !important; } }
@media (max-width: 735px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.5rem !important; padding-bottom: 9rem !important; }
  .st-key-urgent_bar { padding: 0.3rem 0.75rem !important; }
  .st-key-urgent_bar p { font-size: 0.8rem !important; }
  .st-key-site_tagline { display: none !important; }
  [data-testid="stMainBlockContainer"] h2 { font-size: 1.35rem !important; padding: 0.25rem 0 0 0 !important; }
  [class*="st-key-red_flags"] p { font-size: 0.9rem !important; line-height: 1.4 !important; }
  [class*="st-key-red_flags"] [data-testid="stExpander"] summary { padding-top: 0.35rem !important; padding-bottom: 0.35rem !important; }
  [class*="st-key-red_flags"] { gap: 0.5rem !important; }
}
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
  [data-testid="stExpander"], .st-key-share_link, .st-key-w_mode, .st-key-urgent_bar { display: none !important; }
  [data-testid="stMainBlockContainer"], .block-container { max-width: 100% !important; padding: 0 !important; }
  [data-testid="stVegaLiteChart"], svg, canvas { max-width: 100% !important; }
  [data-testid="stVerticalBlockBorderWrapper"] { break-inside: avoid; }
  /* Paper gets the wide form of each chart, drawn at the screen's width, whatever the page's width on paper. */
  [class*="st-key-phone_"] { display: none !important; }
  [class*="st-key-wide_"] { display: block !important; }
  /* The full red flags and each cell's "More" print open: paper has no tap. */
  :is(.st-key-red_flags_list, [class*="st-key-more_"]) [data-testid="stExpander"] { display: block !important; }
  :is(.st-key-red_flags_list, [class*="st-key-more_"]) details::details-content { content-visibility: visible !important; display: block !important; }
  :is(.st-key-red_flags_list, [class*="st-key-more_"]) summary { display: none !important; }
}
</style>
"""


def print_layout() -> None:
    st.html(PRINT_CSS)

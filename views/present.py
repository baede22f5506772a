"""Presentation mode: one chart or one option per slide, in large type, with the slide number in the URL."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from backpain import charts, labels, markup, wording
from backpain.absolute import short_name
from backpain.charts.evidence_map import NAMES_ON_A_SLIDE, count_grid
from backpain.charts.guidelines import symbol_key_line
from backpain.query import filter_treatments, overview_frame
from backpain.schema import NO_STANCE_READ, Dataset, GuidelineId, Stance
from backpain.slides import CHART_SLIDES, DECK, export_name, half_slide_spec, slide_number, slide_spec
from backpain.view import ViewState
from components import cached, state, widgets
from components.blocks import VERDICT_BADGE

# Constant CSS, no data in it. The deck is laid out on a 1920 x 1080 canvas and scaled to the screen, as slide
# software does, so one slide fits a 1920 x 1080 projector and a 1280 x 720 laptop alike, without scrolling.
# The app's own header and navigation are hidden; the red-flag line, the slide controls and the footer stay.
SLIDE_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] {
  width: 1920px !important; max-width: 1920px !important; min-height: 1080px; box-sizing: border-box;
  padding: 16px 48px !important; margin: 0 !important; zoom: 0.6667;
}
@media (min-width: 1800px) and (min-height: 1000px) { [data-testid="stMainBlockContainer"] { zoom: 1; } }
@supports (zoom: calc(100vh / 1080px)) {
  [data-testid="stMainBlockContainer"] { zoom: min(calc(100vh / 1080px), calc(100vw / 1920px)); }
}
.st-key-slide p, .st-key-slide li, .st-key-slide span { font-size: 1.6rem !important; line-height: 1.35; }
.st-key-slide h1 { font-size: 2.6rem !important; padding: 0 !important; }
.st-key-slide h2 { font-size: 2.2rem !important; padding: 0.25rem 0 !important; }
.st-key-slide_keys { display: none; }
.st-key-left_out p { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.st-key-claims p, .st-key-claims span { font-size: 1.35rem !important; }
.st-key-symbol_key p { font-size: 1.1rem !important; line-height: 1.25 !important; }
</style>
"""
DEFAULT_OPTION = "carisoprodol"
# The canvas leaves the chart this much height once the red-flag line, the controls, the title, the line of
# options left out and the footer have theirs; the chart's title, axes and legend are inside it.
SCREEN_CHART_PX = 700
CANVAS_WIDTH_PX = 1920 - 2 * 48
# Rows of the guideline chart per column at 24 px; with more, the options are split into two columns.
ROWS_PER_COLUMN = 21
GUIDELINE_COLUMNS = [g.value for g in GuidelineId]


def _no_stance(frame: pd.DataFrame) -> pd.Series:
    addressed = frame[GUIDELINE_COLUMNS].isin([s.value for s in Stance if s not in NO_STANCE_READ])
    return ~addressed.any(axis=1)


# What each chart slide leaves out to stay legible at 24 px, and how the names left out are introduced: what the
# dashboard leaves out, and on a slide also the options no guideline addressed.
SLIDE_LEAVES_OUT = {
    **charts.NOT_DRAWN,
    "guidelines": (_no_stance, f"Not addressed by any of the {len(GuidelineId)} guidelines"),
}


def _go(step: int) -> None:
    view = state.current_view()
    state.update_view(slide=slide_number(view.slide + step))


def render(dataset: Dataset, view: ViewState) -> None:
    number = slide_number(view.slide)
    key, title = DECK[number - 1]
    st.html(SLIDE_CSS)
    back, where, forward, downloads, leave = st.columns([1, 2, 1, 1, 1], vertical_alignment="center")
    back.button("◀ Previous", on_click=_go, args=(-1,), disabled=number == 1, width="stretch", key="slide_prev", shortcut="Left")
    where.markdown(f"**Slide {number} of {len(DECK)}** · {labels.INDICATION[view.filters.indication]}")
    forward.button(
        "Next ▶", on_click=_go, args=(1,), disabled=number == len(DECK), width="stretch", key="slide_next", shortcut="Right"
    )
    clicker_keys(number)
    leave.button(
        "Leave presentation", on_click=lambda: state.update_view(mode="patient", slide=1), width="stretch", key="slide_exit"
    )
    with st.container(key="slide"):
        st.markdown(f"# {title}")
        if key in CHART_SLIDES:
            chart_slide(dataset, view, key, downloads)
        elif key == "option":
            option_download(downloads, view, key, option_slide(dataset, view))
        else:
            option_download(downloads, view, key, claims_slide(dataset, view))
        st.caption(markup.plain(wording.slide_footer(dataset.provenance)))


# A presentation clicker sends PageDown and PageUp; Space moves on as in other slide software. The arrows are on
# the visible buttons; these hidden ones carry the other keys (a button takes one shortcut).
CLICKER_KEYS = (("PageDown", 1), ("Space", 1), ("PageUp", -1))


def clicker_keys(number: int) -> None:
    with st.container(key="slide_keys"):
        for key, step in CLICKER_KEYS:
            last = number == (len(DECK) if step > 0 else 1)
            st.button(key, on_click=_go, args=(step,), disabled=last, key=f"slide_key_{key}", shortcut=key)


def chart_slide(dataset: Dataset, view, key: str, downloads) -> None:
    matching = filter_treatments(dataset.treatments, view.filters)
    # A slide has room for about 25 legible rows: options without the number are named below, not drawn.
    frame, missing, words = charts.split_not_drawn(key, overview_frame(matching, view.filters.indication), SLIDE_LEAVES_OUT)
    indication_label = labels.INDICATION_CHART[view.filters.indication]
    spec = charts.explore_spec(key, frame, indication_label, clinician=True)
    big = slide_spec(spec, rows=None if key == "map" else len(frame))
    if key == "map" and len(frame) > NAMES_ON_A_SLIDE:
        # Too many names for 24 px type: each cell counts its options, by what their evidence shows.
        st.vega_lite_chart(count_grid(frame, indication_label).to_dict(), width="content")
    elif key == "guidelines" and len(frame) > ROWS_PER_COLUMN:
        guideline_columns(frame, indication_label)
    else:
        # A fixed width on the 1920 px canvas: the canvas's zoom scales it, where a measured width would shrink it twice.
        st.vega_lite_chart({**big, "height": SCREEN_CHART_PX, "width": CANVAS_WIDTH_PX}, width="content")
    if missing:
        line = charts.not_drawn_line(words, missing)
        with st.container(key="left_out"):
            st.caption(markup.plain(line), help=markup.plain(line))
    number = slide_number(view.slide)
    footer = wording.slide_footer(dataset.provenance)

    def name(extension: str) -> str:
        return export_name(number, key, view.filters.indication.value, extension)

    with downloads.popover("Download", icon=":material/download:", width="stretch"):
        st.download_button(
            "PNG (1920 px wide)", data=lambda: cached.slide_png(big, footer), file_name=name("png"), mime="image/png",
            on_click="ignore", key=f"png_{key}", width="stretch",
        )  # fmt: skip
        st.download_button(
            "SVG (1920 px wide)", data=lambda: cached.slide_svg(big, footer), file_name=name("svg"), mime="image/svg+xml",
            on_click="ignore", key=f"svg_{key}", width="stretch",
        )  # fmt: skip


def guideline_columns(frame: pd.DataFrame, indication_label: str) -> None:
    """More rows than fit at 24 px: the options split in two, side by side, A to Z down the first then the second.

    Each name without its bracket ("NSAIDs by mouth"), so it fits its half of the slide uncut; the symbols' key
    goes under the halves, which have no legend."""
    ordered = frame.sort_values("name").assign(name=lambda f: f["name"].map(short_name))
    half = -(-len(ordered) // 2)
    for column, part in zip(st.columns(2), (ordered.iloc[:half], ordered.iloc[half:]), strict=True):
        spec = half_slide_spec(
            slide_spec(charts.explore_spec("guidelines", part, indication_label, clinician=True)), label_px=380
        )
        column.vega_lite_chart(spec, width="content")
    with st.container(key="symbol_key"):
        st.caption(markup.plain(symbol_key_line()))


def option_download(downloads, view, key: str, option_id: str) -> None:
    """On the option and claims slides: the option's summary sheet, for handing out after the talk; from the claims
    slide, with the claims checked. Its link and QR code open the option's own page in the sheet's words."""
    number = slide_number(view.slide)
    with_claims = key == "claims"
    what = "this option and its checked claims" if with_claims else "this option"
    with downloads.popover("Download", icon=":material/download:", width="stretch"):
        for clinician, words in ((False, "plain words"), (True, "clinician detail")):
            detail = "clinician" if clinician else "plain"
            link = state.sheet_link(replace(view, treatment=option_id), clinician, page="treatment")
            st.download_button(
                f"Summary of {what}, {words} (PDF)",
                data=lambda clinician=clinician, link=link: cached.summary(
                    [option_id], view.filters.indication, clinician=clinician, link=link, priorities=None,
                    with_claims=with_claims,
                ),
                file_name=export_name(number, f"{key}-{option_id}-{detail}", view.filters.indication.value, "pdf"),
                mime="application/pdf", on_click="ignore", key=f"pdf_{key}_{detail}", width="stretch",
            )  # fmt: skip


def slide_picker(dataset: Dataset, view) -> str | None:
    """The option picker of the option and claims slides. Its box is named after the option shown, so a choice
    draws a new box and the focus leaves the picker: the deck's keys (which Streamlit ignores while a text box has
    the focus) move the slides again at once, without a click elsewhere."""
    with st.container(key=f"slide_picker_{view.treatment or 'default'}"):
        return widgets.option_picker(dataset, view, "Choose an option", chosen_by_default=DEFAULT_OPTION)


def option_slide(dataset: Dataset, view) -> str:
    chosen = slide_picker(dataset, view)
    t = dataset.treatment(chosen or DEFAULT_OPTION) or dataset.treatments[0]
    evidence = t.evidence.for_indication(view.filters.indication)
    st.markdown(f"## {markup.plain(t.name)}")
    st.markdown(markup.plain(t.plain_summary))
    left, right = st.columns(2)
    left.markdown(
        f"**How soon:** {markup.plain(wording.onset_words(t.onset))}  \n"
        f"**How much, how sure:** {markup.plain(wording.how_much(evidence, clinician=False))}  \n"
        f"**Dependence:** {labels.DEPENDENCE[t.dependence.level]} ({markup.plain(wording.schedule_aside(t.dependence.us_schedule))})"
    )
    right.markdown(
        f"**Common side effects:** {markup.plain(wording.listed(t.harms.common))}  \n"
        f"**Serious risks:** {markup.plain(wording.listed(t.harms.serious))}"
    )
    st.caption("The option is in the address too (id=…), so a link reopens this slide with it.")
    return t.id


def claims_slide(dataset: Dataset, view) -> str:
    chosen = slide_picker(dataset, view)
    t = dataset.treatment(chosen or DEFAULT_OPTION) or next((t for t in dataset.treatments if t.claims), dataset.treatments[0])
    st.markdown(f"## {markup.plain(t.name)}")
    if not t.claims:
        st.markdown(f"No claims about {markup.plain(t.name)} have been checked yet.")
    # Two columns of claims, so a drug with several checked claims still fits the slide.
    with st.container(key="claims"):
        for column, claims in zip(st.columns(2), balanced_halves(t.claims), strict=True):
            for claim in claims:
                # The verdict never stands without its reason: "supported" can still carry a limit.
                column.markdown(f"{VERDICT_BADGE[claim.verdict]} “{markup.plain(claim.claim)}”  \n{markup.plain(claim.why)}")
    return t.id


def balanced_halves(claims) -> tuple[list, list]:
    """The claims in two columns of about equal length, in their order: each goes to the shorter column so far."""
    halves: tuple[list, list] = ([], [])
    lengths = [0, 0]
    for claim in claims:
        shorter = lengths.index(min(lengths))
        halves[shorter].append(claim)
        lengths[shorter] += len(claim.claim) + len(claim.why)
    return halves

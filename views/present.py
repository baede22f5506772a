"""Presentation mode: one chart or one option per slide, in large type, with the slide number in the URL."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from backpain import charts, labels, markup, wording
from backpain.query import filter_treatments, overview_frame
from backpain.schema import NO_STANCE_READ, Dataset, GuidelineId, Stance
from backpain.slides import CHART_SLIDES, DECK, SLIDE_CHROME_PX, export_name, slide_number, slide_spec
from backpain.view import ViewState
from components import cached, state, widgets
from components.blocks import VERDICT_BADGE

# Constant CSS, no data in it: the whole deck in large type.
SLIDE_CSS = """
<style>
.st-key-slide p, .st-key-slide li, .st-key-slide span { font-size: 1.6rem !important; line-height: 1.35; }
.st-key-slide h1 { font-size: 3rem !important; }
.st-key-slide h2 { font-size: 2.2rem !important; }
.st-key-slide_keys { display: none; }
</style>
"""
DEFAULT_OPTION = "carisoprodol"
# The map lists every option in its cells, so it needs the most height to keep 24 px rows apart.
SCREEN_CHART_PX = {"map": 950}
MIN_SCREEN_CHART_PX = 420
# A little more than a slide's row (25.5 px): on screen the 24 px names need room to breathe.
SCREEN_ROW_PX = 30
GUIDELINE_COLUMNS = [g.value for g in GuidelineId]


def _no_stance(frame: pd.DataFrame) -> pd.Series:
    addressed = frame[GUIDELINE_COLUMNS].isin([s.value for s in Stance if s not in NO_STANCE_READ])
    return ~addressed.any(axis=1)


# What each chart slide leaves out to stay legible at 24 px, and how the names left out are introduced.
SLIDE_LEAVES_OUT = {
    "onset": (lambda f: f["onset_max_hours"].isna(), "Onset not known"),
    "effect": (lambda f: f["effect"].isna(), "No pooled estimate"),
    "guidelines": (_no_stance, f"Not addressed by any of the {len(GuidelineId)} guidelines"),
}


def _go(step: int) -> None:
    view = state.current_view()
    state.update_view(slide=slide_number(view.slide + step))


def render(dataset: Dataset, view: ViewState) -> None:
    number = slide_number(view.slide)
    key, title = DECK[number - 1]
    st.html(SLIDE_CSS)
    back, where, forward, leave = st.columns([1, 2, 1, 1], vertical_alignment="center")
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
            chart_slide(dataset, view, key)
        elif key == "option":
            option_slide(dataset, view)
        else:
            claims_slide(dataset, view)
        st.caption(markup.plain(wording.slide_footer(dataset.provenance)))


# A presentation clicker sends PageDown and PageUp; Space moves on as in other slide software. The arrows are on
# the visible buttons; these hidden ones carry the other keys (a button takes one shortcut).
CLICKER_KEYS = (("PageDown", 1), ("Space", 1), ("PageUp", -1))


def clicker_keys(number: int) -> None:
    with st.container(key="slide_keys"):
        for key, step in CLICKER_KEYS:
            last = number == (len(DECK) if step > 0 else 1)
            st.button(key, on_click=_go, args=(step,), disabled=last, key=f"slide_key_{key}", shortcut=key)


def screen_height(key: str, rows: int) -> int:
    return SCREEN_CHART_PX.get(key) or max(MIN_SCREEN_CHART_PX, round(rows * SCREEN_ROW_PX + SLIDE_CHROME_PX))


def chart_slide(dataset: Dataset, view, key: str) -> None:
    matching = filter_treatments(dataset.treatments, view.filters)
    frame = overview_frame(matching, view.filters.indication)
    left_out = SLIDE_LEAVES_OUT.get(key)
    if left_out:
        # A slide has room for about 25 legible rows: options without the number are named below, not drawn.
        leave_out, words = left_out
        mask = leave_out(frame)
        missing, frame = frame[mask], frame[~mask]
    spec = charts.explore_spec(key, frame, labels.INDICATION_CHART[view.filters.indication], clinician=True)
    big = slide_spec(spec, rows=None if key == "map" else len(frame))
    # On screen the chart shares the slide with its title and buttons; the downloads keep 1920 x 1080. A chart
    # of rows keeps a slide's row height, so no option's name is dropped for lack of room (the page scrolls).
    st.vega_lite_chart({**big, "height": screen_height(key, len(frame))}, width="stretch")
    if left_out and not missing.empty:
        st.caption(f"{words} ({len(missing)}): " + markup.plain(", ".join(missing["name"])))
    number = slide_number(view.slide)
    footer = wording.slide_footer(dataset.provenance)

    def name(extension: str) -> str:
        return export_name(number, key, view.filters.indication.value, extension)

    png, svg = st.columns(2)
    png.download_button(
        "Download PNG (1920×1080)", data=lambda: cached.slide_png(big, footer), file_name=name("png"), mime="image/png",
        on_click="ignore", key=f"png_{key}", width="stretch",
    )  # fmt: skip
    svg.download_button(
        "Download SVG (1920×1080)", data=lambda: cached.slide_svg(big, footer), file_name=name("svg"), mime="image/svg+xml",
        on_click="ignore", key=f"svg_{key}", width="stretch",
    )  # fmt: skip


def option_slide(dataset: Dataset, view) -> None:
    chosen = widgets.option_picker(dataset, view, "Choose an option", chosen_by_default=DEFAULT_OPTION)
    t = dataset.treatment(chosen or DEFAULT_OPTION) or dataset.treatments[0]
    evidence = t.evidence.for_indication(view.filters.indication)
    st.markdown(f"## {markup.plain(t.name)}")
    st.markdown(markup.plain(t.plain_summary))
    left, right = st.columns(2)
    left.markdown(
        f"**How soon:** {markup.plain(wording.onset_words(t.onset))}  \n"
        f"**How much, how sure:** {markup.plain(wording.how_much(evidence, clinician=False))}  \n"
        f"**Dependence:** {labels.DEPENDENCE[t.dependence.level]} ({markup.plain(wording.schedule_words(t.dependence.us_schedule))})"
    )
    right.markdown(
        f"**Common side effects:** {markup.plain(wording.listed(t.harms.common))}  \n"
        f"**Serious risks:** {markup.plain(wording.listed(t.harms.serious))}"
    )
    st.caption("The option is in the address too (id=…), so a link reopens this slide with it.")


def claims_slide(dataset: Dataset, view) -> None:
    chosen = widgets.option_picker(dataset, view, "Choose an option", chosen_by_default=DEFAULT_OPTION)
    t = dataset.treatment(chosen or DEFAULT_OPTION) or next((t for t in dataset.treatments if t.claims), dataset.treatments[0])
    st.markdown(f"## {markup.plain(t.name)}")
    if not t.claims:
        st.markdown(f"No claims about {markup.plain(t.name)} have been checked yet.")
    for claim in t.claims:
        # The verdict never stands without its reason: "supported" can still carry a limit.
        st.markdown(f"{VERDICT_BADGE[claim.verdict]} “{markup.plain(claim.claim)}”  \n{markup.plain(claim.why)}")

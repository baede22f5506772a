"""Treatment: one option in full, with every field, the guideline wording, cautions and sources."""

from __future__ import annotations

import streamlit as st

from backpain import absolute, charts, labels, markup, wording
from backpain.absolute import short_name
from backpain.compare import ABOUT_THE_OPTION, QUESTIONS, cell
from backpain.schema import NO_STANCE_READ, Dataset, GuidelineId, Indication, Treatment
from backpain.view import ViewState
from components import blocks, cached, state, widgets


def render(dataset: Dataset, view: ViewState) -> None:
    chosen = widgets.option_picker(dataset, view, "Choose an option to read about")
    treatment = dataset.treatment(chosen) if chosen else None
    if treatment is None:
        st.info("Choose an option above, or open one from the table on the Explore page.")
        return
    detail(dataset, treatment, view.mode)


def detail(dataset: Dataset, t: Treatment, mode: str) -> None:
    st.markdown(f"## {markup.plain(t.name)}")
    if t.also_known_as:
        st.caption("Also called: " + markup.plain(", ".join(t.also_known_as)))
    st.markdown(markup.plain(t.plain_summary))
    facts = st.columns(3)
    facts[0].metric("First relief", markup.plain(wording.onset_words(t.onset)))
    facts[1].metric("Dependence risk", labels.DEPENDENCE[t.dependence.level])
    facts[2].metric("Cost", labels.COST[t.practical.cost])

    for question in ABOUT_THE_OPTION:
        with st.container(border=True):
            st.markdown(f"**{QUESTIONS[question]}**")
            blocks.show_cell(t.name, cell(t, question, Indication.acute, mode))

    st.markdown("### Evidence and guidelines, by kind of back pain")
    for indication in Indication:
        with st.container(border=True):
            st.markdown(f"**{labels.INDICATION[indication]}**")
            blocks.show_cell(t.name, cell(t, "benefit", indication, mode))
            blocks.sources_line(dataset, t.evidence.for_indication(indication).sources)
            out_of_100(dataset, t, indication)
            for g in GuidelineId:
                entry = t.guidelines.for_guideline(g).for_indication(indication)
                said = f"**{markup.plain(wording.guideline_label(g, entry, t, short=False))}:** "
                said += markup.plain(wording.stance_with_symbol(entry))
                if entry is not None:
                    grade = wording.grade_words(entry)
                    said += (f" ({markup.plain(grade)})" if grade else "") + f" – {markup.plain(entry.wording)}"
                st.markdown(said)
                context = dataset.provenance.guideline_context.get(g)
                if context and entry is not None and entry.stance not in NO_STANCE_READ:
                    st.caption(f"About {labels.GUIDELINE_SHORT[g]}: {markup.plain(context.text)}")
                    blocks.sources_line(dataset, context.sources)
            if disagreement := wording.guideline_disagreement(t, indication):
                st.warning(markup.plain(disagreement), icon=":material/compare_arrows:")

    claims_section(dataset, t)

    st.markdown("### Sources")
    for source_id in sorted(t.source_ids()):
        source = dataset.source(source_id)
        if source:
            st.markdown(f"- {markup.plain(wording.source_words(source))}, {source.year}. {markup.link(source.link, source.link)}")
    st.caption(f"Last reviewed: {t.last_reviewed.isoformat()}")


def out_of_100(dataset: Dataset, t: Treatment, indication: Indication) -> None:
    effects = t.evidence.for_indication(indication).absolute
    if not effects:
        st.caption(f"Out of 100 people: {absolute.NO_ABSOLUTE}")
        return
    for effect in effects:
        with st.container(border=True):
            st.markdown(f"**{markup.plain(absolute.headline(effect))}**")
            picture, words = st.columns([2, 3])
            picture.altair_chart(charts.icon_array(effect, short_name(t.name)), width="content")
            words.markdown("  \n".join(markup.plain(line) for line in absolute.sentences(effect, t.name)))
            if effect.note:
                words.caption(markup.plain(effect.note))
            blocks.sources_line(dataset, effect.sources)


def claims_section(dataset: Dataset, t: Treatment) -> None:
    if not t.claims:
        return
    st.markdown("### Claims beside the evidence")
    for claim in t.claims:
        blocks.show_claim(dataset, claim)


if __name__ == "__main__":  # run as a page by st.navigation in app.py
    render(cached.dataset(), state.current_view())

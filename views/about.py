"""About the evidence: how it was chosen and graded, the guidelines, sources, updates, who made it."""

from __future__ import annotations

import streamlit as st

from backpain import labels, markup, safety, wording
from backpain.load import default_data_dir
from backpain.report import (
    IPDAS_CRITERIA,
    IPDAS_SOURCES,
    cited_share,
    grade_share,
    grade_summary,
    industry_share,
    oldest_review,
    primary_share,
)
from backpain.schema import CERTAINTY_ORDER, Dataset, GuidelineId, SourceKind
from backpain.view import ViewState
from components import cached, state

GRADE_PLAIN = {
    "high": "We are very sure the real effect is close to what the studies found.",
    "moderate": "We are fairly sure. The real effect is probably close, but it could be quite different.",
    "low": "We are not very sure. The real effect could be quite different.",
    "very_low": "We are very unsure. The real effect is likely to be quite different.",
    "insufficient": "There are not enough good studies to say anything (our label, not a GRADE level).",
}


def render(dataset: Dataset, view: ViewState) -> None:
    p = dataset.provenance
    st.markdown("## About the evidence")
    st.markdown(
        "**How options were chosen.** We include the treatments that the main guidelines discuss "
        "(ACP 2017, NICE NG59, WHO 2023 and BMJ 2025), plus options people often ask about. Each number comes from a "
        "guideline, a systematic review, a trial, a drug label or a regulator, and every value lists its "
        'source. When no source gives a value, the tool says "not known" instead of guessing.'
    )
    st.markdown("**How sure are we? (GRADE certainty)** Reviews rate how much we can trust a result (Balshem 2011, GRADE):")
    st.markdown("\n".join(f"- **{labels.CERTAINTY[c]}:** {GRADE_PLAIN[c.value]}" for c in reversed(CERTAINTY_ORDER)))
    st.markdown(
        "**How much does it help?** Differences in pain are shown on a 0 to 100 scale. The review behind ACP 2017 "
        "calls 5 to 10 points a small effect and 10 to 20 points a moderate effect (AHRQ Comparative "
        "Effectiveness Review 169). Each estimate says what it was compared with and when it was measured."
    )
    st.markdown("### The four guidelines")
    st.markdown(
        "- **ACP 2017** (American College of Physicians): noninvasive treatments for acute, subacute and chronic "
        "low back pain. Each recommendation is *strong* or *weak*, with *high*, *moderate* or *low* quality evidence.\n"
        "- **NICE NG59** (UK, 2016, updated 2020): low back pain and sciatica in people over 16. Its wording shows "
        "strength: *offer* is a strong recommendation, *consider* is less certain, *do not offer* advises against. "
        "The 2020 update changed the medicine advice for sciatica.\n"
        "- **WHO 2023**: non-surgical care of chronic primary low back pain in adults. It covers chronic pain only, "
        "and its recommendations are conditional, each with a certainty rating. Surgery and injections are outside its scope.\n"
        "- **BMJ 2025** (BMJ Rapid Recommendations, Busse and others): common injections and radiofrequency "
        "procedures for chronic spine pain lasting 3 months or more, axial or radicular. It covers nothing else, so "
        "it is shown as *not addressed* for every other option and does not apply to new (acute) pain. Its "
        "recommendations are *strong* or *weak*. Where it and another guideline disagree, the page says so (≠)."
    )
    if context := p.guideline_context.get(GuidelineId.bmj_2025):
        st.caption(f"About BMJ 2025: {markup.plain(context.text)}")
    st.markdown("### Updates")
    st.markdown(
        f"Data version **{markup.plain(p.version)}**, last updated **{p.last_updated.isoformat()}**. "
        f"The oldest record review is **{min(t.last_reviewed for t in dataset.treatments).isoformat()}**. "
        "We re-check every record at least once a year, and sooner when a guideline or a major review changes. "
        "Anyone can propose a change with a source through the project's issue tracker."
    )
    report_card(dataset)
    st.markdown("### What changed in the evidence")
    for entry in dataset.changelog[:5]:
        cited = "; ".join(markup.plain(wording.source_words(s)) for i in entry.sources if (s := dataset.source(i)))
        st.markdown(
            f"**{markup.plain(entry.version)}** ({entry.date.isoformat()}): {markup.plain(entry.what)}  \n*Why:* {markup.plain(entry.why)}"
            + (f"  \n*Sources:* {cited}" if cited else "")
        )
    st.markdown("### Who made this")
    st.markdown(
        f"{markup.plain(p.producer)}. This is an open-source project. **No manufacturer, pharmacy or clinic funds it**, "
        f"and no option is promoted. Data licence: {markup.plain(p.license)}."
    )
    st.markdown("### Disclaimer")
    st.markdown(
        f"{safety.NOT_MEDICAL_ADVICE} Research results describe groups of people, not you. "
        "Talk with a clinician before you start, stop or change a treatment."
    )
    st.markdown(f"### All sources ({len(dataset.sources)})")
    for kind in SourceKind:
        sources = sorted((s for s in dataset.sources if s.kind is kind), key=lambda s: (-s.year, s.id))
        if not sources:
            continue
        with st.expander(f"{labels.SOURCE_KINDS[kind]} ({len(sources)})"):
            st.markdown(
                "\n".join(
                    f"- {markup.plain(wording.source_words(s))} ({s.year}). *{markup.plain(s.title)}*. {markup.link(s.link, s.link)}"
                    for s in sources
                )
            )


def share(part: int, whole: int) -> tuple[str, str]:
    return f"{100 * part / whole:.0f}%", f"{part} of {whole}"


def figure(column, label: str, value: str, detail: str, help: str | None = None) -> None:
    """A report-card figure: the detail under it is a count, not a change, so it has no arrow or colour."""
    column.metric(label, value, detail, delta_color="off", delta_arrow="off", help=help)


def report_card(dataset: Dataset) -> None:
    st.markdown("### This tool's report card")
    st.caption("Figures are computed live from the data every time the data changes.")
    grades = cached.reading_grades(str(default_data_dir()))
    median, worst = grade_summary(grades)
    oldest, oldest_ids = oldest_review(dataset)
    cited, entries = cited_share(dataset)
    primary, with_sources = primary_share(dataset)
    paid, numbers = industry_share(dataset)
    reading, review, sourced = st.columns(3)
    figure(
        reading,
        "Reading grade of patient text",
        f"{median:.1f} median",
        f"worst {worst:.1f}",
        "Flesch-Kincaid grade of every summary, note, caution and claim explanation. Target: 8 or lower.",
    )
    figure(review, "Oldest record review", oldest.isoformat(), f"{len(oldest_ids)} record(s)")
    figure(
        sourced,
        "Entries that cite a source",
        *share(cited, entries),
        "Onset, dependence, evidence, guideline, harms, caution, claim and cost entries with at least one source.",
    )
    graded, rated = grade_share(dataset)
    read_primary, industry, by_grade = st.columns(3)
    figure(
        read_primary,
        "Entries read in a primary source",
        *share(primary, with_sources),
        "Entries whose every source was read in its own text: the paper, the guideline, the regulator or the label, "
        "not a copy or a summary. Only warnings may rest on a copy, and they say so.",
    )
    figure(
        industry,
        "Numbers from work industry paid for",
        *share(len(paid), numbers),
        "Pain effects, out-of-100 results and side-effect ratios that rest on a source paid for in whole or part by "
        "a company. Each such source says so wherever it is listed.",
    )
    figure(
        by_grade,
        "Certainty rated with GRADE",
        *share(graded, rated),
        "Evidence entries whose certainty a source rated with GRADE. The others say which system rated them "
        "(older Cochrane levels, AHRQ, CINeMA) or that no source did.",
    )
    hardest = [g for g in grades if g.grade > 8][:8]
    if hardest:
        with st.expander(f"Text above grade 8 ({sum(g.grade > 8 for g in grades)} pieces): hardest first"):
            st.markdown("\n".join(f"- grade {g.grade:.1f} · {markup.code(g.where)}" for g in hardest))
    sources = markup.plain("; ".join(s.citation or s.title for i in IPDAS_SOURCES if (s := dataset.source(i))))
    st.markdown("**International Patient Decision Aid Standards (IPDAS v4.0)**, criteria for treatment decisions:")
    st.dataframe(
        [
            {"Criterion": f"{kind}: {name}", "How this tool meets it": how, "Where": where}
            for kind, name, how, where in IPDAS_CRITERIA
        ],
        hide_index=True,
        width="stretch",
    )
    st.caption(f"Criteria paraphrased from {sources}. The four criteria that apply only to screening tests are left out.")


if __name__ == "__main__":  # run as a page by st.navigation in app.py
    render(cached.dataset(), state.current_view())

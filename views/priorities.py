"""What matters to me: say what you care about; see which options fit it, and why, with what is unknown."""

from __future__ import annotations

import streamlit as st

from backpain import charts, labels, markup, wording
from backpain.priorities import (
    CRITERIA,
    GROUPS,
    SCORING_RULES,
    WEIGHT_LEVELS,
    WEIGHT_WORDS,
    rank_treatments,
    weights_from_levels,
    why_here,
)
from backpain.schema import Dataset, Indication
from backpain.view import ViewState
from components import blocks, cached, downloads, state, widgets

WEIGH_EACH = "each"
SUMMARY_OPTIONS = 4


def render(dataset: Dataset, view: ViewState) -> None:
    st.markdown("## What matters to me")
    st.info(
        "This is not a recommendation. It is a way to get ready for a talk with a clinician: it sorts options "
        "by what you say matters, using the same evidence as the rest of this site.",
        icon=":material/info:",
    )
    widgets.indication_select(st, view)
    one_thing_picker(view)
    fine_tune(view)
    weights = weights_from_levels(view.weight_levels())
    indication = view.filters.indication
    ranked = rank_treatments(dataset.treatments, indication, weights)
    if not any(weights.values()):
        st.warning(f"Every priority is set to '{WEIGHT_WORDS['not'].lower()}', so all options fit equally. Choose at least one.")
    by_id = {t.id: t for t in dataset.treatments}
    st.caption(
        "Options are first grouped by what the evidence shows for this kind of back pain, then put in order of fit "
        "within each group. A priority about benefit counts only for options that the evidence shows help."
    )
    frame = charts.priority_frame(ranked, by_id, indication)
    shown = [(group, heading) for group, heading in GROUPS.items() if (frame["group"] == group).any()]
    for position, (group, heading) in enumerate(shown):
        st.markdown(f"##### {heading}")
        # One legend, under the last group's chart; a phone gets the form with names above the bars (PAGE_CSS).
        rows, legend = frame[frame["group"] == group], position == len(shown) - 1
        blocks.chart_in_both_forms(
            f"fit_{group}",
            lambda phone, rows=rows, legend=legend: charts.priority_spec(
                rows, f"In order of fit ({labels.INDICATION_CHART[indication]})", legend=legend, phone=phone
            ),
        )
    st.caption(markup.plain(charts.PRIORITY_DESCRIPTION))
    downloads.summary_button(
        dataset, [r.id for r in ranked[:SUMMARY_OPTIONS]], view, priorities=view.weight_levels(), key="dl_priorities_summary"
    )
    st.caption(f"The summary shows the {SUMMARY_OPTIONS} options that fit best, your priorities, and questions to ask.")
    option_list(ranked, by_id, indication, weights)
    with st.expander("How the scores are worked out"):
        st.markdown(
            "Each priority turns the data into a score from 0 to 1. Your choices weigh them: "
            + ", ".join(f"{WEIGHT_WORDS[level].lower()} {weight}" for level, weight in WEIGHT_LEVELS.items())
            + ". The fit is the weighted average. **An unknown value never counts as good**: it adds "
            "nothing, and the option is marked *less information*. Ties are listed with the better-known option first, "
            "then by name."
        )
        st.markdown("\n".join(f"- **{CRITERIA[c]}:** {rule}" for c, rule in SCORING_RULES.items()))


def _pick_one() -> None:
    choice = widgets.accepted("w_pick_one", (*CRITERIA, WEIGH_EACH))
    if choice is not None and choice != WEIGH_EACH:
        state.update_view(weights=tuple("very" if c == choice else "not" for c in CRITERIA))


def one_thing_picker(view) -> None:
    levels = view.weight_levels()
    very = [c for c, level in levels.items() if level == "very"]
    single = very[0] if len(very) == 1 and all(level == "not" for c, level in levels.items() if c != very[0]) else WEIGH_EACH
    st.radio(
        "What matters most to you?",
        [*CRITERIA, WEIGH_EACH],
        format_func=widgets.shown(lambda c: "I'd rather weigh each one (below)" if c == WEIGH_EACH else CRITERIA[c]),
        **state.bound("w_pick_one", single, _pick_one),
    )


def _set_weight(criterion: str) -> None:
    level = widgets.accepted(f"w_weight_{criterion}", WEIGHT_LEVELS, when_empty="not")
    if level is None:
        return
    levels = state.current_view().weight_levels()
    levels[criterion] = level
    state.update_view(weights=tuple(levels[c] for c in CRITERIA))


def fine_tune(view) -> None:
    with st.expander("Fine-tune how much each one matters", expanded=True):
        columns = st.columns(2)
        for i, (criterion, label) in enumerate(CRITERIA.items()):
            columns[i % 2].segmented_control(
                label,
                list(WEIGHT_LEVELS),
                format_func=widgets.shown(WEIGHT_WORDS.get),
                width="stretch",  # on a phone the three choices share the width instead of running off it
                **state.bound(f"w_weight_{criterion}", view.weight_levels()[criterion], _set_weight, (criterion,)),
            )


def option_list(ranked, by_id, indication: Indication, weights) -> None:
    st.markdown("#### Why each option is here")
    group = None
    for position, r in enumerate(ranked, start=1):
        if r.group != group:
            group = r.group
            st.markdown(f"**{GROUPS[group]}**")
        t = by_id[r.id]
        certainty = wording.certainty_with_direction(t.evidence.for_indication(indication))
        dependence = labels.DEPENDENCE[t.dependence.level]
        badge = f"`{certainty}` `dependence: {dependence.lower()}`"
        if r.less_information:
            badge += " `less information`"
        st.markdown(f"**{position}. {markup.plain(r.name)}** · fit {r.fit:.2f} {badge}  \n{markup.plain(why_here(r, weights))}")


if __name__ == "__main__":  # run as a page by st.navigation in app.py
    render(cached.dataset(), state.current_view())

"""Claims and evidence: popular claims about back pain treatments, each beside what the evidence says."""

from __future__ import annotations

import streamlit as st

from backpain import markup
from backpain.schema import Dataset, Verdict
from backpain.view import ViewState
from components import cached, state
from components.blocks import VERDICT_BADGE, show_claim


def render(dataset: Dataset, view: ViewState) -> None:
    st.markdown("## Claims beside the evidence")
    st.markdown(
        "Web pages and common advice make claims about treatments. Here each claim is checked against drug labels, "
        "regulators, guidelines and reviews. The verdicts: " + ", ".join(VERDICT_BADGE[v] for v in Verdict) + "."
    )
    with_claims = [t for t in dataset.treatments if t.claims]
    counts = {v: sum(c.verdict is v for t in with_claims for c in t.claims) for v in Verdict}
    st.caption(
        f"{sum(counts.values())} claims about {len(with_claims)} options: "
        + ", ".join(f"{n} {v.value.replace('_', ' ')}" for v, n in counts.items())
        + "."
    )
    # The option asked about (id=, as the link from a search sends) first, then the advert's drug, then A to Z.
    first = view.treatment if any(t.id == view.treatment for t in with_claims) else "carisoprodol"
    for t in sorted(with_claims, key=lambda t: (t.id != first, t.name.lower())):
        st.markdown(f"### {markup.plain(t.name)}")
        for claim in t.claims:
            show_claim(dataset, claim)


if __name__ == "__main__":  # run as a page by st.navigation in app.py
    render(cached.dataset(), state.current_view())

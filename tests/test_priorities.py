"""The "what matters to me" scoring: property tests on the ranking, and checks on the real data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from backpain.priorities import CRITERIA, criterion_scores, rank, rank_treatments, weights_from_levels, why_here
from backpain.schema import Indication

GRID = st.sampled_from([i / 20 for i in range(21)])
SCORE = st.one_of(st.none(), GRID)
SCORES = st.fixed_dictionaries({c: SCORE for c in CRITERIA})
WEIGHTS = st.fixed_dictionaries({c: st.integers(0, 2) for c in CRITERIA})
NAMES = st.sampled_from(["Alpha", "beta", "Gamma", "delta", "Alpha"])


def position(ranked, option_id):
    return [r.id for r in ranked].index(option_id)


@given(a=SCORES, b=SCORES, weights=WEIGHTS, criterion=st.sampled_from(list(CRITERIA)), extra=st.integers(1, 2))
def test_raising_a_weight_where_a_beats_b_never_moves_a_below_b(a, b, weights, criterion, extra):
    a_score, b_score = a[criterion], b[criterion]
    if a_score is None or (b_score is not None and a_score <= b_score):
        return
    options = [("a", "A", a), ("b", "B", b)]
    before = rank(options, weights)
    raised = dict(weights, **{criterion: weights[criterion] + extra})
    after = rank(options, raised)
    if position(before, "a") < position(before, "b"):
        assert position(after, "a") < position(after, "b")


@given(options=st.lists(st.tuples(st.text(min_size=1, max_size=3), NAMES, SCORES), min_size=1, max_size=8), weights=WEIGHTS)
def test_order_is_deterministic_including_ties(options, weights):
    unique = list({o[0]: o for o in options}.values())
    first = [r.id for r in rank(unique, weights)]
    assert first == [r.id for r in rank(list(reversed(unique)), weights)]
    assert first == [r.id for r in rank(unique, dict(weights))]


@given(base=SCORES, weights=WEIGHTS, criterion=st.sampled_from(list(CRITERIA)), good=GRID.filter(lambda v: v > 0))
def test_unknown_never_outranks_known_good_on_that_criterion_alone(base, weights, criterion, good):
    weights = dict(weights, **{criterion: max(1, weights[criterion])})
    unknown = dict(base, **{criterion: None})
    known = dict(base, **{criterion: good})
    ranked = rank([("u", "Same", unknown), ("k", "Same", known)], weights)
    assert position(ranked, "k") < position(ranked, "u")
    assert criterion in ranked[position(ranked, "u")].unknown


def test_contributions_add_up_to_the_fit(dataset):
    weights = weights_from_levels({"onset": "very", "cost": "not"})
    for r in rank_treatments(dataset.treatments, Indication.acute, weights):
        assert abs(sum(r.contributions.values()) - r.fit) < 1e-9
        assert 0 <= r.fit <= 1
        assert r.contributions["cost"] == 0


def test_dependence_priority_puts_opioids_last(dataset):
    weights = {c: 0 for c in CRITERIA} | {"dependence": 2}
    ranked = rank_treatments(dataset.treatments, Indication.acute, weights)
    assert ranked[-1].id == "strong_opioids"


def test_unknown_values_are_named_in_the_why_line(dataset):
    weights = weights_from_levels({})
    carisoprodol = next(r for r in rank_treatments(dataset.treatments, Indication.acute, weights) if r.id == "carisoprodol")
    assert carisoprodol.less_information and "onset" in carisoprodol.unknown
    assert "onset not known" in why_here(carisoprodol, weights)


def test_scores_are_in_range(dataset):
    for t in dataset.treatments:
        for indication in Indication:
            for value in criterion_scores(t, indication).values():
                assert value is None or 0 <= value <= 1


def test_being_sure_it_does_not_help_is_not_strong_evidence(dataset):
    paracetamol = dataset.treatment("paracetamol")
    assert paracetamol.evidence.acute.certainty.value == "high"
    assert criterion_scores(paracetamol, Indication.acute)["evidence"] == 0

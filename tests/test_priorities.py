"""The "what matters to me" scoring: property tests on the ranking, and checks on the real data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backpain.priorities import (
    BENEFIT_CRITERIA,
    CRITERIA,
    GROUPS,
    criterion_scores,
    rank,
    rank_treatments,
    weights_from_levels,
    why_here,
)
from backpain.schema import Certainty, DependenceLevel, Direction, Indication

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


def test_dependence_priority_puts_opioids_last_among_options_that_help(dataset):
    weights = {c: 0 for c in CRITERIA} | {"dependence": 2}
    ranked = rank_treatments(dataset.treatments, Indication.chronic, weights)
    helps = [r.id for r in ranked if r.group == "helps"]
    assert helps[-1] == "strong_opioids"


def test_unknown_values_are_named_in_the_why_line(dataset):
    weights = weights_from_levels({})
    caps = next(r for r in rank_treatments(dataset.treatments, Indication.chronic, weights) if r.id == "capsaicin_topical")
    assert caps.less_information and "onset" in caps.unknown
    assert "onset not known" in why_here(caps, weights)


def test_scores_are_in_range(dataset):
    for t in dataset.treatments:
        for indication in Indication:
            for value in criterion_scores(t, indication).values.values():
                assert value is None or 0 <= value <= 1


def test_being_sure_it_does_not_help_is_not_strong_evidence(dataset):
    paracetamol = dataset.treatment("paracetamol")
    assert paracetamol.evidence.acute.certainty.value == "high"
    scores = criterion_scores(paracetamol, Indication.acute)
    assert scores.values["evidence"] == 0
    assert scores.zero_because["evidence"] == "the evidence says it does not help more than placebo"


# --- grouping: the ranking cannot recommend what the evidence does not support -------------------


@pytest.mark.parametrize("criterion", list(CRITERIA))
@pytest.mark.parametrize("indication", list(Indication))
def test_one_priority_very_important_puts_only_options_that_help_on_top(dataset, indication, criterion):
    weights = {c: 0 for c in CRITERIA} | {criterion: 2}
    ranked = rank_treatments(dataset.treatments, indication, weights)
    # Shown to help: a benefit at low certainty or better (at very low certainty GRADE says "very uncertain").
    helps = {
        t.id
        for t in dataset.treatments
        if (e := t.evidence.for_indication(indication)).direction is Direction.benefit and e.certainty is not Certainty.very_low
    }
    assert helps, "every kind of back pain has options that help"
    assert {r.id for r in ranked[: len(helps)]} == helps
    assert [r.group for r in ranked] == sorted((r.group for r in ranked), key=list(GROUPS).index)


def test_bed_rest_is_not_first_on_stronger_evidence(dataset):
    weights = {c: 0 for c in CRITERIA} | {"evidence": 2}
    for indication in (Indication.acute, Indication.sciatica):
        ranked = rank_treatments(dataset.treatments, indication, weights)
        bed_rest = next(r for r in ranked if r.id == "bed_rest")
        assert bed_rest.group == "does_not_help" and bed_rest.fit == 0
        assert "does" in why_here(bed_rest, weights) and "Less information" not in why_here(bed_rest, weights)


def test_faster_relief_does_not_put_tramadol_first_for_recent_pain(dataset):
    ranked = rank_treatments(dataset.treatments, Indication.acute, {c: 0 for c in CRITERIA} | {"onset": 2})
    assert ranked[0].id != "tramadol"
    tramadol = next(r for r in ranked if r.id == "tramadol")
    assert tramadol.group == "unsure" and tramadol.fit == 0


def test_a_very_low_certainty_estimate_gives_no_score_for_more_relief(dataset):
    gabapentinoids = dataset.treatment("gabapentinoids")
    assert gabapentinoids.evidence.acute.certainty is Certainty.very_low
    scores = criterion_scores(gabapentinoids, Indication.acute)
    assert scores.values["effect"] == 0 and "very uncertain" in scores.zero_because["effect"]


def test_an_onset_that_is_only_the_first_check_gives_no_score(dataset):
    for t in dataset.treatments:
        if t.onset.basis is not None and t.onset.basis.value == "first_measured":
            scores = criterion_scores(t, Indication.chronic)
            assert scores.values["onset"] in (None, 0.0)
            assert "not a time to relief" in scores.unknown_because["onset"]


DIRECTIONS = st.sampled_from(list(Direction))
CERTAINTIES = st.sampled_from([c for c in Certainty if c is not Certainty.insufficient])


def _with(treatment, indication, **changes):
    evidence = treatment.evidence.for_indication(indication)
    new_evidence = treatment.evidence.model_copy(update={indication.value: evidence.model_copy(update=changes)})
    return treatment.model_copy(update={"evidence": new_evidence, "id": f"{treatment.id}_{changes.get('direction')}"})


@given(
    index=st.integers(0, 38),
    indication=st.sampled_from(list(Indication)),
    other=DIRECTIONS.filter(lambda d: d is not Direction.benefit),
    certainties=st.tuples(CERTAINTIES, CERTAINTIES),
    criterion=st.sampled_from(BENEFIT_CRITERIA),
)
def test_a_non_benefit_never_outranks_a_benefit_on_a_benefit_criterion(dataset, index, indication, other, certainties, criterion):
    t = dataset.treatments[index % len(dataset.treatments)]
    helps = _with(t, indication, direction=Direction.benefit, certainty=certainties[0])
    not_helps = _with(t, indication, direction=other, certainty=certainties[1])
    ranked = rank_treatments([not_helps, helps], indication, {c: 0 for c in CRITERIA} | {criterion: 2})
    assert [r.id for r in ranked][0] == helps.id


@given(
    index=st.integers(0, 38),
    indication=st.sampled_from(list(Indication)),
    direction=DIRECTIONS,
    low=CERTAINTIES,
    high=CERTAINTIES,
)
def test_raising_certainty_of_a_non_benefit_never_raises_a_score(dataset, index, indication, direction, low, high):
    if direction is Direction.benefit:
        return
    order = list(Certainty)
    low, high = sorted((low, high), key=lambda c: -order.index(c))
    t = dataset.treatments[index % len(dataset.treatments)]
    before = criterion_scores(_with(t, indication, direction=direction, certainty=low), indication).values
    after = criterion_scores(_with(t, indication, direction=direction, certainty=high), indication).values
    assert all((after[c] or 0) <= (before[c] or 0) for c in CRITERIA)


def test_the_rank_command_prints_the_page_order(dataset, capsys):
    import json

    from backpain.__main__ import main

    levels = {c: "not" for c in CRITERIA} | {"cost": "very"}
    args = ["rank", "--indication", "acute", "--format", "json"] + [f"--w_{c}={v}" for c, v in levels.items()]
    assert main(args) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = rank_treatments(dataset.treatments, Indication.acute, weights_from_levels(levels))
    assert [row["id"] for row in printed] == [r.id for r in expected]
    bed_rest = next(row for row in printed if row["id"] == "bed_rest")
    assert bed_rest["group"] == "does_not_help" and "evidence" in bed_rest["zero_because"]
    # Only cost matters: the cheap options that help come before bed rest, whatever its cost.
    assert printed.index(bed_rest) > max(i for i, row in enumerate(printed) if row["group"] == "helps")
    assert main(["rank", "--indication", "sciatica"]) == 0
    assert "## The evidence shows these help" in capsys.readouterr().out


def test_an_onset_from_another_kind_of_pain_is_marked_as_such(other_pain_onset):
    weights = {c: 0 for c in CRITERIA} | {"onset": 2}
    tramadol = next(r for r in rank_treatments(other_pain_onset.treatments, Indication.chronic, weights) if r.id == "tramadol")
    assert tramadol.caveats == {"onset": "drug label, another kind of pain"}
    assert "relief that may come fast (drug label, another kind of pain)" in why_here(tramadol, weights)


@pytest.mark.parametrize("indication", list(Indication))
def test_the_reasons_name_only_real_strengths(dataset, indication):
    """A moderate risk of dependence (score 0.33) once read "a low risk of dependence" for tramadol and carisoprodol."""
    weights = {c: 1 for c in CRITERIA}
    levels = {t.id: t.dependence.level for t in dataset.treatments}
    for ranked in rank_treatments(dataset.treatments, indication, weights):
        words = why_here(ranked, weights)
        if levels[ranked.id] in (DependenceLevel.moderate, DependenceLevel.high):
            assert "risk of dependence" not in words, (ranked.id, words)
        if levels[ranked.id] is DependenceLevel.none and "risk of dependence" in words:
            assert "no known risk of dependence" in words


def test_a_side_effect_ratio_counts_only_for_the_pain_its_trials_studied(dataset):
    """NSAIDs' ratio (0.86) comes from recent-pain trials; in sciatica a separate review found more side effects."""
    nsaids = dataset.treatment("nsaids_oral")
    assert nsaids.harms.adverse_event_ratio.measured_in == (Indication.acute,)
    assert criterion_scores(nsaids, Indication.acute).values["harms"] > 0.9
    for indication in (Indication.chronic, Indication.sciatica):
        scores = criterion_scores(nsaids, indication)
        assert scores.values["harms"] is None
        assert scores.unknown_because["harms"].startswith("side effects measured only in trials of recent")
        weights = {c: 0 for c in CRITERIA} | {"harms": 2}
        ranked = next(r for r in rank_treatments(dataset.treatments, indication, weights) if r.id == "nsaids_oral")
        assert "few extra side effects" not in why_here(ranked, weights)


def test_a_benefit_at_very_low_certainty_is_not_listed_as_shown_to_help(dataset):
    ranked = rank_treatments(dataset.treatments, Indication.acute, weights_from_levels({}))
    gabapentinoids = next(r for r in ranked if r.id == "gabapentinoids")
    assert gabapentinoids.group == "unsure"

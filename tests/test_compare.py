"""The Option Grid: each question answers every option, and ordering on a question puts what matters first."""

from __future__ import annotations

import json

import pytest

from backpain.charts import guideline_frame
from backpain.compare import ABOUT_THE_OPTION, BY_KEY, QUESTIONS, REGISTRY, cell, order_on
from backpain.query import overview_frame
from backpain.schema import Direction, Indication
from backpain.view import COMPARE_QUESTIONS


def test_the_registry_is_the_one_list_of_questions():
    assert len(BY_KEY) == len(REGISTRY)
    assert list(QUESTIONS) == [q.key for q in REGISTRY]
    assert ("all", *QUESTIONS) == COMPARE_QUESTIONS
    assert set(ABOUT_THE_OPTION) == set(QUESTIONS) - {"benefit", "guidelines"}


@pytest.mark.parametrize("mode", ["patient", "clinician"])
def test_every_question_answers_every_option_in_words(dataset, mode):
    for t in dataset.treatments:
        for indication in Indication:
            for question in QUESTIONS:
                lines = cell(t, question, indication, mode).lines
                assert lines and all(isinstance(text, str) and text.strip() for _, text in lines), (t.id, question)


def test_an_unknown_question_is_refused(dataset):
    with pytest.raises(ValueError, match="unknown question"):
        cell(dataset.treatments[0], "price", Indication.acute, "patient")


def test_clinician_detail_adds_the_schedule_and_the_pooled_estimate_note(dataset):
    carisoprodol = dataset.treatment("carisoprodol")
    patient = dict(cell(carisoprodol, "dependence", Indication.acute, "patient").lines)
    clinician = dict(cell(carisoprodol, "dependence", Indication.acute, "clinician").lines)
    assert "US schedule" not in patient and clinician["US schedule"] == "US schedule IV"
    assert "Pain difference" in dict(cell(carisoprodol, "benefit", Indication.acute, "clinician").lines)


@pytest.mark.parametrize("indication", list(Indication))
def test_ordering_on_benefit_puts_what_helps_first(dataset, indication):
    ordered = order_on(dataset.treatments, "benefit", indication)
    shows = [t.evidence.for_indication(indication).direction is Direction.benefit for t in ordered]
    assert shows == sorted(shows, reverse=True)


def test_ordering_on_onset_never_counts_when_trials_first_checked(dataset):
    ordered = order_on(dataset.treatments, "onset", Indication.chronic)
    timed = [t for t in ordered if t.onset.is_onset]
    assert ordered[: len(timed)] == timed
    assert [t.onset.min_hours for t in timed] == sorted(t.onset.min_hours for t in timed)


def test_a_stance_nobody_read_says_not_confirmed_never_no_recommendation(dataset):

    capsaicin = dataset.treatment("capsaicin_topical")
    lines = dict(cell(capsaicin, "guidelines", Indication.chronic, "clinician").lines)
    assert lines["WHO 2023"].startswith("n.c. Not confirmed")
    assert "No recommendation" not in lines["WHO 2023"]
    g = guideline_frame(overview_frame([capsaicin], Indication.chronic))
    assert g.set_index("guideline").loc["WHO 2023", "stance"] == "Not confirmed"


def test_guidelines_that_disagree_are_named_for_and_against(dataset):
    rf = dataset.treatment("radiofrequency_denervation")
    lines = cell(rf, "guidelines", Indication.chronic, "patient").lines
    assert lines[-1] == (
        "≠",
        "The guidelines disagree. For: NICE NG59: Suggested (conditional), only when non-surgical care has not worked, "
        "for moderate or severe local pain thought to come from structures supplied by the medial branch nerve. "
        "Against: BMJ 2025: Not recommended.",
    )
    exercise = dataset.treatment("exercise_therapy")
    assert "≠" not in dict(cell(exercise, "guidelines", Indication.chronic, "patient").lines)


def test_a_stance_not_read_names_no_scope_strength_or_quality():
    from pydantic import ValidationError

    from backpain.schema import GuidelineEntry

    entry = {"stance": "not_confirmed", "wording": "Not confirmed.", "sources": ["x"]}
    assert GuidelineEntry.model_validate_json(json.dumps(entry)).scope is None
    with pytest.raises(ValidationError, match="no stance was read"):
        GuidelineEntry.model_validate_json(json.dumps(entry | {"scope": "class"}))
    with pytest.raises(ValidationError, match="leave them out"):
        GuidelineEntry.model_validate_json(json.dumps(entry | {"strength": "conditional"}))


def test_guidelines_for_different_groups_are_not_called_a_disagreement(dataset):
    """NICE's 'consider' is for acute severe sciatica, BMJ 2025's 'against' for sciatica of 3 months or more."""
    epidural = dataset.treatment("epidural_steroid_injection")
    symbol, words = cell(epidural, "guidelines", Indication.sciatica, "patient").lines[-1]
    assert symbol == "≠"
    assert words.startswith("The guidelines point different ways, each for a different group of people.")
    assert "only for acute and severe sciatica" in words and "for sciatica that has lasted 3 months or more" in words


def test_a_stance_tied_to_a_condition_says_the_condition_wherever_it_is_named(dataset):
    opioids = dataset.treatment("strong_opioids")
    lines = dict(cell(opioids, "guidelines", Indication.chronic, "patient").lines)
    assert lines["ACP 2017 (USA), for opioids as a class"].endswith("only as a last resort, when other treatments have failed")
    g = guideline_frame(overview_frame([opioids], Indication.chronic)).set_index("guideline")
    assert g.loc["ACP 2017", "symbol"] == "~✓ class*"
    assert g.loc["ACP 2017", "stance"].endswith(
        "Suggested (conditional), only as a last resort, when other treatments have failed"
    )
    assert g.loc["NICE NG59", "symbol"] == "✗ class"


def test_each_cell_leads_with_three_short_lines_and_loses_nothing(dataset):
    from backpain.compare import LEAD_CHARS, LEAD_LINES, lead_and_more

    for t in dataset.treatments:
        for question in QUESTIONS:
            for mode in ("patient", "clinician"):
                answer = cell(t, question, Indication.chronic, mode)
                lead, more = lead_and_more(answer)
                assert len(lead) <= LEAD_LINES
                assert all(len(text) <= LEAD_CHARS + 2 for _, text in lead), (t.id, question, lead)
                # Every line is shown whole somewhere: in the lead as it is, or under "more".
                for line in answer.lines:
                    assert line in lead or line in more, (t.id, question, line)
                assert all(text.endswith(" …") for line, (_, text) in zip(answer.lines, lead, strict=False) if line not in lead)


def test_a_long_line_leads_with_the_whole_sentences_that_fit():
    from backpain.compare import LEAD_CHARS, Cell, lead_and_more

    long = "First sentence is here. " + "More words follow after it. " * 10
    lead, more = lead_and_more(Cell((("A", "short"), ("B", long.strip()), ("C", "c"), ("D", "d"))))
    fits = "First sentence is here. " + "More words follow after it. " * ((LEAD_CHARS - 23) // 28)
    assert lead == (("A", "short"), ("B", fits.strip().rstrip(".") + " …"), ("C", "c"))
    assert more == (("B", long.strip()), ("D", "d"))
    # A first sentence longer than the lead is kept whole up to the limit; a short one is not left alone.
    tablets = (
        "Tablets by mouth. Lower strengths are sold without a prescription; higher strengths need one. " + "Then more. " * 20
    )
    shown = lead_and_more(Cell((("Effort", tablets.strip()),)))[0][0][1]
    assert shown.startswith("Tablets by mouth. Lower strengths") and shown.endswith(". Then more …"), shown
    assert len(shown) <= LEAD_CHARS + 2


def test_the_more_label_names_what_it_holds(dataset):
    from backpain.compare import lead_and_more, more_label

    answer = cell(dataset.treatment("carisoprodol"), "guidelines", Indication.chronic, "clinician")
    lead, more = lead_and_more(answer)
    # The fourth guideline is under "More", and the label says so: it never looks left out.
    assert "BMJ 2025 (Rapid Recommendations)" in more_label(more)
    assert more_label([("", "x")]) == "More"
    assert more_label([(str(i), "x") for i in range(5)]) == "More: 0, 1, 2 and 2 more"

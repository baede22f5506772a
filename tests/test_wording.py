"""One fact, one wording: the same fact reads the same on every surface (grid, page, PDF, slides, charts)."""

from __future__ import annotations

import io
import re

import pytest
from appkit import APP
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from backpain import charts, wording
from backpain.compare import cell
from backpain.priorities import rank_treatments, weights_from_levels
from backpain.query import overview_frame
from backpain.schema import Certainty, Direction, GuidelineId, Indication, Schedule, Scope
from backpain.summary_pdf import summary_pdf


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\\", ""))


def _pdf_text(dataset, ids, indication, clinician) -> str:
    pdf = summary_pdf(dataset, ids, indication, clinician=clinician, permalink="?x")
    return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def _page_text(params: dict, page: str) -> str:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [m.value for m in at.metric]
    return _flat(" ".join(parts))


def _cell_text(treatment, question, indication, mode="patient") -> str:
    return _flat(
        " ".join(f"{label}: {text}" if label else text for label, text in cell(treatment, question, indication, mode).lines)
    )


def test_certainty_is_never_worded_without_direction(dataset):
    for t in dataset.treatments:
        for indication in Indication:
            evidence = t.evidence.for_indication(indication)
            words = wording.certainty_with_direction(evidence)
            if evidence.certainty is Certainty.insufficient:
                assert words == wording.NOT_ENOUGH
            else:
                assert words.startswith(f"{evidence.certainty.value.replace('_', ' ').capitalize()} certainty: ")
                assert any(d in words for d in [*wording.DIRECTION.values(), wording.VERY_UNCERTAIN])


@pytest.mark.slow
def test_high_certainty_of_no_benefit_reads_the_same_everywhere(dataset):
    paracetamol = dataset.treatment("paracetamol")
    words = wording.certainty_with_direction(paracetamol.evidence.acute)
    assert words == "High certainty: no benefit"
    assert words in _cell_text(paracetamol, "benefit", Indication.acute)
    for clinician in (False, True):
        assert words in _pdf_text(dataset, ["paracetamol", "nsaids_oral"], Indication.acute, clinician)
    ranked = rank_treatments(dataset.treatments, Indication.acute, weights_from_levels({}))
    badges = charts.priority_frame(ranked, {t.id: t for t in dataset.treatments}, Indication.acute)
    assert badges.loc[badges["name"] == paracetamol.name, "badge"].iloc[0].startswith(words)
    assert words in _page_text({"id": "paracetamol"}, "views/treatment.py")
    assert words in _page_text({"mode": "present", "slide": "5", "id": "paracetamol"}, "views/explore.py")


def test_a_class_stance_reads_as_a_class_stance_everywhere(dataset):
    carisoprodol = dataset.treatment("carisoprodol")
    entry = carisoprodol.guidelines.acp_2017.acute
    assert entry.scope is Scope.class_
    # The class comes first, before any tick: "ACP 2017 (USA), for muscle relaxants as a class: ✓ Recommended".
    assert "ACP 2017 (USA), for muscle relaxants as a class: ✓ Recommended" in _cell_text(
        carisoprodol, "guidelines", Indication.acute
    )
    assert "ACP 2017, for muscle relaxants as a class: Recommended" in _pdf_text(
        dataset, ["carisoprodol", "nsaids_oral"], Indication.acute, False
    )
    page = _page_text({"id": "carisoprodol"}, "views/treatment.py").replace("**", "")
    assert "ACP 2017 (USA), for muscle relaxants as a class: ✓ Recommended" in page
    # ACP ties the class stance to a condition, and the condition goes wherever the stance goes.
    condition = "only if a medicine is wanted after non-drug care"
    assert f"for muscle relaxants as a class: ✓ Recommended, {condition}" in page
    cells = charts.guideline_frame(overview_frame([carisoprodol], Indication.acute))
    assert f"For muscle relaxants as a class: Recommended, {condition}" in set(cells["stance"])
    # A stance on the option itself has no class words.
    nsaids = dataset.treatment("nsaids_oral")
    assert (
        wording.stance_words(GuidelineId.acp_2017, nsaids.guidelines.acp_2017.acute, nsaids)
        == f"ACP 2017: Recommended, {condition}"
    )


def test_an_empty_list_and_a_schedule_read_the_same_everywhere(dataset):
    tens = dataset.treatment("tens")
    assert not tens.harms.serious
    assert wording.NONE_LISTED in _cell_text(tens, "serious_harms", Indication.chronic)
    pdf = _pdf_text(dataset, ["tens", "carisoprodol"], Indication.chronic, True)
    assert wording.NONE_LISTED in pdf
    assert "US schedule IV" in pdf and "not controlled in the US" in pdf
    assert wording.schedule_aside(None) == "not controlled in the US" and wording.schedule_aside(Schedule.IV) == "US schedule IV"
    assert "US schedule IV" in _cell_text(dataset.treatment("carisoprodol"), "dependence", Indication.acute, "clinician")


def test_an_onset_says_what_it_rests_on(dataset, other_pain_onset):
    tramadol = other_pain_onset.treatment("tramadol")
    assert wording.onset_words(tramadol.onset).endswith("(drug label, another kind of pain)")
    exercise = dataset.treatment("exercise_therapy")
    assert wording.onset_words(exercise.onset) == "Not known; trials first checked at 3 months"
    assert wording.onset_words(exercise.onset) in _cell_text(exercise, "onset", Indication.chronic)


def test_known_glitches_are_gone(dataset):
    text = " ".join(
        _cell_text(t, q, i, mode)
        for t in dataset.treatments
        for q in ("benefit", "guidelines")
        for i in Indication
        for mode in ("patient", "clinician")
    )
    assert "(conditional) (conditional)" not in text and "Suggested (conditional) (conditional" not in text
    assert "Not enough evidence evidence" not in text
    for t in dataset.treatments:
        others = wording.other_names(t)
        assert len(others) == len(set(others)) and not [n for n in others if n.lower() in t.name.lower()]
    assert wording.names_with_brands(dataset.treatment("nsaids_oral")).endswith(", also Advil, Motrin")
    assert all(
        e.direction is not Direction.benefit or "help" in wording.certainty_with_direction(e)
        for t in dataset.treatments
        for i in Indication
        for e in [t.evidence.for_indication(i)]
    )


def test_a_size_in_words_carries_its_number(dataset):
    """Strong opioids (10.1 points) and exercise (15) are both 'moderate' on ACP's scale; the number tells them apart."""
    opioids = wording.certainty_with_direction(dataset.treatment("strong_opioids").evidence.chronic)
    exercise = wording.certainty_with_direction(dataset.treatment("exercise_therapy").evidence.chronic)
    assert "about 10 points less pain out of 100" in opioids and "about 15 points less pain out of 100" in exercise


def test_a_certainty_not_rated_with_grade_says_who_rated_it(fixture_dataset):
    pill, habit = fixture_dataset.treatment("fast_pill"), fixture_dataset.treatment("habit_drug")
    older, ours, graded = pill.evidence.chronic, habit.evidence.acute, pill.evidence.acute
    assert wording.certainty_system_words(graded, clinician=True) is None
    assert "older Cochrane Back Review Group levels, not GRADE" in wording.how_much(older, clinician=True)
    assert "older method" in wording.how_much(older, clinician=False)
    assert "our own reading" in wording.how_much(ours, clinician=False)
    assert "GRADE" not in wording.how_much(graded, clinician=True)
    assert wording.certainty_that(ours).endswith("(our reading; no source rated it)")
    rows = dict(cell(habit, "benefit", Indication.acute, "clinician").lines)
    assert rows["Rating"].startswith("No source rated the certainty")
    assert "Rating" not in dict(cell(pill, "benefit", Indication.acute, "clinician").lines)


def test_a_pain_difference_says_its_side_and_when_its_interval_holds_no_effect():
    from backpain.schema import PainEffect

    worse = PainEffect(mean_difference=5, ci_low=-2, ci_high=12, comparator="placebo", timepoint="8 weeks")
    better = PainEffect(mean_difference=-7.5, ci_low=-12, ci_high=-3, comparator="placebo", timepoint="1 week")
    assert wording.pain_difference(worse).startswith("5 points on 0 to 100, more pain with it (95% CI -2 to 12)")
    assert wording.NO_CLEAR_DIFFERENCE in wording.pain_difference(worse)
    assert "less pain with it" in wording.pain_difference(better)
    assert wording.NO_CLEAR_DIFFERENCE not in wording.pain_difference(better)

"""The report card's live figures."""

from __future__ import annotations

import textstat

from backpain.report import IPDAS_CRITERIA, cited_share, grade_summary, oldest_review, patient_texts, reading_grades


def test_reading_grades_cover_every_patient_text(fixture_dataset):
    grades = reading_grades(fixture_dataset, textstat.flesch_kincaid_grade)
    assert len(grades) == len(list(patient_texts(fixture_dataset)))
    assert grades == sorted(grades, key=lambda g: (-g.grade, g.where))
    median, worst = grade_summary(grades)
    assert worst == grades[0].grade and median <= worst


def test_oldest_review_and_cited_share(fixture_dataset):
    oldest, ids = oldest_review(fixture_dataset)
    assert oldest.isoformat() == "2026-11-25" and set(ids) == {"fast_pill", "slow_exercise", "habit_drug"}
    cited, entries = cited_share(fixture_dataset)
    # Practical entries may omit sources (all three fixtures do); every other entry must cite one.
    assert entries - cited == 3


def test_ipdas_lists_six_qualifying_and_six_certification_criteria():
    kinds = [kind for kind, *_ in IPDAS_CRITERIA]
    assert kinds.count("Qualifying") == 6 and kinds.count("Certification") == 6


def test_one_source_read_in_a_copy_leaves_its_entries_out_of_the_primary_share(fixture_dataset):
    from backpain.report import primary_share

    primary, cited = primary_share(fixture_dataset)
    assert primary == cited
    sources = tuple(s.model_copy(update={"primary": s.id != "fixture_label"}) for s in fixture_dataset.sources)
    fewer, same = primary_share(fixture_dataset.model_copy(update={"sources": sources}))
    assert same == cited and fewer < primary

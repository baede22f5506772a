"""The tool's own report card: IPDAS criteria and figures computed live from the data."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from backpain.schema import CertaintySystem, Dataset, Indication

IPDAS_SOURCES = ("joseph_williams_2014_ipdas", "stacey_2021_ipdas")

# IPDAS v4.0 minimum standards for decision aids about treatments (Joseph-Williams 2014): 6 qualifying and
# 6 certification criteria (4 more apply to screening tests only). Criteria are paraphrased.
IPDAS_CRITERIA: tuple[tuple[str, str, str, str], ...] = (
    ("Qualifying", "Describes the health problem the decision is about", "Explore and About: low back pain, split into recent, long-lasting and sciatica", "Explore"),
    ("Qualifying", "States the decision to be made", "What matters to me and Compare: which treatment to try for my back pain", "What matters to me"),
    ("Qualifying", "Describes the options", "Every option in the data, including non-drug care, self-care and bed rest", "Explore, Treatment"),
    ("Qualifying", "Describes the positive features of each option", "How soon, how much and how sure; absolute numbers where a source gives them", "Compare, Treatment"),
    ("Qualifying", "Describes the negative features of each option", "Dependence, common and serious harms, cautions, in the same grid rows as benefits", "Compare, Treatment"),
    ("Qualifying", "Describes what it is like to live with the consequences", "Cost and effort, visits, onset in plain words, out-of-100 icon arrays", "Compare, Treatment"),
    ("Certification", "Shows positive and negative features with equal detail", "Benefits and harms share one grid with the same type and order; harms are never collapsed", "Compare"),
    ("Certification", "Cites the evidence", "Every value names its source, with DOI, PMID or link", "Treatment, About"),
    ("Certification", "Gives a production or publication date", "Data version and last-updated date", "About"),
    ("Certification", "Gives the update policy", "Reviewed at least yearly and when a guideline changes", "About"),
    ("Certification", "Gives the uncertainty around outcome numbers", "Certainty in GRADE's words on every estimate, naming the system where it is not GRADE; 95% intervals in clinician mode", "Explore, Compare"),
    ("Certification", "Says who funded it", "Open source; no manufacturer, pharmacy or clinic funding", "About"),
)  # fmt: skip


@dataclass(frozen=True)
class TextGrade:
    where: str
    text: str
    grade: float


def patient_texts(dataset: Dataset) -> Iterator[tuple[str, str]]:
    """Every piece of prose a patient reads, labelled with where it lives."""
    for t in dataset.treatments:
        yield f"{t.id}: plain_summary", t.plain_summary
        yield f"{t.id}: dependence.note", t.dependence.note
        for indication in Indication:
            yield f"{t.id}: evidence.{indication.value}.summary", t.evidence.for_indication(indication).summary
        for i, caution in enumerate(t.cautions):
            yield f"{t.id}: cautions[{i}]", caution.text
        for i, claim in enumerate(t.claims):
            yield f"{t.id}: claims[{i}].why", claim.why


def reading_grades(dataset: Dataset, grade_of: Callable[[str], float]) -> list[TextGrade]:
    """Grades for all patient text, hardest first. ``grade_of`` is e.g. textstat.flesch_kincaid_grade."""
    grades = [TextGrade(where, text, float(grade_of(text))) for where, text in patient_texts(dataset)]
    return sorted(grades, key=lambda g: (-g.grade, g.where))


def grade_summary(grades: list[TextGrade]) -> tuple[float, float]:
    values = [g.grade for g in grades]
    return statistics.median(values), max(values)


def oldest_review(dataset: Dataset) -> tuple[date, list[str]]:
    oldest = min(t.last_reviewed for t in dataset.treatments)
    return oldest, [t.id for t in dataset.treatments if t.last_reviewed == oldest]


def _value_entries(obj: object) -> Iterator[BaseModel]:
    """Every model in a record that carries (or could carry) its own sources."""
    if isinstance(obj, BaseModel):
        if "sources" in type(obj).model_fields:
            yield obj
        for name in type(obj).model_fields:
            if name != "sources":
                yield from _value_entries(getattr(obj, name))
    elif isinstance(obj, tuple):
        for item in obj:
            yield from _value_entries(item)


def cited_share(dataset: Dataset) -> tuple[int, int]:
    """(entries that cite at least one source, all entries that hold values)."""
    entries = [e for t in dataset.treatments for e in _value_entries(t)]
    return sum(1 for e in entries if e.sources), len(entries)


def _number_entries(dataset: Dataset) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(what, sources) for every number shown: a pooled pain effect, an out-of-100 result, an adverse-event ratio."""
    for t in dataset.treatments:
        for indication in Indication:
            evidence = t.evidence.for_indication(indication)
            if evidence.pain_effect is not None:
                yield f"{t.id}: evidence.{indication.value}.pain_effect", evidence.sources
            for i, effect in enumerate(evidence.absolute):
                yield f"{t.id}: evidence.{indication.value}.absolute[{i}]", effect.sources
        if t.harms.adverse_event_ratio is not None:
            yield f"{t.id}: harms.adverse_event_ratio", t.harms.adverse_event_ratio.sources


def grade_share(dataset: Dataset) -> tuple[int, int]:
    """(evidence entries whose certainty GRADE rated, evidence entries with a rated certainty)."""
    rated = [
        e.certainty_system
        for t in dataset.treatments
        for i in Indication
        if (e := t.evidence.for_indication(i)).certainty_system is not None
    ]
    return sum(s is CertaintySystem.grade for s in rated), len(rated)


def primary_share(dataset: Dataset) -> tuple[int, int]:
    """(entries whose every source was read in its primary text, entries that cite a source). One source read in a
    copy is enough to leave an entry out: the share never counts a copy-read entry as primary."""
    primary = {s.id for s in dataset.sources if s.primary}
    entries = [e for t in dataset.treatments for e in _value_entries(t) if e.sources]
    return sum(1 for e in entries if primary.issuperset(e.sources)), len(entries)


def industry_share(dataset: Dataset) -> tuple[list[str], int]:
    """(the numbers that rest on work industry paid for in whole or part, how many numbers there are)."""
    paid = {s.id for s in dataset.sources if s.industry_paid}
    numbers = list(_number_entries(dataset))
    return [where for where, sources in numbers if paid.intersection(sources)], len(numbers)

"""The Option Grid behind the Compare page: questions as rows, options as columns, as plain text."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backpain import absolute, labels, wording
from backpain.query import CERTAINTY_RANK, DEPENDENCE_RANK, guideline_stance
from backpain.schema import (
    AbsoluteOutcome,
    CautionGroup,
    Cost,
    GuidelineId,
    Indication,
    Stance,
    Treatment,
)

# How "favourable" a stance is, for ordering only; outside scope sorts with not addressed.
_STANCE_ORDER = {
    Stance.recommended: 0,
    Stance.conditional_for: 1,
    Stance.no_recommendation: 2,
    Stance.not_addressed: 3,
    Stance.not_confirmed: 3,
    Stance.conditional_against: 4,
    Stance.not_recommended: 5,
}
_COST_ORDER = {Cost.low: 0, Cost.moderate: 1, Cost.high: 2}


@dataclass(frozen=True)
class Cell:
    """One answer: short lines of (label, text). Labels are ours; text comes from the data."""

    lines: tuple[tuple[str, str], ...]


# In a 10-minute visit a cell leads with a few short lines; the rest is one tap away, the same for every option.
LEAD_LINES = 3
LEAD_CHARS = 140


def leading_sentences(text: str, limit: int) -> str:
    """As many whole sentences from the start as fit in ``limit`` characters, and at least the first: a first
    sentence as short as "Tablets by mouth." says little on its own."""
    ends = [m.end() for m in re.finditer(r"\.(?= [A-Z])", text)]  # not inside "e.g. diclofenac"
    fitting = [end for end in ends if end <= limit]
    if fitting:
        return text[: fitting[-1]]
    return text if not ends else text[: ends[0]]


def more_label(more: Sequence[tuple[str, str]], most: int = 3) -> str:
    """'More: BMJ 2025, Evidence': what the "More" holds, so a line kept there never looks missing."""
    names = list(dict.fromkeys(label for label, _ in more if label))
    if not names:
        return "More"
    shown = ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")
    return f"More: {shown}"


def lead_and_more(answer: Cell) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The first lines of a cell, each at most a sentence of about LEAD_CHARS, and everything not shown in full.

    A line cut to its first sentence ends with "…" and is given whole under "more", so nothing is lost.
    """
    lead, more = [], []
    for index, (label, text) in enumerate(answer.lines):
        if index >= LEAD_LINES:
            more.append((label, text))
            continue
        short = text if len(text) <= LEAD_CHARS else leading_sentences(text, LEAD_CHARS)
        if len(short) > LEAD_CHARS:
            short = short[:LEAD_CHARS].rsplit(" ", 1)[0]
        lead.append((label, short if short == text else short.rstrip(".") + " …"))
        if short != text:
            more.append((label, text))
    return tuple(lead), tuple(more)


def _effect_text(treatment: Treatment, indication: Indication, clinician: bool) -> list[tuple[str, str]]:
    evidence = treatment.evidence.for_indication(indication)
    lines = [("What it shows", wording.certainty_with_direction(evidence))]
    rated = wording.certainty_system_words(evidence, clinician=clinician)
    if rated:
        lines.append(("Rating", rated))
    # Only a comparator a source names: a placeholder would look like an answer.
    if evidence.direction is not None and (evidence.pain_effect is not None or evidence.comparator):
        lines.append(("Compared with", wording.comparator(evidence)))
    effect = evidence.pain_effect
    if clinician:
        if effect is None:
            lines.append(("Pain difference", wording.NO_POOLED_ESTIMATE.lower()))
        else:
            lines.append(("Pain difference", f"{wording.pain_difference(effect)}, vs {effect.comparator}, {effect.timepoint}"))
    relief = [e for e in evidence.absolute if e.outcome is AbsoluteOutcome.meaningful_relief]
    lines.extend(("Out of 100 people", absolute.one_line(e, treatment.name)) for e in relief)
    lines.append(("Evidence", evidence.summary))
    if clinician and evidence.note:
        # Notes on how the evidence was read are for the clinician view, not the plain one.
        lines.append(("Note", evidence.note))
    return lines


def _harm_numbers(treatment: Treatment, indication: Indication, outcome: AbsoluteOutcome) -> list[tuple[str, str]]:
    effects = treatment.evidence.for_indication(indication).absolute
    return [("Out of 100 people", absolute.one_line(e, treatment.name)) for e in effects if e.outcome is outcome]


def _guideline_text(treatment: Treatment, indication: Indication, clinician: bool) -> list[tuple[str, str]]:
    lines = []
    for g in GuidelineId:
        entry = treatment.guidelines.for_guideline(g).for_indication(indication)
        stance = wording.stance_with_symbol(entry)
        if clinician and entry is not None:
            grade = wording.grade_words(entry)
            stance += f" ({grade})" if grade else ""
            stance += f". {entry.wording}"
        lines.append((wording.guideline_label(g, entry, treatment, short=False), stance))
    if disagreement := wording.guideline_disagreement(treatment, indication):
        lines.append((wording.DISAGREE_SYMBOL, disagreement))
    return lines


def _cautions(treatment: Treatment, clinician: bool) -> list[tuple[str, str]]:
    cautions = list(treatment.cautions)
    if clinician:
        # Older-adult cautions (Beers) first: the question a clinician asks first.
        cautions.sort(key=lambda c: c.group is not CautionGroup.older_adults)
    if not cautions:
        return [("Cautions", wording.NONE_LISTED)]
    return [(labels.CAUTION_GROUP[c.group], c.text) for c in cautions]


def _what(t: Treatment, indication: Indication, clinician: bool) -> list[tuple[str, str]]:
    lines = [("Type", f"{labels.CATEGORY[t.category]} · {labels.ACCESS[t.access]}")]
    if t.also_known_as:
        lines.append(("Also called", ", ".join(t.also_known_as)))
    lines.append(("In short", t.plain_summary))
    return lines


def _onset(t: Treatment, indication: Indication, clinician: bool) -> list[tuple[str, str]]:
    lines = [("First relief", wording.onset_words(t.onset))]
    if clinician and t.onset.note:
        lines.append(("Note", t.onset.note))
    if t.duration:
        lines.append(("Lasts", t.duration.label))
    return lines


def _dependence(t: Treatment, indication: Indication, clinician: bool) -> list[tuple[str, str]]:
    lines = [("Risk", labels.DEPENDENCE[t.dependence.level]), ("", t.dependence.note)]
    if clinician:
        lines.append(("US schedule", wording.schedule_words(t.dependence.us_schedule)))
        lines.extend(("Regulator", r.note) for r in t.dependence.regulatory)
    return lines


def _common_harms(t: Treatment, indication: Indication, clinician: bool) -> list[tuple[str, str]]:
    lines = [("", wording.listed(t.harms.common))]
    lines.extend(_harm_numbers(t, indication, AbsoluteOutcome.any_adverse_event))
    ratio = t.harms.adverse_event_ratio
    if clinician and ratio:
        interval = f" (95% CI {ratio.ci_low:g} to {ratio.ci_high:g})" if ratio.ci_low is not None else ""
        lines.append(("Adverse events", f"risk ratio {ratio.risk_ratio:g}{interval} vs {ratio.comparator}"))
    return lines


def _serious_harms(t: Treatment, indication: Indication, clinician: bool) -> list[tuple[str, str]]:
    return [("", wording.listed(t.harms.serious)), *_harm_numbers(t, indication, AbsoluteOutcome.serious_adverse_event)]


def _cost(t: Treatment, indication: Indication, clinician: bool) -> list[tuple[str, str]]:
    return [("Cost", labels.COST[t.practical.cost]), ("Effort", t.practical.effort)]


def _guideline_score(t: Treatment, indication: Indication) -> int:
    return sum(_STANCE_ORDER[s] if (s := guideline_stance(t, g, indication)) else 3 for g in GuidelineId)


def _by_name(t: Treatment) -> str:
    return t.name.lower()


@dataclass(frozen=True)
class Question:
    """One row of the grid: its words, how each option answers it, and how options are ordered on it."""

    key: str
    title: str
    answer: Callable[[Treatment, Indication, bool], list[tuple[str, str]]]
    order: Callable[[Treatment, Indication], tuple]
    # The Treatment page asks these once for the option; the rest it asks per kind of back pain.
    about_the_option: bool = True


# Rows in this order; adding a question is one entry here.
REGISTRY: tuple[Question, ...] = (
    Question("what", "What is it?", _what, lambda t, i: (_by_name(t),)),
    # Only a time to relief orders on speed; when trials first checked sorts with the unknown onsets.
    Question(
        "onset", "How soon does it work?", _onset, lambda t, i: (t.onset.min_hours if t.onset.is_onset else math.inf, _by_name(t))
    ),
    # What the evidence shows first (helps before the rest), then how sure, then how much.
    Question(
        "benefit",
        "How much does it help, and how sure are we?",
        lambda t, i, clinician: _effect_text(t, i, clinician),
        lambda t, i: (
            not t.evidence.for_indication(i).shows_benefit,
            -CERTAINTY_RANK[t.evidence.for_indication(i).certainty],
            pe.mean_difference if (pe := t.evidence.for_indication(i).pain_effect) else math.inf,
            _by_name(t),
        ),
        about_the_option=False,
    ),
    Question(
        "dependence",
        "Risk of dependence or withdrawal",
        _dependence,
        lambda t, i: (DEPENDENCE_RANK[t.dependence.level], _by_name(t)),
    ),
    Question("common_harms", "Common side effects", _common_harms, lambda t, i: (len(t.harms.common), _by_name(t))),
    Question("serious_harms", "Serious risks", _serious_harms, lambda t, i: (len(t.harms.serious), _by_name(t))),
    Question(
        "not_suitable",
        "Not suitable if…",
        lambda t, i, clinician: _cautions(t, clinician),
        lambda t, i: (len(t.cautions), _by_name(t)),
    ),
    Question(
        "guidelines",
        "What the guidelines say",
        lambda t, i, clinician: _guideline_text(t, i, clinician),
        lambda t, i: (_guideline_score(t, i), _by_name(t)),
        about_the_option=False,
    ),
    Question("cost", "Cost and effort", _cost, lambda t, i: (_COST_ORDER[t.practical.cost], _by_name(t))),
)
BY_KEY: dict[str, Question] = {q.key: q for q in REGISTRY}
QUESTIONS: dict[str, str] = {q.key: q.title for q in REGISTRY}
ABOUT_THE_OPTION: tuple[str, ...] = tuple(q.key for q in REGISTRY if q.about_the_option)


def cell(treatment: Treatment, question: str, indication: Indication, mode: str) -> Cell:
    if question not in BY_KEY:
        raise ValueError(f"unknown question {question!r}")
    return Cell(tuple(BY_KEY[question].answer(treatment, indication, mode == "clinician")))


def order_on(treatments: Sequence[Treatment], question: str, indication: Indication) -> list[Treatment]:
    """Options ordered on one question (fastest, most certain, least dependence...); ties by name."""
    key = BY_KEY[question].order
    return sorted(treatments, key=lambda t: key(t, indication))

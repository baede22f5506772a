"""The Option Grid behind the Compare page: questions as rows, options as columns, as plain text."""

from __future__ import annotations

import math
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

QUESTIONS: dict[str, str] = {
    "what": "What is it?",
    "onset": "How soon does it work?",
    "benefit": "How much does it help, and how sure are we?",
    "dependence": "Risk of dependence or withdrawal",
    "common_harms": "Common side effects",
    "serious_harms": "Serious risks",
    "not_suitable": "Not suitable if…",
    "guidelines": "What the guidelines say",
    "cost": "Cost and effort",
}

# How "favourable" a stance is, for ordering only; outside scope sorts with not addressed.
_STANCE_ORDER = {
    Stance.recommended: 0,
    Stance.conditional_for: 1,
    Stance.no_recommendation: 2,
    Stance.not_addressed: 3,
    Stance.conditional_against: 4,
    Stance.not_recommended: 5,
}
_COST_ORDER = {Cost.low: 0, Cost.moderate: 1, Cost.high: 2}


@dataclass(frozen=True)
class Cell:
    """One answer: short lines of (label, text). Labels are ours; text comes from the data."""

    lines: tuple[tuple[str, str], ...]


def _effect_text(treatment: Treatment, indication: Indication, clinician: bool) -> list[tuple[str, str]]:
    evidence = treatment.evidence.for_indication(indication)
    lines = [("What it shows", wording.certainty_with_direction(evidence))]
    if evidence.direction is not None:
        lines.append(("Compared with", wording.comparator(evidence)))
    effect = evidence.pain_effect
    if clinician:
        if effect is None:
            lines.append(("Pain difference", wording.NO_POOLED_ESTIMATE.lower()))
        else:
            interval = (
                f" (95% CI {effect.ci_low:g} to {effect.ci_high:g})" if effect.ci_low is not None else " (interval not reported)"
            )
            lines.append(
                (
                    "Pain difference",
                    f"{effect.mean_difference:g} points on 0-100{interval} vs {effect.comparator}, {effect.timepoint}",
                )
            )
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
    return lines


def _cautions(treatment: Treatment, clinician: bool) -> list[tuple[str, str]]:
    cautions = list(treatment.cautions)
    if clinician:
        # Older-adult cautions (Beers) first: the question a clinician asks first.
        cautions.sort(key=lambda c: c.group is not CautionGroup.older_adults)
    if not cautions:
        return [("Cautions", wording.NONE_LISTED)]
    return [(labels.CAUTION_GROUP[c.group], c.text) for c in cautions]


def cell(treatment: Treatment, question: str, indication: Indication, mode: str) -> Cell:
    clinician = mode == "clinician"
    t = treatment
    if question == "what":
        lines = [("Type", f"{labels.CATEGORY[t.category]} · {labels.ACCESS[t.access]}")]
        if t.also_known_as:
            lines.append(("Also called", ", ".join(t.also_known_as)))
        lines.append(("In short", t.plain_summary))
    elif question == "onset":
        lines = [("First relief", wording.onset_words(t.onset))]
        if clinician and t.onset.note:
            lines.append(("Note", t.onset.note))
        if t.duration:
            lines.append(("Lasts", t.duration.label))
    elif question == "benefit":
        lines = _effect_text(t, indication, clinician)
    elif question == "dependence":
        lines = [("Risk", labels.DEPENDENCE[t.dependence.level]), ("", t.dependence.note)]
        if clinician:
            lines.append(("US schedule", wording.schedule_words(t.dependence.us_schedule)))
            lines.extend(("Regulator", r.note) for r in t.dependence.regulatory)
    elif question == "common_harms":
        lines = [("", wording.listed(t.harms.common))]
        lines.extend(_harm_numbers(t, indication, AbsoluteOutcome.any_adverse_event))
        ratio = t.harms.adverse_event_ratio
        if clinician and ratio:
            interval = f" (95% CI {ratio.ci_low:g} to {ratio.ci_high:g})" if ratio.ci_low is not None else ""
            lines.append(("Adverse events", f"risk ratio {ratio.risk_ratio:g}{interval} vs {ratio.comparator}"))
    elif question == "serious_harms":
        lines = [("", wording.listed(t.harms.serious))]
        lines.extend(_harm_numbers(t, indication, AbsoluteOutcome.serious_adverse_event))
    elif question == "not_suitable":
        lines = _cautions(t, clinician)
    elif question == "guidelines":
        lines = _guideline_text(t, indication, clinician)
    elif question == "cost":
        lines = [("Cost", labels.COST[t.practical.cost]), ("Effort", t.practical.effort)]
    else:
        raise ValueError(f"unknown question {question!r}")
    return Cell(tuple(lines))


def _guideline_score(t: Treatment, indication: Indication) -> int:
    return sum(_STANCE_ORDER[s] if (s := guideline_stance(t, g, indication)) else 3 for g in GuidelineId)


ORDER_KEYS: dict[str, Callable[[Treatment, Indication], tuple]] = {
    "what": lambda t, i: (t.name.lower(),),
    # Only a time to relief orders on speed; when trials first checked sorts with the unknown onsets.
    "onset": lambda t, i: (t.onset.min_hours if t.onset.is_onset else math.inf, t.name.lower()),
    # What the evidence shows first (helps before the rest), then how sure, then how much.
    "benefit": lambda t, i: (
        not t.evidence.for_indication(i).shows_benefit,
        -CERTAINTY_RANK[t.evidence.for_indication(i).certainty],
        pe.mean_difference if (pe := t.evidence.for_indication(i).pain_effect) else math.inf,
        t.name.lower(),
    ),
    "dependence": lambda t, i: (DEPENDENCE_RANK[t.dependence.level], t.name.lower()),
    "common_harms": lambda t, i: (len(t.harms.common), t.name.lower()),
    "serious_harms": lambda t, i: (len(t.harms.serious), t.name.lower()),
    "not_suitable": lambda t, i: (len(t.cautions), t.name.lower()),
    "guidelines": lambda t, i: (_guideline_score(t, i), t.name.lower()),
    "cost": lambda t, i: (_COST_ORDER[t.practical.cost], t.name.lower()),
}


def order_on(treatments: Sequence[Treatment], question: str, indication: Indication) -> list[Treatment]:
    """Options ordered on one question (fastest, most certain, least dependence...); ties by name."""
    key = ORDER_KEYS[question]
    return sorted(treatments, key=lambda t: key(t, indication))

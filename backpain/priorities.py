""" "What matters to me": turn a person's priorities into an order of options, openly and reproducibly.

Each criterion maps data to a score from 0 (worst) to 1 (best), or None when the data does not say.
An unknown never scores as good: it adds nothing, and the option is marked "less information".
The fit is the weighted mean of the known scores' contributions over the sum of weights, so raising the
weight of a criterion on which A beats B can only move A up relative to B.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from backpain.schema import (
    AbsoluteOutcome,
    Access,
    Certainty,
    Cost,
    DependenceLevel,
    Indication,
    Treatment,
)

CRITERIA: dict[str, str] = {
    "onset": "Faster relief",
    "dependence": "Lower risk of dependence",
    "evidence": "Stronger evidence that it helps my kind of back pain",
    "effect": "More pain relief",
    "harms": "Fewer side effects",
    "cost": "Lower cost and effort",
    "access": "No prescription needed",
}
WEIGHT_LEVELS: dict[str, int] = {"not": 0, "little": 1, "very": 2}
WEIGHT_WORDS = {"not": "Not important", "little": "A little important", "very": "Very important"}
DEFAULT_LEVEL = "little"

# How each criterion becomes a score. Shown on the page and in the README, word for word.
SCORING_RULES: dict[str, str] = {
    "onset": "1 if first relief is expected within an hour, falling on a log scale to 0 at three months or more "
    "(using the slow end of the onset range). Unknown onset: no score.",
    "dependence": "None known 1, low 0.67, moderate 0.33, high 0.",
    "evidence": "GRADE certainty for the chosen kind of back pain: high 1, moderate 0.75, low 0.5, very low 0.25, "
    "not enough evidence 0. Certainty about a result that is not a benefit earns nothing: when the pooled estimate "
    "is smaller than a small effect (5 points on 0 to 100), the score is 0.",
    "effect": "The pooled difference in pain on a 0 to 100 scale, divided by 20 (the top of a moderate effect) and "
    "capped at 1; no benefit scores 0. Comparators differ between options. No pooled estimate: no score.",
    "harms": "From the adverse-event risk ratio against placebo: 1 at a ratio of 1 or less, 0 at 2 or more. Where a "
    "source gives only the share with any side effect on the option and its comparator: 1 when there is no extra, "
    "0 at 30 or more extra per 100. Otherwise: no score.",
    "cost": "Low 1, moderate 0.5, high 0.",
    "access": "Over the counter or do-it-yourself 1, given by a clinician or therapist 0.5, prescription or "
    "controlled medicine 0.",
}
UNKNOWN_WORDS = {
    "onset": "onset not known",
    "effect": "no pooled estimate of benefit",
    "harms": "side effects not measured against placebo",
}

_DEPENDENCE = {DependenceLevel.none: 1.0, DependenceLevel.low: 2 / 3, DependenceLevel.moderate: 1 / 3, DependenceLevel.high: 0.0}
_CERTAINTY = {
    Certainty.high: 1.0,
    Certainty.moderate: 0.75,
    Certainty.low: 0.5,
    Certainty.very_low: 0.25,
    Certainty.insufficient: 0.0,
}
_COST = {Cost.low: 1.0, Cost.moderate: 0.5, Cost.high: 0.0}
_ACCESS = {
    Access.over_the_counter: 1.0,
    Access.self_directed: 1.0,
    Access.clinician_delivered: 0.5,
    Access.prescription: 0.0,
    Access.controlled_substance: 0.0,
}
ONSET_BEST_HOURS, ONSET_WORST_HOURS = 1.0, 2160.0
EFFECT_FULL_POINTS = 20.0


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def onset_score(max_hours: float | None) -> float | None:
    if max_hours is None:
        return None
    if max_hours <= ONSET_BEST_HOURS:
        return 1.0
    return _clip(1 - math.log10(max_hours / ONSET_BEST_HOURS) / math.log10(ONSET_WORST_HOURS / ONSET_BEST_HOURS))


def harms_score(treatment: Treatment, indication: Indication) -> float | None:
    ratio = treatment.harms.adverse_event_ratio
    if ratio is not None:
        return _clip(2 - ratio.risk_ratio)
    for effect in treatment.evidence.for_indication(indication).absolute:
        if effect.outcome is AbsoluteOutcome.any_adverse_event:
            return _clip(1 - (effect.treatment_per_100 - effect.comparator_per_100) / 30)
    return None


SMALL_EFFECT_POINTS = 5.0


def evidence_score(treatment: Treatment, indication: Indication) -> float:
    """How sure we are that it helps: being sure that it does not help (paracetamol, acute) scores 0."""
    evidence = treatment.evidence.for_indication(indication)
    effect = evidence.pain_effect
    if effect is not None and -effect.mean_difference < SMALL_EFFECT_POINTS:
        return 0.0
    return _CERTAINTY[evidence.certainty]


def criterion_scores(treatment: Treatment, indication: Indication) -> dict[str, float | None]:
    evidence = treatment.evidence.for_indication(indication)
    effect = evidence.pain_effect
    return {
        "onset": onset_score(treatment.onset.max_hours),
        "dependence": _DEPENDENCE[treatment.dependence.level],
        "evidence": evidence_score(treatment, indication),
        "effect": None if effect is None else _clip(-effect.mean_difference / EFFECT_FULL_POINTS),
        "harms": harms_score(treatment, indication),
        "cost": _COST[treatment.practical.cost],
        "access": _ACCESS[treatment.access],
    }


@dataclass(frozen=True)
class Ranked:
    id: str
    name: str
    fit: float
    contributions: dict[str, float]
    unknown: tuple[str, ...]

    @property
    def less_information(self) -> bool:
        return bool(self.unknown)


def weights_from_levels(levels: Mapping[str, str]) -> dict[str, int]:
    return {c: WEIGHT_LEVELS[levels.get(c, DEFAULT_LEVEL)] for c in CRITERIA}


def rank(options: Sequence[tuple[str, str, Mapping[str, float | None]]], weights: Mapping[str, int]) -> list[Ranked]:
    """Order options by fit. Ties go to the option with more known values, then by name, then id."""
    total_weight = sum(weights.get(c, 0) for c in CRITERIA)
    ranked = []
    for option_id, name, scores in options:
        contributions = {
            c: (weights.get(c, 0) * scores[c] / total_weight if total_weight and scores.get(c) is not None else 0.0)
            for c in CRITERIA
        }
        unknown = tuple(c for c in CRITERIA if weights.get(c, 0) > 0 and scores.get(c) is None)
        ranked.append(Ranked(option_id, name, sum(contributions.values()), contributions, unknown))
    # Rounding folds float noise into true ties, which then break the same way every time.
    return sorted(ranked, key=lambda r: (-round(r.fit, 9), len(r.unknown), r.name.lower(), r.id))


def rank_treatments(treatments: Sequence[Treatment], indication: Indication, weights: Mapping[str, int]) -> list[Ranked]:
    return rank([(t.id, t.name, criterion_scores(t, indication)) for t in treatments], weights)


STRENGTH_WORDS = {
    "onset": "relief may come fast",
    "dependence": "low risk of dependence",
    "evidence": "stronger evidence that it helps",
    "effect": "a larger measured benefit",
    "harms": "few extra side effects in studies",
    "cost": "low cost and effort",
    "access": "no prescription needed",
}


def why_here(ranked: Ranked, weights: Mapping[str, int]) -> str:
    """One plain line: what helped this option's fit, and what we do not know."""
    helped = sorted(
        (c for c in CRITERIA if ranked.contributions[c] > 0 and weights.get(c, 0) > 0),
        key=lambda c: -ranked.contributions[c],
    )[:2]
    parts = []
    if helped:
        parts.append("Fits your choices on " + " and ".join(STRENGTH_WORDS[c] for c in helped) + ".")
    else:
        parts.append("Scores low on what you chose.")
    if ranked.unknown:
        parts.append("Less information: " + ", ".join(UNKNOWN_WORDS.get(c, c) for c in ranked.unknown) + ".")
    return " ".join(parts)

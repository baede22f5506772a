""" "What matters to me": turn a person's priorities into an order of options, openly and reproducibly.

Options are grouped before they are ordered, as GRADE advises when many options are compared: first
those whose evidence shows a benefit for the chosen kind of back pain, then those whose evidence is
unclear or too thin, then those shown not to help or to do worse. The weights order options within a
group. A criterion about benefit (faster relief, more relief, stronger evidence) scores 0 unless the
evidence shows a benefit, and says why.

Each criterion maps data to a score from 0 (worst) to 1 (best), or None when the data does not say.
An unknown never scores as good: it adds nothing, and the option is marked "less information".
The fit is the weighted mean of the known scores' contributions over the sum of weights, so raising the
weight of a criterion on which A beats B can only move A up relative to B within a group.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from backpain import labels, wording
from backpain.schema import (
    AbsoluteOutcome,
    Access,
    Certainty,
    Cost,
    DependenceLevel,
    Direction,
    EvidenceEntry,
    Indication,
    OnsetBasis,
    Treatment,
)

WEIGHT_LEVELS: dict[str, int] = {"not": 0, "little": 1, "very": 2}
WEIGHT_WORDS = {
    "not": "Not at all",
    "little": "A little",
    "very": "A lot",
}  # how much it matters; short, so a phone fits all three
DEFAULT_LEVEL = "little"

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
    if ratio is not None and ratio.applies_to(indication):
        return _clip(2 - ratio.risk_ratio)
    for effect in treatment.evidence.for_indication(indication).absolute:
        if effect.outcome is AbsoluteOutcome.any_adverse_event:
            return _clip(1 - (effect.treatment_per_100 - effect.comparator_per_100) / 30)
    return None


@dataclass(frozen=True)
class Criterion:
    """One thing a person may care about: its words, its scoring rule (shown on the page and in the README,
    word for word), the score it gives an option, and how the list names it as a strength or an unknown."""

    key: str
    label: str
    rule: str
    score: Callable[[Treatment, Indication], float | None]
    strength: str
    unknown: str | None = None
    # Asks "does it help?": scores nothing unless the evidence shows a benefit.
    about_benefit: bool = False


def _effect_score(t: Treatment, indication: Indication) -> float | None:
    effect = t.evidence.for_indication(indication).pain_effect
    return None if effect is None else _clip(-effect.mean_difference / EFFECT_FULL_POINTS)


# In this order on the page, in the URL and in the command. Adding a criterion is one entry here, with its
# words; its weight control, URL parameter and chart colour follow (the palette has 8), and the tests name the
# README lines it needs and where.
REGISTRY: tuple[Criterion, ...] = (
    Criterion(
        "onset",
        "Faster relief",
        "1 if first relief is expected within an hour, falling on a log scale to 0 at three months or more "
        "(using the slow end of the onset range). Only when the evidence shows a benefit for the chosen kind of back pain: "
        "otherwise 0. Unknown onset, or only the time trials first checked: no score.",
        lambda t, i: onset_score(t.onset.max_hours) if t.onset.is_onset else None,
        "relief that may come fast",
        "onset not known",
        about_benefit=True,
    ),
    Criterion(
        "dependence",
        "Lower risk of dependence",
        "None known 1, low 0.67, moderate 0.33, high 0.",
        lambda t, i: _DEPENDENCE[t.dependence.level],
        "a low risk of dependence",
    ),
    Criterion(
        "evidence",
        "Stronger evidence that it helps my kind of back pain",
        "GRADE certainty that it helps the chosen kind of back pain: high 1, moderate 0.75, low 0.5, "
        "very low 0.25. Certainty about a result that is not a benefit (no difference, worse, or unclear) and not enough "
        "evidence score 0.",
        lambda t, i: _CERTAINTY[t.evidence.for_indication(i).certainty],
        "stronger evidence that it helps",
        about_benefit=True,
    ),
    Criterion(
        "effect",
        "More pain relief",
        "The pooled difference in pain on a 0 to 100 scale, divided by 20 (the top of a moderate effect) and "
        "capped at 1, only when the evidence shows a benefit; otherwise 0. Comparators differ between options. "
        "An estimate of very low certainty scores 0 (it is still shown). No pooled estimate: no score.",
        _effect_score,
        "a larger measured benefit",
        "no pooled estimate of benefit",
        about_benefit=True,
    ),
    Criterion(
        "harms",
        "Fewer side effects",
        "From the adverse-event risk ratio against placebo, when trials of the chosen kind of back pain (or a wider "
        "pool) measured it: 1 at a ratio of 1 or less, 0 at 2 or more. Where a "
        "source gives only the share with any side effect on the option and its comparator: 1 when there is no extra, "
        "0 at 30 or more extra per 100. Otherwise: no score.",
        harms_score,
        "few extra side effects in studies",
        "side effects not measured against placebo",
    ),
    Criterion(
        "cost",
        "Lower cost and effort",
        "Low 1, moderate 0.5, high 0.",
        lambda t, i: _COST[t.practical.cost],
        "low cost and effort",
    ),
    Criterion(
        "access",
        "No prescription needed",
        "Over the counter or do-it-yourself 1, given by a clinician or therapist 0.5, prescription or controlled medicine 0.",
        lambda t, i: _ACCESS[t.access],
        "no prescription needed",
    ),
)
CRITERIA: dict[str, str] = {c.key: c.label for c in REGISTRY}
SCORING_RULES: dict[str, str] = {c.key: c.rule for c in REGISTRY}
UNKNOWN_WORDS: dict[str, str] = {c.key: c.unknown for c in REGISTRY if c.unknown}
STRENGTH_WORDS: dict[str, str] = {c.key: c.strength for c in REGISTRY}
BENEFIT_CRITERIA: tuple[str, ...] = tuple(c.key for c in REGISTRY if c.about_benefit)


# Groups, in the order they are listed, with a heading in plain words.
GROUPS: dict[str, str] = {
    "helps": "The evidence shows these help this kind of back pain",
    "unsure": "Not known yet: the evidence is unclear or very uncertain, or there is not enough of it",
    "does_not_help": "The evidence shows these do not help more than what they were compared with, or do worse",
}


def evidence_group(evidence: EvidenceEntry) -> str:
    if evidence.shown_to_help:
        return "helps"
    if evidence.direction in (Direction.no_difference, Direction.harm):
        return "does_not_help"
    return "unsure"


def no_benefit_reason(evidence: EvidenceEntry) -> str:
    """Why a benefit criterion scores 0, in words: never 'less information'."""
    if evidence.direction is None:
        return "there is not enough evidence that it helps"
    return {
        Direction.no_difference: f"the evidence says it does not help more than {wording.comparator(evidence)}",
        Direction.harm: f"the evidence says it does worse than {wording.comparator(evidence)}",
        Direction.unclear: "the evidence is too unclear to say whether it helps",
    }[evidence.direction]


@dataclass(frozen=True)
class Scores:
    """One option's score on each criterion, and why a criterion scored 0 or is not known."""

    values: dict[str, float | None]
    zero_because: dict[str, str]
    unknown_because: dict[str, str]
    # What a score rests on when that matters (an onset from a label for another kind of pain).
    caveats: dict[str, str] = field(default_factory=dict)


def criterion_scores(treatment: Treatment, indication: Indication) -> Scores:
    evidence = treatment.evidence.for_indication(indication)
    effect = evidence.pain_effect
    onset = treatment.onset
    values: dict[str, float | None] = {c.key: c.score(treatment, indication) for c in REGISTRY}
    zero_because: dict[str, str] = {}
    unknown_because: dict[str, str] = {}
    caveats: dict[str, str] = {}
    if onset.basis is OnsetBasis.label_other_pain:
        caveats["onset"] = wording.ONSET_BASIS[onset.basis]
    ratio = treatment.harms.adverse_event_ratio
    if values["harms"] is None and ratio is not None and ratio.measured_in:
        pains = " or ".join(labels.INDICATION_CHART[i] for i in ratio.measured_in)
        unknown_because["harms"] = f"side effects measured only in trials of {pains}"
    if onset.basis is OnsetBasis.first_measured:
        unknown_because["onset"] = f"onset not known ({wording.first_checked_words(onset)}, which is not a time to relief)"
    if not evidence.shows_benefit:
        # Fast relief from something that does not relieve is worth nothing.
        for criterion in BENEFIT_CRITERIA:
            if values[criterion] is not None or criterion == "evidence":
                values[criterion] = 0.0
                zero_because[criterion] = no_benefit_reason(evidence)
    elif effect is not None and evidence.certainty is Certainty.very_low:
        values["effect"] = 0.0
        zero_because["effect"] = "we are very uncertain about the size of the benefit"
    return Scores(values, zero_because, unknown_because, caveats)


@dataclass(frozen=True)
class Ranked:
    id: str
    name: str
    fit: float
    contributions: dict[str, float]
    unknown: tuple[str, ...]
    group: str = "helps"
    scores: dict[str, float | None] | None = None
    zero_because: dict[str, str] | None = None
    unknown_because: dict[str, str] | None = None
    caveats: dict[str, str] | None = None

    @property
    def less_information(self) -> bool:
        return bool(self.unknown)


def weights_from_levels(levels: Mapping[str, str]) -> dict[str, int]:
    return {c: WEIGHT_LEVELS[levels.get(c, DEFAULT_LEVEL)] for c in CRITERIA}


def rank(
    options: Sequence[tuple[str, str, Mapping[str, float | None]]],
    weights: Mapping[str, int],
    groups: Mapping[str, str] | None = None,
) -> list[Ranked]:
    """Order options by group (when given), then fit. Ties go to more known values, then name, then id."""
    total_weight = sum(weights.get(c, 0) for c in CRITERIA)
    ranked = []
    for option_id, name, scores in options:
        contributions = {
            c: (weights.get(c, 0) * scores[c] / total_weight if total_weight and scores.get(c) is not None else 0.0)
            for c in CRITERIA
        }
        unknown = tuple(c for c in CRITERIA if weights.get(c, 0) > 0 and scores.get(c) is None)
        group = (groups or {}).get(option_id, "helps")
        ranked.append(Ranked(option_id, name, sum(contributions.values()), contributions, unknown, group, dict(scores)))
    order = list(GROUPS)
    # Rounding folds float noise into true ties, which then break the same way every time.
    return sorted(ranked, key=lambda r: (order.index(r.group), -round(r.fit, 9), len(r.unknown), r.name.lower(), r.id))


def rank_treatments(treatments: Sequence[Treatment], indication: Indication, weights: Mapping[str, int]) -> list[Ranked]:
    """The order the page, the PDF and `python -m backpain rank` show: one function for all three."""
    scored = {t.id: criterion_scores(t, indication) for t in treatments}
    groups = {t.id: evidence_group(t.evidence.for_indication(indication)) for t in treatments}
    ranked = rank([(t.id, t.name, scored[t.id].values) for t in treatments], weights, groups)
    return [
        replace(
            r,
            zero_because=scored[r.id].zero_because,
            unknown_because=scored[r.id].unknown_because,
            caveats=scored[r.id].caveats,
        )
        for r in ranked
    ]


# The score a criterion needs before the list calls it a strength (dependence low or none, cost low, …).
STRENGTH_AT_LEAST = 2 / 3


def _strength_words(criterion: str, score: float) -> str:
    if criterion == "dependence" and score == 1.0:
        return "no known risk of dependence"
    return STRENGTH_WORDS[criterion]


def why_here(ranked: Ranked, weights: Mapping[str, int]) -> str:
    """Plain lines: what helped this option's fit, why a benefit criterion scored 0, and what we do not know."""
    chosen = [c for c in CRITERIA if weights.get(c, 0) > 0]
    scores = ranked.scores or {}
    # Only a real strength is named: "a low risk of dependence" must never describe a moderate one.
    helped = sorted(
        (c for c in chosen if ranked.contributions[c] > 0 and (scores.get(c) or 0) >= STRENGTH_AT_LEAST),
        key=lambda c: -ranked.contributions[c],
    )[:2]
    parts = []
    caveats = ranked.caveats or {}
    if helped:
        strengths = [_strength_words(c, scores[c]) + (f" ({caveats[c]})" if c in caveats else "") for c in helped]
        parts.append("Fits what you chose: " + " and ".join(strengths) + ".")
    else:
        parts.append("Scores low on what you chose.")
    reasons = dict.fromkeys((ranked.zero_because or {}).get(c) for c in chosen if c in (ranked.zero_because or {}))
    for reason in reasons:
        parts.append(reason[0].upper() + reason[1:] + ".")
    if ranked.unknown:
        because = ranked.unknown_because or {}
        parts.append("Less information: " + ", ".join(because.get(c, UNKNOWN_WORDS.get(c, c)) for c in ranked.unknown) + ".")
    return " ".join(parts)

"""One wording of each fact. Every surface (pages, ranking, PDF, slides) phrases a fact through this module.

Certainty is never worded without direction: "High certainty: no benefit" must not read as a strength.
An onset says what it rests on, and a guideline stance made for a class says so.
"""

from __future__ import annotations

from backpain import labels
from backpain.schema import (
    Certainty,
    Direction,
    EvidenceEntry,
    GuidelineEntry,
    GuidelineId,
    Onset,
    OnsetBasis,
    Schedule,
    Scope,
)

NOT_KNOWN = "Not known"
NONE_LISTED = "None listed in the sources we read"
NO_POOLED_ESTIMATE = "No pooled estimate"
CLASS_WORD = "class"

# The review behind ACP 2017 (AHRQ CER 169): small 5 to 10 points, moderate 10 to 20, on a 0 to 100 scale.
SMALL_POINTS, MODERATE_POINTS, LARGE_POINTS = 5.0, 10.0, 20.0

DIRECTION = {
    Direction.benefit: "helps",
    Direction.no_difference: "no benefit",
    Direction.harm: "worse than the comparison",
    Direction.unclear: "unclear if it helps",
}
# Longer forms for sentences.
DIRECTION_SENTENCE = {
    Direction.benefit: "The evidence says it helps more than what it was compared with",
    Direction.no_difference: "The evidence says it does not help more than what it was compared with",
    Direction.harm: "The evidence says it does worse than what it was compared with",
    Direction.unclear: "The evidence is too unclear to say whether it helps",
}
NOT_ENOUGH = "Not enough evidence to say"

ONSET_BASIS = {
    OnsetBasis.label_back_pain: "drug label, back pain",
    OnsetBasis.label_other_pain: "drug label, another kind of pain",
    OnsetBasis.trial_first_benefit: "first benefit seen in back-pain trials",
    OnsetBasis.first_measured: "first checked in trials; not a time to relief",
}


def size_words(mean_difference: float) -> str:
    """How big a difference in pain is, on the 0 to 100 scale (negative means less pain)."""
    points = -mean_difference
    if points >= LARGE_POINTS:
        return "large benefit"
    if points >= MODERATE_POINTS:
        return "moderate benefit"
    if points >= SMALL_POINTS:
        return "small benefit"
    if points > 0:
        return "less than a small benefit"
    return "no benefit"


def effect_words(entry: EvidenceEntry) -> str:
    """The size of the result in words, always read together with its direction."""
    if entry.direction is None:
        return NOT_ENOUGH
    if entry.direction is not Direction.benefit:
        return DIRECTION[entry.direction]
    if entry.pain_effect is None:
        return "helps; size not pooled"
    return size_words(entry.pain_effect.mean_difference)


def certainty_with_direction(entry: EvidenceEntry) -> str:
    """'Moderate certainty: helps (small benefit)', 'High certainty: no benefit', 'Not enough evidence to say'."""
    if entry.certainty is Certainty.insufficient or entry.direction is None:
        return NOT_ENOUGH
    what = DIRECTION[entry.direction]
    if entry.direction is Direction.benefit and entry.pain_effect is not None:
        what += f" ({size_words(entry.pain_effect.mean_difference)})"
    return f"{labels.CERTAINTY[entry.certainty]} certainty: {what}"


def certainty_that(entry: EvidenceEntry) -> str:
    """For tooltips and tables: 'High certainty that it does not help'."""
    if entry.certainty is Certainty.insufficient or entry.direction is None:
        return NOT_ENOUGH
    that = {
        Direction.benefit: "that it helps",
        Direction.no_difference: "that it does not help",
        Direction.harm: "that it does worse",
        Direction.unclear: "and unclear whether it helps",
    }[entry.direction]
    return f"{labels.CERTAINTY[entry.certainty]} certainty {that}"


def comparator(entry: EvidenceEntry) -> str:
    return entry.pain_effect.comparator if entry.pain_effect else "what it was compared with"


def onset_words(onset: Onset) -> str:
    """The onset with what it rests on: '1 hour (drug label, another kind of pain)'; 'first checked at 3 months'."""
    if onset.basis is None:
        return onset.label if onset.label else NOT_KNOWN
    if onset.basis is OnsetBasis.first_measured:
        return f"First checked at {onset.label} (not a time to relief)"
    return f"{onset.label} ({ONSET_BASIS[onset.basis]})"


def schedule_words(schedule: Schedule | None) -> str:
    return f"US schedule {schedule.value}" if schedule else "Not controlled in the US"


def listed(items: tuple[str, ...] | list[str]) -> str:
    return "; ".join(items) if items else NONE_LISTED


def stance_words(guideline: GuidelineId, entry: GuidelineEntry | None, *, option_class: str | None = None) -> str:
    """'ACP 2017, for muscle relaxants as a class: Recommended'; a stance on this option has no class words."""
    name = labels.GUIDELINE_SHORT[guideline]
    if entry is None:
        return f"{name}: {labels.OUT_OF_SCOPE}"
    who = f"{name}, for {option_class} as a class" if entry.scope is Scope.class_ and option_class else name
    if entry.scope is Scope.class_ and not option_class:
        who = f"{name} (for the class)"
    return f"{who}: {labels.STANCE[entry.stance]}"

"""Filtering, searching and tabulating treatments: pure functions over the Dataset."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from backpain import search, wording
from backpain.schema import (
    CERTAINTY_ORDER,
    DEPENDENCE_ORDER,
    Access,
    Category,
    Certainty,
    DependenceLevel,
    GuidelineId,
    Indication,
    Stance,
    Treatment,
)

# "First relief expected within ..." thresholds, in hours.
ONSET_WITHIN_HOURS: dict[str, float | None] = {"hour": 1, "day": 24, "week": 168, "month": 720, "any": None}
MIN_CERTAINTY_CHOICES = ("any", "very_low", "low", "moderate", "high")
ACCESS_CHOICES = ("any", "no_prescription")
NO_PRESCRIPTION = frozenset({Access.over_the_counter, Access.self_directed})

CERTAINTY_RANK = {c: i for i, c in enumerate(CERTAINTY_ORDER)}
DEPENDENCE_RANK = {d: i for i, d in enumerate(DEPENDENCE_ORDER)}


@dataclass(frozen=True)
class Filters:
    indication: Indication = Indication.acute
    categories: tuple[Category, ...] = ()
    max_dependence: DependenceLevel = DependenceLevel.high
    min_certainty: str = "any"
    onset: str = "any"
    access: str = "any"
    q: str = ""


# The filters beyond the kind of back pain and the search words; a panel that folds them away counts the ones set.
NARROWING_FILTERS = ("categories", "max_dependence", "min_certainty", "onset", "access")


def narrowing_filters_set(filters: Filters) -> int:
    default = Filters()
    return sum(getattr(filters, name) != getattr(default, name) for name in NARROWING_FILTERS)


def matches_search(treatment: Treatment, query: str) -> bool:
    return search.matches(treatment, query)


def onset_within(treatment: Treatment, window: str) -> bool:
    limit = ONSET_WITHIN_HOURS.get(window)
    if limit is None:
        return True
    # The whole onset range must fit: an option whose relief may take two weeks is not "within a day"
    # just because its range starts at zero. An unknown onset never counts as fast.
    # Only a time to relief counts: when trials first checked ("first_measured") is not one.
    onset = treatment.onset
    return onset.is_onset and onset.max_hours is not None and onset.max_hours <= limit


def certainty_at_least(treatment: Treatment, indication: Indication, minimum: str) -> bool:
    if minimum == "any":
        return True
    certainty = treatment.evidence.for_indication(indication).certainty
    return CERTAINTY_RANK[certainty] >= CERTAINTY_RANK[Certainty(minimum)]


def matches(treatment: Treatment, f: Filters) -> bool:
    return (
        (not f.categories or treatment.category in f.categories)
        and DEPENDENCE_RANK[treatment.dependence.level] <= DEPENDENCE_RANK[f.max_dependence]
        and certainty_at_least(treatment, f.indication, f.min_certainty)
        and onset_within(treatment, f.onset)
        and (f.access == "any" or treatment.access in NO_PRESCRIPTION)
        and matches_search(treatment, f.q)
    )


def filter_treatments(treatments: Iterable[Treatment], f: Filters) -> tuple[Treatment, ...]:
    return tuple(t for t in treatments if matches(t, f))


def guideline_stance(treatment: Treatment, guideline: GuidelineId, indication: Indication) -> Stance | None:
    """The stance, or None when the indication is outside the guideline's scope."""
    entry = treatment.guidelines.for_guideline(guideline).for_indication(indication)
    return entry.stance if entry else None


def guideline_scope(treatment: Treatment, guideline: GuidelineId, indication: Indication) -> str | None:
    entry = treatment.guidelines.for_guideline(guideline).for_indication(indication)
    return entry.scope.value if entry is not None and entry.scope is not None else None


def guideline_only_if(treatment: Treatment, guideline: GuidelineId, indication: Indication) -> str | None:
    entry = treatment.guidelines.for_guideline(guideline).for_indication(indication)
    return entry.only_if if entry is not None else None


def overview_frame(treatments: Iterable[Treatment], indication: Indication) -> pd.DataFrame:
    """One row per treatment for the chosen indication: what the charts and the table read."""
    rows = []
    for t in treatments:
        evidence = t.evidence.for_indication(indication)
        effect = evidence.pain_effect
        onset_known = t.onset.is_onset
        rows.append(
            {
                "id": t.id,
                "name": t.name,
                "also_known_as": ", ".join(t.also_known_as),
                "category": t.category.value,
                "kind": t.kind.value,
                "access": t.access.value,
                # When trials first checked is not a time to relief: it is named, never drawn as an onset.
                "onset_min_hours": t.onset.min_hours if onset_known else None,
                "onset_max_hours": t.onset.max_hours if onset_known else None,
                "onset_label": wording.onset_words(t.onset),
                "onset_basis": t.onset.basis.value if t.onset.basis else None,
                "dependence": t.dependence.level.value,
                "dependence_rank": DEPENDENCE_RANK[t.dependence.level],
                "us_schedule": t.dependence.us_schedule.value if t.dependence.us_schedule else None,
                "certainty": evidence.certainty.value,
                "certainty_rank": CERTAINTY_RANK[evidence.certainty],
                "direction": evidence.direction.value if evidence.direction else None,
                "shown_to_help": evidence.shown_to_help,
                "evidence_words": wording.certainty_that(evidence),
                "effect_words": wording.effect_words(evidence),
                "effect": effect.mean_difference if effect else None,
                "effect_ci_low": effect.ci_low if effect else None,
                "effect_ci_high": effect.ci_high if effect else None,
                "effect_comparator": effect.comparator if effect else None,
                "effect_timepoint": effect.timepoint if effect else None,
                "cost": t.practical.cost.value,
                **{g.value: (s.value if (s := guideline_stance(t, g, indication)) else None) for g in GuidelineId},
                **{f"{g.value}_scope": guideline_scope(t, g, indication) for g in GuidelineId},
                **{f"{g.value}_only_if": guideline_only_if(t, g, indication) for g in GuidelineId},
                "disagreement": wording.guideline_disagreement(t, indication),
                "class_name": wording.class_name(t),
            }
        )
    columns = [
        "id", "name", "also_known_as", "category", "kind", "access", "onset_min_hours", "onset_max_hours",
        "onset_label", "onset_basis", "dependence", "dependence_rank", "us_schedule", "certainty", "certainty_rank",
        "direction", "shown_to_help", "evidence_words", "effect_words", "effect", "effect_ci_low", "effect_ci_high", "effect_comparator",
        "effect_timepoint", "cost", *(g.value for g in GuidelineId), *(f"{g.value}_scope" for g in GuidelineId),
        *(f"{g.value}_only_if" for g in GuidelineId), "disagreement",
        "class_name",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)

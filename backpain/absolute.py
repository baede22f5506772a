"""Numbers people can picture: absolute effects as "out of 100 people", in both framings."""

from __future__ import annotations

from dataclasses import dataclass

from backpain import labels
from backpain.schema import AbsoluteEffect, AbsoluteOutcome, Difference, Indication, Treatment
from backpain.wording import NO_CLEAR_DIFFERENCE

NO_ABSOLUTE = "No absolute numbers available."
NO_OUT_OF_100 = "Out of 100 people: not known for this kind of back pain."
# Benefit and harm side by side, so harms have the same place as benefits wherever the picture is drawn.
AT_A_GLANCE = (AbsoluteOutcome.meaningful_relief, AbsoluteOutcome.any_adverse_event, AbsoluteOutcome.serious_adverse_event)
MAY_BE_CHANCE = "The study found no clear difference: a gap this size could be chance."
NOT_TESTED = "The source does not say whether this gap could be chance."


@dataclass(frozen=True)
class Out100:
    """Whole people out of 100, for words and icons. The data keeps the source's exact figures."""

    comparator: int
    treatment: int

    @property
    def difference(self) -> int:
        return self.treatment - self.comparator


def out_of_100(effect: AbsoluteEffect) -> Out100:
    return Out100(round(effect.comparator_per_100), round(effect.treatment_per_100))


def _is_benefit(effect: AbsoluteEffect) -> bool:
    return effect.outcome is AbsoluteOutcome.meaningful_relief


def no_clear_difference(effect: AbsoluteEffect) -> bool:
    """A gap the source found could be chance: shown as such, never as "more" or "fewer"."""
    return effect.difference is Difference.not_clear


def estimate_words(effect: AbsoluteEffect) -> str | None:
    return f"The source's estimate of the difference: {effect.estimate}." if effect.estimate else None


def headline(effect: AbsoluteEffect) -> str:
    kind = "Who feels better" if _is_benefit(effect) else "Who has side effects"
    return f"{kind}: {effect.definition}, over {effect.timeframe}, compared with {effect.comparator}"


def sentences(effect: AbsoluteEffect, option: str) -> list[str]:
    """Both framings: who has the outcome and who does not, on the comparator and on the option."""
    n = out_of_100(effect)
    if _is_benefit(effect):
        have, have_not = "feel better", "do not feel better"
    elif effect.outcome is AbsoluteOutcome.serious_adverse_event:
        have, have_not = "have a serious side effect", "do not"
    else:
        have, have_not = "have a side effect", "have none"
    lines = [
        f"Out of 100 people like those in the studies, over {effect.timeframe}:",
        f"about {n.comparator} {have} with {effect.comparator};",
    ]
    if n.difference == 0:
        lines.append(f"about the same number {have} with {option}.")
    elif no_clear_difference(effect):
        lines.append(f"about {n.treatment} {have} with {option}. {MAY_BE_CHANCE}")
    elif n.difference > 0:
        lines.append(f"about {n.difference} more {have} with {option} (about {n.treatment} in all).")
    else:
        lines.append(f"about {-n.difference} fewer {have} with {option} (about {n.treatment} in all).")
    if n.difference != 0 and effect.difference is Difference.not_tested:
        lines.append(NOT_TESTED)
    lines.append(f"About {100 - n.treatment} {have_not} with {option}, and about {100 - n.comparator} with {effect.comparator}.")
    if estimate := estimate_words(effect):
        lines.append(estimate)
    lines.append(
        f"How sure: {labels.CERTAINTY_PLAIN[effect.certainty]}"
        if effect.certainty
        else "How sure: the source gives no certainty rating for this number."
    )
    return lines


def icon_rows(effect: AbsoluteEffect, option: str) -> list[dict]:
    """100 icons in a 10 x 10 grid: the comparator's share, the option's extra (or missing) share, the rest."""
    n = out_of_100(effect)
    outcome = "feel better" if _is_benefit(effect) else "side effect"
    # A gap that may be chance is named so in its own group, never as "extra with" the option.
    maybe = "; may be chance" if no_clear_difference(effect) else ""
    groups = [
        (min(n.comparator, n.treatment), f"{outcome} either way"),
        (max(n.difference, 0), f"{outcome} extra with {option}{maybe}"),
        (max(-n.difference, 0), f"{outcome} only with {effect.comparator}{maybe}"),
    ]
    rows = []
    for count, group in groups:
        rows.extend({"group": group} for _ in range(count))
    rows.extend({"group": "neither"} for _ in range(100 - len(rows)))
    for i, row in enumerate(rows):
        row.update(column=i % 10, row=i // 10)
    return rows


def short_name(name: str) -> str:
    """'NSAIDs by mouth' from 'NSAIDs by mouth (ibuprofen, naproxen, diclofenac)': the grid already shows the full name."""
    return name.split(" (", 1)[0]


def one_line(effect: AbsoluteEffect, option: str) -> str:
    """A compact form for grids: both groups out of 100, with the comparator and time frame."""
    n = out_of_100(effect)
    gap = f" ({NO_CLEAR_DIFFERENCE})" if no_clear_difference(effect) and n.difference else ""
    return (
        f"{effect.definition}, over {effect.timeframe}: about {n.treatment} in 100 with {short_name(option)}, "
        f"about {n.comparator} in 100 with {effect.comparator}{gap}"
    )


def at_a_glance(treatment: Treatment, indication: Indication | str) -> tuple[AbsoluteEffect, ...]:
    """The first result for relief and for side effects (any, else serious) this option has for this kind of back pain."""
    results = treatment.evidence.for_indication(indication).absolute
    relief = next((e for e in results if e.outcome is AbsoluteOutcome.meaningful_relief), None)
    harm = next((e for o in AT_A_GLANCE[1:] for e in results if e.outcome is o), None)
    return tuple(e for e in (relief, harm) if e is not None)

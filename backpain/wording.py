"""One wording of each fact. Every surface (pages, ranking, PDF, slides) phrases a fact through this module.

Certainty is never worded without direction: "High certainty: no benefit" must not read as a strength.
An onset says what it rests on, and a guideline stance made for a class says so.
"""

from __future__ import annotations

from backpain import labels
from backpain.schema import (
    Certainty,
    CertaintySystem,
    Direction,
    EvidenceEntry,
    Funding,
    GuidelineEntry,
    GuidelineId,
    Indication,
    Onset,
    OnsetBasis,
    PainEffect,
    Provenance,
    Schedule,
    Scope,
    Source,
    Stance,
    Treatment,
    Verdict,
)

NOT_KNOWN = "Not known"
NO_CLEAR_DIFFERENCE = "no clear difference"
NONE_LISTED = "None listed in the sources we read"
NO_POOLED_ESTIMATE = "No pooled estimate"
SIZE_NOT_POOLED = "size not pooled"
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
    OnsetBasis.first_measured: "when trials first checked; not a time to relief",
}


def size_words(mean_difference: float) -> str:
    """How big a difference in pain is, on the 0 to 100 scale (negative means less pain).

    The word follows the whole number of points that is shown beside it, so "about 10 points" always reads
    as the same size (a −9.95 and a −10.1 once got different words for the same shown number)."""
    points = round(-mean_difference)
    if points >= LARGE_POINTS:
        return "large benefit"
    if points >= MODERATE_POINTS:
        return "moderate benefit"
    if points >= SMALL_POINTS:
        return "small benefit"
    if points > 0:
        return "less than a small benefit"
    return "no benefit"


def size_with_points(mean_difference: float) -> str:
    """The size in words with its number, so a result just over a line (10.1 points) is not read as far past it."""
    return f"{size_words(mean_difference)}, about {abs(round(mean_difference)):d} points less pain out of 100"


VERY_UNCERTAIN = "may help, very uncertain"


def effect_words(entry: EvidenceEntry) -> str:
    """The size of the result in words, always read together with its direction."""
    if entry.direction is None:
        return NOT_ENOUGH
    if entry.direction is not Direction.benefit:
        return DIRECTION[entry.direction]
    if entry.certainty is Certainty.very_low:
        # GRADE's words for very low certainty: the size is not worth a word of its own.
        return VERY_UNCERTAIN
    if entry.pain_effect is None:
        return f"helps; {SIZE_NOT_POOLED}"
    return size_words(entry.pain_effect.mean_difference)


def certainty_with_direction(entry: EvidenceEntry) -> str:
    """'Moderate certainty: helps (small benefit, about 7 points less pain out of 100)', 'High certainty: no benefit'."""
    if entry.certainty is Certainty.insufficient or entry.direction is None:
        return NOT_ENOUGH
    what = DIRECTION[entry.direction]
    if entry.direction is Direction.benefit and entry.certainty is Certainty.very_low:
        what = VERY_UNCERTAIN
    elif entry.direction is Direction.benefit and entry.pain_effect is not None:
        what += f" ({size_with_points(entry.pain_effect.mean_difference)})"
    elif entry.direction is Direction.benefit:
        what += f" ({SIZE_NOT_POOLED})"
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
    rated = f" ({labels.CERTAINTY_SYSTEM_SHORT[entry.certainty_system]})" if _not_grade(entry) else ""
    return f"{labels.CERTAINTY[entry.certainty]} certainty {that}{rated}"


def _not_grade(entry: EvidenceEntry) -> bool:
    return entry.certainty_system is not None and entry.certainty_system is not CertaintySystem.grade


def certainty_system_words(entry: EvidenceEntry, *, clinician: bool) -> str | None:
    """Who rated the certainty, where it is not GRADE; None for GRADE and where there is no result."""
    if not _not_grade(entry) or entry.certainty is Certainty.insufficient:
        return None
    return (labels.CERTAINTY_SYSTEM if clinician else labels.CERTAINTY_SYSTEM_PLAIN)[entry.certainty_system]


def comparator(entry: EvidenceEntry) -> str:
    if entry.pain_effect is not None:
        return entry.pain_effect.comparator
    return entry.comparator or "what it was compared with"


def time_words(hours: float) -> str:
    """A time in the unit people use for it: hours, days, weeks or months."""
    if hours >= 2000:
        unit, count = "month", round(hours / 720)
    elif hours >= 336:
        unit, count = "week", round(hours / 168)
    elif hours >= 48:
        unit, count = "day", round(hours / 24)
    else:
        unit, count = "hour", round(hours)
    return f"{count} {unit}{'' if count == 1 else 's'}"


def span_words(low: float, high: float) -> str:
    low_words, high_words = time_words(low), time_words(high)
    if low_words == high_words:
        return low_words
    if low_words.split()[1].rstrip("s") == high_words.split()[1].rstrip("s"):
        return f"{low_words.split()[0]} to {high_words}"
    return f"{low_words} to {high_words}"


def first_checked_words(onset: Onset) -> str:
    """'Trials first checked at 3 months': when trials looked, which is not when relief began."""
    return f"trials first checked at {span_words(onset.min_hours or 0, onset.max_hours or 0)}"


def onset_words(onset: Onset) -> str:
    """The onset with what it rests on: '1 hour (drug label, another kind of pain)'; 'Not known; trials first checked at 3 months'."""
    if onset.basis is None:
        return onset.label if onset.label else NOT_KNOWN
    if onset.basis is OnsetBasis.first_measured:
        return f"{NOT_KNOWN}; {first_checked_words(onset)}"
    return f"{onset.label} ({ONSET_BASIS[onset.basis]})"


def schedule_words(schedule: Schedule | None) -> str:
    return f"US schedule {schedule.value}" if schedule else "Not controlled in the US"


def schedule_aside(schedule: Schedule | None) -> str:
    """``schedule_words`` inside a sentence or brackets: "None known (not controlled in the US)"."""
    words = schedule_words(schedule)
    return words if schedule else words[0].lower() + words[1:]


def grade_words(entry: GuidelineEntry) -> str:
    """The guideline's own strength and quality words, without repeating what the stance label already says."""
    said = labels.STANCE[entry.stance].lower()
    return ", ".join(x for x in (entry.strength, entry.quality) if x and x.lower() not in said)


def other_names(treatment: Treatment) -> list[str]:
    """Names the display name does not already hold: 'ibuprofen (Advil, Motrin)' gives Advil and Motrin."""
    name = treatment.name.lower()
    found: list[str] = []
    for alias in treatment.also_known_as:
        lead, _, inner = alias.partition(" (")
        if lead.lower() in name and inner:
            found.extend(x.strip() for x in inner.rstrip(")").split(",") if x.strip())
        elif lead.lower() not in name:
            found.append(alias)
    return [n for n in dict.fromkeys(found) if n.lower() not in name]


def names_with_brands(treatment: Treatment, most: int = 2) -> str:
    """The name with up to ``most`` other names, none repeated: 'Carisoprodol, also Soma, Pain o Soma'."""
    extra = other_names(treatment)[:most]
    return f"{treatment.name}, also {', '.join(extra)}" if extra else treatment.name


def at_time(when: str) -> str:
    """' (at 6 weeks)', or ', at earliest follow-up (…)' when the words hold brackets of their own."""
    return f", {when}" if "(" in when else f" ({when})"


def sentence(text: str) -> str:
    """Text that ends a sentence, so what follows starts a new one."""
    return text if text.endswith((".", "!", "?")) else text + "."


def pain_difference(effect: PainEffect) -> str:
    """'-7.5 points on 0 to 100, less pain with it (95% CI -12 to -3)'; an interval that holds zero says so."""
    md = effect.mean_difference
    side = "less pain with it" if md < 0 else "more pain with it" if md > 0 else "the same pain"
    text = f"{md:g} points on 0 to 100, {side}"
    if effect.ci_low is None or effect.ci_high is None:
        return text + " (interval not reported)"
    text += f" (95% CI {effect.ci_low:g} to {effect.ci_high:g})"
    if effect.ci_low < 0 < effect.ci_high:
        text += f"; {NO_CLEAR_DIFFERENCE}: the interval includes no effect"
    return text


def how_much(entry: EvidenceEntry, *, clinician: bool) -> str:
    """How much it helps and how sure we are, in words; clinician detail adds the numbers."""
    text = certainty_with_direction(entry)
    effect = entry.pain_effect
    if entry.direction is not None and effect is not None:
        text += f", compared with {effect.comparator}{at_time(effect.timepoint)}"
    elif entry.direction is not None and entry.comparator:
        text += f", compared with {entry.comparator}"
    text += "."
    if clinician and effect is not None:
        text += f" Pain: {pain_difference(effect)}."
    rated = certainty_system_words(entry, clinician=clinician)
    return f"{text} {rated}" if rated else text


def listed(items: tuple[str, ...] | list[str]) -> str:
    return "; ".join(items) if items else NONE_LISTED


def class_name(treatment: Treatment) -> str:
    return labels.CLASS_NAME_FOR_OPTION.get(treatment.id, labels.CLASS_NAME[treatment.category])


def is_class_stance(entry: GuidelineEntry | None) -> bool:
    return entry is not None and entry.scope is Scope.class_


def for_the_class(class_words: str) -> str:
    return f"for {class_words} as a class"


def guideline_label(guideline: GuidelineId, entry: GuidelineEntry | None, treatment: Treatment, *, short: bool = True) -> str:
    """'ACP 2017', or 'ACP 2017, for muscle relaxants as a class': the class comes before any tick or cross."""
    name = (labels.GUIDELINE_SHORT if short else labels.GUIDELINE)[guideline]
    return f"{name}, {for_the_class(class_name(treatment))}" if is_class_stance(entry) else name


def class_stance_words(stance_words_: str, class_words: str) -> str:
    """'For muscle relaxants as a class: Recommended' (a chart cell, where the guideline is the column)."""
    return f"{for_the_class(class_words).capitalize()}: {stance_words_}"


# A stance tied to a group or a condition carries this mark in the guideline chart; the words follow the stance.
ONLY_IF_MARK = "*"


def stance_and_condition(stance_words_: str, only_if: str | None) -> str:
    """'Suggested (conditional), only as a last resort': the condition is never left out where the stance is named."""
    return f"{stance_words_}, {only_if}" if only_if else stance_words_


def stance_words(guideline: GuidelineId, entry: GuidelineEntry | None, treatment: Treatment) -> str:
    """'ACP 2017, for muscle relaxants as a class: Recommended'; a stance on this option has no class words."""
    if entry is None:
        return f"{labels.GUIDELINE_SHORT[guideline]}: {labels.OUT_OF_SCOPE}"
    return f"{guideline_label(guideline, entry, treatment)}: {stance_and_condition(labels.STANCE[entry.stance], entry.only_if)}"


def stance_with_symbol(entry: GuidelineEntry | None) -> str:
    """'✓ Recommended' (symbol and word, so colour is never needed); outside the guideline's scope says so."""
    if entry is None:
        return labels.OUT_OF_SCOPE
    return stance_and_condition(f"{labels.STANCE_SYMBOL[entry.stance]} {labels.STANCE[entry.stance]}".strip(), entry.only_if)


STANCES_FOR = frozenset({Stance.recommended, Stance.conditional_for})
STANCES_AGAINST = frozenset({Stance.conditional_against, Stance.not_recommended})
DISAGREE_SYMBOL = "≠"
DISAGREE_HEADING = "Disagree"
DISAGREE_CELL = "The guidelines disagree"
DIFFERENT_GROUPS = "The guidelines point different ways, each for a different group of people"


def guideline_disagreement(treatment: Treatment, indication: Indication | str) -> str | None:
    """'The guidelines disagree. For: NICE NG59: Suggested (conditional), only for acute and severe sciatica. Against: …'

    Each stance carries its condition, so a reader sees when the two guidelines speak of different people.
    None when no guideline is for it while another is against it for this kind of back pain.
    """
    said = {
        g: entry for g in GuidelineId if (entry := treatment.guidelines.for_guideline(g).for_indication(indication)) is not None
    }
    for_it = [(g, e) for g, e in said.items() if e.stance in STANCES_FOR]
    against_it = [(g, e) for g, e in said.items() if e.stance in STANCES_AGAINST]
    if not (for_it and against_it):
        return None
    # When every stance on both sides is tied to a group, they may not speak of the same people: say so, not "disagree".
    heading = DIFFERENT_GROUPS if all(e.only_if for _, e in for_it + against_it) else DISAGREE_CELL
    in_favour = "; ".join(stance_words(g, e, treatment) for g, e in for_it)
    against = "; ".join(stance_words(g, e, treatment) for g, e in against_it)
    return f"{heading}. For: {in_favour}. Against: {against}."


# Only a warning may rest on a copy (see load.py): a caution is never dropped for want of the primary text.
READ_IN_A_COPY = "read in a copy, not in the publisher's own text"


def source_words(source: Source) -> str:
    """'Alev L et al. J Pain Res 2017 (paid for by industry: Eli Lilly)': who paid shows wherever a source is named."""
    words = source.citation or source.title
    if source.industry_paid:
        paid = "paid for by industry" if source.funding is Funding.industry else "paid for partly by industry"
        words += f" ({paid}: {source.funder})"
    if not source.primary:
        words += f" ({READ_IN_A_COPY})"
    return words


def slide_footer(provenance: Provenance) -> str:
    """The line every slide and every exported slide carries: what it is, which data, the licence, and the caveat."""
    return (
        f"Back Pain Options · data version {provenance.version} ({provenance.last_updated.isoformat()}) · "
        f"{provenance.license} · every number's source is named in the tool · Not medical advice"
    )


def checked_claims_words(treatment: Treatment) -> str | None:
    """'Seen it in an advert? 6 claims about Carisoprodol (Soma, Pain o Soma) were checked: 5 not supported or misleading.'"""
    claims = treatment.claims
    if not claims:
        return None
    doubtful = sum(c.verdict in (Verdict.not_supported, Verdict.misleading) for c in claims)
    return (
        f"Seen it in an advert? {len(claims)} claim{'s' if len(claims) != 1 else ''} about {names_with_brands(treatment)} "
        f"{'were' if len(claims) != 1 else 'was'} checked: {doubtful} not supported or misleading."
    )

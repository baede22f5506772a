"""The strict data model behind every view: treatments, their evidence, and sources.

Field names and enum values are a public interface (export columns, URL values,
other tools). Add fields where the evidence needs them; do not rename these.

Models are validated from JSON-shaped data (see ``backpain.load``) in strict mode, so
YAML 1.1 surprises (``NO`` -> False, ``1e3`` -> a number in a text field) are errors,
not silent conversions. Everything is frozen because cached objects are shared by
every session of the app at once.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)


class Indication(StrEnum):
    acute = "acute"
    chronic = "chronic"
    sciatica = "sciatica"


class Category(StrEnum):
    nsaid = "nsaid"
    paracetamol = "paracetamol"
    muscle_relaxant = "muscle_relaxant"
    benzodiazepine = "benzodiazepine"
    opioid = "opioid"
    antidepressant = "antidepressant"
    anticonvulsant = "anticonvulsant"
    corticosteroid = "corticosteroid"
    topical = "topical"
    injection = "injection"
    surgery = "surgery"
    exercise = "exercise"
    manual_therapy = "manual_therapy"
    psychological = "psychological"
    complementary = "complementary"
    lifestyle = "lifestyle"
    device = "device"


class Kind(StrEnum):
    medication = "medication"
    non_drug = "non_drug"
    procedure = "procedure"


class Access(StrEnum):
    over_the_counter = "over_the_counter"
    prescription = "prescription"
    controlled_substance = "controlled_substance"
    clinician_delivered = "clinician_delivered"
    self_directed = "self_directed"


class DependenceLevel(StrEnum):
    none = "none"
    low = "low"
    moderate = "moderate"
    high = "high"


class Schedule(StrEnum):
    II = "II"
    III = "III"
    IV = "IV"
    V = "V"


class Certainty(StrEnum):
    high = "high"
    moderate = "moderate"
    low = "low"
    very_low = "very_low"
    insufficient = "insufficient"


class CertaintySystem(StrEnum):
    """Who rated the certainty, and how: GRADE, or the system the source used instead of it."""

    grade = "grade"
    # ACP 2017's own rating of the quality of evidence (its GRADE-based system), where no review is cited for it.
    acp_grade = "acp_grade"
    ahrq_strength_of_evidence = "ahrq_strength_of_evidence"
    # The older Cochrane Back Review Group levels (strong, moderate, limited, conflicting evidence).
    cochrane_back_group = "cochrane_back_group"
    # CINeMA, the GRADE-based system for network meta-analyses.
    cinema = "cinema"
    # No source rated it: the curators judged it from the studies' design (a single trial, for example).
    curator = "curator"


class Direction(StrEnum):
    """What a result means, against the entry's comparator as its source reports it.

    ``benefit``: less pain than the comparator, however small; ``no_difference``: the source concludes
    there is no important difference; ``harm``: worse; ``unclear``: too imprecise to tell.
    """

    benefit = "benefit"
    no_difference = "no_difference"
    harm = "harm"
    unclear = "unclear"


class OnsetBasis(StrEnum):
    """What an onset rests on. ``first_measured`` is not an onset: it is when trials first checked."""

    label_back_pain = "label_back_pain"
    label_other_pain = "label_other_pain"
    trial_first_benefit = "trial_first_benefit"
    first_measured = "first_measured"


class Scope(StrEnum):
    """Whether a guideline named this option, or the class it belongs to."""

    this_option = "this_option"
    class_ = "class"


class Stance(StrEnum):
    recommended = "recommended"
    conditional_for = "conditional_for"
    conditional_against = "conditional_against"
    not_recommended = "not_recommended"
    no_recommendation = "no_recommendation"
    not_addressed = "not_addressed"
    # The guideline's own text for this stance was not read: the wording says why, and nothing is claimed.
    not_confirmed = "not_confirmed"


class Cost(StrEnum):
    low = "low"
    moderate = "moderate"
    high = "high"


class CautionGroup(StrEnum):
    """Who a caution is for; clinician mode pulls ``older_adults`` forward."""

    older_adults = "older_adults"
    pregnancy = "pregnancy"
    breastfeeding = "breastfeeding"
    alcohol_driving = "alcohol_driving"
    kidney = "kidney"
    liver = "liver"
    stomach = "stomach"
    heart = "heart"
    bleeding = "bleeding"
    substance_use = "substance_use"
    mental_health = "mental_health"
    interactions = "interactions"
    other = "other"


class SourceKind(StrEnum):
    guideline = "guideline"
    systematic_review = "systematic_review"
    trial = "trial"
    drug_label = "drug_label"
    regulatory = "regulatory"
    # A professional society's public statement, e.g. about a guideline; never a source of a number.
    statement = "statement"


class Funding(StrEnum):
    industry = "industry"
    public = "public"
    mixed = "mixed"
    not_stated = "not_stated"


class GuidelineId(StrEnum):
    acp_2017 = "acp_2017"
    nice_ng59 = "nice_ng59"
    who_2023 = "who_2023"
    bmj_2025 = "bmj_2025"


# Ordered scales, lowest first: filters and charts read order from here, never from enum order.
DEPENDENCE_ORDER: tuple[DependenceLevel, ...] = (
    DependenceLevel.none,
    DependenceLevel.low,
    DependenceLevel.moderate,
    DependenceLevel.high,
)
CERTAINTY_ORDER: tuple[Certainty, ...] = (
    Certainty.insufficient,
    Certainty.very_low,
    Certainty.low,
    Certainty.moderate,
    Certainty.high,
)


def _no_invisible_characters(value: str) -> str:
    """Refuse control and invisible format characters: a right-to-left override can reverse what a reader sees."""
    for position, ch in enumerate(value, start=1):
        category = unicodedata.category(ch)
        # Line breaks and tabs are ordinary; the zero-width joiner holds emoji sequences together.
        if (category == "Cc" and ch not in "\n\t") or (category == "Cf" and ch != "\u200d"):
            name = unicodedata.name(ch, "no name")
            raise ValueError(f"has an invisible character U+{ord(ch):04X} ({name}) at character {position}; remove it")
    return value


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), AfterValidator(_no_invisible_characters)
]
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), AfterValidator(_no_invisible_characters)
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]{0,79}$")]
SourceRefs = Annotated[tuple[Slug, ...], Field(min_length=1)]
Hours = Annotated[float, Field(ge=0, le=24 * 365 * 5)]
Score100 = Annotated[float, Field(ge=-100, le=100)]

MAX_PLAIN_SUMMARY_WORDS = 60


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Onset(Model):
    """Time to first noticeable relief, and what that time rests on. Null hours mean the sources give no onset."""

    min_hours: Hours | None
    max_hours: Hours | None
    basis: OnsetBasis | None = None
    label: ShortText
    sources: SourceRefs
    note: Text | None = None

    @model_validator(mode="after")
    def _range_is_ordered(self) -> Onset:
        if (self.min_hours is None) != (self.max_hours is None):
            raise ValueError("min_hours and max_hours must both be set or both be null")
        if self.min_hours is not None and self.max_hours is not None and self.min_hours > self.max_hours:
            raise ValueError(f"min_hours ({self.min_hours:g}) is greater than max_hours ({self.max_hours:g})")
        if (self.min_hours is None) != (self.basis is None):
            raise ValueError(
                "basis must be set when the onset has hours (label_back_pain, label_other_pain, trial_first_benefit "
                "or first_measured), and null when the onset is not known"
            )
        return self

    @property
    def is_onset(self) -> bool:
        """Whether the hours are a time to relief (first_measured is only when trials first checked)."""
        return self.basis is not None and self.basis is not OnsetBasis.first_measured


class Duration(Model):
    label: ShortText
    sources: SourceRefs


class RegulatoryNote(Model):
    note: Text
    sources: SourceRefs


class Dependence(Model):
    level: DependenceLevel
    us_schedule: Schedule | None
    regulatory: tuple[RegulatoryNote, ...] = ()
    note: Text
    sources: SourceRefs


class PainEffect(Model):
    """A pooled difference in pain on a 0 to 100 scale; negative means less pain than the comparator."""

    mean_difference: Score100
    ci_low: Score100 | None
    ci_high: Score100 | None
    comparator: ShortText
    timepoint: ShortText
    note: Text | None = None

    @model_validator(mode="after")
    def _interval_contains_estimate(self) -> PainEffect:
        if (self.ci_low is None) != (self.ci_high is None):
            raise ValueError("ci_low and ci_high must both be set or both be null")
        if self.ci_low is not None and self.ci_high is not None:
            if self.ci_low > self.ci_high:
                raise ValueError(f"ci_low ({self.ci_low:g}) is greater than ci_high ({self.ci_high:g})")
            if not self.ci_low <= self.mean_difference <= self.ci_high:
                raise ValueError(
                    f"mean_difference ({self.mean_difference:g}) lies outside its own interval "
                    f"({self.ci_low:g} to {self.ci_high:g})"
                )
        return self


class AbsoluteOutcome(StrEnum):
    meaningful_relief = "meaningful_relief"
    any_adverse_event = "any_adverse_event"
    serious_adverse_event = "serious_adverse_event"


Per100 = Annotated[float, Field(ge=0, le=100)]


class Difference(StrEnum):
    """Whether the source found the gap between the groups larger than chance would explain."""

    clear = "clear"
    # Not statistically significant: the gap may be chance, and is shown as "no clear difference".
    not_clear = "not_clear"
    # The source gives no test or interval for this gap.
    not_tested = "not_tested"


class AbsoluteEffect(Model):
    """How many out of 100 people had an outcome, on the option and on its comparator, as a source reports it.

    Never derived from a mean difference: only event rates (or counts) that the source gives.
    """

    outcome: AbsoluteOutcome
    definition: ShortText
    treatment_per_100: Per100
    comparator_per_100: Per100
    comparator: ShortText
    timeframe: ShortText
    difference: Difference
    # The source's own estimate of the gap with its interval, as it reports it ("odds ratio 1.2, 95% CI 0.6 to 2.3").
    estimate: ShortText | None = None
    certainty: Certainty | None = None
    note: Text | None = None
    sources: SourceRefs


class EvidenceEntry(Model):
    certainty: Certainty
    certainty_system: CertaintySystem | None = None
    direction: Direction | None = None
    # What the result was compared with, when there is no pooled estimate to say so.
    comparator: ShortText | None = None
    pain_effect: PainEffect | None = None
    absolute: tuple[AbsoluteEffect, ...] = ()
    summary: Text
    note: Text | None = None
    sources: SourceRefs

    @model_validator(mode="after")
    def _direction_goes_with_certainty(self) -> EvidenceEntry:
        # Certainty says how sure we are of a result; without its direction it would read as a strength.
        if self.certainty is Certainty.insufficient and self.direction is not None:
            raise ValueError(
                f"direction is {self.direction.value}, but certainty is insufficient: there is no result to have a direction"
            )
        if self.certainty is not Certainty.insufficient and self.direction is None:
            raise ValueError(
                f"certainty is {self.certainty.value}, so direction must be set (benefit, no_difference, harm or unclear)"
            )
        return self

    @model_validator(mode="after")
    def _certainty_says_who_rated_it(self) -> EvidenceEntry:
        # A "low" from the old Cochrane Back Group levels or from our own reading is not a GRADE "low".
        if self.certainty is not Certainty.insufficient and self.certainty_system is None:
            choices = ", ".join(s.value for s in CertaintySystem)
            raise ValueError(f"certainty is {self.certainty.value}, so certainty_system must say who rated it ({choices})")
        return self

    @property
    def shows_benefit(self) -> bool:
        return self.direction is Direction.benefit

    @property
    def shown_to_help(self) -> bool:
        """A benefit at low certainty or better: at very low certainty GRADE's words are "we are very uncertain"."""
        return self.shows_benefit and self.certainty is not Certainty.very_low


class Evidence(Model):
    acute: EvidenceEntry
    chronic: EvidenceEntry
    sciatica: EvidenceEntry

    def for_indication(self, indication: Indication | str) -> EvidenceEntry:
        return getattr(self, Indication(indication).value)


# Stances that say nothing about the option: the guideline is silent, or what it says was not read.
NO_STANCE_READ = frozenset({Stance.not_addressed, Stance.not_confirmed})


class GuidelineEntry(Model):
    stance: Stance
    # "class" when the guideline named the class (muscle relaxants, NSAIDs, opioids), not this option.
    scope: Scope | None = None
    # The group or condition the guideline ties its stance to ("only for acute and severe sciatica", "only as a
    # last resort"): a "consider" for a few is not a "consider" for all, and two guidelines may speak of different people.
    only_if: ShortText | None = None
    strength: ShortText | None = None
    quality: ShortText | None = None
    wording: Text
    sources: SourceRefs

    @model_validator(mode="after")
    def _scope_goes_with_a_stance(self) -> GuidelineEntry:
        if self.stance in NO_STANCE_READ and self.scope is not None:
            raise ValueError(f"scope is set, but the stance is {self.stance.value}: no stance was read, so it names nothing")
        if self.stance in NO_STANCE_READ and (self.strength or self.quality or self.only_if):
            raise ValueError(f"strength, quality or only_if is set, but the stance is {self.stance.value}: leave them out")
        if self.stance not in NO_STANCE_READ and self.scope is None:
            raise ValueError(f"stance is {self.stance.value}, so scope must be set (this_option or class)")
        return self


class GuidelineIndications(Model):
    """A guideline's stance for each indication it covers; an absent indication is outside its scope."""

    acute: GuidelineEntry | None = None
    chronic: GuidelineEntry | None = None
    sciatica: GuidelineEntry | None = None

    def for_indication(self, indication: Indication | str) -> GuidelineEntry | None:
        return getattr(self, Indication(indication).value)


class Guidelines(Model):
    acp_2017: GuidelineIndications
    nice_ng59: GuidelineIndications
    who_2023: GuidelineIndications
    bmj_2025: GuidelineIndications

    def for_guideline(self, guideline: GuidelineId | str) -> GuidelineIndications:
        return getattr(self, GuidelineId(guideline).value)

    @model_validator(mode="after")
    def _who_covers_chronic_only(self) -> Guidelines:
        if self.who_2023.acute is not None or self.who_2023.sciatica is not None:
            raise ValueError("who_2023 covers chronic primary low back pain only: remove acute and sciatica")
        if self.bmj_2025.acute is not None:
            raise ValueError("bmj_2025 covers chronic spine pain (3 months or more) only: remove acute")
        return self


class AdverseEventRatio(Model):
    risk_ratio: Annotated[float, Field(gt=0, le=100)]
    ci_low: Annotated[float, Field(gt=0, le=100)] | None
    ci_high: Annotated[float, Field(gt=0, le=100)] | None
    comparator: ShortText
    # The kinds of back pain whose trials gave the ratio; null when the source pooled wider (paracetamol across
    # spinal pain and osteoarthritis). A ratio from recent-pain trials says nothing about side effects in sciatica.
    measured_in: tuple[Indication, ...] | None = None
    note: Text | None = None
    sources: SourceRefs

    def applies_to(self, indication: Indication) -> bool:
        return self.measured_in is None or indication in self.measured_in

    @model_validator(mode="after")
    def _interval_contains_estimate(self) -> AdverseEventRatio:
        if (self.ci_low is None) != (self.ci_high is None):
            raise ValueError("ci_low and ci_high must both be set or both be null")
        if self.ci_low is not None and self.ci_high is not None:
            if self.ci_low > self.ci_high:
                raise ValueError(f"ci_low ({self.ci_low:g}) is greater than ci_high ({self.ci_high:g})")
            if not self.ci_low <= self.risk_ratio <= self.ci_high:
                raise ValueError(f"risk_ratio ({self.risk_ratio:g}) lies outside its own interval")
        return self


class Harms(Model):
    common: tuple[ShortText, ...]
    serious: tuple[ShortText, ...]
    adverse_event_ratio: AdverseEventRatio | None = None
    sources: SourceRefs


class Caution(Model):
    group: CautionGroup
    text: Text
    sources: SourceRefs


class Verdict(StrEnum):
    supported = "supported"
    not_supported = "not_supported"
    misleading = "misleading"
    unverified = "unverified"


class Claim(Model):
    """A claim as it circulates (for example on a promotional page), checked against the evidence."""

    claim: ShortText
    seen_in: ShortText | None = None
    verdict: Verdict
    why: Text
    sources: SourceRefs


class Practical(Model):
    cost: Cost
    effort: Text
    sources: tuple[Slug, ...] = ()


class Treatment(Model):
    id: Slug
    name: ShortText
    also_known_as: tuple[ShortText, ...] = ()
    category: Category
    kind: Kind
    access: Access
    onset: Onset
    duration: Duration | None = None
    dependence: Dependence
    evidence: Evidence
    guidelines: Guidelines
    harms: Harms
    cautions: tuple[Caution, ...]
    practical: Practical
    claims: tuple[Claim, ...] = ()
    plain_summary: Text
    last_reviewed: Annotated[date, Field(strict=False)]

    @field_validator("plain_summary")
    @classmethod
    def _summary_is_short(cls, value: str) -> str:
        words = len(re.findall(r"\S+", value))
        if words > MAX_PLAIN_SUMMARY_WORDS:
            raise ValueError(f"has {words} words; at most {MAX_PLAIN_SUMMARY_WORDS} are allowed")
        return value

    @model_validator(mode="after")
    def _controlled_substances_have_a_schedule(self) -> Treatment:
        if self.access is Access.controlled_substance and self.dependence.us_schedule is None:
            raise ValueError("access is controlled_substance, so dependence.us_schedule must be set")
        return self

    def source_ids(self) -> set[str]:
        """Every source id cited anywhere in this record."""
        found: set[str] = set()
        _collect_sources(self, found)
        return found

    def source_ids_outside_warnings(self) -> set[str]:
        """The sources of everything but its warnings (cautions and the lists of harms): numbers, results, stances,
        claims. A side-effect ratio is a number, so its sources count here."""
        found: set[str] = set()
        harms_without_lists = self.harms.model_copy(update={"sources": ()})
        _collect_sources(self.model_copy(update={"cautions": (), "harms": harms_without_lists}), found)
        return found


def _collect_sources(obj: object, found: set[str]) -> None:
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name == "sources" and isinstance(value, tuple):
                found.update(value)
            else:
                _collect_sources(value, found)
    elif isinstance(obj, tuple):
        for item in obj:
            _collect_sources(item, found)


HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"']+$", max_length=500)]


class Source(Model):
    id: Slug
    title: Text
    year: Annotated[int, Field(ge=1900, le=2100)]
    kind: SourceKind
    citation: ShortText | None = None
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    pmid: Annotated[str, StringConstraints(pattern=r"^\d{1,9}$")] | None = None
    url: HttpsUrl | None = None
    note: Text | None = None
    # Who paid for the work (a label is the maker's text, so industry), and whether the value was read in the
    # primary text (the paper, the guideline, the regulator, the label) rather than a mirror or a summary.
    funding: Funding
    funder: ShortText | None = None
    primary: bool

    @property
    def industry_paid(self) -> bool:
        """Paid for by a company in whole or in part."""
        return self.funding in (Funding.industry, Funding.mixed)

    @model_validator(mode="after")
    def _industry_names_its_funder(self) -> Source:
        if self.industry_paid and not self.funder:
            raise ValueError(f"funding is {self.funding.value}, so funder must name who paid")
        return self

    @model_validator(mode="after")
    def _has_a_locator(self) -> Source:
        if not (self.doi or self.pmid or self.url):
            raise ValueError("needs at least one of doi, pmid or url")
        return self

    @property
    def link(self) -> str:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.url or ""


class GuidelineContext(Model):
    """What a reader should know about a guideline as a whole, such as a public dispute about it.

    It is context only: the guideline's stances stay what the guideline says.
    """

    text: Text
    sources: SourceRefs


class Provenance(Model):
    """File-level metadata, in the spirit of Our World in Data's ``origin`` blocks."""

    title: ShortText
    description: Text
    producer: ShortText
    version: Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d{2}\.\d+$")]
    license: ShortText
    date_accessed: Annotated[date, Field(strict=False)] | None = None
    last_updated: Annotated[date, Field(strict=False)]
    pain_scale: Text | None = None
    guideline_context: dict[GuidelineId, GuidelineContext] = Field(default_factory=dict)


class ChangeEntry(Model):
    """One change to the evidence: what changed, why, and the source behind it."""

    version: Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d{2}\.\d+$")]
    date: Annotated[date, Field(strict=False)]
    what: Text
    why: Text
    sources: tuple[Slug, ...] = ()


class Dataset(Model):
    provenance: Provenance
    treatments: tuple[Treatment, ...]
    sources: tuple[Source, ...]
    changelog: tuple[ChangeEntry, ...] = ()

    def treatment(self, treatment_id: str) -> Treatment | None:
        return next((t for t in self.treatments if t.id == treatment_id), None)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

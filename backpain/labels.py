"""Words shown to people for each enum value, in one place so every page says the same thing."""

from __future__ import annotations

from backpain.schema import (
    Access,
    Category,
    CautionGroup,
    Certainty,
    CertaintySystem,
    Cost,
    DependenceLevel,
    GuidelineId,
    Indication,
    Kind,
    SourceKind,
    Stance,
    Verdict,
)

INDICATION = {
    Indication.acute: "Recent back pain (under 12 weeks)",
    Indication.chronic: "Long-lasting back pain (12 weeks or more)",
    Indication.sciatica: "Sciatica (pain down the leg)",
}
# Chart titles sit in narrow columns, so they get a shorter form.
INDICATION_CHART = {
    Indication.acute: "recent pain, under 12 weeks",
    Indication.chronic: "long-lasting pain, 12+ weeks",
    Indication.sciatica: "sciatica",
}

CATEGORY = {
    Category.nsaid: "Anti-inflammatory pills (NSAIDs)",
    Category.paracetamol: "Paracetamol (acetaminophen)",
    Category.muscle_relaxant: "Muscle relaxants",
    Category.benzodiazepine: "Benzodiazepines",
    Category.opioid: "Opioids",
    Category.antidepressant: "Antidepressants",
    Category.anticonvulsant: "Nerve-pain medicines (anticonvulsants)",
    Category.corticosteroid: "Steroid pills",
    Category.topical: "Creams, gels and plasters",
    Category.injection: "Injections and nerve procedures",
    Category.surgery: "Surgery",
    Category.exercise: "Exercise",
    Category.manual_therapy: "Hands-on therapy",
    Category.psychological: "Mind and body programmes",
    Category.complementary: "Complementary therapy",
    Category.lifestyle: "Self-care and daily life",
    Category.device: "Devices, heat and supports",
}

# Seventeen categories are too many colours to tell apart, so charts colour by these eight
# groups (one Okabe-Ito colour each) and name the exact category in tooltips and tables.
CATEGORY_GROUP = {
    Category.nsaid: "Pain-relief medicines",
    Category.paracetamol: "Pain-relief medicines",
    Category.topical: "Pain-relief medicines",
    Category.muscle_relaxant: "Muscle relaxants and benzodiazepines",
    Category.benzodiazepine: "Muscle relaxants and benzodiazepines",
    Category.opioid: "Opioids",
    Category.antidepressant: "Other prescription medicines",
    Category.anticonvulsant: "Other prescription medicines",
    Category.corticosteroid: "Other prescription medicines",
    Category.injection: "Injections and surgery",
    Category.surgery: "Injections and surgery",
    Category.exercise: "Exercise and hands-on therapy",
    Category.manual_therapy: "Exercise and hands-on therapy",
    Category.psychological: "Mind-body and complementary",
    Category.complementary: "Mind-body and complementary",
    Category.lifestyle: "Self-care and devices",
    Category.device: "Self-care and devices",
}
CATEGORY_GROUPS = tuple(dict.fromkeys(CATEGORY_GROUP.values()))

KIND = {Kind.medication: "Medicine", Kind.non_drug: "Non-drug", Kind.procedure: "Procedure"}

ACCESS = {
    Access.over_the_counter: "Over the counter",
    Access.prescription: "Prescription",
    Access.controlled_substance: "Controlled medicine (prescription)",
    Access.clinician_delivered: "Given by a clinician or therapist",
    Access.self_directed: "Do it yourself",
}

DEPENDENCE = {
    DependenceLevel.none: "None known",
    DependenceLevel.low: "Low",
    DependenceLevel.moderate: "Moderate",
    DependenceLevel.high: "High",
}

CERTAINTY = {
    Certainty.high: "High",
    Certainty.moderate: "Moderate",
    Certainty.low: "Low",
    Certainty.very_low: "Very low",
    Certainty.insufficient: "Not enough evidence",
}

CERTAINTY_PLAIN = {
    Certainty.high: "We are confident about this.",
    Certainty.moderate: "This is probably right.",
    Certainty.low: "This may be right, but better studies could change it.",
    Certainty.very_low: "We are very unsure about this.",
    Certainty.insufficient: "There are not enough good studies to say.",
}

# Said only where the certainty is not GRADE's: a "low" from an older system, or from our own reading, is not
# the same claim. Clinician words name the system; plain words say what it means for the reader.
CERTAINTY_SYSTEM = {
    CertaintySystem.acp_grade: "Certainty as ACP 2017 rated the quality of evidence (its GRADE-based system).",
    CertaintySystem.ahrq_strength_of_evidence: "Certainty as an AHRQ evidence report rated its strength of evidence, not GRADE.",
    CertaintySystem.cochrane_back_group: "Certainty in the older Cochrane Back Review Group levels, not GRADE.",
    CertaintySystem.cinema: "Certainty rated with CINeMA, GRADE's method for network meta-analyses.",
    CertaintySystem.curator: "No source rated the certainty: it is our reading of the studies' design, not a GRADE rating.",
}
CERTAINTY_SYSTEM_SHORT = {
    CertaintySystem.acp_grade: "ACP's rating",
    CertaintySystem.ahrq_strength_of_evidence: "AHRQ's rating, not GRADE",
    CertaintySystem.cochrane_back_group: "older Cochrane Back Group levels, not GRADE",
    CertaintySystem.cinema: "CINeMA",
    CertaintySystem.curator: "our reading; no source rated it",
}
CERTAINTY_SYSTEM_PLAIN = {
    CertaintySystem.acp_grade: "How sure: as rated by the ACP guideline panel.",
    CertaintySystem.ahrq_strength_of_evidence: "How sure: as rated by a US government evidence review.",
    CertaintySystem.cochrane_back_group: "How sure: rated with an older method than reviews use today.",
    CertaintySystem.cinema: "How sure: rated with a method for comparing many treatments at once.",
    CertaintySystem.curator: "No review rated how sure this is. This is our own reading of the studies.",
}

SOURCE_KINDS = {
    SourceKind.guideline: "Guidelines",
    SourceKind.systematic_review: "Systematic reviews",
    SourceKind.trial: "Trials",
    SourceKind.drug_label: "Drug labels",
    SourceKind.regulatory: "Regulatory notices",
    SourceKind.statement: "Statements",
}

GUIDELINE = {
    GuidelineId.acp_2017: "ACP 2017 (USA)",
    GuidelineId.nice_ng59: "NICE NG59 (UK)",
    GuidelineId.who_2023: "WHO 2023",
    GuidelineId.bmj_2025: "BMJ 2025 (Rapid Recommendations)",
}

GUIDELINE_SHORT = {
    GuidelineId.acp_2017: "ACP 2017",
    GuidelineId.nice_ng59: "NICE NG59",
    GuidelineId.who_2023: "WHO 2023",
    GuidelineId.bmj_2025: "BMJ 2025",
}

STANCE = {
    Stance.recommended: "Recommended",
    Stance.conditional_for: "Suggested (conditional)",
    Stance.conditional_against: "Suggested against (conditional)",
    Stance.not_recommended: "Not recommended",
    Stance.no_recommendation: "No recommendation",
    Stance.not_addressed: "Not addressed",
    Stance.not_confirmed: "Not confirmed",
}
# Symbols so a stance never depends on colour alone.
STANCE_SYMBOL = {
    Stance.recommended: "✓",
    Stance.conditional_for: "~✓",
    Stance.conditional_against: "~✗",
    Stance.not_recommended: "✗",
    Stance.no_recommendation: "?",
    Stance.not_addressed: "",
    Stance.not_confirmed: "n.c.",
}
OUT_OF_SCOPE = "Outside this guideline's scope"
OUT_OF_SCOPE_SYMBOL = "–"

# Symbol and word together, so a verdict never depends on colour (the app adds a colour, the PDF does not).
VERDICT = {
    Verdict.supported: "✓ Supported",
    Verdict.not_supported: "✗ Not supported",
    Verdict.misleading: "~ Misleading",
    Verdict.unverified: "? Unverified",
}

COST = {Cost.low: "Low", Cost.moderate: "Moderate", Cost.high: "High"}

CAUTION_GROUP = {
    CautionGroup.older_adults: "Older adults",
    CautionGroup.pregnancy: "Pregnancy",
    CautionGroup.breastfeeding: "Breastfeeding",
    CautionGroup.alcohol_driving: "Alcohol and driving",
    CautionGroup.kidney: "Kidney problems",
    CautionGroup.liver: "Liver problems",
    CautionGroup.stomach: "Stomach problems",
    CautionGroup.heart: "Heart problems",
    CautionGroup.bleeding: "Bleeding risk",
    CautionGroup.substance_use: "Past drug or alcohol problems",
    CautionGroup.mental_health: "Mental health",
    CautionGroup.interactions: "Other medicines",
    CautionGroup.other: "Other",
}

ONSET_WINDOW = {
    "any": "Any time",
    "hour": "Within an hour",
    "day": "Within a day",
    "week": "Within a week",
    "month": "Within a month",
}
MIN_CERTAINTY = {
    "any": "Any (include 'not enough evidence')",
    "very_low": "Very low or better",
    "low": "Low or better",
    "moderate": "Moderate or better",
    "high": "High only",
}
ACCESS_FILTER = {"any": "Any", "no_prescription": "No prescription or visit needed"}

# The class a guideline named when its stance covers the class, not one option ("for muscle relaxants as a class").
CLASS_NAME = {
    Category.nsaid: "NSAIDs",
    Category.muscle_relaxant: "muscle relaxants",
    Category.benzodiazepine: "benzodiazepines",
    Category.opioid: "opioids",
    Category.antidepressant: "antidepressants",
    Category.anticonvulsant: "anticonvulsants",
    Category.corticosteroid: "steroids",
    Category.topical: "topical medicines",
    Category.injection: "spinal injections",
    Category.surgery: "spinal surgery",
    Category.exercise: "exercise",
    Category.manual_therapy: "manual therapy",
    Category.psychological: "psychological therapies",
    Category.complementary: "needling therapies",
    Category.lifestyle: "self-care",
    Category.device: "devices",
    Category.paracetamol: "simple pain relievers",
}
# Where the class a guideline named is not the option's category (WHO put capsicum under herbal medicines).
CLASS_NAME_FOR_OPTION = {"capsaicin_topical": "herbal medicines"}

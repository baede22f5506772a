"""Safety text shown on every page: red flags and the disclaimer, with their sources."""

from __future__ import annotations

NOT_MEDICAL_ADVICE = (
    "Not medical advice. This tool summarises research to help you talk with a clinician. It does not know your health history."
)

# Wording is plain (Flesch-Kincaid about grade 6). Which signs need emergency care "now" follows the NHS
# pages: the Royal Free leaflet says to go to A&E "immediately" for cauda equina signs, and the Northern Trust
# page says "go to the emergency department or call 999" for those and for pain after major trauma. For the
# others it says to see a GP "as soon as possible", or gives no urgency.
RED_FLAGS_NOW = (
    "You cannot control your bladder or bowels, or you cannot pee.",
    "You feel numb around your genitals, your bottom or the inside of your thighs.",
    "One or both legs are very weak or getting weaker, or you have trouble walking.",
    "The pain started after a serious accident, such as a car crash or a fall from a height.",
)
# The same four signs in one line, for the top of every page; the full list opens from it.
RED_FLAGS_NOW_IN_ONE_LINE = (
    "you cannot control your bladder or bowels, feel numb around your genitals or bottom, have weak legs or trouble "
    "walking, or were hurt in a serious accident."
)
RED_FLAGS_NOW_SOURCES = ("royal_free_cauda_equina_leaflet", "northern_trust_hsc_low_back_pain")
RED_FLAGS_SOON = (
    "You have had cancer.",
    "You have a fever or chills.",
    "You are losing weight without trying.",
    "You inject drugs, have a weak immune system, or had a recent infection.",
    "The pain is worse lying down or very bad at night.",
)
RED_FLAGS_SOON_SOURCES = ("nhs_gloucestershire_spinal_red_flags", "northern_trust_hsc_low_back_pain", "bigos_1994_red_flags")
RED_FLAGS_SOURCES = tuple(dict.fromkeys(RED_FLAGS_NOW_SOURCES + RED_FLAGS_SOON_SOURCES))

# The red flags' sources, kept here rather than looked up in the data, so the red flags still show
# with their sources when the data cannot be loaded. A test keeps them equal to data/sources.yaml.
SOURCE_LINKS = {
    "royal_free_cauda_equina_leaflet": (
        "Royal Free London NHS Foundation Trust, patient information leaflet",
        "https://royalfree.nhs.uk/patients-and-visitors/patient-information-leaflets/cauda-equina-syndrome",
    ),
    "northern_trust_hsc_low_back_pain": (
        "Northern Health and Social Care Trust (Northern Ireland), physiotherapy outpatient service page",
        "https://www.northerntrust.hscni.net/services/physiotherapy-services/physiotherapy-service-outpatient-service/low-back-pain/",
    ),
    "nhs_gloucestershire_spinal_red_flags": (
        "NHS Gloucestershire, G-Care clinical pathway for back pain with or without leg pain (under 6 weeks)",
        "https://g-care.glos.nhs.uk/pathway/71/resource/3",
    ),
    "bigos_1994_red_flags": (
        "Bigos S et al. AHCPR Clinical Practice Guideline No. 14 (Quick Reference Guide for Clinicians) 1994",
        "https://www.ncbi.nlm.nih.gov/books/NBK52120/table/A34364/",
    ),
}

DATA_UNAVAILABLE = (
    "The treatment information cannot be shown right now. Please try again later. "
    "The signs above that need urgent care still apply."
)

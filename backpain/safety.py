"""Safety text shown on every page: red flags and the disclaimer, with their sources."""

from __future__ import annotations

NOT_MEDICAL_ADVICE = (
    "Not medical advice. This tool summarises research to help you talk with a clinician. It does not know your health history."
)

# Wording is plain (Flesch-Kincaid about grade 6). Which signs need emergency care "now" follows
# the sources: only the NHS leaflet says "immediately", and only for cauda equina signs.
RED_FLAGS_NOW = (
    "You cannot control your bladder or bowels, or you cannot pee.",
    "You feel numb around your genitals, your bottom or the inside of your thighs.",
    "One or both legs are very weak or getting weaker, or you have trouble walking.",
)
RED_FLAGS_NOW_SOURCES = ("ouh_2014_cauda_equina", "bigos_1994_red_flags")
RED_FLAGS_SOON = (
    "The pain started after a bad accident or fall.",
    "You have had cancer.",
    "You have a fever or chills.",
    "You are losing weight without trying.",
    "You inject drugs, have a weak immune system, or had a recent infection.",
    "The pain is worse lying down or very bad at night.",
)
RED_FLAGS_SOON_SOURCES = ("bigos_1994_red_flags",)

# The red flags' sources, kept here rather than looked up in the data, so the red flags still show
# with their sources when the data cannot be loaded. A test keeps them equal to data/sources.yaml.
SOURCE_LINKS = {
    "ouh_2014_cauda_equina": (
        "Oxford University Hospitals NHS Trust. Patient leaflet OMI 10127P 2014",
        "https://studylib.net/doc/11640787/cauda-equina-syndrome-oxford-university-hospitals",
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

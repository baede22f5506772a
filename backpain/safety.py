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

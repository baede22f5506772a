"""Search that understands what people type: brand names, strengths, forms and spelling slips.

"Pain o Soma 500mg", "soma 350", "co-codamol", "Lyrica", "Advil" and "ibuprofin" each find their option.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from backpain.schema import Treatment

# What an advert or a box adds to a name without saying which option it is: strengths, forms, shop words.
_NOISE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|g|ml|%)?(?=\s|$)"
    r"|\b(?:tablets?|tabs?|capsules?|caps?|pills?|cream|gel|patch(?:es)?|plasters?|generic|buy|online|cheap)\b",
)
# A slip of a letter or two in a word of five letters or more ("ibuprofin" scores 89 against "ibuprofen").
FUZZY_MATCH = 85
FUZZY_MIN_LETTERS = 5
CLOSEST_SCORE = 60


def search_key(text: str) -> str:
    """Lower case, no accents, no strengths or forms, no spaces or punctuation: 'Pain-o-Soma 500mg' -> 'painosoma'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "", _NOISE.sub(" ", folded))


def names_of(treatment: Treatment) -> tuple[str, ...]:
    """Every name an option goes by, brands inside brackets split out: 'ibuprofen (Advil, Motrin)' gives all three."""
    names = [treatment.name, treatment.id.replace("_", " "), *treatment.also_known_as]
    pieces = [p for name in names for p in re.split(r"[(),;/]", name)]
    return tuple(dict.fromkeys(p.strip() for p in [*names, *pieces] if p.strip()))


def _keys(treatment: Treatment) -> list[str]:
    return [k for k in (search_key(n) for n in names_of(treatment)) if k]


def matches(treatment: Treatment, query: str) -> bool:
    needle = search_key(query)
    if not needle:
        return True
    keys = _keys(treatment)
    if any(needle in key for key in keys):
        return True
    return len(needle) >= FUZZY_MIN_LETTERS and any(fuzz.ratio(needle, key) >= FUZZY_MATCH for key in keys)


def closest(treatments: Iterable[Treatment], query: str, limit: int = 3) -> list[Treatment]:
    """The options whose names come nearest to what was typed, best first, for "did you mean"."""
    needle = search_key(query)
    if not needle:
        return []
    by_key = [(key, t) for t in treatments for key in _keys(t)]
    found = process.extract(needle, [k for k, _ in by_key], scorer=fuzz.WRatio, score_cutoff=CLOSEST_SCORE, limit=None)
    ranked = [by_key[index][1] for _, _, index in found]
    return list({t.id: t for t in ranked}.values())[:limit]

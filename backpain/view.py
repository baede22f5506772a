"""The shareable view: every filter, the comparison and the mode, to and from URL parameters.

Parsing never raises. A value that is not valid is dropped and described in a notice, so a
mangled link still opens a working page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from backpain.markup import shorten
from backpain.priorities import CRITERIA, DEFAULT_LEVEL, WEIGHT_LEVELS
from backpain.query import (
    ACCESS_CHOICES,
    MIN_CERTAINTY_CHOICES,
    ONSET_WITHIN_HOURS,
    Filters,
)
from backpain.schema import Category, DependenceLevel, Indication
from backpain.slides import DECK

MODES = ("patient", "clinician", "present")
MAX_COMPARE = 4
MAX_QUERY_CHARS = 80
# A link can carry any number of bad values; the page names a few, each cut short.
MAX_NOTICES = 5
SHOWN_CHARS = 40
COMPARE_QUESTIONS = (
    "all",
    "what",
    "onset",
    "benefit",
    "dependence",
    "common_harms",
    "serious_harms",
    "not_suitable",
    "guidelines",
    "cost",
)


@dataclass(frozen=True)
class ViewState:
    filters: Filters = field(default_factory=Filters)
    compare: tuple[str, ...] = ()
    mode: str = "patient"
    treatment: str | None = None
    focus: str = "all"
    slide: int = 1
    # One level per criterion, in CRITERIA order: "not", "little" or "very".
    weights: tuple[str, ...] = (DEFAULT_LEVEL,) * len(CRITERIA)

    def weight_levels(self) -> dict[str, str]:
        return dict(zip(CRITERIA, self.weights, strict=True))

    def with_weights(self, levels: Mapping[str, str]) -> ViewState:
        return replace(self, weights=tuple(levels.get(c, DEFAULT_LEVEL) for c in CRITERIA))


def _single(values: Sequence[str], name: str, allowed: Sequence[str], notices: list[str]) -> str | None:
    value = values[-1] if values else ""
    if value in allowed:
        return value
    notices.append(f"Ignored {name}={_shown(value)}: expected one of {', '.join(allowed)}.")
    return None


def _shown(value: str) -> str:
    """The ignored value, quoted and shortened. It is plain text: the page escapes every notice."""
    return f"“{shorten(value, SHOWN_CHARS)}”"


def summarise_notices(notices: Sequence[str], limit: int = MAX_NOTICES) -> list[str]:
    """Each different notice once, at most ``limit``, then how many more there were."""
    unique = list(dict.fromkeys(notices))
    if len(unique) <= limit:
        return unique
    hidden = len(unique) - limit
    return [*unique[:limit], f"… and {hidden} more ignored {'setting' if hidden == 1 else 'settings'} in the link."]


def search_text(typed: str) -> str:
    """What a search box or a link's ``q`` may hold: printable characters, trimmed, at most MAX_QUERY_CHARS."""
    return "".join(ch for ch in typed if ch.isprintable()).strip()[:MAX_QUERY_CHARS].strip()


def parse_params(params: Mapping[str, Sequence[str]], known_ids: Sequence[str] | set[str]) -> tuple[ViewState, list[str]]:
    """Build a view from URL parameters (each a list of values); return it with notices."""
    notices: list[str] = []
    filters = Filters()
    view = ViewState()
    known = set(known_ids)

    def get(name: str) -> list[str]:
        raw = params.get(name, [])
        return [raw] if isinstance(raw, str) else [str(v) for v in raw]

    if "indication" in params and (v := _single(get("indication"), "indication", [i.value for i in Indication], notices)):
        filters = replace(filters, indication=Indication(v))
    if "category" in params:
        valid = {c.value for c in Category}
        chosen: list[Category] = []
        for v in get("category"):
            if v in valid:
                if Category(v) not in chosen:
                    chosen.append(Category(v))
            elif v:
                notices.append(f"Ignored category={_shown(v)}: not a known category.")
        filters = replace(filters, categories=tuple(chosen))
    if "max_dependence" in params and (
        v := _single(get("max_dependence"), "max_dependence", [d.value for d in DependenceLevel], notices)
    ):
        filters = replace(filters, max_dependence=DependenceLevel(v))
    for name, allowed in (
        ("min_certainty", MIN_CERTAINTY_CHOICES),
        ("onset", tuple(ONSET_WITHIN_HOURS)),
        ("access", ACCESS_CHOICES),
    ):
        if name in params and (v := _single(get(name), name, allowed, notices)) is not None:
            filters = replace(filters, **{name: v})
    if "q" in params:
        typed = (get("q") or [""])[-1]
        text = search_text(typed)
        if len(text) < len("".join(ch for ch in typed if ch.isprintable()).strip()):
            notices.append(f"Shortened the search text to {MAX_QUERY_CHARS} characters.")
        filters = replace(filters, q=text)
    view = replace(view, filters=filters)

    if "compare" in params:
        chosen_ids: list[str] = []
        for v in get("compare"):
            if v in known:
                if v not in chosen_ids:
                    chosen_ids.append(v)
            elif v:
                notices.append(f"Ignored compare={_shown(v)}: no treatment has that id.")
        if len(chosen_ids) > MAX_COMPARE:
            notices.append(f"Kept the first {MAX_COMPARE} options to compare.")
            chosen_ids = chosen_ids[:MAX_COMPARE]
        view = replace(view, compare=tuple(chosen_ids))
    if "mode" in params and (v := _single(get("mode"), "mode", MODES, notices)) is not None:
        view = replace(view, mode=v)
    if "id" in params:
        v = (get("id") or [""])[-1]
        if v in known:
            view = replace(view, treatment=v)
        else:
            notices.append(f"Ignored id={_shown(v)}: no treatment has that id.")
    if "focus" in params and (v := _single(get("focus"), "focus", COMPARE_QUESTIONS, notices)) is not None:
        view = replace(view, focus=v)
    if "slide" in params:
        raw = (get("slide") or [""])[-1]
        if raw.isdigit() and 1 <= int(raw) <= len(DECK):
            view = replace(view, slide=int(raw))
        else:
            notices.append(f"Ignored slide={_shown(raw)}: expected a number from 1 to {len(DECK)}.")
    levels = view.weight_levels()
    for criterion in CRITERIA:
        name = f"w_{criterion}"
        if name in params and (v := _single(get(name), name, tuple(WEIGHT_LEVELS), notices)) is not None:
            levels[criterion] = v
    return view.with_weights(levels), notices


def to_params(view: ViewState) -> dict[str, str | list[str]]:
    """The URL parameters for a view; defaults are left out to keep links short."""
    default = ViewState()
    f, d = view.filters, default.filters
    params: dict[str, str | list[str]] = {}
    if f.indication != d.indication:
        params["indication"] = f.indication.value
    if f.categories:
        params["category"] = [c.value for c in f.categories]
    if f.max_dependence != d.max_dependence:
        params["max_dependence"] = f.max_dependence.value
    for name in ("min_certainty", "onset", "access"):
        if getattr(f, name) != getattr(d, name):
            params[name] = getattr(f, name)
    if f.q:
        params["q"] = f.q
    if view.compare:
        params["compare"] = list(view.compare)
    if view.mode != default.mode:
        params["mode"] = view.mode
    if view.treatment:
        params["id"] = view.treatment
    if view.focus != default.focus:
        params["focus"] = view.focus
    if view.slide != default.slide:
        params["slide"] = str(view.slide)
    for criterion, level in view.weight_levels().items():
        if level != DEFAULT_LEVEL:
            params[f"w_{criterion}"] = level
    return params

"""The shareable view: every filter, the comparison and the mode, to and from URL parameters.

Parsing never raises. A value that is not valid is dropped and described in a notice, so a
mangled link still opens a working page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from backpain.compare import QUESTIONS
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
# "all" shows every question; any other value focuses the grid on one.
COMPARE_QUESTIONS = ("all", *QUESTIONS)


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


# --- the URL parameters: one record each, so reading and writing a link round-trip by construction ---


@dataclass(frozen=True)
class Reading:
    """What a parameter's reader may need besides its values: the known ids, and where notices go."""

    known_ids: frozenset[str]
    notices: list[str]


@dataclass(frozen=True)
class Param:
    """One URL parameter: its name, the README's words for its values, and how it reads, writes and sets the view.

    ``read`` gets every value the link gave (in order) and returns the value to set, or None to keep the
    default (after adding a notice when something was ignored). ``write`` turns the view's value into URL text.
    ``example`` is a value other than the default; a test sets it, writes the link and reads it back.
    """

    name: str
    values: str
    get: Callable[[ViewState], Any]
    set: Callable[[ViewState, Any], ViewState]
    read: Callable[[list[str], Reading], Any]
    write: Callable[[Any], str | list[str]] = str
    example: Any = None


def _filter(field_name: str) -> tuple[Callable[[ViewState], Any], Callable[[ViewState, Any], ViewState]]:
    return (
        lambda view: getattr(view.filters, field_name),
        lambda view, value: replace(view, filters=replace(view.filters, **{field_name: value})),
    )


def _field(field_name: str) -> tuple[Callable[[ViewState], Any], Callable[[ViewState, Any], ViewState]]:
    return lambda view: getattr(view, field_name), lambda view, value: replace(view, **{field_name: value})


def _weight(criterion: str) -> tuple[Callable[[ViewState], Any], Callable[[ViewState, Any], ViewState]]:
    return (
        lambda view: view.weight_levels()[criterion],
        lambda view, level: view.with_weights({**view.weight_levels(), criterion: level}),
    )


def _one_of(name: str, allowed: Sequence[str], convert: Callable[[str], Any] = str) -> Callable[[list[str], Reading], Any]:
    def read(values: list[str], reading: Reading) -> Any:
        value = values[-1] if values else ""
        if value in allowed:
            return convert(value)
        reading.notices.append(f"Ignored {name}={_shown(value)}: expected one of {', '.join(allowed)}.")
        return None

    return read


def _read_categories(values: list[str], reading: Reading) -> tuple[Category, ...]:
    valid = {c.value for c in Category}
    chosen: list[Category] = []
    for v in values:
        if v in valid:
            if Category(v) not in chosen:
                chosen.append(Category(v))
        elif v:
            reading.notices.append(f"Ignored category={_shown(v)}: not a known category.")
    return tuple(chosen)


def _read_search(values: list[str], reading: Reading) -> str:
    typed = (values or [""])[-1]
    text = search_text(typed)
    if len(text) < len("".join(ch for ch in typed if ch.isprintable()).strip()):
        reading.notices.append(f"Shortened the search text to {MAX_QUERY_CHARS} characters.")
    return text


def _read_compare(values: list[str], reading: Reading) -> tuple[str, ...]:
    chosen: list[str] = []
    for v in values:
        if v in reading.known_ids:
            if v not in chosen:
                chosen.append(v)
        elif v:
            reading.notices.append(f"Ignored compare={_shown(v)}: no treatment has that id.")
    if len(chosen) > MAX_COMPARE:
        reading.notices.append(f"Kept the first {MAX_COMPARE} options to compare.")
        chosen = chosen[:MAX_COMPARE]
    return tuple(chosen)


def _read_id(values: list[str], reading: Reading) -> str | None:
    value = (values or [""])[-1]
    if value in reading.known_ids:
        return value
    reading.notices.append(f"Ignored id={_shown(value)}: no treatment has that id.")
    return None


def _read_slide(values: list[str], reading: Reading) -> int | None:
    raw = (values or [""])[-1]
    if raw.isdigit() and 1 <= int(raw) <= len(DECK):
        return int(raw)
    if raw.isdigit() and len(raw) <= 6:
        # A link to a slide past the end (a longer deck, a slip) opens the nearest slide, as slide software does.
        nearest = min(max(int(raw), 1), len(DECK))
        reading.notices.append(f"The deck has {len(DECK)} slides, so slide={raw} opens slide {nearest}.")
        return nearest
    reading.notices.append(f"Ignored slide={_shown(raw)}: expected a number from 1 to {len(DECK)}.")
    return None


def _values(choices: Sequence[str], default: str | None = None) -> str:
    return ", ".join(f"`{c}`" + (" (default)" if c == default else "") for c in choices)


def _enum_value(value: Any) -> str:
    return value.value


def _weight_param(criterion: str) -> Param:
    name = f"w_{criterion}"
    return Param(
        name,
        f"What matters to me, {CRITERIA[criterion].lower()}: {_values(tuple(WEIGHT_LEVELS), DEFAULT_LEVEL)}",
        *_weight(criterion),
        read=_one_of(name, tuple(WEIGHT_LEVELS)),
        example=next(level for level in WEIGHT_LEVELS if level != DEFAULT_LEVEL),
    )


def _filter_choice(name: str, choices: Sequence[str], default: str | None, more: str, convert=str) -> Param:
    """A filter that takes one of a few values, named as in the URL; enums are written by their value."""
    return Param(
        name,
        _values(choices, default) + more,
        *_filter(name),
        read=_one_of(name, choices, convert),
        write=str if convert is str else _enum_value,
        example=convert(next(c for c in choices if c != default)),
    )


# In this order links are read (and notices given) and written.
PARAMS: tuple[Param, ...] = (
    _filter_choice("indication", [i.value for i in Indication], Indication.acute.value, "", Indication),
    Param(
        "category",
        "repeatable: " + _values([c.value for c in Category]),
        *_filter("categories"),
        read=_read_categories,
        write=lambda categories: [c.value for c in categories],
        example=(Category.opioid, Category.exercise),
    ),
    _filter_choice("max_dependence", [d.value for d in DependenceLevel], None, " (default: all)", DependenceLevel),
    _filter_choice("min_certainty", MIN_CERTAINTY_CHOICES, "any", ", for the chosen indication"),
    _filter_choice("onset", tuple(ONSET_WITHIN_HOURS), "any", ": the whole onset range must fit; unknown onset never matches"),
    _filter_choice("access", ACCESS_CHOICES, "any", "; `no_prescription` means over the counter or do-it-yourself"),
    Param(
        "q",
        "search over names and brand names, ignoring strengths and forms and forgiving spelling slips (`q=Pain%20o%20Soma%20500mg` finds carisoprodol, `q=ibuprofin` NSAIDs)",
        *_filter("q"),
        read=_read_search,
        example="soma",
    ),
    Param(
        "compare",
        f"repeatable treatment id, up to {MAX_COMPARE}",
        *_field("compare"),
        read=_read_compare,
        write=list,
        example=("carisoprodol", "diazepam"),
    ),
    Param(
        "mode",
        "`patient` (default, plain words), `clinician` (intervals, US schedule, guideline strength and quality, "
        "older-adult cautions first) or `present` (the slide deck)",
        *_field("mode"),
        read=_one_of("mode", MODES),
        example="clinician",
    ),
    Param("id", "treatment id for the Treatment page", *_field("treatment"), read=_read_id, example="diazepam"),
    Param(
        "focus",
        "Compare page question: " + _values(COMPARE_QUESTIONS, "all"),
        *_field("focus"),
        read=_one_of("focus", COMPARE_QUESTIONS),
        example=COMPARE_QUESTIONS[-1],
    ),
    Param(
        "slide",
        f"presentation mode: slide `1` to `{len(DECK)}` ({', '.join(title.lower() for _, title in DECK)})",
        *_field("slide"),
        read=_read_slide,
        example=len(DECK),
    ),
    *(_weight_param(c) for c in CRITERIA),
)


def parse_params(params: Mapping[str, Sequence[str]], known_ids: Sequence[str] | set[str]) -> tuple[ViewState, list[str]]:
    """Build a view from URL parameters (each a list of values); return it with notices."""
    reading = Reading(frozenset(known_ids), [])
    view = ViewState()
    for param in PARAMS:
        if param.name not in params:
            continue
        raw = params[param.name]
        values = [raw] if isinstance(raw, str) else [str(v) for v in raw]
        value = param.read(values, reading)
        if value is not None:
            view = param.set(view, value)
    return view, reading.notices


# The pages' paths in the address (app.py's st.Page url_path), so a link can name another page.
PAGE_PATHS = ("explore", "compare", "priorities", "claims", "treatment", "about")


def page_address(here: str, page: str | None = None) -> str:
    """The address the browser showed, without its query; with ``page``, that page's address on the same site
    (under any path prefix the site is served at). Without an address (a test, a script) the link is relative."""
    parts = urlsplit(here)
    if page is None:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    folders = parts.path.split("/")
    if folders[-1] in PAGE_PATHS or folders[-1] == "":
        folders = folders[:-1]
    path = "/".join([*folders, page])
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")) if parts.netloc else page


def to_params(view: ViewState) -> dict[str, str | list[str]]:
    """The URL parameters for a view; defaults and empty values are left out to keep links short."""
    default = ViewState()
    params: dict[str, str | list[str]] = {}
    for param in PARAMS:
        value = param.get(view)
        if value != param.get(default) and value not in ("", (), None):
            params[param.name] = param.write(value)
    return params

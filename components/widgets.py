"""Widgets shared by several pages, each bound to the shareable view, and the guards their callbacks use.

A widget's value comes from the browser, and a modified browser can send any value. Every callback
takes its value through :func:`accepted` or :func:`accepted_all`: a value that is not among the
widget's options is ignored with one line in the log, never an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection

import streamlit as st

from backpain import labels, wording
from backpain.markup import shorten
from backpain.schema import Dataset, Indication
from backpain.view import ViewState
from components import state

log = logging.getLogger("backpain.app")


def _ignored(key: str, value: object) -> None:
    log.warning("Ignored a value for widget %s that is not among its options: %s", key, shorten(repr(value), 80))


def accepted(key: str, options: Collection, when_empty=None):
    """The widget's value if it is one of ``options``, else None (logged).

    ``when_empty`` is what a cleared widget (a segmented control clicked off) stands for, if it may be cleared.
    """
    value = st.session_state.get(key)
    if value is None and when_empty is not None:
        return when_empty
    try:
        if value in options:
            return value
    except TypeError:  # an unhashable value cannot be among hashable options
        pass
    _ignored(key, value)
    return None


def accepted_all(key: str, options: Collection, most: int | None = None) -> tuple | None:
    """The widget's values if each is one of ``options`` (and there are at most ``most``), else None (logged)."""
    values = st.session_state.get(key)
    try:
        if isinstance(values, list | tuple) and all(v in options for v in values) and (most is None or len(values) <= most):
            return tuple(values)
    except TypeError:
        pass
    _ignored(key, values)
    return None


def shown(format_func):
    """A widget's format function that never fails: a value it cannot name is shown as itself.

    Streamlit formats the value the browser sent before our callback can reject it, so a forged
    value must not make the format function raise.
    """

    def safe(value) -> str:
        try:
            text = format_func(value)
        except (KeyError, ValueError, TypeError):
            text = None
        return text if isinstance(text, str) else str(value)

    return safe


def option_choices(dataset: Dataset) -> tuple[list[str], Callable[[object], str], frozenset[str]]:
    """For a picker of options: ids in name order, a format function that names them, and the known ids.

    Each label carries brand names too, so typing "Soma", "Lyrica" or "Advil" in the picker finds the option.
    """
    names = {t.id: t.name for t in dataset.treatments}
    labels_ = {t.id: wording.names_with_brands(t, most=3) for t in dataset.treatments}
    return sorted(names, key=lambda i: names[i].lower()), shown(labels_.get), frozenset(names)


def _on_filter_change(field: str, key: str, options: tuple, convert) -> None:
    value = accepted(key, options)
    if value is not None:
        state.update_filters(**{field: convert(value)})


def filter_select(
    column, view: ViewState, field: str, label: str, options, format_func, convert=str, help: str | None = None
) -> None:
    """A select box bound to one filter: seeded from the view, and writing back to it (and the URL)."""
    key = f"w_{field}"
    options = tuple(options)
    value = getattr(view.filters, field)
    column.selectbox(
        label,
        list(options),
        format_func=shown(format_func),
        help=help,
        **state.bound(key, getattr(value, "value", value), _on_filter_change, (field, key, options, convert)),
    )


def _on_option(known: frozenset[str]) -> None:
    chosen = accepted("w_treatment", known)
    if chosen is not None:
        state.update_view(treatment=chosen)


def option_picker(dataset: Dataset, view: ViewState, placeholder: str, chosen_by_default: str | None = None) -> str | None:
    """One option, bound to ``id=`` in the URL: on the Treatment page, and on the deck's option and claims slides."""
    ids, named, known = option_choices(dataset)
    return st.selectbox(
        "Option", ids, format_func=named, index=None, placeholder=placeholder,
        **state.bound("w_treatment", view.treatment or chosen_by_default, _on_option, (known,)),
    )  # fmt: skip


def indication_select(column, view: ViewState) -> None:
    """The kind of back pain, one control on every page that asks it (Explore, Compare, What matters to me)."""
    filter_select(
        column, view, "indication", "My back pain is", [i.value for i in Indication],
        lambda v: labels.INDICATION[Indication(v)], Indication,
    )  # fmt: skip

"""Widgets shared by several pages, each bound to the shareable view."""

from __future__ import annotations

import streamlit as st

from components import state


def _on_filter_change(field: str, key: str, convert) -> None:
    state.update_filters(**{field: convert(st.session_state[key])})


def filter_select(column, field: str, label: str, options, format_func, convert=str, help: str | None = None) -> None:
    """A select box bound to one filter: seeded from the view, and writing back to it (and the URL)."""
    key = f"w_{field}"
    value = getattr(state.current_view().filters, field)
    state.bind(key, getattr(value, "value", value))
    column.selectbox(
        label,
        list(options),
        key=key,
        format_func=format_func,
        on_change=_on_filter_change,
        args=(field, key, convert),
        help=help,
    )

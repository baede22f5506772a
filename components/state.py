"""The view (filters, comparison, mode) kept in the URL so any link reopens the same screen.

The URL is the source of truth. Streamlit clears query parameters on a page switch, so the
session keeps the last view and writes it back when the URL arrives empty.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st

from backpain.schema import Dataset
from backpain.view import ViewState, parse_params, to_params

_VIEW = "_view"
_NOTICES = "_url_notices"


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def load_view(dataset: Dataset) -> ViewState:
    """Read the view for this run: from the URL when it has one, else the session's last view."""
    params = _url_params()
    if params or _VIEW not in st.session_state:
        view, notices = parse_params(params, [t.id for t in dataset.treatments])
        st.session_state[_VIEW] = view
        if notices:
            st.session_state[_NOTICES] = notices
    view = st.session_state[_VIEW]
    write_url(view)
    return view


def current_view() -> ViewState:
    return st.session_state.get(_VIEW, ViewState())


def update_view(**changes) -> ViewState:
    view = replace(current_view(), **changes)
    st.session_state[_VIEW] = view
    write_url(view)
    return view


def update_filters(**changes) -> ViewState:
    return update_view(filters=replace(current_view().filters, **changes))


def write_url(view: ViewState) -> None:
    wanted = to_params(view)
    if _normalised(wanted) != _url_params():
        st.query_params.from_dict(wanted)


def _normalised(params: dict[str, str | list[str]]) -> dict[str, list[str]]:
    return {k: (v if isinstance(v, list) else [v]) for k, v in params.items()}


def pop_notices() -> list[str]:
    return st.session_state.pop(_NOTICES, [])


def link_params(view: ViewState, **changes) -> dict[str, str | list[str]]:
    """Query parameters for a link that keeps the current view and changes a few things."""
    return to_params(replace(view, **changes))


def bind(key: str, value) -> None:
    """Give a widget its value from the view before it is drawn (widgets read state by key)."""
    st.session_state[key] = value


def to_query_string(view: ViewState) -> str:
    return urlencode(to_params(view), doseq=True)


def permalink(view: ViewState) -> str:
    """The full address of this page with the view, as far as the browser told us the address."""
    query = to_query_string(view)
    try:
        here = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (tests, scripts): fall back to a relative link
        here = ""
    base = here.split("?", 1)[0]
    return f"{base}?{query}" if query else (base or "?")


def requested_mode() -> str:
    """The mode this run will show, read before the data is loaded (so the frame can be drawn first)."""
    params = _url_params()
    if not params:
        return current_view().mode
    view, _ = parse_params({k: v for k, v in params.items() if k == "mode"}, ())
    return view.mode

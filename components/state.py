"""The view (filters, comparison, mode) kept in the URL so any link reopens the same screen.

The URL is the source of truth. Streamlit clears query parameters on a page switch, so the
session keeps the last view and writes it back when the URL arrives empty.

One exception: a browser that rejoins a new server session (the server restarted, or a replica stopped and the
load balancer sent the page to another) sends its widgets' values with its first run. One of them may be a change
the person just made, which the URL does not have yet, and Streamlit calls no on_change callback for it (the new
session has no earlier value to compare with). So on that run the widgets keep what the browser sent, and their
callbacks run once the page is drawn (:func:`apply_rejoined_changes`); otherwise the URL would undo the change.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st

from backpain.schema import Dataset
from backpain.view import ViewState, page_address, parse_params, to_params

_VIEW = "_view"
_NOTICES = "_url_notices"
_REJOINED_KEYS = "_rejoined_keys"
_REJOINED_CALLBACKS = "_rejoined_callbacks"
# How Streamlit names a keyed widget's value in st.session_state until the widget is drawn in this run:
# "$$ID-<hash>-<key>" (streamlit.elements.lib.utils.compute_and_register_element_id).
_WIDGET_ID_PREFIX = "$$ID-"


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def load_view(dataset: Dataset) -> ViewState:
    """Read the view for this run: from the URL when it has one, else the session's last view."""
    params = _url_params()
    new_session = _VIEW not in st.session_state
    st.session_state[_REJOINED_KEYS] = keys_the_browser_sent() if new_session else frozenset()
    st.session_state[_REJOINED_CALLBACKS] = {}
    if params or new_session:
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


def keys_the_browser_sent() -> frozenset[str]:
    """The keys of the widgets whose values the browser sent with this run. A page opened afresh sends none; a
    page that rejoins a new session sends all of its widgets' values.

    st.session_state does not list a value until its widget is drawn, so this reads the values as the browser
    sent them, from Streamlit's session state (not public API; tests/test_browser_outage.py would catch a change).
    """
    from streamlit.runtime.state.session_state_proxy import get_session_state

    ids = [widget.id for widget in get_session_state().get_widget_states()]
    return frozenset(i.split("-", 2)[2] for i in ids if i.startswith(_WIDGET_ID_PREFIX) and i.count("-") >= 2)


def bound(key: str, value, on_change, args: tuple = ()) -> dict:
    """A widget's key and callback, with its value set from the view before it is drawn (widgets read state by key).

    Splat the result into the widget call. On the first run of a page that rejoins a new session, the value the
    browser sent stands instead, and the callback is kept for :func:`apply_rejoined_changes`.
    """
    if key in st.session_state.get(_REJOINED_KEYS, ()):
        st.session_state.setdefault(_REJOINED_CALLBACKS, {})[key] = (on_change, args)
    else:
        st.session_state[key] = value
    return {"key": key, "on_change": on_change, "args": args}


def apply_rejoined_changes() -> None:
    """After the page is drawn: run the callbacks of the widgets the browser sent on rejoining, so a change the
    person made while the server was away reaches the view, and draw the page again if it did."""
    callbacks = st.session_state.pop(_REJOINED_CALLBACKS, {})
    st.session_state[_REJOINED_KEYS] = frozenset()
    before = current_view()
    for key, (on_change, args) in callbacks.items():
        if key in st.session_state:
            on_change(*args)
    if current_view() != before:
        st.rerun()


def to_query_string(view: ViewState) -> str:
    return urlencode(to_params(view), doseq=True)


def permalink(view: ViewState, page: str | None = None) -> str:
    """The full address of this page (or of ``page``) with the view, as far as the browser told us the address."""
    query = to_query_string(view)
    try:
        here = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (tests, scripts): fall back to a relative link
        here = ""
    base = page_address(here, page)
    return f"{base}?{query}" if query else (base or "?")


def sheet_link(view: ViewState, clinician: bool, page: str | None = None) -> str:
    """The address a summary sheet prints: the view in the sheet's own words (a plain sheet reopens plain words)."""
    return permalink(replace(view, mode="clinician" if clinician else "patient", slide=1), page)


def requested_mode() -> str:
    """The mode this run will show, read before the data is loaded (so the frame can be drawn first)."""
    params = _url_params()
    if not params:
        return current_view().mode
    view, _ = parse_params({k: v for k, v in params.items() if k == "mode"}, ())
    return view.mode

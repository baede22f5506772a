"""Helpers for AppTest: the app file, its pages, a deep-link run, and a widget value sent as a browser would."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["views/explore.py", "views/compare.py", "views/priorities.py", "views/claims.py", "views/treatment.py", "views/about.py"]


def run(params: dict | None = None, page: str | None = None) -> AppTest:
    """One run of ``page`` opened from a link with ``params``, as a deep link does; it must not raise."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page and page != PAGES[0]:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def forge(at: AppTest, key: str, **fields) -> AppTest:
    """Rerun as if the browser sent ``fields`` for the widget with this key, whatever its options are."""
    widget = next(n for n in at._tree if getattr(n, "key", None) == key and _id(n))
    states = at._tree.get_widget_states()
    state = next((s for s in states.widgets if s.id == _id(widget)), None)
    if state is None:  # AppTest sends neither a table's selection nor an expander's state; the browser does
        state = states.widgets.add()
        state.id = _id(widget)
    for name, value in fields.items():
        if name == "string_array_value":
            state.string_array_value.data[:] = value
        else:
            setattr(state, name, value)
    return at._run(states)


def _id(node) -> str | None:
    # Widgets carry their id; a stateful block such as an expander carries it in its proto.
    return getattr(node, "id", None) or getattr(getattr(node, "proto", None), "id", None)

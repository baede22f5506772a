"""When the server goes away under open pages, each page comes back to its own view by itself: Streamlit's
frontend reconnects, keeps the view it shows, and runs the page on the new server at the next change, from its
URL. The short form of `make failover` (tests/outage.py).

The first change after the outage must take: the new server's session has no earlier value of the widget, so
Streamlit calls no on_change callback, and the URL (which does not have the change yet) would set the old value
again. components/state.py keeps what the browser sent on that run (`apply_rejoined_changes`).
"""

from __future__ import annotations

import pytest
from browserkit import require_chromium, require_haproxy
from outage import outage
from targets import start_target

pytestmark = pytest.mark.browser
require_chromium()


def test_after_the_server_is_killed_and_restarted_every_page_shows_its_view_again(browser):
    target = start_target("single")
    try:
        result = outage(target, browser, sessions=2, how="restart")
    finally:
        target.stop()
    print(result.describe())
    assert result.lost == 0, result.describe()
    assert result.changes_dropped == 0, result.describe()


def test_after_a_replica_stops_its_sessions_show_their_view_again_on_another(browser):
    require_haproxy()
    target = start_target("cluster")
    try:
        result = outage(target, browser, sessions=3, how="failover")
    finally:
        target.stop()
    print(result.describe())
    assert result.lost == 0, result.describe()
    assert result.changes_dropped == 0, result.describe()

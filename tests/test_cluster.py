"""Replicas behind HAProxy (`make cluster`, deploy/cluster.py): every response through the proxy carries the
security headers and no server name, a browser stays on one replica, a real browser session works through the
proxy (WebSocket included), a stopped replica's browsers reach another, HAProxy notices a dead replica within
seconds, and `make cluster-stop` and Ctrl-C leave no process behind.

Each test starts its own cluster on free loopback ports, through deploy/cluster.py as `make cluster` does.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from browserkit import ROOT, SETTLED, Watched, download_the_views_csv, free_port, require_chromium, require_haproxy

from backpain.serving import inline_script_hashes, security_headers
from deploy.cluster import COOKIE, REPLICA_HEADER, start_cluster

pytestmark = pytest.mark.browser

# A dead replica must get no new browsers within about 2 to 3 s (checks every second, two failures, the second
# after 0.5 s: about 1.5 s when nothing else is busy).
DETECTION_LIMIT_S = 3.0
# Explore's four charts, drawn and shown (each also has a hidden form for the other screen width); as
# tests/test_browser.py waits for them, since a chart may still be drawing when the script has finished.
RENDERED = '[data-testid="stVegaLiteChart"] :is(svg.marks, canvas)'
WAIT_FOR_FOUR = f"() => [...document.querySelectorAll('{RENDERED}')].filter(c => c.checkVisibility()).length >= 4"


def open_on_a_cold_replica(w: Watched, url: str):
    """Watched.open with more time: each test's first page load is the replica's first visit (pandas, Altair and
    the data to load), and these tests run several servers at once on a machine that may be busy."""
    w.page.goto(url, timeout=120000)
    w.page.evaluate("window.__settledSince = null")
    w.page.wait_for_function(SETTLED, timeout=120000)
    w.page.wait_for_function(WAIT_FOR_FOUR, timeout=60000)
    return w.page


def fetch(url: str, path: str, cookie: str | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    host = urllib.parse.urlsplit(url).netloc
    connection = http.client.HTTPConnection(host, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def route_cookie(headers: http.client.HTTPMessage) -> str | None:
    """The value of the stickiness cookie HAProxy set on this response, if it set one."""
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith(f"{COOKIE}="):
            return value.split(";")[0].split("=", 1)[1]
    return None


@pytest.fixture(scope="module")
def cluster():
    require_haproxy()
    with start_cluster(replicas=2, port=free_port()) as started:
        yield started


@pytest.fixture(scope="module")
def paths(cluster):
    url, _ = cluster
    _, _, page = fetch(url, "/")
    script = re.search(rb'<script type="module"[^>]*src="\./(static/js/index\.[^"]+\.js)"', page).group(1).decode()
    return {
        "page": ("/", 200),
        "main script": ("/" + script, 200),
        "health": ("/_stcore/health", 200),
        # Streamlit answers unknown page paths with its page; an unknown media file is a real 404 from the app.
        "missing file": ("/media/no-such-file.png", 404),
        # Made by HAProxy itself: Streamlit's statistics are not public.
        "metrics, refused by the proxy": ("/_stcore/metrics", 404),
        # The proxy matches the path decoded, as the app routes it.
        "metrics, percent-encoded": ("/_stcore/%6detrics", 404),
    }


@pytest.mark.parametrize(
    "what", ["page", "main script", "health", "missing file", "metrics, refused by the proxy", "metrics, percent-encoded"]
)
def test_every_response_through_the_proxy_carries_the_security_headers_and_no_server_name(cluster, paths, what):
    url, _ = cluster
    path, status = paths[what]
    _, _, page = fetch(url, "/")
    expected = {h.name: h.value for h in security_headers(inline_script_hashes(page.decode()))}
    got_status, headers, _ = fetch(url, path)
    assert got_status == status
    for name, value in expected.items():
        # Once, with the value of backpain/serving.py: the proxy replaces the app's header, never adds a second.
        assert headers.get_all(name) == [value], name
    assert headers.get("Server") is None, headers.get("Server")
    assert not headers.get("X-Powered-By")


def test_a_browser_with_the_cookie_stays_on_its_replica(cluster):
    url, handle = cluster
    names = {r.name for r in handle.replicas}
    # Browsers without the cookie are spread over the replicas, and each is given the cookie of the one it met.
    first = []
    for _ in range(6):
        _, headers, _ = fetch(url, "/_stcore/health")
        assert route_cookie(headers) == headers[REPLICA_HEADER]
        first.append(headers[REPLICA_HEADER])
    assert set(first) == names, first
    # With the cookie, every request goes to that replica, and the cookie is not set again.
    for name in sorted(names):
        for path in ("/", "/_stcore/health", "/_stcore/host-config", "/compare", "/media/no-such-file.png") * 2:
            _, headers, _ = fetch(url, path, cookie=name)
            assert headers[REPLICA_HEADER] == name, (name, path)
            assert route_cookie(headers) is None, path


def test_a_browser_session_works_through_the_proxy_on_one_replica(cluster, browser):
    """Explore's charts draw (so the WebSocket was upgraded through HAProxy), a download is served from /media/,
    there is no console error or CSP violation, and every response came from the one replica the cookie names."""
    require_chromium()
    url, _ = cluster
    w = Watched(browser, 1280)
    replicas = []
    sockets = []
    w.page.on("response", lambda r: replicas.append(r.headers.get(REPLICA_HEADER.lower())) if r.url.startswith(url) else None)
    w.page.on("websocket", lambda ws: sockets.append(ws.url))
    page = open_on_a_cold_replica(w, f"{url}/")
    assert "Not medical advice" in page.inner_text("body")
    assert download_the_views_csv(page).endswith(".csv")
    w.settle()
    assert not w.errors, w.errors
    assert not w.outside, w.outside
    assert [s for s in sockets if s.endswith("/_stcore/stream")], sockets
    (cookie,) = [c["value"] for c in w.page.context.cookies() if c["name"] == COOKIE]
    assert set(replicas) == {cookie}, replicas
    w.page.context.close()


def test_a_stopped_replica_s_browsers_reach_another_and_haproxy_notices_a_dead_one_within_seconds(browser):
    require_haproxy()
    require_chromium()
    with start_cluster(replicas=3, port=free_port()) as (url, handle):
        # A browser settles on a replica...
        w = Watched(browser, 1280)
        open_on_a_cold_replica(w, f"{url}/")
        cookies = w.page.context.cookies()
        (first,) = [c["value"] for c in cookies if c["name"] == COOKIE]
        w.page.context.close()
        # ... which stops (as a rollout stops it). Before the health checks have noticed, a request naming it is
        # retried on another (redispatch) and the browser is given that one's cookie.
        index = [r.name for r in handle.replicas].index(first)
        handle.stop_replica(index)
        status, headers, _ = fetch(url, "/", cookie=first)
        assert status == 200
        assert headers[REPLICA_HEADER] != first and route_cookie(headers) == headers[REPLICA_HEADER]
        # The browser's next page load, with its old cookie, draws the page on a live replica.
        again = Watched(browser, 1280)
        again.page.context.add_cookies(cookies)
        open_on_a_cold_replica(again, f"{url}/")
        assert not again.errors, again.errors
        (second,) = [c["value"] for c in again.page.context.cookies() if c["name"] == COOKIE]
        assert second != first
        again.page.context.close()
        handle.wait_for_state(first, "DOWN", timeout=10)

        # A replica that dies without a word, with no traffic to reveal it: the health checks alone take it out.
        dead = next(i for i, r in enumerate(handle.replicas) if r.name not in (first, second))
        name = handle.replicas[dead].name
        assert handle.server_states()[name] == "UP"
        start = time.monotonic()
        handle.stop_replica(dead, hard=True)
        handle.wait_for_state(name, "DOWN", timeout=10)
        took = time.monotonic() - start
        print(f"HAProxy took {took:.2f} s to mark a killed replica DOWN")
        assert took < DETECTION_LIMIT_S, took
        # The last replica serves alone.
        assert fetch(url, "/", cookie=name)[1][REPLICA_HEADER] == second


def _pids(run_dir: Path) -> dict[str, int]:
    return {p.stem: int(p.read_text().split()[0]) for p in run_dir.glob("*.pid")}


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.parametrize("how", ["make cluster-stop", "Ctrl-C"])
def test_stopping_the_cluster_leaves_no_process_behind(tmp_path, how):
    """`make cluster` runs deploy/cluster.py in the foreground; it is started here the same way (without make, so
    no .venv is built), then stopped by `make cluster-stop` or by the SIGINT a terminal's Ctrl-C sends it."""
    require_haproxy()
    run_dir, port = tmp_path / "run", free_port()
    supervisor = subprocess.Popen(
        [sys.executable, "deploy/cluster.py", "run", "--replicas", "2", "--port", str(port), "--run-dir", str(run_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        lines = []
        for line in supervisor.stdout:
            lines.append(line)
            if "stops everything" in line:
                break
        else:
            pytest.fail("the cluster did not start:\n" + "".join(lines))
        pids = _pids(run_dir)
        assert set(pids) == {"supervisor", "haproxy", "r0", "r1"}, pids
        assert all(_running(pid) for pid in pids.values())
        assert fetch(f"http://127.0.0.1:{port}", "/_stcore/health")[2] == b"ok"

        if how == "Ctrl-C":
            supervisor.send_signal(signal.SIGINT)
        else:
            env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
            stopped = subprocess.run(
                ["make", "-s", "cluster-stop", f"CLUSTER_DIR={run_dir}"], cwd=ROOT, env=env,
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert stopped.returncode == 0, stopped.stderr
            assert "stopped: supervisor" in stopped.stdout, stopped.stdout
        assert supervisor.wait(timeout=60) == 0
        rest = supervisor.stdout.read()
        assert "stopping HAProxy and the replicas" in rest, rest
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in pids.values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [name for name, pid in pids.items() if _running(pid)]
    assert not list(run_dir.glob("*.pid"))
    with pytest.raises(OSError):
        fetch(f"http://127.0.0.1:{port}", "/_stcore/health")

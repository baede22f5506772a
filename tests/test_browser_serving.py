"""The served app, as `make run` serves it (serve.py): every response carries the security headers, text is
gzipped when the browser asks and only then, and no page breaks the content security policy.

The header checks speak HTTP to the server directly; the page checks run in headless Chromium.
"""

from __future__ import annotations

import gzip
import http.client
import re
import urllib.parse

import pytest
from browserkit import Watched, download_the_views_csv, require_chromium

from backpain.serving import inline_script_hashes, security_headers

pytestmark = pytest.mark.browser

PAGES = (
    "/",
    "/compare?compare=carisoprodol&compare=exercise_therapy&compare=nsaids_oral",
    "/priorities?w_dependence=very",
    "/claims",
    "/treatment?id=carisoprodol",
    "/about",
    "/?mode=present&slide=1",
)
# Streamlit answers every unknown page path with its page (the app routes in the browser); an unknown media
# file is a real 404.
MISSING = "/media/no-such-file.png"


def fetch(server: str, path: str, accept_gzip: bool) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Status, headers and the body exactly as sent (http.client never decompresses)."""
    host = urllib.parse.urlsplit(server).netloc
    connection = http.client.HTTPConnection(host, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"} if accept_gzip else {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def main_script(server: str) -> str:
    """The path of Streamlit's main script, as the page names it (its name carries a content hash)."""
    _, _, page = fetch(server, "/", accept_gzip=False)
    return "/" + re.search(rb'<script type="module"[^>]*src="\./(static/js/index\.[^"]+\.js)"', page).group(1).decode()


def expected_headers(server: str) -> dict[str, str]:
    """The headers, with the policy allowing the inline scripts of the page as served: what a browser checks."""
    _, _, page = fetch(server, "/", accept_gzip=False)
    return {h.name: h.value for h in security_headers(inline_script_hashes(page.decode()))}


@pytest.mark.parametrize("what", ["page", "main script", "health", "missing file"])
@pytest.mark.parametrize("accept_gzip", [True, False], ids=["gzip", "plain"])
def test_every_response_carries_the_security_headers_and_no_server_version(server, what, accept_gzip):
    path = {"page": "/", "main script": main_script(server), "health": "/_stcore/health", "missing file": MISSING}[what]
    status, headers, _ = fetch(server, path, accept_gzip)
    assert status == (404 if what == "missing file" else 200)
    for name, value in expected_headers(server).items():
        assert headers.get_all(name) == [value], name
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "'unsafe-eval'" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    # uvicorn names itself without a version; Streamlit's runner offers no way to drop the name as well.
    assert not re.search(r"\d", headers.get("Server", "")), headers.get("Server")
    assert not headers.get("X-Powered-By")


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/%6detrics", "/_stcore%2fmetrics", "//_stcore/./metrics"])
def test_the_counters_for_operators_are_refused_however_the_path_is_spelled(server, path):
    status, headers, body = fetch(server, path, accept_gzip=False)
    assert status == 404 and b"streamlit" not in body.lower(), (status, body[:200])
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("what", ["page", "main script"])
def test_text_is_gzipped_when_the_browser_asks_and_only_then(server, what):
    path = "/" if what == "page" else main_script(server)
    _, plain_headers, plain = fetch(server, path, accept_gzip=False)
    _, packed_headers, packed = fetch(server, path, accept_gzip=True)
    assert plain_headers.get("Content-Encoding") is None and int(plain_headers["Content-Length"]) == len(plain)
    assert packed_headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed) == plain
    # Caches must keep the two apart.
    assert "Accept-Encoding" in packed_headers["Vary"] and "Accept-Encoding" in plain_headers["Vary"]
    # Both are text: gzip at least halves them (the main script, ~480 KB, comes to about a third).
    assert len(packed) < len(plain) / 2


def test_no_page_breaks_the_policy_and_every_response_carries_it(server, browser):
    """Each page and a download, in Chromium: no CSP violation (the Watched page reports
    each one as a console error), and every response the browser received carried the headers, the WebSocket
    still works (the pages draw), and nothing was refused."""
    require_chromium()
    w = Watched(browser, 1280)
    responses = []
    w.page.on("response", lambda response: responses.append(response))
    for path in PAGES:
        document = w.page.goto(f"{server}{path}")
        w.settle()
        assert "frame-ancestors 'none'" in document.headers["content-security-policy"], path
        assert "Not medical advice" in w.page.inner_text("body"), path
        assert not w.errors, (path, w.errors)
    page = w.open(f"{server}/")
    assert download_the_views_csv(page).endswith(".csv")
    w.settle()
    assert not w.errors, w.errors
    ours = [r for r in responses if r.url.startswith(server)]
    kinds = {urllib.parse.urlsplit(r.url).path.split("/")[1] for r in ours}
    assert {"static", "_stcore", "media"} <= kinds, kinds
    bare = [
        r.url for r in ours if r.headers.get("x-content-type-options") != "nosniff" or "content-security-policy" not in r.headers
    ]
    assert not bare, bare

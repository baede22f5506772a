"""The security headers and the content security policy, as values (the served responses are checked in
test_browser_serving.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit
from streamlit.web.server.app_discovery import discover_asgi_app

from backpain.serving import CSP_DIRECTIVES, content_security_policy, inline_script_hashes, security_headers

ROOT = Path(__file__).resolve().parent.parent


def directives(policy: str) -> dict[str, list[str]]:
    parsed = [part.split() for part in policy.split(";")]
    return {words[0]: words[1:] for words in parsed}


def test_an_inline_script_is_allowed_by_the_hash_a_browser_computes():
    # The example from MDN's Content-Security-Policy script-src page, hashed as a browser hashes it.
    html = "<p>x</p><script>alert('Hello, world.');</script>"
    assert inline_script_hashes(html) == ("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='",)


def test_scripts_loaded_from_a_file_need_no_hash_and_whitespace_counts():
    html = '<script type="module" src="./static/js/index.js"></script>\n<script>\n  x = 1\n</script>'
    assert inline_script_hashes(html) == inline_script_hashes("<script>\n  x = 1\n</script>")
    assert inline_script_hashes(html) != inline_script_hashes("<script>x = 1</script>")


def test_streamlits_page_has_the_one_inline_script_the_policy_expects():
    page = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()
    assert len(inline_script_hashes(page)) == 1, "Streamlit's index.html changed: check the policy in a browser again"


def test_the_policy_runs_no_injected_code_and_loads_nothing_from_elsewhere():
    policy = directives(content_security_policy(("'sha256-abc='",)))
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'sha256-abc='"]
    every_source = [source for sources in policy.values() for source in sources]
    assert "'unsafe-eval'" not in every_source and "*" not in every_source
    assert not [s for s in every_source if s.startswith(("http", "ws")) or s in ("https:", "http:", "ws:", "wss:")]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_each_directive_appears_once_and_says_why():
    names = [d.name for d in CSP_DIRECTIVES]
    assert len(names) == len(set(names))
    assert all(d.sources and d.why for d in CSP_DIRECTIVES)


def test_the_headers_forbid_sniffing_framing_referrers_and_devices():
    headers = {h.name: h.value for h in security_headers()}
    assert headers["Content-Security-Policy"] == content_security_policy()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]


def test_streamlit_run_finds_the_app_in_the_entry_file():
    # `make run` and the browser tests start `streamlit run serve.py`; without an App there, Streamlit would run
    # serve.py as a page script and serve no headers at all.
    found = discover_asgi_app(ROOT / "serve.py")
    assert found.is_asgi_app and found.app_name == "app"


def test_the_readme_lists_each_header_and_directive():
    from readme import assert_readme_has

    rows = [f"| `{h.name}` | `{h.value}` | {h.why} |" for h in security_headers() if h.name != "Content-Security-Policy"]
    rows += [f"| `{d.name}` | `{' '.join(d.sources)}` | {d.why} |" for d in CSP_DIRECTIVES]
    assert_readme_has(rows, "## Serving: headers and compression")


def test_the_served_process_is_warmed_and_its_long_lived_objects_frozen_before_the_first_visit():
    # Streamlit collects garbage after every run; objects frozen at start-up are not walked again each time.
    import gc

    import serve
    from backpain import charts

    try:
        serve.warm_up()
        assert gc.get_freeze_count() > 10_000
        assert charts._template_spec.cache_info().currsize >= len(charts.EXPLORE_CHARTS) * 4
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    ("path", "refused"),
    [("/_stcore/metrics", True), ("/_stcore/%6detrics", True), ("/_stcore%2Fmetrics", True), ("//_stcore/./metrics", True),
     ("/_stcore/metrics/x", True), ("/_stcore/health", False), ("/_stcore/metricsx", False), ("/", False)],
)  # fmt: skip
def test_the_operators_paths_are_matched_as_the_app_routes_them(path, refused):
    from backpain.serving import OPERATOR_PATHS
    from serve import is_for_operators

    assert is_for_operators(path, OPERATOR_PATHS) is refused

"""The security headers every response carries, as plain values: the app's entry (``serve.py``) sends them, and
a reverse proxy in front of it can be written from the same values.

One record per header and per Content-Security-Policy directive, each with why it is there, so the README's
table is checked against this module rather than copied from it. Nothing here knows about a web framework.

The policy allows only what the app was seen to need in headless Chromium on every page, with downloads (the
browser tests report every CSP violation as an error, and fail on it):
- Streamlit's own scripts, from this server, and the one inline script of its ``index.html``, allowed by its
  hash rather than by ``'unsafe-inline'``;
- no ``'unsafe-eval'``: Streamlit draws Vega-Lite charts with Vega's expression interpreter (``ast: true``),
  which needs no ``eval`` or ``new Function``. ``'wasm-unsafe-eval'`` lets the protobuf reader's 64-bit
  integer helper compile its small WebAssembly module; it allows no JavaScript eval;
- inline styles, because Streamlit's styling libraries write ``<style>`` elements at run time;
- fonts from ``data:`` URLs, because Streamlit's CSS inlines its smallest KaTeX font;
- the WebSocket to this same server (``'self'`` covers ``ws:`` and ``wss:`` to the same host in CSP Level 3).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Directive:
    """One Content-Security-Policy directive: the sources it allows, and why each is needed."""

    name: str
    sources: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Header:
    name: str
    value: str
    why: str


# The hashes of Streamlit's inline scripts are added to script-src when the policy is built (see
# content_security_policy), since they change with Streamlit's version.
CSP_DIRECTIVES: tuple[Directive, ...] = (
    Directive("default-src", ("'self'",), "anything not named below may come from this server only"),
    Directive(
        "script-src",
        ("'self'", "'wasm-unsafe-eval'"),
        "Streamlit's scripts from this server, and its one inline script by hash; WebAssembly, which the "
        "protobuf reader's 64-bit integer helper compiles (this allows no JavaScript eval); no 'unsafe-eval', "
        "since Vega's expression interpreter draws the charts",
    ),
    Directive(
        "style-src",
        ("'self'", "'unsafe-inline'"),
        "Streamlit's styling libraries, React and st.html write style elements at run time; injected CSS could restyle the page but load nothing from elsewhere",
    ),
    Directive("img-src", ("'self'",), "the page icon; the charts are drawn as SVG, so no data: or blob: images"),
    Directive("font-src", ("'self'", "data:"), "Streamlit's fonts: most are files here, small ones are inlined in its CSS"),
    Directive("connect-src", ("'self'",), "the app's WebSocket and health checks, to this server only"),
    Directive("object-src", ("'none'",), "no plug-ins"),
    Directive("base-uri", ("'none'",), "no base element can redirect the page's relative links"),
    Directive("form-action", ("'none'",), "the app posts no HTML forms (widgets talk over the WebSocket)"),
    Directive("frame-ancestors", ("'none'",), "no other site can frame the page (clickjacking)"),
)

# Streamlit's routes for operators, not the public: cache and session counters. serve.py answers 404 for them, and
# so does the HAProxy in front of the cluster.
OPERATOR_PATHS = ("/_stcore/metrics",)

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def inline_script_hashes(html: str) -> tuple[str, ...]:
    """The CSP source (``'sha256-…'``) of each inline script in ``html``, so exactly those may run."""
    return tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    )


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    """The policy as one header value, with the given inline-script hashes added to script-src."""
    extra = {"script-src": tuple(script_hashes)}
    return "; ".join(" ".join((d.name, *d.sources, *extra.get(d.name, ()))) for d in CSP_DIRECTIVES)


def security_headers(script_hashes: Iterable[str] = ()) -> tuple[Header, ...]:
    """Every header each response carries, the policy first."""
    return (
        Header(
            "Content-Security-Policy",
            content_security_policy(script_hashes),
            "what the page may load and run; a script injected into it could not run or send data away",
        ),
        Header("X-Content-Type-Options", "nosniff", "a file is only ever run as the type the server named"),
        Header("X-Frame-Options", "DENY", "frame-ancestors for browsers that predate CSP 2"),
        Header("Referrer-Policy", "no-referrer", "a link to a source does not tell it which page or view the reader had open"),
        Header(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
            "the page asks for no device or sensor, and nothing in it can",
        ),
    )

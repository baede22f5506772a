"""The app as served: Streamlit's ASGI entry point (st.App) around app.py, with the security headers and gzip.

Run it as Streamlit runs any script, so every ``--server.*`` flag and ``.streamlit/config.toml`` still apply:
``streamlit run serve.py --server.port 8501`` (``make run`` does this). Streamlit finds the ``app`` below and
serves it with uvicorn.
"""

import gc
import logging
import posixpath
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import unquote

import streamlit as st
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backpain.serving import OPERATOR_PATHS, inline_script_hashes, security_headers

# The page Streamlit serves for every path; the policy allows exactly the inline scripts it holds.
STREAMLIT_PAGE = Path(st.__file__).parent / "static" / "index.html"
# Smaller bodies gain less than the header costs; the level is gzip's usual balance of size and CPU.
GZIP_MINIMUM_BYTES = 1000
GZIP_LEVEL = 6


class SecurityHeaders:
    """Sets each header on every HTTP response, whatever route or error made it (a pure ASGI middleware, so
    streamed files and the WebSocket pass through untouched)."""

    def __init__(self, app: ASGIApp, headers: tuple[tuple[str, str], ...]):
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent = MutableHeaders(scope=message)
                for name, value in self.headers:
                    sent[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


class NotForThePublic:
    """Answers 404 for Streamlit's routes that are for operators (``/_stcore/metrics``: cache and session
    counters), whatever proxy is in front. It matches the path as the app routes it: percent-decoded and with
    ``.`` and repeated slashes folded, so ``/_stcore/%6detrics`` is refused too."""

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...]):
        self.app = app
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_for_operators(scope["path"], self.prefixes):
            await PlainTextResponse("Not found", status_code=404)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def is_for_operators(path: str, prefixes: tuple[str, ...]) -> bool:
    folded = posixpath.normpath("/" + unquote(path).lstrip("/"))
    return any(folded == prefix or folded.startswith(prefix + "/") for prefix in prefixes)


def middleware() -> list[Middleware]:
    headers = tuple((h.name, h.value) for h in security_headers(inline_script_hashes(STREAMLIT_PAGE.read_text())))
    return [
        # Outermost, so a response compressed below, or an error answered below, still gets the headers.
        Middleware(SecurityHeaders, headers=headers),
        Middleware(NotForThePublic, prefixes=OPERATOR_PATHS),
        # Streamlit leaves its page and its static scripts uncompressed, expecting a proxy to compress them;
        # without one, a phone would download the ~480 KB main script as it is. Responses that Streamlit
        # already compressed, partial (206) responses, images and the WebSocket pass through.
        Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL),
    ]


def warm_up() -> None:
    """Ready the process before the first visit, and make Streamlit's collection after each run cheap.

    Streamlit runs a full garbage collection after every script run (``runner.postScriptGC``). It walks every
    object the process holds: the imported libraries, the dataset and the chart templates, about 180,000
    objects and 120 ms of CPU per run, more than the run itself. They live as long as the process, so once
    they are loaded (the modules the app imports, the data, the templates), they are moved to the collector's
    permanent generation (``gc.freeze``); the collection after each run then walks only what runs made.
    """
    try:
        import views.present  # noqa: F401 - imports every module the pages use
        from components import cached

        cached.warm_up()
    except Exception:  # noqa: BLE001 - a page that fails says so on its own; the server must start
        logging.getLogger("backpain.app").exception("Warming up before the first visit failed")
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def lifespan(_app):
    warm_up()
    yield


app = st.App("app.py", middleware=middleware(), lifespan=lifespan)

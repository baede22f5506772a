"""What the browser tests share: Debian's Chromium, a server on a free port, and a page that records problems."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
# HAProxy for the cluster tests (tests/test_cluster.py); Debian installs it in /usr/sbin, often not on a user's PATH.
HAPROXY = shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).exists()), None)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    """Skip the calling module outside CI when Chromium is missing; in CI, fail."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI is set but Debian's chromium is not installed: browser tests cannot run")
        pytest.skip("Debian's chromium is not installed; browser tests skipped outside CI", allow_module_level=True)


def require_haproxy() -> None:
    """Skip the calling test outside CI when HAProxy is missing; in CI (which installs it), fail."""
    if HAPROXY is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI is set but Debian's haproxy is not installed: the cluster tests cannot run")
        pytest.skip(
            "HAProxy is not installed (apt-get install haproxy); cluster tests skipped outside CI", allow_module_level=True
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path | None = None, entry: str = "serve.py", port: int | None = None):
    """A server on a free port, started as `make run` starts it: through serve.py, so every browser test runs
    under the security headers and the content security policy. `entry="app.py"` is plain Streamlit; any other
    path is run as given. `port` starts it on that port instead (a restart on the port a browser knows)."""
    port = port or free_port()
    env = dict(os.environ)
    if data_dir:
        env["BACKPAIN_DATA_DIR"] = str(data_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / entry), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


# True once the script is idle and each chart holds its SVG or canvas, and has stayed so for 150 ms: a rerun
# that starts right after a click resets the clock, so no fixed sleep is needed.
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
  // Each chart's form for the other screen width is hidden, and need not draw.
  const drawn = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(c => c.offsetParent).every(c => c.querySelector('svg, canvas'));
  if (!idle || !drawn) { window.__settledSince = null; return false; }
  window.__settledSince = window.__settledSince || performance.now();
  return performance.now() - window.__settledSince > 150;
}"""


# Chromium logs most content-security-policy violations as console errors, but not all (a refused WebAssembly
# compile is silent), so every violation is reported as one, naming the directive and what it refused.
REPORT_CSP_VIOLATIONS = """document.addEventListener('securitypolicyviolation', e => console.error(
  `CSP violation: ${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`))"""


class Problems:
    """What goes wrong on a page: console errors, content-security-policy violations (with the init script
    REPORT_CSP_VIOLATIONS), uncaught exceptions, HTTP errors, and every request that leaves the machine. It only
    listens, so it serves a page of Playwright's sync API and of its async API alike."""

    def __init__(self):
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.probe_404s = 0

    def attach(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)
        page.on("response", self._response)

    def _response(self, response):
        # On a deep link such as /about, Streamlit's frontend first probes /about/_stcore/health and
        # /about/_stcore/host-config, gets 404, then uses the root. That is Streamlit's, not an error of ours.
        if response.status == 404 and "/_stcore/" in response.url:
            self.probe_404s += 1
        elif response.status >= 400:
            self.errors.append(f"{response.status} {response.url}")

    def _console(self, message):
        if message.type != "error":
            return
        if "status of 404" in message.text and self.probe_404s:
            self.probe_404s -= 1
            return
        self.errors.append(message.text)

    def _request(self, request):
        if not request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            self.outside.append(request.url)


class Watched(Problems):
    """A page that records console errors, content-security-policy violations and every request that leaves the
    machine."""

    def __init__(self, browser, width: int, height: int = 2400):
        super().__init__()
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.add_init_script(REPORT_CSP_VIOLATIONS)
        self.attach(self.page)

    def open(self, url: str):
        self.page.goto(url)
        self.settle()
        return self.page

    def settle(self):
        """Wait until the script has finished and every chart has drawn, and that has held for a moment."""
        self.page.evaluate("window.__settledSince = null")
        self.page.wait_for_function(SETTLED, timeout=60000)


def download_the_views_csv(page) -> str:
    """Open "Download the data" and download this view's CSV, as a person would; the file's suggested name."""
    page.get_by_text("Download the data (CSV, JSON, Data Package)").click()
    with page.expect_download(timeout=60000) as download:
        page.locator(".st-key-dl_view_csv button").click()
    return download.value.suggested_filename

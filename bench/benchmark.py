"""Speed and memory, measured against a bare Streamlit page in the same run (machines here are noisy).

Prints: dataset parse time, filter + frame + chart-spec time for one rerun's core work,
AppTest first-load and rerun times for the real Explore page next to a bare one-line page, the
bytes a phone downloads on a first visit, served as plain Streamlit and through serve.py (gzip), and the
server's CPU-seconds for one scripted visit in a real browser, next to a bare page's for the same number of runs.
Run with `make bench` (`python bench/benchmark.py visit` for the last figure alone). Figures are printed,
never asserted.
"""

from __future__ import annotations

import os
import socket
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from backpain import charts  # noqa: E402
from backpain.load import load_dataset  # noqa: E402
from backpain.query import Filters, filter_treatments, overview_frame  # noqa: E402
from backpain.schema import DependenceLevel, Indication  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def show(label: str, ms: list[float]) -> None:
    print(f"{label:<46} median {statistics.median(ms):8.1f} ms   min {min(ms):8.1f} ms   (n={len(ms)})")


def bare_page() -> None:
    import streamlit as st

    st.write("hello")


def first_visit_bytes(entry: str) -> tuple[int, int, int]:
    """What a phone (390 px, empty cache) downloads to open / until the page has drawn: HTTP responses as sent
    (headers and bodies, compressed or not), how many there were, and the WebSocket messages' payload."""
    from browserkit import ARGS, CHROMIUM, SETTLED, start_server
    from playwright.sync_api import sync_playwright

    proc, url = start_server(entry=entry)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 390, "height": 844})
            finished, frames = [], []
            page.on("requestfinished", lambda request: finished.append(request))
            page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(len(payload))))
            page.goto(url)
            page.wait_for_function(SETTLED, timeout=120000)
            sizes = [request.sizes() for request in finished]
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes), len(sizes), sum(frames)


def show_first_visit() -> None:
    # The browser tests' harness starts the server and knows where Chromium is.
    sys.path.insert(0, str(ROOT / "tests"))
    from browserkit import CHROMIUM

    if CHROMIUM is None:
        print("first visit bytes: skipped, Debian's chromium is not installed")
        return
    for label, entry in (("plain `streamlit run app.py`", "app.py"), ("serve.py (gzip when asked)", "serve.py")):
        http_bytes, count, ws_bytes = first_visit_bytes(entry)
        print(
            f"first visit to / on a phone, {label:<30} {http_bytes / 1024:8.0f} KiB over HTTP "
            f"({count} responses) + {ws_bytes / 1024:.0f} KiB over the WebSocket"
        )


# --- server CPU per visit ---------------------------------------------------------------------------

# The bare page: a widget and a small chart, served through the same ASGI wrapper as the app (serve.py's
# middleware), so the two servers differ only in the script they run.
BARE_PAGE = """
import pandas as pd
import streamlit as st

choice = st.selectbox("Pick one", ["a", "b", "c"])
st.vega_lite_chart(
    pd.DataFrame({"x": ["a", "b", "c"], "y": [3, 1, 2]}),
    {"mark": "bar", "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}}},
    width="stretch",
)
st.write(st.query_params.get("p", "first"), choice)
"""
BARE_ENTRY = """
import sys

sys.path.insert(0, {root!r})
import streamlit as st
from serve import middleware

app = st.App({page!r}, middleware=middleware())
"""
# Counts the script's runs as the browser sees them: each time the app's state turns to "running".
COUNT_RUNS = """window.__runs = 0;
new MutationObserver(changes => { for (const c of changes) {
  if (c.target.getAttribute('data-test-script-state') === 'running' && c.oldValue !== 'running') window.__runs++;
} }).observe(document, {subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});"""
VISIBLE_CHARTS = "[data-testid=stVegaLiteChart] svg.marks"
COMPARED = "compare=carisoprodol&compare=exercise_therapy&compare=nsaids_oral"
VISITS = int(os.environ.get("BENCH_VISITS", "5"))  # measured, after one warm-up visit, in each of two rounds


def bench_port() -> int:
    """A free port in 8900-8999 (the range this machine gives benchmarks)."""
    for port in range(8900, 9000):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8900-8999")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc (fields 14 and 15 of its stat line, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve(entry: Path):
    """``entry`` served as the browser tests serve it, on a port in the benchmarks' range."""
    from browserkit import start_server

    return start_server(entry=str(entry), port=bench_port())


def app_visit(page, url: str) -> int:
    """Explore, a filter change (another kind of back pain), then Compare with three options. Returns the runs."""
    from browserkit import SETTLED

    runs = 0

    def settle(charts: int) -> None:
        page.evaluate("window.__settledSince = null")
        page.wait_for_function(SETTLED, timeout=120000)
        page.wait_for_function(
            f"() => [...document.querySelectorAll('{VISIBLE_CHARTS}')].filter(c => c.checkVisibility()).length >= {charts}",
            timeout=120000,
        )

    page.goto(f"{url}/")
    settle(4)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="My back pain is").click()
    page.get_by_role("option").filter(has_text="Long-lasting").click()
    page.wait_for_function("() => location.search.includes('indication=chronic')", timeout=120000)
    settle(4)
    runs += page.evaluate("window.__runs")
    page.goto(f"{url}/compare?indication=chronic&{COMPARED}")
    settle(1)
    return runs + page.evaluate("window.__runs")


def bare_visit(page, url: str) -> int:
    """The same steps on the bare page: open it, change its widget, open it again with another address."""
    from browserkit import SETTLED

    def settle() -> None:
        page.evaluate("window.__settledSince = null")
        page.wait_for_function(SETTLED, timeout=120000)
        page.wait_for_function(f"() => document.querySelector('{VISIBLE_CHARTS}') !== null", timeout=120000)

    page.goto(f"{url}/")
    settle()
    page.locator('[data-testid="stSelectbox"]').click()
    page.get_by_role("option").filter(has_text="b").click()
    page.wait_for_function("() => document.body.innerText.includes('first b')", timeout=120000)
    settle()
    runs = page.evaluate("window.__runs")
    page.goto(f"{url}/?p=second")
    page.wait_for_function("() => document.body.innerText.includes('second a')", timeout=120000)
    settle()
    return runs + page.evaluate("window.__runs")


def visit_cpu(entry: Path, visit, browser) -> tuple[list[float], list[int]]:
    """The server's CPU-seconds for each of VISITS visits (after a warm-up visit), and the runs each made."""
    proc, url = serve(entry)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.add_init_script(COUNT_RUNS)
        page = context.new_page()
        visit(page, url)  # warm-up: imports, the dataset, the browser's cache of static files
        cpu, runs = [], []
        for _ in range(VISITS):
            before = cpu_seconds(proc.pid)
            runs.append(visit(page, url))
            page.goto("about:blank")  # the session ends, as when a person closes the tab
            time.sleep(0.5)  # the server's last frames and the session's clean-up count to the visit
            cpu.append(cpu_seconds(proc.pid) - before)
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return cpu, runs


def show_visit_cpu() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from browserkit import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        print("server CPU per visit: skipped, Debian's chromium is not installed")
        return
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        bare = Path(folder) / "bare_page.py"
        bare.write_text(BARE_PAGE)
        bare_entry = Path(folder) / "bare_serve.py"
        bare_entry.write_text(BARE_ENTRY.format(root=str(ROOT), page=str(bare)))
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # Taken in turns, so the machine's noise falls on both alike.
        app_cpu, bare_cpu, app_runs, bare_runs = [], [], [], []
        for _ in range(2):
            cpu, runs = visit_cpu(ROOT / "serve.py", app_visit, browser)
            app_cpu += cpu
            app_runs += runs
            cpu, runs = visit_cpu(bare_entry, bare_visit, browser)
            bare_cpu += cpu
            bare_runs += runs
        browser.close()
    app, plain = statistics.median(app_cpu), statistics.median(bare_cpu)
    print(f"server CPU per visit, app (serve.py)      median {app:6.3f} s   min {min(app_cpu):6.3f} s   "
          f"(n={len(app_cpu)}, script runs per visit {sorted(set(app_runs))})")  # fmt: skip
    print(f"server CPU per visit, bare Streamlit page median {plain:6.3f} s   min {min(bare_cpu):6.3f} s   "
          f"(n={len(bare_cpu)}, script runs per visit {sorted(set(bare_runs))})")  # fmt: skip
    print(f"server CPU per visit, app / bare page: {app / plain:.1f}x")


def main() -> None:
    if sys.argv[1:] == ["visit"]:
        show_visit_cpu()
        return
    tracemalloc.start()
    dataset = load_dataset(ROOT / "data")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"dataset: {len(dataset.treatments)} treatments, {len(dataset.sources)} sources; parse peak memory {peak / 1e6:.1f} MB")
    show("parse + validate data/ (cold, per process)", timed(lambda: load_dataset(ROOT / "data"), 5))

    f = Filters(indication=Indication.chronic, max_dependence=DependenceLevel.moderate)
    frame = overview_frame(filter_treatments(dataset.treatments, f), f.indication)

    def app_specs() -> None:
        # What a filter change costs in the app: filtering, then four specs from cached templates.
        rows = overview_frame(filter_treatments(dataset.treatments, f), f.indication)
        for name in charts.EXPLORE_CHARTS:
            charts.explore_spec(name, rows, "chronic")

    def altair_charts() -> None:
        for build in (charts.evidence_dependence_map, charts.onset_timeline, charts.effect_forest, charts.guideline_matrix):
            build(frame, "chronic").to_dict(validate=False)

    show("filter change core work: 4 specs from templates", timed(app_specs, 20))
    show("the same 4 charts as Altair objects, to_dict", timed(altair_charts, 20))

    from backpain import slides
    from backpain.summary_pdf import summary_pdf

    four = ["strong_opioids", "carisoprodol", "multidisciplinary_rehabilitation", "nsaids_oral"]
    pdf = summary_pdf(dataset, four, Indication.acute, clinician=True, permalink="https://example.org/compare")
    print(f"summary PDF: {len(pdf) / 1024:.1f} KiB for 4 options, 1 page")
    show("summary PDF generation (4 options, clinician)", timed(
        lambda: summary_pdf(dataset, four, Indication.acute, clinician=True, permalink="https://example.org/compare"), 5
    ))  # fmt: skip
    slide = slides.slide_spec(charts.explore_spec("map", overview_frame(dataset.treatments, Indication.acute), "acute"))
    show("chart export: map PNG 1920x1080 (vl-convert)", timed(lambda: slides.export_png(slide), 5))
    show("chart export: map SVG 1920x1080 (vl-convert)", timed(lambda: slides.export_svg(slide), 5))

    # What a repeated click costs: the app keeps generated files per view (components/cached.py), in
    # caches that a browser's "clear caches" request does not reach.
    import streamlit as st

    from components import cached

    def click_pdf() -> None:
        cached.summary(four, Indication.acute, clinician=True, link="https://example.org/compare", priorities=None)

    def clear_caches_then_load_data() -> None:
        st.cache_data.clear()
        st.cache_resource.clear()
        cached.dataset()

    show("download PDF: first click (builds the file)", timed(click_pdf, 1))
    show("download PDF: same view again (cached)", timed(click_pdf, 20))
    show("download PNG: first click (builds the file)", timed(lambda: cached.slide_png(slide, "footer"), 1))
    show("download PNG: same view again (cached)", timed(lambda: cached.slide_png(slide, "footer"), 20))
    cached.dataset()
    show("clear-caches request, then the data (kept)", timed(clear_caches_then_load_data, 20))

    for label, make in (
        ("bare page", lambda: AppTest.from_function(bare_page, default_timeout=60)),
        ("Explore page", lambda: AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)),
    ):
        firsts, reruns = [], []
        for _ in range(3):
            at = make()
            start = time.perf_counter()
            at.run()
            firsts.append((time.perf_counter() - start) * 1000)
            for _ in range(5):
                start = time.perf_counter()
                at.run()
                reruns.append((time.perf_counter() - start) * 1000)
        show(f"AppTest first load: {label}", firsts)
        show(f"AppTest rerun, nothing changed: {label}", reruns)

    # A filter change, as a person makes it: a new widget value, then the rerun it causes.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    states = [(i, d) for i in ("acute", "chronic", "sciatica") for d in ("none", "low", "moderate", "high")]
    changes = []
    for _ in range(2):
        for indication, dependence in states:
            at.selectbox(key="w_indication").set_value(indication)
            at.selectbox(key="w_max_dependence").set_value(dependence)
            start = time.perf_counter()
            at.run()
            changes.append((time.perf_counter() - start) * 1000)
    show("AppTest rerun after a filter change: Explore", changes)
    show_first_visit()
    show_visit_cpu()


if __name__ == "__main__":
    main()

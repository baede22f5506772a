"""Speed and memory, measured against a bare Streamlit page in the same run (machines here are noisy).

Prints: dataset parse time, filter + frame + chart-spec time for one rerun's core work,
AppTest first-load and rerun times for the real Explore page next to a bare one-line page, and the
bytes a phone downloads on a first visit, served as plain Streamlit and through serve.py (gzip).
Run with `make bench`. Figures are printed, never asserted.
"""

from __future__ import annotations

import statistics
import sys
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


def main() -> None:
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


if __name__ == "__main__":
    main()

"""Speed and memory, measured against a bare Streamlit page in the same run (machines here are noisy).

Prints: dataset parse time, filter + frame + chart-spec time for one rerun's core work, and
AppTest first-load and rerun times for the real Explore page next to a bare one-line page.
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


if __name__ == "__main__":
    main()

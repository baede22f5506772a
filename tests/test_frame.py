"""The frame every page shares: safety text that needs no data, a safe failure page, caches a client cannot drop."""

from __future__ import annotations

import logging

import pytest
import streamlit as st
from appkit import APP, PAGES
from streamlit.testing.v1 import AppTest

from backpain import safety
from backpain.schema import Indication
from components import cached


def test_red_flag_sources_match_the_data(dataset):
    for source_id, (citation, link) in safety.SOURCE_LINKS.items():
        source = dataset.source(source_id)
        assert source is not None, source_id
        assert (source.citation, source.link) == (citation, link)
    assert set(safety.RED_FLAGS_SOURCES) == set(safety.SOURCE_LINKS)


@pytest.mark.parametrize("params", [{}, {"mode": "present", "slide": "3"}], ids=["page", "slides"])
@pytest.mark.parametrize("page", PAGES)
def test_broken_data_shows_the_red_flags_and_a_plain_message(page, params, fixture_copy, monkeypatch, caplog):
    (fixture_copy / "treatments.yaml").write_text("treatments: [\n  - id: x\n    name: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("BACKPAIN_DATA_DIR", str(fixture_copy))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page != PAGES[0]:
        at.switch_page(page)
    with caplog.at_level(logging.ERROR, logger="backpain.app"):
        at.run()
    assert not at.exception
    shown = "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error])
    assert "Not medical advice" in shown
    # Without data a slide has nothing to make room for, so the full red flags show in both modes.
    assert "go to an emergency department now" in shown and "See a doctor soon" in shown
    assert f"**{safety.NOT_MEDICAL_ADVICE}** **Go to an emergency" not in shown  # ...and the slide's caption line is replaced
    assert safety.RED_FLAGS_NOW[0] in shown
    assert [e.value for e in at.error] == [safety.DATA_UNAVAILABLE]
    # Curator details go to the log (and `make validate`), not to the public page.
    assert "treatments.yaml" not in shown and "YAML" not in shown
    assert any("treatments.yaml" in r.getMessage() for r in caplog.records)


@pytest.mark.slow
def test_a_clear_cache_request_does_not_drop_the_dataset_or_the_files(monkeypatch, tmp_path):
    data = cached.dataset()
    pdf = cached.summary(["nsaids_oral", "exercise_therapy"], Indication.acute, clinician=False, link="?", priorities=None)
    loads, builds = cached._load.cache_info().misses, cached._summary.cache_info().misses
    # What Streamlit does for every user when any browser sends "clear caches".
    st.cache_data.clear()
    st.cache_resource.clear()
    assert cached.dataset() is data
    again = cached.summary(["nsaids_oral", "exercise_therapy"], Indication.acute, clinician=False, link="?", priorities=None)
    assert again is pdf
    assert cached._load.cache_info().misses == loads and cached._summary.cache_info().misses == builds


def test_each_generated_file_is_built_once_per_view():
    before = cached._table.cache_info()
    first = cached.table_csv(["tramadol", "nsaids_oral"])
    second = cached.table_csv(["nsaids_oral", "tramadol"])  # the same view, ticked in another order
    after = cached._table.cache_info()
    assert first is second
    assert after.hits >= before.hits + 1 and after.misses <= before.misses + 1
    assert cached.table_csv(["tramadol"]) != first


@pytest.mark.slow
def test_each_generated_file_has_the_right_form(tmp_path):
    import json

    from backpain import charts
    from backpain.query import overview_frame
    from backpain.slides import slide_spec

    frame = overview_frame(cached.dataset().treatments, Indication.acute)
    spec = slide_spec(charts.explore_spec("map", frame, "recent pain", True))
    footer = "Back Pain Options · <data> & licence · Not medical advice"
    png, svg = cached.slide_png(spec, footer), cached.slide_svg(spec, footer)
    assert png.startswith(b"\x89PNG") and svg.lstrip().startswith("<svg")
    # The footer is below the slide: a taller image, ink in the strip, and the words escaped in the SVG.
    from io import BytesIO

    from PIL import Image

    from backpain.slides import FOOTER_PX, export_png

    image, bare = Image.open(BytesIO(png)), Image.open(BytesIO(export_png(spec)))
    assert image.height == bare.height + FOOTER_PX
    strip = image.crop((0, bare.height, image.width, image.height)).convert("L")
    assert strip.getextrema()[0] < 128
    assert "Back Pain Options · &lt;data&gt; &amp; licence · Not medical advice</text>" in svg
    assert {row["id"] for row in json.loads(cached.table_json(["tramadol"]))} == {"tramadol"}
    assert json.loads(cached.package_json())["resources"][0]["name"]


def _texts(block) -> list[str]:
    return [m.value for m in block.markdown] + [c.value for c in block.caption]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_with_the_urgent_signs_in_one_line_and_the_full_list_a_tap_away(page):
    from appkit import run

    at = run(page=page)
    top = "\n".join(_texts(at))
    assert safety.RED_FLAGS_NOW_IN_ONE_LINE in top and "Not medical advice" in top
    warning_signs = next(e for e in at.expander if e.label.startswith("All warning signs"))
    inside = "\n".join(_texts(warning_signs))
    assert all(sign in inside for sign in safety.RED_FLAGS_NOW + safety.RED_FLAGS_SOON)
    assert "Sources:" in inside


@pytest.mark.parametrize("page", PAGES)
def test_every_page_keeps_the_urgent_line_in_a_bar_fixed_at_the_bottom_of_the_screen(page):
    from appkit import run

    from components.layout import PAGE_CSS, URGENT_LINE

    at = run(page=page)
    # Once in the box at the top, once in the bar that PAGE_CSS fixes to the bottom of the screen.
    assert [m.value for m in at.markdown].count(URGENT_LINE) == 2
    assert ".st-key-urgent_bar { position: fixed !important;" in PAGE_CSS and "bottom: 0;" in PAGE_CSS


def test_a_slide_keeps_its_own_urgent_line_and_no_bar():
    from appkit import run

    from components.layout import URGENT_LINE

    at = run({"mode": "present", "slide": "1"})
    assert URGENT_LINE not in [m.value for m in at.markdown]
    assert any(safety.RED_FLAGS_NOW_IN_ONE_LINE in c.value for c in at.caption)


@pytest.mark.parametrize("indication", list(Indication))
def test_explore_starts_with_what_the_nhs_and_nice_say_first_for_the_chosen_kind_of_back_pain(indication):
    from appkit import run

    from backpain.start_here import START_HERE

    at = run({"indication": indication.value})
    start = START_HERE[indication]
    assert any(start.outlook.text in text for text in _texts(at))
    steps = next(e for e in at.expander if e.label == "First steps, and when to get help")
    inside = "\n".join(_texts(steps))
    assert all(line.text in inside for line in start.first_steps) and start.get_help.text in inside
    others = [s.outlook.text for i, s in START_HERE.items() if i is not indication]
    assert not any(o in text for o in others for text in _texts(at))


def test_the_page_links_keep_the_view():
    from appkit import run

    at = run({"indication": "chronic", "q": "soma"})
    links = [e for e in at.get("page_link")]
    assert [link.proto.label for link in links][:6] == [
        "Explore", "Compare", "What matters to me", "Claims and evidence", "Treatment", "About the evidence",
    ]  # fmt: skip
    assert all("indication=chronic" in link.proto.query_string and "q=soma" in link.proto.query_string for link in links[:6])


def _two_charts(name: str, ids: list, phone: bool) -> None:
    import streamlit as st

    from backpain.schema import Indication
    from components import cached

    st.vega_lite_chart(cached.explore_spec(name, ids, Indication.chronic, False, phone), width="stretch")
    st.vega_lite_chart(cached.drawn_spec(name, ids, Indication.chronic, False, phone), width="stretch")


@pytest.mark.parametrize("phone", [False, True], ids=["wide", "phone"])
@pytest.mark.parametrize("name", ["map", "onset", "effect", "guidelines"])
def test_a_chart_with_its_data_kept_as_arrow_is_sent_byte_for_byte_as_before(name, phone, dataset):
    # The app hands Streamlit each chart's datasets already as Arrow bytes (kept per view); the browser must get
    # exactly what Streamlit would have made of the rows.
    ids = [t.id for t in dataset.treatments]
    at = AppTest.from_function(_two_charts, args=(name, ids, phone), default_timeout=60).run()
    plain, kept = (chart.proto for chart in at.get("vega_lite_chart"))
    assert plain.datasets and kept.spec == plain.spec
    assert [(d.name, d.data.data) for d in kept.datasets] == [(d.name, d.data.data) for d in plain.datasets]


def test_the_overview_and_the_rows_each_chart_draws_are_kept_per_view(dataset):
    ids = [t.id for t in dataset.treatments][:10]
    frame = cached.overview(ids, Indication.acute)
    assert cached.overview(list(ids), Indication.acute) is frame and list(frame["id"]) == ids
    drawn, not_drawn, words = cached.chart_rows("onset", ids, Indication.acute)
    assert set(drawn) | {i for i, n in zip(frame["id"], frame["name"], strict=True) if n in not_drawn} == set(ids)
    assert cached.chart_rows("onset", ids, Indication.acute) == (drawn, not_drawn, words)

"""Presentation mode: slide specs with legible type, offline PNG/SVG export at slide size."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from backpain import charts, slides
from backpain.query import overview_frame
from backpain.schema import Indication
from backpain.view import ViewState, parse_params, to_params


@pytest.mark.parametrize("key", slides.CHART_SLIDES)
def test_slide_specs_have_no_text_under_24px(dataset, key):
    frame = overview_frame(dataset.treatments, Indication.chronic)
    big = slides.slide_spec(charts.explore_spec(key, frame, "chronic"), rows=len(frame))
    assert slides.smallest_font(big) >= slides.MIN_FONT_PX
    assert big["width"] == 1920 and big["height"] >= 1080


@pytest.mark.slow
def test_map_exports_at_exactly_slide_size(dataset):
    frame = overview_frame(dataset.treatments, Indication.acute)
    big = slides.slide_spec(charts.explore_spec("map", frame, "acute"))
    png = slides.export_png(big)
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    svg = slides.export_svg(big)
    assert svg.startswith("<svg") and 'width="1920"' in svg


def test_slide_spec_does_not_change_the_dashboard_spec(dataset):
    spec = charts.explore_spec("onset", overview_frame(dataset.treatments, Indication.acute), "acute")
    before = repr(spec)
    slides.slide_spec(spec, rows=10)
    assert repr(spec) == before


def test_slide_number_in_the_url():
    view, notices = parse_params({"mode": ["present"], "slide": ["4"]}, set())
    assert (view.mode, view.slide) == ("present", 4) and not notices
    assert to_params(view) == {"mode": "present", "slide": "4"}
    view, notices = parse_params({"slide": ["99"]}, set())
    assert view == ViewState() and notices


def test_exports_of_different_slides_and_kinds_of_back_pain_have_different_names():
    from backpain.slides import export_name

    names = {export_name(n, k, i, "png") for n, k in ((1, "map"), (3, "effect")) for i in ("acute", "chronic")}
    assert len(names) == 4 and "back-pain-slide3-effect-chronic.png" in names

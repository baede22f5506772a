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
    # Past the end, the last slide, and the notice says why; not a number, the first.
    view, notices = parse_params({"mode": ["present"], "slide": ["9"]}, set())
    assert view.slide == 6 and notices == ["The deck has 6 slides, so slide=9 opens slide 6."]
    view, notices = parse_params({"slide": ["0"]}, set())
    assert view.slide == 1 and notices
    view, notices = parse_params({"slide": ["two"]}, set())
    assert view == ViewState() and notices == ["Ignored slide=“two”: expected a number from 1 to 6."]


def test_exports_of_different_slides_and_kinds_of_back_pain_have_different_names():
    from backpain.slides import export_name

    names = {export_name(n, k, i, "png") for n, k in ((1, "map"), (3, "effect")) for i in ("acute", "chronic")}
    assert len(names) == 4 and "back-pain-slide3-effect-chronic.png" in names


# --- slides that fit the screen ---------------------------------------------------------------


def test_a_crowded_map_slide_counts_each_cell_by_what_the_evidence_shows(dataset):
    from backpain.charts.evidence_map import cell_counts, count_grid

    frame = overview_frame(dataset.treatments, Indication.acute)
    cells = cell_counts(frame)
    assert cells["options"].sum() == len(frame)
    # A high-certainty cell whose option does not help says so in words: certainty never reads as strength alone.
    paracetamol = cells[cells["names"].str.contains("Paracetamol")].iloc[0]
    assert paracetamol["certainty"] == "High" and "no benefit" in paracetamol["lines"]
    spec = count_grid(frame, "recent pain").to_dict()
    text = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert text["mark"]["lineBreak"] == "\n" and text["mark"]["fontSize"] >= slides.MIN_FONT_PX
    assert slides.smallest_font(spec) >= slides.MIN_FONT_PX


def test_count_words_agree_in_number():
    from backpain.charts.evidence_map import count_words

    assert [count_words(1, "Helps"), count_words(4, "Helps"), count_words(2, "No benefit")] == [
        "1 helps",
        "4 help",
        "2 no benefit",
    ]


def test_half_a_slide_keeps_24_px_type_and_drops_the_legend(dataset):
    frame = overview_frame(dataset.treatments[:12], Indication.acute)
    spec = slides.half_slide_spec(slides.slide_spec(charts.explore_spec("guidelines", frame, "x")))
    assert slides.smallest_font(spec) >= slides.MIN_FONT_PX
    # The dashboard's phone-or-desktop font expression became a fixed 24 px.
    assert "expr" not in str([layer["mark"].get("fontSize") for layer in spec["layer"]])
    assert all(node.get("legend") is None for node in slides.spec_nodes(spec) if "legend" in node and node is not spec["config"])
    assert spec["width"] == {"step": 106} and spec["autosize"] == {"type": "pad"}
    headings = next(layer["encoding"]["x"]["axis"] for layer in spec["layer"] if "x" in layer.get("encoding", {}))
    assert headings["labelExpr"] == "split(datum.label, ' ')[0]"


def test_the_effect_lines_names_sit_a_line_of_slide_type_apart(dataset):
    spec = charts.effect_forest(overview_frame(dataset.treatments, Indication.chronic), "x").to_dict()
    labels_layer = next(layer for layer in spec["layer"] if layer.get("transform") and "level" in str(layer["transform"]))
    assert "width > 1200 ? -28 : -16" in str(labels_layer["transform"])


def test_claims_split_into_two_columns_of_about_equal_length(dataset):
    from views.present import balanced_halves

    claims = dataset.treatment("carisoprodol").claims
    left, right = balanced_halves(claims)
    assert sorted(map(id, left + right)) == sorted(map(id, claims))
    length = [sum(len(c.claim) + len(c.why) for c in half) for half in (left, right)]
    longest = max(len(c.claim) + len(c.why) for c in claims)
    assert abs(length[0] - length[1]) <= longest

"""The hostile corpus at the element level: nothing a link or the data says becomes formatting.

The same corpus runs in the browser in test_browser.py, which looks at the page itself.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from appkit import PAGES, forge, run
from hostile import (
    HOSTILE_URL_VALUES,
    LITERAL_PIECES,
    PAYLOAD,
    REPEATS,
    text_fields,
    unescaped_constructs,
    write_hostile_data,
)
from streamlit.testing.v1 import AppTest

from backpain import markup
from backpain.load import load_dataset
from backpain.view import MAX_NOTICES, parse_params, summarise_notices
from backpain.view import PARAMS as VIEW_PARAMS

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
# Every parameter the app reads, from the registry: a new one is attacked too.
PARAMS = tuple(param.name for param in VIEW_PARAMS)
# Fields whose rendering passes through Markdown in Streamlit (everything else is shown as plain text).
MARKDOWN_FIELDS = ("body", "label", "help", "caption", "content", "delta")


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("hostile") / "data"
    write_hostile_data(FIXTURE, target)
    return target


def markdown_sources(at: AppTest) -> list[str]:
    """Every string the page hands to a Markdown renderer: bodies, labels, help texts, captions, options of radios."""
    found = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        for message in _messages(proto):
            for descriptor, value in message.ListFields():
                if descriptor.name in MARKDOWN_FIELDS and isinstance(value, str):
                    found.append(value)
                elif descriptor.name == "options" and message.DESCRIPTOR.name == "Radio":
                    found.extend(value)
    return found


def _messages(proto):
    """A proto and every message inside it."""
    if proto is None or not hasattr(proto, "ListFields"):
        return
    yield proto
    for descriptor, value in proto.ListFields():
        if descriptor.message_type is None:
            continue
        for item in [value] if hasattr(value, "ListFields") else value:
            yield from _messages(item)


# --- the corpus itself ---------------------------------------------------------------------------


def test_the_corpus_puts_the_payload_in_every_text_field_and_still_loads(hostile_dir):
    replaced = write_hostile_data(FIXTURE, hostile_dir.parent / "again")
    assert replaced == text_fields()
    assert {"name", "plain_summary", "label", "note", "wording", "claim", "seen_in", "citation", "what"} <= replaced
    dataset = load_dataset(hostile_dir)
    assert all(PAYLOAD in t.name for t in dataset.treatments)


def test_the_check_finds_every_construct_when_nothing_is_escaped():
    # The checker is only worth something if raw Markdown fails it.
    raw = unescaped_constructs(PAYLOAD)
    for what in ("Markdown bold", "a Markdown link", "a Markdown image", "HTML", "KaTeX", "a colour directive", "a heading"):
        assert what in raw
    assert "a web or e-mail address outside a code span" in raw and "a Streamlit icon code" in raw
    assert unescaped_constructs(markup.plain(PAYLOAD)) == []


def test_a_label_is_escaped_only_where_markdown_needs_it():
    # A widget label's Markdown source is the control's name for a screen reader: no needless backslash.
    assert unescaped_constructs(markup.label(PAYLOAD)) == []
    for name in ("Capsaicin cream or plaster (capsicum, cayenne)", "Codeine, alone or with paracetamol (co-codamol)"):
        assert markup.label(name) == name
    assert markup.label("# XHEAD") == "\\# XHEAD" and markup.label("1. one") == "1\\. one"
    assert markup.label("[x](https://evil.example)") == "\\[x\\](`https://evil.example`)"


# --- URLs: every value in every parameter --------------------------------------------------------


@pytest.mark.parametrize("param", PARAMS)
def test_every_hostile_value_in_every_parameter_is_harmless(param):
    for value in HOSTILE_URL_VALUES:
        view, notices = parse_params({param: [value]}, {"fast_pill"})
        shown = summarise_notices(notices)
        assert len(shown) <= MAX_NOTICES + 1
        for notice in shown:
            assert len(notice) < 300, "a notice quotes the value shortened"
            assert unescaped_constructs(markup.plain(notice)) == []
        assert len(view.filters.q) <= 80


def test_a_thousand_repeats_give_at_most_five_notices_and_a_count():
    params = {name: [f"bad{i}" for i in range(REPEATS)] for name in ("category", "compare")}
    _, notices = parse_params(params, {"fast_pill"})
    assert len(notices) == 2 * REPEATS
    shown = summarise_notices(notices)
    assert len(shown) == MAX_NOTICES + 1
    assert shown[-1] == f"… and {2 * REPEATS - MAX_NOTICES} more ignored settings in the link."


def _every_parameter(value: str) -> dict:
    params = {name: value for name in PARAMS if name != "mode"}
    # Streamlit drops a query string of more than 1,000 parameters, so the link fills that budget.
    params["category"] = [value] * (REPEATS - len(params) + 1)
    return params


# Streamlit also drops a query string over 512 KB, so the 100 KB values go in four parameters.
LINKS = {
    "payload everywhere, 1,000 parameters": _every_parameter(PAYLOAD),
    "fake NHS link everywhere, 1,000 parameters": _every_parameter("[Read the new NHS advice](https://evil.example)"),
    "100 KB values": {name: "x" * 100_000 for name in ("indication", "compare", "id", "q")},
}


# Every link on every page in `make test`; `make test-fast` keeps every link on Explore (the page with the most
# settings) and the payload link on every page.
LINK_RUNS = [
    pytest.param(page, link, marks=[] if page == PAGES[0] or link == next(iter(LINKS)) else [pytest.mark.slow])
    for link in LINKS
    for page in PAGES
]


@pytest.mark.parametrize(("page", "link"), LINK_RUNS)
def test_hostile_links_show_plain_notices_on_every_page(page, link):
    at = run(LINKS[link], page)
    sources = markdown_sources(at)
    assert not [c for s in sources for c in unescaped_constructs(s)]
    notices = [c.value for c in at.caption if ":material/info:" in c.value]
    assert len(notices) == 1, "one block of notices"
    assert 1 <= notices[0].count(":material/info:") <= MAX_NOTICES + 1
    assert ("more ignored settings" in notices[0]) == ("1,000" in link)
    assert "Not medical advice" in "\n".join(sources) and "emergency department" in "\n".join(sources)


# --- data: the payload in every field, on every page, in every mode --------------------------------


@pytest.mark.parametrize("mode", ["patient", "clinician"])
@pytest.mark.parametrize("page", PAGES)
def test_hostile_data_stays_text_on_every_page(page, mode, hostile_dir, monkeypatch):
    monkeypatch.setenv("BACKPAIN_DATA_DIR", str(hostile_dir))
    at = run({"mode": mode, "compare": ["fast_pill", "habit_drug"], "id": "habit_drug"}, page)
    sources = markdown_sources(at)
    assert any("XBOLD" in s for s in sources), "the payload reached the page"
    assert not {c for s in sources for c in unescaped_constructs(s)}


@pytest.mark.parametrize("slide", range(1, 7))
def test_hostile_data_stays_text_on_every_slide(slide, hostile_dir, monkeypatch):
    monkeypatch.setenv("BACKPAIN_DATA_DIR", str(hostile_dir))
    at = run({"mode": "present", "slide": str(slide), "id": "habit_drug"}, PAGES[0])
    sources = markdown_sources(at)
    # Chart text (the spec and its data) is not Markdown, so there the payload may stay as typed; it must reach
    # the slide somewhere.
    charts = [str(node.proto) for node in at._tree if type(getattr(node, "proto", None)).__name__ == "VegaLiteChart"]
    assert any("XBOLD" in s for s in sources + charts), "the payload reached the slide"
    assert not {c for s in sources for c in unescaped_constructs(s)}


def test_every_literal_piece_survives_escaping():
    # What the reader sees after Markdown decodes the escapes is exactly what was typed.
    escaped = markup.plain(PAYLOAD)
    for piece in LITERAL_PIECES:
        assert piece not in escaped  # escaped in the source...
    assert "שלום" in escaped and "👍🏽" in escaped  # ...and the rest kept
    assert "\u202e" not in markup.plain("a\u202eb")  # an override from a link is dropped


# --- forged widget values: a modified browser can send anything ------------------------------------


# Page, widget key, what the browser sends, and how many lines our callbacks log. Streamlit itself
# drops an unknown value for segmented controls and keeps the last one, so nothing reaches our code.
FORGED = [
    ("views/explore.py", "w_indication", {"string_value": "[x](https://evil.example)"}, 1),
    ("views/explore.py", "w_max_dependence", {"string_value": "extreme"}, 1),
    ("views/explore.py", "w_category", {"string_array_value": ["nsaid", "not_a_category"]}, 1),
    ("views/explore.py", "w_mode", {"string_array_value": ["admin"]}, 0),
    ("views/explore.py", "results_table", {"string_value": '{"selection": {"rows": [9999, -1, "x"], "columns": []}}'}, 0),
    ("views/compare.py", "w_compare", {"string_array_value": ["nsaids_oral", "no_such_option"]}, 1),
    ("views/compare.py", "w_focus", {"string_value": "__class__"}, 1),
    ("views/treatment.py", "w_treatment", {"string_value": "no_such_option"}, 1),
    ("views/priorities.py", "w_pick_one", {"string_value": "free_beer"}, 1),
    ("views/priorities.py", "w_weight_cost", {"string_array_value": ["extremely"]}, 0),
]


@pytest.mark.parametrize("page,key,fields,logged", FORGED, ids=[key for _, key, _, _ in FORGED])
def test_a_forged_widget_value_is_ignored_with_one_log_line(page, key, fields, logged, caplog):
    at = run({"compare": ["nsaids_oral", "exercise_therapy"], "id": "carisoprodol"}, page)
    before = dict(at.query_params)
    with caplog.at_level("WARNING", logger="backpain.app"):
        forge(at, key, **fields)
    assert not at.exception, [e.value for e in at.exception]
    assert dict(at.query_params) == before, "the view did not change"
    ignored = [r.getMessage() for r in caplog.records if r.name == "backpain.app"]
    assert len(ignored) == logged and all(key in line for line in ignored)
    assert "emergency department" in "\n".join(markdown_sources(at))


# --- files made from hostile data: no formula runs, nothing breaks --------------------------------


def test_hostile_data_exports_with_every_formula_escaped(hostile_dir):
    import csv
    import io
    import json

    from backpain.tabular import dataset_rows, rows_to_csv, rows_to_json

    dataset = load_dataset(hostile_dir)
    rows = dataset_rows(dataset)
    cells = [cell for row in csv.reader(io.StringIO(rows_to_csv(rows))) for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    numbers = re.compile(r"-?\d+(\.\d+)?")
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not numbers.fullmatch(c)]
    assert json.loads(rows_to_json(rows))[0]["name"].startswith("=HYPERLINK")  # JSON keeps the text as written


@pytest.mark.slow
def test_hostile_data_makes_a_summary_pdf_and_slides(hostile_dir):
    from pypdf import PdfReader

    from backpain import charts, labels
    from backpain.query import Filters, filter_treatments, overview_frame
    from backpain.schema import Indication
    from backpain.slides import export_svg, slide_spec
    from backpain.summary_pdf import summary_pdf

    dataset = load_dataset(hostile_dir)
    ids = [t.id for t in dataset.treatments]
    link = "http://127.0.0.1/compare?" + "compare=fast_pill&" * 20  # a real permalink is long too
    for clinician in (True, False):
        pdf = summary_pdf(dataset, ids, Indication.chronic, clinician=clinician, permalink=link)
        assert pdf.startswith(b"%PDF") and len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    frame = overview_frame(filter_treatments(dataset.treatments, Filters()), Indication.chronic)
    svg = export_svg(slide_spec(charts.explore_spec("map", frame, labels.INDICATION_CHART[Indication.chronic], True)))
    # Names are SVG text: the script is shown as characters, and nothing in the chart is a link.
    assert "XBOLD" in svg and "<script" not in svg.lower() and "<a " not in svg

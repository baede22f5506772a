"""Chart builders, tested through their Vega-Lite specs."""

from __future__ import annotations

import json

import pytest

from backpain import charts
from backpain.charts import base
from backpain.query import overview_frame
from backpain.schema import Indication

BUILDERS = [charts.evidence_dependence_map, charts.onset_timeline, charts.effect_forest, charts.guideline_matrix]


def layers(spec):
    return spec.get("layer", [spec])


@pytest.fixture
def frame(fixture_dataset):
    return overview_frame(fixture_dataset.treatments, Indication.acute)


@pytest.mark.parametrize("build", BUILDERS)
def test_every_chart_has_a_description_and_titled_tooltips(build, frame):
    spec = build(frame, "acute").to_dict()
    assert len(spec["description"]) > 40
    tooltips = [t for layer in layers(spec) for t in layer.get("encoding", {}).get("tooltip", [])]
    assert tooltips and all(t.get("title") for t in tooltips)


@pytest.mark.parametrize("build", BUILDERS)
def test_empty_selection_says_so(build, frame):
    spec = build(frame.iloc[0:0], "acute").to_dict()
    assert "No options match" in json.dumps(spec)


def test_map_places_every_option_once_without_overlap(dataset):
    frame = overview_frame(dataset.treatments, Indication.chronic)
    placed = charts.map_positions(frame)
    assert len(placed) == len(frame)
    assert not placed.duplicated(["x", "y"]).any()


def test_map_shows_direction_as_a_shape_and_in_words(frame):
    spec = charts.evidence_dependence_map(frame, "acute").to_dict()
    encodings = [layer.get("encoding", {}) for layer in layers(spec)]
    assert any(e.get("shape", {}).get("field") == "direction_label" for e in encodings)
    assert any(e.get("color", {}).get("field") == "group_label" for e in encodings)
    tooltips = [t for e in encodings for t in e.get("tooltip", [])]
    assert {"field": "evidence_words", "type": "nominal", "title": "Evidence"} in tooltips


def test_high_certainty_of_no_benefit_is_marked_no_benefit_on_the_map(dataset):
    frame = overview_frame(dataset.treatments, Indication.acute)
    spec = charts.evidence_dependence_map(frame, "acute").to_dict()
    rows = {r["name"].split(" (")[0]: r for r in spec["datasets"]["options"]}
    assert rows["Paracetamol"]["direction_label"] == "No benefit" and not rows["Paracetamol"]["helps"]
    assert rows["Paracetamol"]["evidence_words"] == "High certainty that it does not help"
    assert rows["Bed rest"]["direction_label"] == "Worse"


def test_forest_is_grouped_by_certainty_and_says_the_size_in_words(dataset):
    frame = overview_frame(dataset.treatments, Indication.chronic)
    spec = charts.effect_forest(frame, "chronic", clinician=False).to_dict()
    rows = sorted(spec["datasets"]["estimates"], key=lambda r: r["order"])
    order = ["High", "Moderate", "Low", "Very low"]
    assert [order.index(r["certainty_label"]) for r in rows] == sorted(order.index(r["certainty_label"]) for r in rows)
    exercise = next(r for r in rows if r["name"] == "Exercise therapy")
    assert exercise["label"] == "moderate benefit · moderate certainty"
    facet = next(r for r in rows if r["name"].startswith("Facet"))
    assert facet["label"].startswith("no benefit")


def test_a_class_stance_is_outlined_and_marked_class(dataset):
    frame = overview_frame([dataset.treatment("carisoprodol"), dataset.treatment("nsaids_oral")], Indication.acute)
    cells = charts.guideline_frame(frame)
    caris = cells[(cells["name"] == "Carisoprodol") & (cells["guideline"] == "ACP 2017")].iloc[0]
    # The * says ACP tied its stance to a condition; the words carry it.
    assert caris["scope"] == "class" and caris["symbol"] == "✓ class*"
    assert caris["stance"] == "For muscle relaxants as a class: Recommended, only if a medicine is wanted after non-drug care"
    nsaid = cells[(cells["name"].str.startswith("NSAIDs")) & (cells["guideline"] == "ACP 2017")].iloc[0]
    assert nsaid["scope"] == "this option" and nsaid["symbol"] == "✓*"
    nice = cells[(cells["name"].str.startswith("NSAIDs")) & (cells["guideline"] == "NICE NG59")].iloc[0]
    assert nice["symbol"] == "~✓", "a stance with no condition has no *"
    spec = charts.guideline_matrix(frame, "acute").to_dict()
    filters = [layer.get("transform", [{}])[0].get("filter") for layer in layers(spec)]
    assert "datum.scope == 'class'" in filters


def test_onset_axis_is_log_with_named_ticks(frame):
    spec = charts.onset_timeline(frame, "acute").to_dict()
    x = next(layer["encoding"]["x"] for layer in layers(spec) if "x" in layer.get("encoding", {}))
    assert x["scale"]["type"] == "log"
    assert x["axis"]["values"] == [1, 24, 168, 720, 2160]
    for word in ("1 hour", "1 day", "1 week", "1 month", "3 months", "'1 wk'", "'3 mo'"):
        assert word in x["axis"]["labelExpr"]
    assert x["axis"]["labelExpr"].startswith("width < 350 ?")


def test_unknown_onset_is_shown_as_not_known(frame):
    assert "not known" in json.dumps(charts.onset_timeline(frame, "acute").to_dict())


def test_forest_lists_options_without_estimate(fixture_dataset):
    frame = overview_frame(fixture_dataset.treatments, Indication.acute)
    data = charts.effect_frame(frame)
    assert set(data.loc[~data["has_estimate"], "name"]) == {"Slow exercise", "<script>alert('x')</script> Habit drug"}
    assert (data.loc[~data["has_estimate"], "label"] == "no pooled estimate").all()
    spec = json.dumps(charts.effect_forest(frame, "acute").to_dict())
    assert "no pooled estimate" in spec and "moderate certainty" in spec


def test_forest_reference_lines_at_sourced_thresholds(frame):
    spec = charts.effect_forest(frame, "acute").to_dict()
    inline = [layer["data"]["values"] for layer in layers(spec) if "values" in layer.get("data", {})]
    named = list(spec.get("datasets", {}).values())
    values = {row["x"] for data in inline + named for row in data if "band" in row}
    assert values == {-5.0, -10.0, -20.0, 0.0}


def test_guideline_stances_show_as_symbols(fixture_dataset):
    frame = overview_frame(fixture_dataset.treatments, Indication.acute)
    g = charts.guideline_frame(frame)
    fast = g[g["name"] == "Fast pill"].set_index("guideline")["symbol"].to_dict()
    assert fast == {"ACP 2017": "✓", "NICE NG59": "~✓", "WHO 2023": "–", "BMJ 2025": "–"}


@pytest.mark.slow
@pytest.mark.parametrize("build", BUILDERS)
def test_specs_validate_against_the_vega_lite_schema(build, dataset):
    # The app skips validation for speed, so every builder is validated here on the real data.
    for indication in Indication:
        for clinician in (True, False):
            build(overview_frame(dataset.treatments, indication), indication.value, clinician).to_dict(validate=True)


@pytest.mark.parametrize("name", sorted(charts.EXPLORE_CHARTS))
@pytest.mark.parametrize(
    "indication", [i if i == Indication.chronic else pytest.param(i, marks=pytest.mark.slow) for i in Indication]
)
@pytest.mark.parametrize("clinician", [True, False])
def test_fast_app_spec_equals_the_altair_chart(name, indication, clinician, dataset):
    # The app renders explore_spec (a cached template plus fresh data); it must be the chart the builders make,
    # with every option and with none (an empty selection changes the titles and the layers drawn).
    for treatments in (dataset.treatments, ()):
        frame = overview_frame(treatments, indication)
        built = charts.build(charts.EXPLORE_CHARTS[name], frame, "label", clinician).to_dict(validate=False)
        assert charts.explore_spec(name, frame, "label", clinician) == built


def test_patient_forest_has_no_intervals(frame):
    def rules_with_x2(spec):
        return [layer for layer in layers(spec) if "x2" in layer.get("encoding", {})]

    assert rules_with_x2(charts.effect_forest(frame, "acute", clinician=True).to_dict())
    patient = charts.effect_forest(frame, "acute", clinician=False).to_dict()
    assert not rules_with_x2(patient)
    assert "95% interval" not in json.dumps(patient["layer"][2:])


def test_templates_are_not_changed_by_building(dataset):
    template = charts.EXPLORE_CHARTS["onset"].template("label", True).to_dict(validate=False)
    charts.onset_timeline(overview_frame(dataset.treatments, Indication.acute), "label")
    assert charts.EXPLORE_CHARTS["onset"].template("label", True).to_dict(validate=False) == template


def test_forest_fades_only_low_certainty_rows(dataset):
    """A numeric range on a nominal opacity scale is ignored by Vega-Lite, which once faded every row."""
    spec = charts.effect_forest(overview_frame(dataset.treatments, Indication.acute), "recent pain").to_dict()
    rows = {r["name"]: r for r in spec["datasets"]["estimates"]}
    assert rows["Paracetamol (acetaminophen)"]["certainty_opacity"] == 1.0
    assert rows["Gabapentinoids (pregabalin, gabapentin)"]["certainty_opacity"] < 0.5
    encodings = [layer["encoding"]["opacity"] for layer in spec["layer"] if "opacity" in layer.get("encoding", {})]
    assert encodings and all(
        e == {"field": "certainty_opacity", "legend": None, "scale": None, "type": "quantitative"} for e in encodings
    )


def test_a_slide_keeps_every_option_name(dataset):
    from backpain.slides import slide_spec, spec_nodes

    frame = overview_frame(dataset.treatments, Indication.acute)
    big = slide_spec(charts.explore_spec("guidelines", frame, "recent pain", True), rows=len(frame))
    option_axes = [n for n in spec_nodes(big) if n.get("labelLimit") == 420 and "labelFontSize" in n]
    assert option_axes and all(n["labelOverlap"] is False for n in option_axes)


def test_onset_says_what_it_rests_on_and_fades_what_does_not_help(other_pain_onset):
    spec = charts.onset_timeline(overview_frame(other_pain_onset.treatments, Indication.acute), "recent pain").to_dict()
    rows = {r["name"]: r for r in spec["datasets"]["known"]}
    assert rows["Tramadol"]["onset_note"] == charts.ONSET_OTHER_PAIN_NOTE
    assert rows["Tramadol"]["rests_on"] == "drug label, another kind of pain"
    # Tramadol has not enough evidence for recent pain, and heat is shown to help it.
    assert rows["Tramadol"]["helps_here"] is False and rows["Heat wrap or heat pack"]["helps_here"] is True
    assert '"test": "datum.helps_here"' in json.dumps(spec)


def test_options_without_a_value_are_named_in_one_line_not_drawn_a_row_each(dataset):
    frame = overview_frame(dataset.treatments, Indication.acute)
    drawn, names, words = charts.split_not_drawn("effect", frame)
    assert drawn["effect"].notna().all() and len(drawn) + len(names) == len(frame)
    assert "Carisoprodol" in names and words == "No pooled estimate"
    line = charts.not_drawn_line(words, names)
    assert line.startswith(f"No pooled estimate ({len(names)}): ") and "\n" not in line
    spec = charts.explore_spec("effect", drawn, "x")
    assert not any(r["name"] == "Carisoprodol" for r in spec["datasets"]["estimates"] + spec["datasets"]["missing"])
    # A chart with a value for every option leaves none out.
    assert charts.split_not_drawn("map", frame)[1] == []


ROW_CHARTS = ("onset", "effect", "guidelines")


@pytest.mark.parametrize("name", ROW_CHARTS)
def test_the_phone_form_titles_each_row_with_its_whole_name_above_its_marks(name, dataset):
    frame = overview_frame(dataset.treatments, Indication.chronic)
    spec = charts.explore_spec(name, frame, "long-lasting pain", clinician=True, phone=True)
    titles = spec["datasets"]["titles"]
    # Every option once, by its whole name (wrapped between words, never cut), lines short enough for a phone.
    assert sorted(t["name"] for t in titles) == sorted(frame["name"])
    for t in titles:
        assert " ".join(t["title"].split("\n")).startswith(t["name"])
        assert all(len(line) <= base.PHONE_CHARS_PER_LINE for line in t["title"].split("\n"))
    # No axis of names, the marks below the title, legends one under another, the title on two lines.
    names_on_y = [
        layer["encoding"]["y"] for layer in layers(spec) if layer.get("encoding", {}).get("y", {}).get("field") == "name"
    ]
    assert names_on_y and all(y["axis"] is None for y in names_on_y)
    assert spec["config"]["legend"]["layout"]["bottom"]["direction"] == "vertical"
    # The chart's title on two lines: above the chart, or on the strip of headings pinned above it.
    head = charts.PHONE_HEADINGS[name]("long-lasting pain") if name in charts.PHONE_HEADINGS else spec
    assert isinstance(head["title"]["text"], list)
    lines = max(t["title"].count("\n") + 1 for t in titles)
    assert spec["height"] >= len(titles) * base.PHONE_LINE_PX * lines


@pytest.mark.parametrize("name", ROW_CHARTS)
def test_the_wide_form_wraps_long_names_on_the_axis_rather_than_cutting_them(name, dataset):
    frame = overview_frame(dataset.treatments, Indication.chronic)
    spec = charts.explore_spec(name, frame, "long-lasting pain", clinician=True)
    labels_ = {row["axis_label"] for rows in spec["datasets"].values() for row in rows}
    assert any(label.startswith("TENS (transcutaneous electrical\nnerve stimulation)") for label in labels_)
    assert all(len(line) <= base.AXIS_LABEL_CHARS or line.startswith("(") for label in labels_ for line in label.split("\n"))
    axis = next(
        layer["encoding"]["y"]["axis"]
        for layer in layers(spec)
        if layer.get("encoding", {}).get("y", {}).get("field") == "axis_label"
    )
    assert axis["labelExpr"] == base.AXIS_LABEL_LINES and axis["labelLimit"] >= 180
    # Rows tall enough for the most lines any name takes.
    most = max(label.count("\n") + 1 for label in labels_)
    assert spec["height"] >= len(frame) * most * base.AXIS_LINE_PX


def test_the_phone_map_gives_each_name_its_own_lines_and_its_marker_a_narrow_column(dataset):
    from backpain.charts.evidence_map import PHONE_NAME_CHARS, map_positions

    frame = overview_frame(dataset.treatments, Indication.chronic)
    placed = map_positions(frame, phone=True)
    # One option per line (or two, when its name wraps): no two share a line within a dependence row.
    spans = sorted((y, y + label.count("\n")) for y, label in zip(placed["y"], placed["label"], strict=True))
    assert all(later[0] > earlier[1] for earlier, later in zip(spans, spans[1:], strict=False))
    assert all(len(line) <= PHONE_NAME_CHARS for label in placed["label"] for line in label.split("\n"))
    assert set(placed["x"]) <= set(range(5))


def test_a_slide_joins_a_wrapped_name_onto_one_line(dataset):
    from backpain import slides

    spec = slides.slide_spec(charts.explore_spec("onset", overview_frame(dataset.treatments, Indication.acute), "x"))
    exprs = {node["labelExpr"] for node in slides.spec_nodes(spec) if "labelExpr" in node}
    assert base.AXIS_LABEL_ONE_LINE in exprs and base.AXIS_LABEL_LINES not in exprs


def test_wrapped_breaks_between_words_and_keeps_line_breaks():
    assert (
        base.wrapped("Codeine, alone or with paracetamol (co-codamol)", 20) == "Codeine, alone or\nwith paracetamol\n(co-codamol)"
    )
    assert base.wrapped("a\nb", 20) == "a\nb"


def test_the_slides_one_line_key_names_every_symbol_a_cell_can_show(dataset):
    from backpain import labels, wording
    from backpain.charts.guidelines import guideline_frame, symbol_key_line

    key = symbol_key_line()
    frame = guideline_frame(overview_frame(dataset.treatments, Indication.chronic))
    # Each cell's symbol, without the class word and the condition mark the key names on their own.
    shown = {s.replace(f" {wording.CLASS_WORD}", "").rstrip(wording.ONLY_IF_MARK) for s in frame["symbol"] if s}
    assert shown and all(f"{symbol} " in key or f"{symbol}:" in key for symbol in shown), (shown, key)
    for part in (wording.CLASS_WORD, wording.ONLY_IF_MARK, wording.DISAGREE_SYMBOL, labels.OUT_OF_SCOPE_SYMBOL):
        assert part in key


def test_the_phone_guideline_headings_stand_over_the_columns_of_the_rows(dataset):
    frame = overview_frame(dataset.treatments, Indication.chronic)
    rows = charts.explore_spec("guidelines", frame, "long-lasting pain", clinician=True, phone=True)
    strip = charts.PHONE_HEADINGS["guidelines"]("long-lasting pain")
    row_x = [
        layer["encoding"]["x"] for layer in layers(rows) if layer.get("encoding", {}).get("x", {}).get("field") == "guideline"
    ]
    # The same columns in the same order and frame, so each heading stands over its column; the rows have no axis
    # of their own (it would repeat the strip and scroll away).
    assert row_x and all(x["sort"] == strip["encoding"]["x"]["sort"] and x["axis"] is None for x in row_x)
    assert rows["autosize"] == strip["autosize"]
    assert [v["heading"] for v in strip["data"]["values"]] == ["ACP", "NICE", "WHO", "BMJ", "Disagree"]
    assert strip["title"]["text"] == ["What the guidelines say", "(long-lasting pain)"]

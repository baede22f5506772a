"""Every control, driven through AppTest as a person would: each one changes the view and the URL.

Widget callbacks only count as tested here, where they fire; a page that merely loads does not exercise them.
"""

from __future__ import annotations

import pytest
from appkit import forge, run


def param(at, name: str):
    value = at.query_params.get(name)
    return value[-1] if isinstance(value, list) else value


@pytest.mark.parametrize(
    "key,value",
    [("w_indication", "chronic"), ("w_max_dependence", "none"), ("w_min_certainty", "moderate"), ("w_onset", "day"),
     ("w_access", "no_prescription")],
)  # fmt: skip
def test_each_filter_select_writes_the_url_and_narrows_the_table(key, value, dataset):
    at = run()
    at.selectbox(key=key).set_value(value).run()
    assert param(at, key[2:]) == value
    assert len(at.dataframe[-1].value) < len(dataset.treatments) or key == "w_indication"


def test_the_category_filter_keeps_only_that_category():
    at = run()
    at.multiselect(key="w_category").set_value(["opioid"]).run()
    assert param(at, "category") == "opioid"
    assert set(at.dataframe[-1].value["Type"]) == {"Opioids"}


def test_the_mode_switch_changes_the_page_and_the_url():
    at = run()
    at.segmented_control(key="w_mode").set_value("clinician").run()
    assert param(at, "mode") == "clinician"
    assert "US schedule" in at.dataframe[-1].value.columns


def test_the_compare_picker_and_focus_write_the_url(dataset):
    at = run(page="views/compare.py")
    # Typing a few letters never offers to add every fuzzy match at once.
    assert at.multiselect(key="w_compare").proto.select_all == 0
    at.multiselect(key="w_compare").set_value(["tramadol", "exercise_therapy"]).run()
    assert at.query_params["compare"] == ["tramadol", "exercise_therapy"]
    at.selectbox(key="w_focus").set_value("dependence").run()
    assert param(at, "focus") == "dependence"
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert headings == ["#### Exercise therapy", "#### Tramadol"], "ordered on dependence, lowest first"


def test_the_treatment_picker_opens_an_option():
    at = run(page="views/treatment.py")
    at.selectbox(key="w_treatment").set_value("diazepam").run()
    assert param(at, "id") == "diazepam"
    assert any(m.value == "## Diazepam" for m in at.markdown)


def test_a_fine_tune_weight_writes_the_url_and_clears_the_pick_one_choice():
    at = run({"w_onset": "very", "w_dependence": "not"}, "views/priorities.py")
    at.segmented_control(key="w_weight_cost").set_value("very").run()
    assert param(at, "w_cost") == "very" and param(at, "w_onset") == "very"


def test_the_slide_buttons_move_back_and_leave_at_the_first_slide():
    at = run({"mode": "present", "slide": "3"})
    at.button(key="slide_prev").click().run()
    assert param(at, "slide") == "2"
    at.button(key="slide_exit").click().run()
    assert param(at, "mode") is None and param(at, "slide") is None


def test_ticked_rows_are_added_to_the_comparison(dataset):
    at = run({"compare": ["yoga"]})
    names = list(at.dataframe[-1].value["Option"])
    # What the browser sends when two rows of the table are ticked.
    forge(at, "results_table", string_value='{"selection": {"rows": [0, 1], "columns": []}}')
    assert at.button(key="add_ticked").label == "Add 2 ticked options to the comparison"
    at.button(key="add_ticked").click().run()
    # Compare's first run draws one line (so the browser is brought to the page's top); the next, the page.
    assert "Opening the comparison…" in [c.value for c in at.caption]
    assert not [m for m in at.markdown if "Compare options side by side" in m.value]
    at.run()
    assert [m for m in at.markdown if "Compare options side by side" in m.value]
    assert at.query_params["compare"][0] == "yoga"
    ids = {t.name: t.id for t in dataset.treatments}
    assert at.query_params["compare"][1:] == [ids[names[0]], ids[names[1]]]


def test_options_ticked_in_the_phone_list_are_added_to_the_comparison():
    at = run({"q": "relax"})
    ticks = [c for c in at.checkbox if c.key and c.key.startswith("tick_")]
    assert [c.label for c in ticks] == sorted((c.label for c in ticks), key=str.lower) and len(ticks) >= 2
    assert any("Dependence" in c.value and "[Open](./treatment?" in c.value for c in at.caption)
    ticks[0].check().run()
    assert at.button(key="add_ticked").label == "Add 1 ticked option to the comparison"
    at.button(key="add_ticked").click().run()
    assert param(at, "compare") == ticks[0].key.removeprefix("tick_")


# Only the effect table differs by mode, so `make test-fast` opens the others in patient mode only.
@pytest.mark.parametrize(
    ("chart", "mode"),
    [
        pytest.param(chart, mode, marks=[] if mode == "patient" or chart == "effect" else [pytest.mark.slow])
        for chart in ("map", "onset", "effect", "guidelines")
        for mode in ("patient", "clinician")
    ],
)
def test_opening_a_chart_table_shows_one_row_per_matching_option(chart, mode, dataset):
    at = run({"mode": mode, "max_dependence": "none"})
    count = len(at.dataframe[-1].value)
    forge(at, f"table_{chart}", bool_value=True)
    assert not at.exception
    assert len(at.dataframe) == 2, "the chart's table opened above the results table"
    table = at.dataframe[0].value
    assert len(table) == count
    # Plain words leave out the intervals; clinician detail keeps them.
    assert ("95% CI low" in table.columns) == (chart == "effect" and mode == "clinician")


def test_clearing_a_weight_means_not_important_and_all_zero_weights_warn():
    from backpain.priorities import CRITERIA

    at = run({f"w_{key}": "not" for key in CRITERIA if key != "cost"}, "views/priorities.py")
    at.segmented_control(key="w_weight_cost").set_value(None).run()
    assert param(at, "w_cost") == "not"
    assert any("Every priority is set to 'not at all'" in w.value for w in at.warning)


def test_the_kind_of_back_pain_can_be_changed_on_compare(dataset):
    from backpain import markup

    at = run({"compare": ["carisoprodol", "exercise_therapy"]}, "views/compare.py")
    at.selectbox(key="w_indication").set_value("chronic").run()
    assert param(at, "indication") == "chronic"
    chronic = markup.plain(dataset.treatment("exercise_therapy").evidence.chronic.summary)[:60]
    assert any(chronic in m.value for m in at.markdown)

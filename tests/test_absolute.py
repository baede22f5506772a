"""Out-of-100 words and icon arrays."""

from __future__ import annotations

import json

import pytest

from backpain import absolute, charts


def relief(fixture_dataset):
    return fixture_dataset.treatment("fast_pill").evidence.acute.absolute[0]


def test_both_framings_with_comparator_timeframe_and_certainty(fixture_dataset):
    lines = absolute.sentences(relief(fixture_dataset), "Fast pill")
    text = " ".join(lines)
    assert "over 1 week" in text
    assert "about 48 feel better with placebo" in text
    assert "about 14 more feel better with Fast pill (about 62 in all)" in text
    assert "About 38 do not feel better with Fast pill, and about 52 with placebo" in text
    assert text.endswith("This is probably right.")


def test_harm_without_certainty_says_so(fixture_dataset):
    harm = fixture_dataset.treatment("fast_pill").evidence.acute.absolute[1]
    text = " ".join(absolute.sentences(harm, "Fast pill"))
    assert "about 18 have a side effect with placebo" in text and "about 22 have a side effect with Fast pill" in text
    assert "no certainty rating" in text


def test_icon_array_has_100_icons_in_groups_that_add_up(fixture_dataset):
    spec = charts.icon_array(relief(fixture_dataset), "Fast pill").to_dict()
    rows = spec["data"]["values"] if "values" in spec.get("data", {}) else next(iter(spec["datasets"].values()))
    assert len(rows) == 100
    counts = {}
    for r in rows:
        counts[r["group"]] = counts.get(r["group"], 0) + 1
    assert counts == {"feel better either way": 48, "feel better extra with Fast pill": 14, "neither": 38}
    assert spec["encoding"]["shape"]["field"] == "legend"  # shapes as well as colours
    assert "Icon array of 100 people" in spec["description"]


def test_fewer_with_treatment_is_shown_as_fewer():
    from backpain.schema import AbsoluteEffect

    effect = AbsoluteEffect.model_validate_json(
        json.dumps(
            {
                "outcome": "any_adverse_event", "definition": "any side effect", "treatment_per_100": 9.5,
                "comparator_per_100": 11.1, "comparator": "placebo", "timeframe": "2 weeks", "difference": "clear",
                "sources": ["x"],
            }
        )
    )  # fmt: skip
    assert "about 1 fewer have a side effect with X" in " ".join(absolute.sentences(effect, "X"))
    groups = {r["group"] for r in absolute.icon_rows(effect, "X")}
    assert "side effect only with placebo" in groups


def test_priority_bars_spec(dataset):
    from backpain.priorities import REGISTRY, rank_treatments, weights_from_levels
    from backpain.schema import Indication

    ranked = rank_treatments(dataset.treatments, Indication.acute, weights_from_levels({}))
    frame = charts.priority_frame(ranked, {t.id: t for t in dataset.treatments}, Indication.acute)
    spec = charts.priority_bars(frame, "title").to_dict(validate=True)
    bars, numbers = spec["layer"]
    # Stacked in the priorities' own order, so the numbers run 1, 2, 3 along each bar.
    assert bars["transform"][1]["stack"] == "contribution" and bars["transform"][1]["sort"] == [{"field": "number"}]
    assert bars["encoding"]["x2"]["field"] == "end"
    assert len(spec["datasets"]["contributions"]) == len(REGISTRY) * len(dataset.treatments)
    # Bars outside the group shown to help are faint, so a long bar for paracetamol never reads as "better".
    assert bars["encoding"]["opacity"]["condition"]["test"] == "(datum.group === 'helps')"
    assert bars["encoding"]["opacity"]["value"] < 0.5
    # Never colour alone: each part carries its priority's number, and the legend names the numbers.
    assert numbers["mark"]["type"] == "text" and numbers["encoding"]["text"]["field"] == "number"
    legend_words = bars["encoding"]["color"]["legend"]["labelExpr"]
    assert all(f'"{number} \\u00b7 ' in legend_words for number in range(1, 8)), legend_words
    from backpain.priorities import CRITERIA

    assert all(f'"{label}"' in numbers["transform"][0]["calculate"] for label in CRITERIA.values())


@pytest.mark.parametrize("legend", [True, False])
def test_the_page_priority_spec_is_the_altair_chart(dataset, legend):
    # The page draws priority_spec (a cached template plus fresh data); it must be the chart priority_bars makes.
    from backpain.priorities import rank_treatments, weights_from_levels
    from backpain.schema import Indication

    ranked = rank_treatments(dataset.treatments, Indication.chronic, weights_from_levels({"onset": "very"}))
    frame = charts.priority_frame(ranked, {t.id: t for t in dataset.treatments}, Indication.chronic)
    for part in (frame, frame[frame["group"] == "helps"], frame.iloc[0:0]):
        assert (
            charts.priority_spec(part, "In order of fit", legend)
            == charts.priority_bars(part, "In order of fit", legend).to_dict()
        )


def side_effects(fixture_dataset):
    # 21.5 vs 18 per 100, a gap the source found could be chance (difference: not_clear).
    return fixture_dataset.treatment("fast_pill").evidence.acute.absolute[1]


def test_a_gap_that_may_be_chance_never_reads_as_more_or_fewer(fixture_dataset):
    effect = side_effects(fixture_dataset)
    text = " ".join(absolute.sentences(effect, "Fast pill"))
    assert absolute.MAY_BE_CHANCE in text
    assert "more have a side effect" not in text and "fewer have a side effect" not in text
    assert "risk ratio 1.19 (95% CI 0.92 to 1.54)" in text
    groups = {r["group"] for r in absolute.icon_rows(effect, "Fast pill")}
    assert "side effect extra with Fast pill; may be chance" in groups
    assert "(no clear difference)" in absolute.one_line(effect, "Fast pill")
    spec = charts.icon_array(effect, "Fast pill").to_dict()
    assert spec["title"]["subtitle"] == "No clear difference"


def test_a_clear_gap_reads_as_more_and_says_nothing_of_chance(fixture_dataset):
    effect = relief(fixture_dataset)
    text = " ".join(absolute.sentences(effect, "Fast pill"))
    assert "about 14 more feel better with Fast pill" in text and absolute.MAY_BE_CHANCE not in text
    assert "no clear difference" not in absolute.one_line(effect, "Fast pill")
    assert charts.icon_array(effect, "Fast pill").to_dict()["title"]["subtitle"] == ""


def test_an_untested_gap_says_so(fixture_dataset):
    effect = relief(fixture_dataset).model_copy(update={"difference": absolute.Difference.not_tested})
    assert absolute.NOT_TESTED in absolute.sentences(effect, "Fast pill")


def test_each_priority_has_its_own_colour():
    from backpain.charts.base import OKABE_ITO
    from backpain.priorities import CRITERIA

    # The palette has 8 colours; a 9th criterion needs a colour of its own before it can be drawn.
    assert len(CRITERIA) <= len(OKABE_ITO), "add a colour to OKABE_ITO's range for the new criterion"

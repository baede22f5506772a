"""Filters, search, and the URL view: pure functions, no UI."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backpain.query import Filters, filter_treatments, matches_search
from backpain.schema import Access, Category, DependenceLevel, Indication
from backpain.view import PARAMS, ViewState, parse_params, to_params


def ids(treatments):
    return {t.id for t in treatments}


def test_no_filter_keeps_everything(dataset):
    assert len(filter_treatments(dataset.treatments, Filters())) == len(dataset.treatments)


def test_max_dependence_low_removes_opioids_carisoprodol_and_benzodiazepines(dataset):
    kept = filter_treatments(dataset.treatments, Filters(max_dependence=DependenceLevel.low))
    assert not {"carisoprodol", "diazepam", "tramadol", "strong_opioids"} & ids(kept)
    assert all(t.category not in (Category.opioid, Category.benzodiazepine) for t in kept)
    assert "exercise_therapy" in ids(kept)


def test_onset_hour_keeps_fast_options_and_removes_slow_ones(fixture_dataset, dataset):
    assert ids(filter_treatments(fixture_dataset.treatments, Filters(onset="hour"))) == {"fast_pill"}
    kept = filter_treatments(dataset.treatments, Filters(onset="hour"))
    assert "exercise_therapy" not in ids(kept)
    assert all(t.onset.max_hours is not None and t.onset.max_hours <= 1 for t in kept)


def test_unknown_onset_never_counts_as_fast(fixture_dataset):
    assert "habit_drug" not in ids(filter_treatments(fixture_dataset.treatments, Filters(onset="month")))


def test_min_certainty_reads_the_chosen_indication(fixture_dataset):
    acute = filter_treatments(fixture_dataset.treatments, Filters(min_certainty="moderate"))
    chronic = filter_treatments(fixture_dataset.treatments, Filters(indication=Indication.chronic, min_certainty="moderate"))
    assert ids(acute) == {"fast_pill"}
    assert ids(chronic) == {"slow_exercise", "habit_drug"}


def test_no_prescription_keeps_over_the_counter_and_self_directed(dataset):
    kept = filter_treatments(dataset.treatments, Filters(access="no_prescription"))
    assert kept and all(t.access in (Access.over_the_counter, Access.self_directed) for t in kept)


def test_category_filter(dataset):
    kept = filter_treatments(dataset.treatments, Filters(categories=(Category.surgery,)))
    assert ids(kept) == {"discectomy", "spinal_fusion", "spinal_cord_stimulation"}


def test_brand_names_find_the_generic(dataset):
    carisoprodol = dataset.treatment("carisoprodol")
    for query in ("Pain o Soma", "soma", "PAIN-O-SOMA", "carisoprodol"):
        assert matches_search(carisoprodol, query), query
        assert "carisoprodol" in ids(filter_treatments(dataset.treatments, Filters(q=query)))


@pytest.mark.parametrize(
    "typed,option",
    [("Pain o Soma 500mg", "carisoprodol"), ("soma 350", "carisoprodol"), ("Pain O Soma 350", "carisoprodol"),
     ("co-codamol", "codeine"), ("Lyrica", "gabapentinoids"), ("Advil", "nsaids_oral"), ("ibuprofin", "nsaids_oral"),
     ("naproxen 500 mg tablets", "nsaids_oral"), ("valium", "diazepam")],
)  # fmt: skip
def test_search_understands_brands_strengths_forms_and_slips(dataset, typed, option):
    assert ids(filter_treatments(dataset.treatments, Filters(q=typed))) == {option}


def test_search_does_not_guess_from_short_words_and_suggests_the_closest(dataset):
    from backpain import search

    assert not filter_treatments(dataset.treatments, Filters(q="xyzzy"))
    assert not search.matches(dataset.treatment("tens"), "tenz")  # four letters: too short to forgive a slip
    assert [t.id for t in search.closest(dataset.treatments, "carisoprodl")][0] == "carisoprodol"
    assert search.closest(dataset.treatments, "") == []


def test_url_round_trip():
    view = ViewState(
        filters=Filters(indication=Indication.chronic, categories=(Category.opioid,), onset="week", q="soma"),
        compare=("carisoprodol", "diazepam"),
        mode="clinician",
        focus="onset",
    )
    parsed, notices = parse_params(
        {k: v if isinstance(v, list) else [v] for k, v in to_params(view).items()}, {"carisoprodol", "diazepam"}
    )
    assert parsed == view and notices == []


def test_defaults_make_an_empty_url():
    assert to_params(ViewState()) == {}


def test_bad_values_are_ignored_with_a_notice():
    view, notices = parse_params(
        {"indication": ["bogus"], "compare": ["carisoprodol", "nope", "carisoprodol"], "mode": ["admin"], "category": ["x"]},
        {"carisoprodol"},
    )
    assert view == replace(ViewState(), compare=("carisoprodol",))
    assert len(notices) == 4 and all(n.startswith("Ignored") for n in notices)


# Names from the registry as well as random ones, so every parameter's reader meets garbage.
PARAM_NAMES = st.one_of(st.sampled_from([p.name for p in PARAMS]), st.text(max_size=20))


@given(st.dictionaries(PARAM_NAMES, st.lists(st.text(max_size=200), max_size=6), max_size=12))
def test_any_params_parse_without_raising(params):
    view, notices = parse_params(params, {"a", "b"})
    assert isinstance(view, ViewState) and isinstance(notices, list)
    assert len(view.compare) <= 4 and len(view.filters.q) <= 80


def test_weights_round_trip_and_garbage_weights_are_ignored():
    view = ViewState().with_weights({"onset": "very", "cost": "not"})
    params = {k: v if isinstance(v, list) else [v] for k, v in to_params(view).items()}
    assert params == {"w_onset": ["very"], "w_cost": ["not"]}
    assert parse_params(params, set())[0] == view
    garbage, notices = parse_params({"w_onset": ["11"], "w_harms": ["<b>"], "w_nope": ["very"]}, set())
    assert garbage == ViewState() and len(notices) == 2


def test_readme_lists_every_url_parameter_as_the_registry_describes_it():
    from readme import assert_readme_has

    from backpain.view import PARAMS

    assert_readme_has((f"| `{param.name}` | {param.values} |" for param in PARAMS), "## Pages and URL parameters")


def test_every_parameter_round_trips_on_its_own():
    """A registry entry whose reading and writing disagree would fail here, whatever its name."""
    from backpain.view import PARAMS

    for param in PARAMS:
        assert param.example is not None, f"give the URL parameter {param.name!r} an example value in PARAMS"
        view = param.set(ViewState(), param.example)
        written = to_params(view)
        assert list(written) == [param.name], f"{param.name}: its example must differ from the default"
        params = {k: v if isinstance(v, list) else [v] for k, v in written.items()}
        assert parse_params(params, {"carisoprodol", "diazepam"}) == (view, [])


def test_the_folded_filters_count_the_ones_set():
    from backpain.query import NARROWING_FILTERS, narrowing_filters_set

    assert narrowing_filters_set(Filters()) == 0
    assert narrowing_filters_set(Filters(indication=Indication.chronic, q="soma")) == 0  # shown above the fold
    assert narrowing_filters_set(Filters(onset="day", access="no_prescription")) == 2
    assert set(NARROWING_FILTERS) | {"indication", "q"} == {f.name for f in dataclasses.fields(Filters)}

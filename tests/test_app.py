"""AppTest: every page boots in both modes, filters narrow, URLs restore the view, garbage is harmless."""

from __future__ import annotations

import pytest
from appkit import PAGES, run
from streamlit.testing.v1 import AppTest

from backpain import markup


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [str(i.value) for i in at.info]
    return "\n".join(parts)


def match_count(at: AppTest) -> int:
    line = next(m.value for m in at.markdown if "options match" in m.value)
    return int(line.split("**")[1].split()[0])


@pytest.mark.parametrize("mode", ["patient", "clinician"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_loads_in_both_modes(page, mode):
    at = run({"mode": mode, "compare": ["carisoprodol", "exercise_therapy"], "id": "carisoprodol"}, page)
    text = all_text(at)
    assert "Not medical advice" in text
    assert "emergency department" in text


def test_max_dependence_low_narrows_the_set(dataset):
    at = run({"max_dependence": "low"})
    assert match_count(at) < len(dataset.treatments)
    table = at.dataframe[-1].value
    names = set(table["Option"])
    assert not any("Carisoprodol" in n or "Diazepam" in n or "opioid" in n.lower() or "Tramadol" in n for n in names)


def test_onset_within_a_day_keeps_only_options_with_relief_that_soon(dataset):
    at = run({"onset": "day"})
    names = set(at.dataframe[-1].value["Option"])
    expected = {t.name for t in dataset.treatments if t.onset.is_onset and t.onset.max_hours <= 24}
    assert names == expected and expected
    assert "Exercise therapy" not in names


def test_search_for_brand_finds_generic():
    at = run({"q": "Pain o Soma"})
    assert match_count(at) == 1
    assert list(at.dataframe[-1].value["Option"]) == ["Carisoprodol"]


def test_typing_in_the_search_box_filters_and_updates_the_url():
    at = run()
    at.text_input(key="w_q").input("soma").run()
    assert match_count(at) == 1
    assert at.query_params["q"] in ("soma", ["soma"])


def test_compare_shows_exactly_the_chosen_options(dataset):
    chosen = ["carisoprodol", "exercise_therapy", "nsaids_oral"]
    at = run({"compare": chosen}, "views/compare.py")
    headers = [m.value for m in at.markdown if m.value.startswith("#### ")]
    names = [dataset.treatment(i).name for i in chosen]
    assert len(headers) == 3
    for name in names:
        assert any(name.split(" ")[0] in h for h in headers)


def test_compare_focus_orders_on_the_question():
    at = run({"compare": ["exercise_therapy", "superficial_heat"], "focus": "onset"}, "views/compare.py")
    cells = [m.value for m in at.markdown if m.value.startswith("*") and "First relief" in m.value]
    assert cells[0].startswith("*Heat")


def test_url_restores_the_view():
    at = run({"indication": "chronic", "category": ["exercise", "manual_therapy"], "mode": "clinician"})
    assert at.selectbox(key="w_indication").value == "chronic"
    assert at.multiselect(key="w_category").value == ["exercise", "manual_therapy"]
    assert at.segmented_control(key="w_mode").value == "clinician"
    assert "Long-lasting back pain" in all_text(at)


def test_treatment_page_opens_from_id(dataset):
    at = run({"id": "carisoprodol", "mode": "clinician"}, "views/treatment.py")
    text = all_text(at)
    assert "## Carisoprodol" in text
    assert "US schedule" in text and "IV" in text
    assert "Last reviewed" in text


@pytest.mark.parametrize("page", PAGES)
def test_garbage_in_every_param_is_harmless(page):
    garbage = "'\"><script>alert(1)</script>%00" + "x" * 300
    params = {
        key: garbage
        for key in (
            "indication",
            "category",
            "max_dependence",
            "min_certainty",
            "onset",
            "access",
            "q",
            "compare",
            "mode",
            "id",
            "focus",
        )
    }
    at = run(params, page)
    assert "Ignored" in all_text(at) or page != PAGES[0]


def test_clinician_mode_adds_schedules_to_the_table():
    patient = run({"mode": "patient"}).dataframe[-1].value
    clinician = run({"mode": "clinician"}).dataframe[-1].value
    assert "US schedule" not in patient.columns
    schedules = dict(zip(clinician["Option"], clinician["US schedule"], strict=True))
    assert schedules["Carisoprodol"] == "US schedule IV" and schedules["Exercise therapy"] == "Not controlled in the US"


def ranked_names(at: AppTest) -> list[str]:
    lines = [m.value for m in at.markdown if m.value.startswith("**") and ". " in m.value[:6]]
    return [line.split("**")[1].split(". ", 1)[1] for line in lines]


def test_weights_from_the_url_restore_the_order(dataset):
    from backpain.priorities import rank_treatments, weights_from_levels
    from backpain.schema import Indication

    params = {"w_dependence": "very", "w_onset": "not", "w_cost": "not", "indication": "chronic"}
    at = run(params, "views/priorities.py")
    expected = rank_treatments(
        dataset.treatments, Indication.chronic, weights_from_levels({k[2:]: v for k, v in params.items() if k.startswith("w_")})
    )
    shown = ranked_names(at)
    assert len(shown) == len(dataset.treatments)
    assert [n.replace("\\", "") for n in shown] == [r.name for r in expected]
    assert at.segmented_control(key="w_weight_dependence").value == "very"
    assert "not a recommendation" in all_text(at)


def test_picking_one_thing_sets_the_weights(dataset):
    at = run(page="views/priorities.py")
    at.radio(key="w_pick_one").set_value("dependence").run()
    assert at.query_params["w_dependence"] in ("very", ["very"])
    assert at.query_params["w_onset"] in ("not", ["not"])
    first = next(t for t in dataset.treatments if t.name.replace("(", "\\(").replace(")", "\\)") == ranked_names(at)[0])
    assert first.dependence.level.value == "none" and first.evidence.acute.direction.value == "benefit"
    headings = [
        m.value for m in at.markdown if m.value.startswith("**The evidence shows") or m.value.startswith("**Not known yet")
    ]
    assert len(headings) == 3, "options are grouped by what the evidence shows"


def test_claims_page_lists_carisoprodol_first_with_verdicts(dataset):
    at = run(page="views/claims.py")
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert headings[0] == "### Carisoprodol"
    text = all_text(at)
    assert "top choice" in text and "Not supported" in text


def test_treatment_page_shows_out_of_100_and_claims():
    at = run({"id": "duloxetine"}, "views/treatment.py")
    text = all_text(at)
    assert "Out of 100 people like those in the studies" in text
    assert "No absolute numbers available." in text  # duloxetine has none for acute pain


def test_claim_sources_seen_online_are_named_but_not_linked():
    at = run(page="views/claims.py")
    seen = [c.value for c in at.caption if c.value.startswith("Seen in:")]
    assert seen and not any("https://" in s or "http://" in s for s in seen)


def test_explore_offers_escaped_downloads_and_about_shows_the_changelog(dataset):
    at = run({"q": "soma"})
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("CSV") == 2 and labels.count("JSON") == 2 and "datapackage.json" in labels
    about = run(page="views/about.py")
    assert f"**{dataset.provenance.version.replace('.', chr(92) + '.')}**" in all_text(about)


@pytest.mark.parametrize("slide", range(1, 7))
def test_every_slide_loads_with_safety_lines(slide):
    at = run({"mode": "present", "slide": str(slide)})
    assert f"Slide {slide} of 6" in all_text(at)
    from backpain import safety

    assert "Not medical advice" in all_text(at) and "Go to an emergency department now" in all_text(at)
    assert safety.RED_FLAGS_NOW_IN_ONE_LINE in all_text(at)


def test_next_slide_moves_and_updates_the_url():
    at = run({"mode": "present", "slide": "2"})
    at.button(key="slide_next").click().run()
    assert "Slide 3 of 6" in all_text(at)
    assert at.query_params["slide"] in ("3", ["3"])
    at.button(key="slide_exit").click().run()
    assert "Slide 3 of 6" not in all_text(at)


def test_a_search_that_finds_nothing_says_so_once_with_the_closest_names():
    at = run({"q": "carisoprodl plus"})
    assert not at.exception
    said = [i.value for i in at.info]
    assert len(said) == 1 and "Nothing matches" in said[0] and "Carisoprodol" in said[0]
    assert not at.get("arrow_vega_lite_chart") and "No options match" not in all_text(at)


def test_pickers_find_an_option_by_its_brand():
    at = run({}, "views/treatment.py")
    labels = at.selectbox(key="w_treatment").options
    assert any(label.startswith("Carisoprodol") and "Soma" in label for label in labels)


@pytest.mark.parametrize("slide", [5, 6])
def test_the_option_and_claims_slides_honour_id_and_offer_a_picker(slide):
    at = run({"mode": "present", "slide": str(slide), "id": "gabapentinoids"})
    assert not at.exception
    assert at.selectbox(key="w_treatment").value == "gabapentinoids"
    assert "Gabapentinoids" in all_text(at)
    # The option's one-page summary, to hand out after the talk, in both forms; from the claims slide, with them.
    what = "this option" if slide == 5 else "this option and its checked claims"
    downloads = [b.proto.label for b in at.get("download_button")]
    assert downloads == [f"Summary of {what}, plain words (PDF)", f"Summary of {what}, clinician detail (PDF)"]
    at.selectbox(key="w_treatment").set_value("carisoprodol").run()
    assert at.query_params.get("id") in ("carisoprodol", ["carisoprodol"]) and "Carisoprodol" in all_text(at)


def test_the_claims_slide_gives_each_verdict_its_reason(dataset):
    at = run({"mode": "present", "slide": "6", "id": "carisoprodol"})
    text = all_text(at)
    from backpain import markup

    assert all(markup.plain(claim.why)[:40] in text for claim in dataset.treatment("carisoprodol").claims)


@pytest.mark.parametrize("slide", range(1, 7))
def test_every_slide_carries_its_footer(slide, dataset):
    at = run({"mode": "present", "slide": str(slide)})
    footer = [c.value for c in at.caption if "Not medical advice" in c.value and "data version" in c.value]
    assert footer and dataset.provenance.version.replace(".", "\\.") in footer[0] and "CC BY 4\\.0" in footer[0]


def test_the_compare_button_counts_the_ticked_rows():
    from views.explore import ticked_label

    assert ticked_label(0) == "Tick options to compare them"
    assert ticked_label(1) == "Add 1 ticked option to the comparison"
    assert ticked_label(3) == "Add 3 ticked options to the comparison"


def test_searching_an_adverts_words_leads_to_its_checked_claims():
    at = run({"q": "Pain o Soma 500mg"})
    said = [m.value for m in at.markdown if "claims about Carisoprodol" in m.value]
    assert said and "5 not supported or misleading" in said[0]
    links = [link for link in at.get("page_link") if link.proto.label == "See each claim beside the evidence"]
    assert len(links) == 1
    assert "id=carisoprodol" in links[0].proto.query_string and "q=Pain" in links[0].proto.query_string
    assert links[0].proto.page.endswith("claims.py") or "claims" in links[0].proto.page
    assert not [m for m in run({"q": "yoga"}).markdown if "claims about" in m.value]


def test_the_claims_page_shows_the_option_asked_about_first(dataset):
    with_claims = sorted((t for t in dataset.treatments if t.claims), key=lambda t: t.name.lower())
    other = next(t for t in with_claims if t.id != "carisoprodol")
    headings = [m.value for m in run({"id": other.id}, "views/claims.py").markdown if m.value.startswith("### ")]
    assert headings[0] == f"### {markup.plain(other.name)}"
    headings = [m.value for m in run({}, "views/claims.py").markdown if m.value.startswith("### ")]
    assert headings[0] == "### Carisoprodol"


def test_a_slide_number_past_the_end_opens_the_last_slide_with_a_note_that_fades():
    at = run({"mode": "present", "slide": "9"})
    assert not at.exception and "Slide 6 of 6" in all_text(at)
    # A toast, not a line on the slide: the slide must still fit its screen.
    assert [t.value for t in at.toast] == [markup.plain("The deck has 6 slides, so slide=9 opens slide 6.")]
    assert not [c for c in at.caption if "The deck has" in c.value]

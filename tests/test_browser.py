"""End to end in headless Debian Chromium against `streamlit run` on a free port.

Outside CI these tests skip (with the reason printed) when Chromium is missing; in CI they fail.
Screenshots of every page at 1280 px and 390 px are saved under test-output/screenshots/.
"""

from __future__ import annotations

import pytest
from browserkit import SHOTS, Watched, require_chromium
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
require_chromium()


# Streamlit 1.67 draws Vega-Lite charts as SVG (older versions used canvas); accept either.
RENDERED = '[data-testid="stVegaLiteChart"] :is(svg.marks, canvas)'
# Conditions are given as functions: a bare expression would be run through eval, which the page's content
# security policy refuses.
WAIT_FOR_FOUR = f"() => document.querySelectorAll('{RENDERED}').length >= 4"


def chart_words(page, key: str) -> set[str]:
    """Every piece of text a chart drew (its SVG text), for comparing a chart before and after a change."""
    return set(page.locator(f".st-key-chart_{key} svg.marks text").all_text_contents())


def canvases(page) -> int:
    """Charts drawn and shown (each chart also has a form for the other screen width, hidden)."""
    return page.locator(RENDERED).filter(visible=True).count()


def test_explore_renders_four_charts_and_a_filter_updates_them(server, browser):
    w = Watched(browser, 1280)
    page = w.open(f"{server}/")
    page.wait_for_function(WAIT_FOR_FOUR, timeout=30000)
    # Each chart in its wide form; its phone form is drawn too, hidden at this width.
    assert canvases(page) == 4
    # The table view under a chart is built only when opened, and then shows the same options.
    page.locator(".st-key-chart_map").get_by_text("Table view of these numbers").click()
    page.locator(".st-key-chart_map [data-testid='stDataFrame']").wait_for(timeout=30000)
    before = chart_words(page, "map")
    w.page.goto(f"{server}/?max_dependence=none&indication=chronic")
    w.settle()
    page.wait_for_function(WAIT_FOR_FOUR, timeout=30000)
    after = chart_words(page, "map")
    # The filter changed what the chart draws: options with a dependence risk left it, the rest stayed.
    assert "Tramadol" in before and "Tramadol" not in after
    assert "Exercise therapy" in before and "Exercise therapy" in after
    assert "Long-lasting back pain" in page.inner_text("body")
    assert not w.errors, w.errors
    assert not w.outside, w.outside


def test_typing_a_brand_name_updates_count_and_url(server, browser):
    w = Watched(browser, 1280)
    page = w.open(f"{server}/")
    box = page.get_by_label("Search a name or brand")
    box.fill("Pain o Soma")
    box.press("Enter")
    # "1 of 51" must be the whole count: "51 of 51" also contains "1 of ".
    page.wait_for_function("() => /(^|\\D)1 of \\d+ options match/.test(document.body.innerText)", timeout=30000)
    assert "q=Pain" in page.url
    assert not w.errors, w.errors


def test_compare_shows_the_chosen_columns(server, browser):
    w = Watched(browser, 1280)
    page = w.open(f"{server}/compare?compare=carisoprodol&compare=exercise_therapy&compare=nsaids_oral")
    headings = page.locator("h4").all_inner_texts()
    assert any("Carisoprodol" in h for h in headings)
    assert any("Exercise therapy" in h for h in headings)
    assert any("NSAIDs" in h for h in headings)
    assert not w.errors, w.errors
    assert not w.outside, w.outside


def test_the_share_link_reopens_the_same_page_and_view(server, browser):
    w = Watched(browser, 1280)
    page = w.open(f"{server}/compare?compare=carisoprodol&compare=exercise_therapy&indication=chronic")
    page.get_by_text("Copy a link to this view").click()
    link = page.locator(".st-key-share_link code").inner_text().strip()
    assert link.startswith(f"{server}/compare?") and "compare=carisoprodol" in link and "indication=chronic" in link
    again = Watched(browser, 1280).open(link)
    assert again.locator("h4", has_text="Carisoprodol").first.is_visible()
    assert "Long-lasting back pain" in again.locator(".st-key-print_only").text_content()
    assert not w.errors, w.errors


def test_compare_prints_without_controls(server, browser):
    w = Watched(browser, 1280)
    page = w.open(f"{server}/compare?compare=carisoprodol&compare=exercise_therapy")
    page.emulate_media(media="print")
    expect(page.locator('[data-testid="stMultiSelect"]').first).to_be_hidden()
    expect(page.locator('[data-testid="stDownloadButton"]').first).to_be_hidden()
    assert page.locator("h4", has_text="Carisoprodol").first.is_visible()
    assert page.locator("text=Go to an emergency department now").first.is_visible()
    assert page.locator(".st-key-print_only", has_text="Recent back pain").is_visible()
    # Paper has no tap: the full red flags and each cell's "More" print open.
    from backpain import safety

    expect(page.get_by_text(safety.RED_FLAGS_SOON[0]).first).to_be_visible(timeout=30000)
    expect(page.locator(".st-key-more_benefit_carisoprodol").get_by_text("Evidence:").first).to_be_visible(timeout=30000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SHOTS / "compare-print.pdf"), format="A4")
    assert (SHOTS / "compare-print.pdf").stat().st_size > 10_000
    assert not w.errors, w.errors


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(
    "name,path",
    [
        ("explore", "/"),
        ("compare", "/compare?compare=carisoprodol&compare=exercise_therapy&compare=nsaids_oral"),
        ("priorities", "/priorities?w_dependence=very&w_cost=not"),
        ("claims", "/claims"),
        ("treatment", "/treatment?id=carisoprodol&mode=clinician"),
        ("about", "/about"),
    ],
)
def test_screenshots(server, browser, name, path, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    w = Watched(browser, width, 2400 if width > 400 else 3200)
    page = w.open(server + path)
    if name == "explore":
        page.wait_for_function(WAIT_FOR_FOUR, timeout=30000)
    out = SHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 10_000
    if width > 400:
        # Deep links open with the app's own navigation, not Streamlit's folder-based page list.
        assert page.locator("text=What matters to me").count() > 0
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    # Red flags and the disclaimer are on every page, not hidden in a collapsed sidebar.
    body = page.inner_text("body")
    assert "emergency department" in body and "Not medical advice" in body
    assert not w.errors, w.errors
    assert not w.outside, w.outside


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"])
@pytest.mark.parametrize("slide", [*range(1, 7), 9])
def test_each_slide_fits_the_screen_without_the_apps_chrome(server, browser, slide, size):
    SHOTS.mkdir(parents=True, exist_ok=True)
    width, height = size
    w = Watched(browser, width, height)
    page = w.open(f"{server}/?mode=present&slide={slide}")
    # A number past the end opens the last slide, with a note that fades rather than a line that pushes it down.
    slide = min(slide, 6)
    if slide <= 4:
        page.wait_for_function(f"() => document.querySelectorAll('{RENDERED}').length >= 1", timeout=30000)
    page.screenshot(path=str(SHOTS / f"slide-{slide}-{width}.png"))
    assert f"Slide {slide} of 6" in page.inner_text("body")
    # The app's header and navigation are hidden; the red-flag line, the controls and the footer stay.
    expect(page.locator('[data-testid="stHeader"]')).to_be_hidden()
    assert page.get_by_text("Go to an emergency department now").first.is_visible()
    footer = page.locator(".st-key-slide [data-testid='stCaptionContainer']").last.bounding_box()
    assert footer is not None and footer["y"] + footer["height"] <= height, (slide, size, footer)
    # Nothing below the fold: the main area does not scroll.
    scroll = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]'); return [m.scrollHeight, m.clientHeight] }"
    )
    assert scroll[0] <= scroll[1] + 1, (slide, size, scroll)
    assert not w.errors, w.errors
    assert not w.outside, w.outside


@pytest.mark.parametrize("indication", ["acute", "chronic", "sciatica"])
def test_the_guideline_slide_names_every_option_whole_shows_its_key_and_fits(server, browser, indication):
    w = Watched(browser, 1920, 1080)
    page = w.open(f"{server}/?mode=present&slide=4&indication={indication}")
    page.wait_for_function(f"() => document.querySelectorAll('{RENDERED}').length >= 2", timeout=30000)
    words = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg text')].map(t => t.textContent)"
    )
    assert "Acupuncture" in words and not [w for w in words if w.endswith("…")], words
    expect(page.locator(".st-key-symbol_key")).to_contain_text("✓ recommended")
    footer = page.locator(".st-key-slide [data-testid='stCaptionContainer']").last.bounding_box()
    assert footer is not None and footer["y"] + footer["height"] <= 1080, (indication, footer)
    scroll = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]'); return [m.scrollHeight, m.clientHeight] }"
    )
    assert scroll[0] <= scroll[1] + 1, (indication, scroll)


def test_the_deck_moves_with_arrows_page_keys_space_and_a_clicker(server, browser):
    w = Watched(browser, 1920, 1080)
    page = w.open(f"{server}/?mode=present&slide=1")
    import time

    for key, slide in (("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("PageUp", 3), ("ArrowLeft", 2)):
        # As after a click on the slide's title: the page has the focus, no button or chart does.
        page.locator(".st-key-slide h1").first.click()
        pressed = time.perf_counter()
        page.keyboard.press(key)  # one key press, no Tab needed
        page.wait_for_function(f"() => document.body.innerText.includes('Slide {slide} of 6')", timeout=30000)
        print(f"{key}: slide {slide} shown {1000 * (time.perf_counter() - pressed):.0f} ms after one key press")
        w.settle()
        assert f"slide={slide}" in page.url, (key, page.url)
    assert not w.errors, w.errors


PHONE = (390, 844)  # an iPhone 12 to 14 in CSS pixels


def wait_for_the_page_css(page) -> None:
    """On a loaded machine the page's own CSS can arrive after the page: measure once it is applied."""
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.st-key-urgent_bar')).position === 'fixed'", timeout=30000
    )


def above_the_urgent_bar(page, element) -> tuple[dict | None, dict | None, bool]:
    """The element's box and the fixed urgent bar's, and whether the whole element ends above the bar."""
    box, bar = element.bounding_box(), page.locator(".st-key-urgent_bar").bounding_box()
    return box, bar, box is not None and bar is not None and box["y"] + box["height"] <= bar["y"]


def test_a_phone_shows_the_urgent_signs_the_pages_and_the_search_box_on_its_first_screen(server, browser):
    w = Watched(browser, *PHONE)
    page = w.open(f"{server}/")
    wait_for_the_page_css(page)
    search, bar, above = above_the_urgent_bar(page, page.get_by_label("Search a name or brand"))
    # The whole box, not just its top, fits in the first screen, above the urgent line fixed at its bottom.
    assert above, (search, bar)
    for part in (".st-key-red_flags", ".st-key-page_links"):
        box = page.locator(part).bounding_box()
        assert box is not None and box["y"] + box["height"] <= search["y"], (part, box)
    # The urgent line is on the first screen once, in the bar at its bottom (the box at the top keeps the full list).
    urgent = page.get_by_text("Go to an emergency department now", exact=True)
    assert [u.is_visible() for u in urgent.all()] == [False, True], "the box's copy hidden, the bar's shown"
    assert page.locator(".st-key-urgent_bar").get_by_text("Go to an emergency department now", exact=True).is_visible()
    # The pages are one tap away, without the menu: a link keeps the view.
    page.locator(".st-key-page_links").get_by_role("link", name="Compare").click()
    page.wait_for_function("() => location.pathname.endsWith('/compare')", timeout=30000)
    print(
        f"phone first screen: search box top {search['y']:.0f} px, bottom {search['y'] + search['height']:.0f} px of {PHONE[1]}"
    )
    # A search is answered on the same first screen: how many match, under the box.
    page = w.open(f"{server}/?q=Pain+o+Soma+500mg")
    wait_for_the_page_css(page)
    count, bar, above = above_the_urgent_bar(page, page.get_by_text("1 of 51 options match"))
    assert above, (count, bar)
    # On a wide screen the app's own navigation is there, and the phone row is not.
    wide = Watched(browser, 1280, 900).open(f"{server}/")
    expect(wide.get_by_role("link", name="What matters to me").first).to_be_visible(timeout=30000)
    expect(wide.locator(".st-key-page_links")).to_be_hidden(timeout=30000)
    assert not w.errors, w.errors


@pytest.mark.parametrize("width", [390, 1280])
def test_the_urgent_line_stays_at_the_bottom_of_the_screen_and_hides_nothing(server, browser, width):
    w = Watched(browser, width, 844)
    page = w.open(f"{server}/?indication=chronic")
    bar = page.locator(".st-key-urgent_bar")
    expect(bar).to_contain_text("Go to an emergency department now")
    wait_for_the_page_css(page)
    for _ in range(2):  # the top of the page, then its end
        box = bar.bounding_box()
        assert box is not None and abs(box["y"] + box["height"] - 844) <= 1 and box["height"] <= (110 if width < 736 else 50), box
        page.locator(".st-key-share_link").scroll_into_view_if_needed()
        page.mouse.wheel(0, 20000)
        page.wait_for_timeout(500)
    # The page's last control ends above the bar, so the bar never covers it.
    share = page.locator(".st-key-share_link").bounding_box()
    assert share is not None and share["y"] + share["height"] <= bar.bounding_box()["y"], (share, bar.bounding_box())
    assert not w.errors, w.errors


def test_each_page_has_its_own_title_and_one_h1(server, browser):
    w = Watched(browser, 1280)
    titles = set()
    for path in ("/", "/compare", "/priorities", "/claims", "/treatment?id=tramadol", "/about", "/?mode=present&slide=2"):
        page = w.open(f"{server}{path}")
        titles.add(page.title())
        assert page.locator("h1").count() == 1, path
    assert len(titles) == 7, titles


def test_the_compared_names_stay_in_view_while_the_rows_scroll(server, browser):
    w = Watched(browser, 1280, 900)
    page = w.open(f"{server}/compare?compare=carisoprodol&compare=exercise_therapy&compare=nsaids_oral")
    # On a loaded machine the page's own CSS can arrive after the rows: measure once it is applied.
    page.wait_for_function(
        "() => { const n = document.querySelector('.st-key-compare_names');"
        " return n && getComputedStyle(n.parentElement).position === 'sticky'; }",
        timeout=30000,
    )
    page.locator(".st-key-row_cost").scroll_into_view_if_needed()
    names = page.locator(".st-key-compare_names").bounding_box()
    assert names is not None and 0 <= names["y"] < 200, names
    assert page.locator(".st-key-compare_names h4", has_text="Carisoprodol").is_visible()
    # Each name stands over its own column of the rows.
    columns = "[data-testid=stColumn]"
    over = [page.locator(f".st-key-compare_names {columns}").nth(i).bounding_box()["x"] for i in range(3)]
    under = [page.locator(f".st-key-row_cost {columns}").nth(i).bounding_box()["x"] for i in range(3)]
    assert all(abs(a - b) <= 2 for a, b in zip(over, under, strict=True)), (over, under)


# Each chart word's colour, faded by its own and its groups' opacity onto white, and its contrast with white
# (axe does not read text inside SVG charts).
CHART_TEXT_CONTRAST = r"""() => {
  const lum = c => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const out = [];
  for (const t of document.querySelectorAll('[data-testid=stVegaLiteChart] svg text')) {
    if (!t.textContent.trim()) continue;
    const style = getComputedStyle(t);
    const m = style.fill.match(/rgba?\(([^)]+)\)/); if (!m) continue;
    const [r, g, b, a = 1] = m[1].split(',').map(Number);
    let alpha = a * Number(style.fillOpacity || 1);
    for (let e = t; e && e.tagName !== 'svg'; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity || 1);
    if (alpha === 0) continue;  // a tick word Vega hid so that it would not touch its neighbour is not shown
    const [R, G, B] = [r, g, b].map(c => lum(c * alpha + 255 * (1 - alpha)));
    const L = 0.2126 * R + 0.7152 * G + 0.0722 * B;
    out.push([t.textContent.trim().slice(0, 40), Math.round(1.05 / (L + 0.05) * 100) / 100]);
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_chart_words_read_at_4_5_to_1_or_better(server, browser, width):
    w = Watched(browser, width, 2400 if width > 400 else 3200)
    page = w.open(f"{server}/?indication=chronic&mode=clinician")
    page.wait_for_function(WAIT_FOR_FOUR, timeout=30000)
    words = page.evaluate(CHART_TEXT_CONTRAST)
    assert len(words) > 50, words
    faint = [(text, ratio) for text, ratio in words if ratio < 4.5]
    assert not faint, faint


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_accessibility_violations(server, browser, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    w = Watched(browser, width, 1200)
    found = {}
    for path in ("/", "/compare?compare=carisoprodol&compare=exercise_therapy", "/priorities", "/claims",
                 "/treatment?id=tramadol", "/about", "/?mode=present&slide=2"):  # fmt: skip
        page = w.open(f"{server}{path}")
        # Streamlit fades elements while a rerun is pending; measure the page as it rests.
        page.wait_for_function("() => document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=30000)
        # Our caption style is an element of the page too: wait until it has been applied.
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=stCaptionContainer]')].every(c => getComputedStyle(c).opacity === '1')",
            timeout=30000,
        )
        violations = axe.run(page).response["violations"]
        bad = [
            f"{v['id']}: {n['target'][-1][-40:]} {n['any'][0]['message'][:90] if n['any'] else ''}"
            for v in violations
            if v["impact"] in ("serious", "critical")
            for n in v["nodes"][:3]
        ]
        if bad:
            found[path] = bad
    assert not found, found


# Every word a chart shows, as drawn: its box, its size and whether Vega cut it short. Hidden forms of a chart (the
# phone form on a wide screen and the other way round) and tick words Vega hid so they would not touch are left out.
CHART_LABELS = r"""() => {
  const out = [];
  for (const chart of document.querySelectorAll('[data-testid=stVegaLiteChart]')) {
    if (!chart.offsetParent) continue;
    const svg = chart.querySelector('svg.marks'); if (!svg) continue;
    const frame = svg.getBoundingClientRect();
    const keyed = chart.closest('[class*=st-key-]');
    const name = keyed ? keyed.className.match(/st-key-([\w-]+)/)[1] : 'chart';
    const words = [];
    for (const t of svg.querySelectorAll('text')) {
      const text = t.textContent.trim();
      if (!text) continue;
      let shown = true;
      for (let e = t; e && e !== svg; e = e.parentElement) if (getComputedStyle(e).opacity === '0' || e.getAttribute('opacity') === '0') shown = false;
      if (!shown) continue;
      const r = t.getBoundingClientRect();
      words.push({text, size: parseFloat(getComputedStyle(t).fontSize), box: [r.left, r.top, r.right, r.bottom]});
    }
    out.push({name, frame: [frame.left, frame.top, frame.right, frame.bottom], words});
  }
  return out;
}"""


def label_problems(chart: dict) -> list[str]:
    """Words that overlap, run out of the chart, end in Vega's '…', or are smaller than 11 px."""
    words, (left, _, right, _) = chart["words"], chart["frame"]
    problems = [
        f"cut: {w['text']}" for w in words if w["text"].endswith("…") or w["box"][0] < left - 1 or w["box"][2] > right + 1
    ]
    problems += [f"{w['size']:g} px: {w['text']}" for w in words if w["size"] < 11]
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            across = min(a["box"][2], b["box"][2]) - max(a["box"][0], b["box"][0])
            down = min(a["box"][3], b["box"][3]) - max(a["box"][1], b["box"][1])
            if across > 1 and down > 1:
                problems.append(f"overlap: {a['text'][:30]} | {b['text'][:30]}")
    return problems


@pytest.mark.parametrize("width", [1280, 390])
def test_no_chart_word_overlaps_another_is_cut_or_is_smaller_than_11_px(server, browser, width):
    w = Watched(browser, width, 3000)
    found, charts_seen = {}, []
    # Each page, with the charts it shows: four on Explore, a chart per group of options on What matters to me, the
    # effect chart and the icon arrays on Compare.
    for path, charts in (("/?indication=chronic&mode=clinician", 4), ("/?indication=acute&mode=patient", 4),
                         ("/priorities?indication=chronic", 3),
                         ("/compare?indication=chronic&mode=clinician&compare=nsaids_oral&compare=exercise_therapy&compare=duloxetine", 3)):  # fmt: skip
        page = w.open(f"{server}{path}")
        page.wait_for_function(
            f"() => [...document.querySelectorAll('{RENDERED}')].filter(c => c.checkVisibility()).length >= {charts}",
            timeout=90000,
        )
        w.settle()
        for chart in page.evaluate(CHART_LABELS):
            charts_seen.append(f"{path} {chart['name']}")
            if problems := label_problems(chart):
                found[f"{path} {chart['name']}"] = problems[:5]
    assert len(charts_seen) >= 14, charts_seen
    assert not found, found


# What has the keyboard's focus, named as a screen reader would hear it (or near enough: label, then text). A
# focusable region that holds other controls (Chromium lets the keyboard scroll <main>) is named by its tag alone:
# its text holds every control's words and would count them all as reached.
FOCUSED = """() => { const e = document.activeElement; if (!e) return '';
  if (e.querySelector('button, input, a, summary, textarea, select')) return `<${e.tagName.toLowerCase()}>`;
  const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText) || e.innerText || '';
  return label.replace(/\\s+/g, ' ').trim(); }"""


# Streamlit disables every input while its connection to the server is down (as on a machine too busy to answer
# its pings), and a disabled input takes no focus: the walk waits until they are enabled again.
CONNECTED = "() => [...document.querySelectorAll('[data-testid=stMain] input')].every(i => !i.disabled)"


def tab_through(page, presses: int) -> list[str]:
    names = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        names.append(page.evaluate(FOCUSED))
    return names


def unreached(controls: list[str], reached: list[str]) -> list[str]:
    return [c for c in controls if not any(name.endswith(c) or c in name for name in reached)]


@pytest.mark.parametrize(
    ("path", "controls"),
    [
        ("/?indication=chronic", ["Explore", "Compare", "Plain words", "All warning signs", "My back pain is", "Search a name or brand",
                                  "First steps", "More filters", "Table view of these numbers", "Download the data", "Copy a link to this view"]),
        ("/compare?indication=chronic&compare=nsaids_oral&compare=exercise_therapy", ["My back pain is", "Options to compare",
                                  "Focus on one question", "More", "My summary, plain words", "Copy a link to this view"]),
    ],
    ids=["explore", "compare"],
)  # fmt: skip
def test_every_control_is_reached_and_used_with_the_keyboard(server, browser, path, controls):
    w = Watched(browser, 1280, 900)
    page = w.open(f"{server}{path}")
    page.wait_for_function(CONNECTED, timeout=60000)
    page.locator("body").focus()
    reached = tab_through(page, 90)
    if unreached(controls, reached):
        # A rerun that lands mid-walk can move the focus; a control that is truly out of reach misses twice.
        w.settle()
        page.wait_for_function(CONNECTED, timeout=60000)
        page.locator("body").focus()
        reached = tab_through(page, 90)
    missing = unreached(controls, reached)
    assert not missing, f"not reached: {missing}; reached, in order: {' | '.join(reached)}"
    # And used: Enter opens a folded section; typed words reach the search box.
    page.keyboard.press("Shift+Tab")
    page.locator("summary").filter(has_text=controls[-1]).focus()
    page.keyboard.press("Enter")
    expect(page.locator("details[open] summary").filter(has_text=controls[-1])).to_be_visible(timeout=30000)
    if "Search a name or brand" in controls:
        page.get_by_label("Search a name or brand").focus()
        page.keyboard.type("Lyrica")
        page.keyboard.press("Enter")
        page.wait_for_function("() => /(^|\\D)1 of \\d+ options match/.test(document.body.innerText)", timeout=30000)


SCROLLED = "() => document.querySelector('[data-testid=stMain]').scrollTop"


@pytest.mark.parametrize("size", [(1280, 800), PHONE])
def test_options_ticked_at_the_end_of_explore_open_compare_at_its_top(server, browser, size):
    w = Watched(browser, *size)
    page = w.open(f"{server}/?indication=chronic")
    table = page.locator(".st-key-results_table")

    def tick(row: int) -> None:
        if size == PHONE:  # a phone has a list, a tick box a line
            page.locator(".st-key-phone_results [data-testid=stCheckbox]").nth(row).click()
            page.get_by_role("button", name=f"Add {row + 1} ticked option").wait_for(timeout=30000)
            w.settle()
            return
        # Charts above the table may still grow as they draw: scroll until it stays in view, then click the
        # row's box in the grid's tick column (a row is 35 px, under a 36 px header). A click that lands while
        # the page moves is tried again.
        for _ in range(5):
            table.scroll_into_view_if_needed()
            w.settle()
            box = table.bounding_box()
            page.wait_for_timeout(300)
            if box is None or box != table.bounding_box() or box["y"] < 0 or box["y"] + 120 > size[1] - 80:
                continue
            page.mouse.click(box["x"] + 17, box["y"] + 36 + 35 * row + 17)
            try:
                page.get_by_role("button", name=f"Add {row + 1} ticked option").wait_for(timeout=10000)
                w.settle()
                return
            except Exception:  # noqa: BLE001 - the page moved under the click
                continue
        raise AssertionError(f"row {row} could not be ticked")

    tick(0)
    tick(1)
    if size == PHONE:
        # Ticked at the top of a list some 4,000 px long, the button is in view already, above the urgent line.
        button, bar, above = above_the_urgent_bar(page, page.get_by_role("button", name="Add 2 ticked options to the comparison"))
        assert above and button["y"] > 0, (button, bar)
    add = page.get_by_role("button", name="Add 2 ticked options to the comparison")
    add.scroll_into_view_if_needed()
    assert page.evaluate(SCROLLED) > 1000  # the button is far down Explore
    add.click()
    page.get_by_text("Compare options side by side").wait_for(timeout=60000)
    w.settle()
    heading = page.get_by_text("Compare options side by side").bounding_box()
    # At the page's top: the frame (title, urgent signs), then the heading, in the first screen.
    assert page.evaluate(SCROLLED) == 0 and heading is not None and heading["y"] + heading["height"] <= size[1], heading
    assert "/compare?" in page.url and page.url.count("compare=") == 2
    assert not w.errors, w.errors


def test_after_choosing_on_a_slide_the_keys_move_the_deck_at_once(server, browser):
    w = Watched(browser, 1920, 1080)
    page = w.open(f"{server}/?mode=present&slide=5")
    picker = page.locator(".st-key-slide [data-testid=stSelectbox]")
    picker.click()
    page.keyboard.type("Lyrica")
    page.get_by_role("option", name="Gabapentinoids").first.click()
    page.wait_for_function("() => location.search.includes('id=gabapentinoids')", timeout=30000)
    w.settle()
    # No click anywhere else: the next key press moves the deck, and the slide keeps the option.
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.body.innerText.includes('Slide 6 of 6')", timeout=30000)
    w.settle()
    assert "id=gabapentinoids" in page.url and "slide=6" in page.url
    assert not w.errors, w.errors


def sheet_links(download) -> list[str]:
    """The addresses a downloaded summary sheet links to (its reopen link; the QR code holds the same)."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    return [a["/A"]["/URI"] for p in reader.pages for a in (p.get("/Annots") or []) if "/A" in a.get_object()]


@pytest.mark.parametrize("clinician", [False, True])
def test_a_compare_sheet_links_to_the_same_comparison_in_its_own_words(server, browser, clinician):
    w = Watched(browser, 1280, 900)
    page = w.open(f"{server}/compare?compare=superficial_heat&compare=nsaids_oral&indication=chronic&mode=clinician")
    words = "clinician detail" if clinician else "plain words"
    with page.expect_download(timeout=60000) as download:
        page.get_by_role("button", name=f"My summary, {words} (PDF)").click()
    links = sheet_links(download.value)
    assert links, "the sheet links back to the app"
    for link in links:
        # A whole address, as paper needs (the file is made after the page's run, when the address is unknown).
        assert link.startswith(f"{server}/compare?"), link
        assert "compare=superficial_heat" in link and "compare=nsaids_oral" in link and "indication=chronic" in link
        assert ("mode=clinician" in link) == clinician, link
    assert not w.errors, w.errors


@pytest.mark.parametrize("clinician", [False, True])
def test_the_claims_slide_hands_out_the_claims_with_a_link_to_the_options_page(server, browser, clinician):
    import io

    from pypdf import PdfReader

    w = Watched(browser, 1920, 1080)
    page = w.open(f"{server}/?mode=present&slide=6&id=carisoprodol&indication=chronic")
    page.get_by_role("button", name="Download").click()
    words = "clinician detail" if clinician else "plain words"
    with page.expect_download(timeout=60000) as download:
        page.get_by_role("button", name=f"Summary of this option and its checked claims, {words} (PDF)").click()
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Claims checked about Carisoprodol" in text and "Not supported" in text
    links = sheet_links(download.value)
    assert links, "the sheet links back to the app"
    for link in links:
        assert link.startswith(f"{server}/treatment?"), link
        assert "/treatment?" in link and "id=carisoprodol" in link and "indication=chronic" in link, link
        assert ("mode=clinician" in link) == clinician and "mode=present" not in link and "slide=" not in link, link
    assert not w.errors, w.errors


def test_on_a_phone_the_guideline_headings_stay_in_view_while_the_rows_scroll(server, browser):
    w = Watched(browser, *PHONE)
    page = w.open(f"{server}/?indication=chronic")
    rows = page.locator(".st-key-phone_guidelines")
    rows.scroll_into_view_if_needed()
    w.settle()
    # Scroll until the middle of the ~2,500 px chart is on the screen (charts above it may still grow as they draw).
    for _ in range(10):
        page.evaluate("""() => { const m = document.querySelector('[data-testid=stMain]');
            const r = document.querySelector('.st-key-phone_guidelines').getBoundingClientRect();
            m.scrollTop += r.top + r.height / 2 - 400; }""")
        page.wait_for_timeout(500)
        box = rows.bounding_box()
        if box is not None and box["y"] < -600 and box["y"] + box["height"] > PHONE[1]:
            break
    assert box is not None and box["y"] < -600 and box["y"] + box["height"] > PHONE[1], box
    # Each heading is on the screen and is what a finger there would touch (not under the app's top bar).
    seen = page.evaluate("""() => [...document.querySelectorAll('.st-key-pinned_headings_guidelines svg text')]
        .filter(t => t.textContent.trim()).map(t => { const r = t.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return [t.textContent, Math.round(r.top), !!hit && !!hit.closest('.st-key-pinned_headings_guidelines')]; })""")
    headings = [s for s in seen if s[0] in ("ACP", "NICE", "WHO", "BMJ", "Disagree")]
    assert len(headings) == 5 and all(0 < top < 150 and on_top for _, top, on_top in headings), seen
    assert not w.errors, w.errors

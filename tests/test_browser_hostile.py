"""The hostile corpus in a real browser: what a reader sees when a link or the data is hostile.

Each page is opened with hostile data (the payload in every text field) and with hostile links (the
payload, a fake NHS link and 100 KB values in every parameter, up to 1,000 parameters). On each the
test asserts: no link or image to a host the code did not put there, no element the data or the URL
created, no request leaving the machine, no exception, and at most five notices. Screenshots of a
hostile link's notices and of the page shown when the data cannot load are saved for a person to see.
"""

from __future__ import annotations

import functools
import urllib.parse
from pathlib import Path

import pytest
from browserkit import ROOT, SHOTS, Watched, require_chromium, start_server
from hostile import MARKERS, PAYLOAD, REPEATS, write_hostile_data

from backpain import safety
from backpain.load import load_dataset
from backpain.view import MAX_NOTICES
from backpain.view import PARAMS as VIEW_PARAMS

pytestmark = pytest.mark.browser
require_chromium()

FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
PAGES = ["/", "/compare", "/priorities", "/claims", "/treatment", "/about"]
PARAMS = tuple(param.name for param in VIEW_PARAMS)
# Each marker's literal text: wherever the marker shows, its Markdown must show too, as typed.
LITERAL = {
    "XBOLD": "**XBOLD**",
    "XEM": "_XEM_",
    "XLINK": "[XLINK]",  # a notice may cut the value right after the brackets
    "XIMG": "![XIMG]",
    "XHTML": "<b>XHTML</b>",
    "XKATEX": "$XKATEX^2$",
    "XCOLOR": ":red[XCOLOR]",
    "XSTRIKE": "~~XSTRIKE~~",
    "XCODE": "`XCODE`",
    "XHEAD": "# XHEAD",
    "XLIST": "- XLIST",
}
assert set(LITERAL) == set(MARKERS)

# Run in the page: everything a hostile text could have turned into, as plain data for the asserts.
INSPECT = """
(markers) => {
  // Markdown, captions, labels, help texts, metrics and expander titles all render in one of these.
  const md = [...document.querySelectorAll('[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"]')];
  const text = md.map(e => e.innerText).join('\\n');
  const inside = (selector) => md.flatMap(e => [...e.querySelectorAll(selector)]).map(e => e.innerText);
  return {
    text,
    links: [...document.querySelectorAll('a[href]')].map(a => ({href: a.href, rel: a.rel})),
    images: [...document.querySelectorAll('img')].map(i => i.currentSrc || i.src || ''),
    katex: document.querySelectorAll('.katex, math').length,
    scripts: [...document.querySelectorAll('[data-testid="stMain"] script')].length,
    strong: inside('strong, b'), em: inside('em, i'), struck: inside('del, s'), code: inside('code'),
    items: inside('li'), headings: inside('h1, h2, h3, h4, h5, h6'), icons: inside('[data-testid="stIconMaterial"]'),
    coloured: md.flatMap(e => [...e.querySelectorAll('span')]).filter(s => /color/.test(s.className + s.getAttribute('style'))).map(s => s.innerText),
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
  };
}
"""


@functools.cache
def allowed_hosts(data_dir: Path | None) -> set[str]:
    dataset = load_dataset(data_dir or ROOT / "data")
    links = [s.link for s in dataset.sources] + [link for _, link in safety.SOURCE_LINKS.values()]
    return {urllib.parse.urlsplit(link).hostname for link in links} | {"127.0.0.1"}


def assert_nothing_became_markup(w: Watched, hosts: set[str]) -> dict:
    seen = w.page.evaluate(INSPECT, list(MARKERS))
    for link in seen["links"]:
        host = urllib.parse.urlsplit(link["href"]).hostname
        assert host in hosts, f"a link to a host the code did not put there: {link['href']}"
        if host != "127.0.0.1":
            assert {"noopener", "noreferrer"} <= set(link["rel"].split()), link
    for src in seen["images"]:
        assert not src or src.startswith(("http://127.0.0.1", "data:", "blob:")), f"an image from elsewhere: {src}"
    assert seen["katex"] == 0 and seen["scripts"] == 0 and seen["exceptions"] == 0
    for kind, marker in (("strong", "XBOLD"), ("strong", "XHTML"), ("em", "XEM"), ("struck", "XSTRIKE"), ("code", "XCODE"),
                         ("items", "XLIST"), ("coloured", "XCOLOR")):  # fmt: skip
        # An element the text created holds just the marker; the code's own wrappers hold whole sentences.
        assert marker not in [t.strip() for t in seen[kind]], f"{MARKERS[marker]} from the data or a link was rendered"
    assert not [h for h in seen["headings"] if h.strip().startswith("XHEAD")]
    assert "warning" not in [i.strip() for i in seen["icons"]], "an icon code from the data or a link was rendered"
    for marker, literal in LITERAL.items():
        assert seen["text"].count(marker) == seen["text"].count(literal), f"{MARKERS[marker]} lost its literal text"
    assert "\u202e" not in seen["text"]
    assert not w.errors, w.errors
    assert not w.outside, w.outside
    return seen


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("hostile-browser") / "data"
    write_hostile_data(FIXTURE, data_dir)
    proc, url = start_server(data_dir)
    yield url, allowed_hosts(data_dir)
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.parametrize(
    "path",
    [*PAGES[:-2], "/treatment?id=habit_drug&mode=clinician", "/about", "/?mode=present&slide=5&id=habit_drug",
     "/?mode=present&slide=6"],
)  # fmt: skip
def test_hostile_data_shows_as_text(hostile_server, browser, path):
    url, hosts = hostile_server
    w = Watched(browser, 1280)
    sep = "&" if "?" in path else "?"
    w.open(f"{url}{path}{sep}compare=fast_pill&compare=habit_drug")
    seen = assert_nothing_became_markup(w, hosts)
    assert "XBOLD" in seen["text"], "the payload reached the page"


def _link(value: str, repeats: int) -> str:
    params = [(name, value) for name in PARAMS] + [("category", value)] * max(repeats - len(PARAMS), 0)
    return urllib.parse.urlencode(params)


# The server refuses a request line much over 100 KB (uvicorn answers 400), so the links stay under it.
LINKS = {
    "payload": _link(PAYLOAD, 0),
    "fake-nhs-link": _link("[Read the new NHS advice](https://evil.example)", REPEATS),
    "100kb": urllib.parse.urlencode([("q", "x" * 100_000), ("indication", "[x](https://evil.example)")]),
}


@pytest.mark.parametrize("path,link", [(path, link) for path in PAGES for link in LINKS if link != "100kb"] + [("/", "100kb")])
def test_hostile_links_show_plain_notices(server, browser, path, link):
    w = Watched(browser, 1280)
    w.open(f"{server}{path}?{LINKS[link]}")
    seen = assert_nothing_became_markup(w, allowed_hosts(None))
    notices = [line for line in seen["text"].splitlines() if line.startswith(("info", "Ignored", "Shortened", "… and"))]
    assert 1 <= len(notices) <= MAX_NOTICES + 1, notices[:8]
    assert (link != "100kb") == any("more ignored settings" in n for n in notices)
    body = w.page.inner_text("body")
    assert "emergency department" in body and "Not medical advice" in body


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot_of_a_hostile_links_notices(server, browser, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    w = Watched(browser, width, 1400)
    w.open(f"{server}/?{LINKS['fake-nhs-link']}")
    assert_nothing_became_markup(w, allowed_hosts(None))
    w.page.screenshot(path=str(SHOTS / f"hostile-link-{width}.png"))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_shown_when_the_data_cannot_load(browser, tmp_path, width):
    data_dir = tmp_path / "data"
    write_hostile_data(FIXTURE, data_dir)
    (data_dir / "sources.yaml").write_text("sources: [\n", encoding="utf-8")
    proc, url = start_server(data_dir)
    try:
        w = Watched(browser, width, 1200)
        w.open(f"{url}/compare?compare=fast_pill&compare=habit_drug")
        body = w.page.inner_text("body")
        assert safety.DATA_UNAVAILABLE in body
        assert "Not medical advice" in body and "emergency department" in body and safety.RED_FLAGS_NOW[0] in body
        assert "sources.yaml" not in body and "YAML" not in body
        assert_nothing_became_markup(w, allowed_hosts(None))
        SHOTS.mkdir(parents=True, exist_ok=True)
        w.page.screenshot(path=str(SHOTS / f"data-unavailable-{width}.png"))
    finally:
        proc.terminate()
        proc.wait(timeout=10)

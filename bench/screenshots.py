"""The README's pictures in docs/: Explore and Compare at 1280 px, every page at 390 px (a phone, so each chart in
its phone form) and every slide at 1920 x 1080, each taken once the page has settled (the script idle and every
visible chart drawn, as the browser tests wait). Run with `make screenshots`; it starts its own server.

PNGs are reduced to 256 colours (the pages are flat colours and text), which keeps docs/ small in the repository.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests")]

from browserkit import ARGS, CHROMIUM, SETTLED, start_server  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

DOCS = ROOT / "docs"
COMPARE = "/compare?compare=carisoprodol&compare=exercise_therapy&compare=nsaids_oral&indication=chronic"
PAGES = {
    "explore": "/?indication=chronic",
    "compare": COMPARE,
    "priorities": "/priorities?w_onset=very&w_dependence=very",
    "claims": "/claims",
    "treatment": "/treatment?id=carisoprodol",
    "about": "/about",
}
WIDE = ("explore", "compare")
SLIDES = range(1, 7)
# Tall enough for a page's first charts; a phone's whole page would be too long to read in a README.
PAGE_HEIGHT = 2400


def small_png(path: Path) -> None:
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)


# Streamlit shows grey placeholders until an element arrives; before the first run starts the script is idle too.
DRAWN = """() => !document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]')
  && document.querySelectorAll('[data-testid="stVerticalBlock"]').length > 3"""


def shoot(page, url: str, path: Path) -> None:
    page.goto(url)
    page.wait_for_function(DRAWN, timeout=120000)
    page.evaluate("() => { window.__settledSince = null; }")
    page.wait_for_function(SETTLED, timeout=120000)
    page.wait_for_function(DRAWN, timeout=120000)
    page.screenshot(path=str(path))
    small_png(path)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KiB")


def main() -> None:
    if CHROMIUM is None:
        sys.exit("screenshots: Debian's chromium is not installed (apt-get install chromium)")
    proc, base = start_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for width, names in ((1280, WIDE), (390, tuple(PAGES))):
                page = browser.new_page(viewport={"width": width, "height": PAGE_HEIGHT})
                for name in names:
                    shoot(page, base + PAGES[name], DOCS / f"{name}-{width}.png")
                page.close()
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            for n in SLIDES:
                shoot(page, f"{base}/?mode=present&slide={n}", DOCS / f"slide-{n}-1920.png")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()

"""Many people at once: N real browser sessions arrive together, each opens Explore, waits for its charts, changes a
filter, waits for the charts again, and leaves. Run with `make loadtest` (SESSIONS=60, TARGET=single|cluster|both).

Each session is a Playwright context in one headless Debian Chromium, on loopback only; at most N are open at once,
and the whole run has a time limit. The browsers run at a lower priority than the server (nice 10): they stand in
for people on their own devices, and would otherwise take most of the 2 cores from it. For each target it prints:
sessions, errors (uncaught page errors, console errors, HTTP responses >= 400 except Streamlit's /_stcore/ probes on
deep links, and any request leaving the machine), p50/p95 time until the charts are drawn (on opening the page, and
after the filter change), the server's CPU-seconds per session (all its processes, /proc utime + stime, children
included), its memory growth per session while all N are open, and its memory after they have closed: right away,
and once Streamlit has dropped the disconnected sessions (it keeps them `server.disconnectedSessionTTL`, 120 s, for
a reconnect).

A bare Streamlit page (bench/bare_app.py, served through the same st.App entry as serve.py) is measured in the same
run with the same N, since this machine is shared and noisy: compare the app with it, not with other runs. Figures
are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]  # the tests' helpers, and deploy/

from browserkit import ARGS, CHROMIUM, REPORT_CSP_VIOLATIONS, Problems  # noqa: E402
from targets import Target, cluster_missing, process_tree, start_target  # noqa: E402

DISCONNECTED_SESSION_TTL = 120
# The browsers' priority (see yield_to_the_server): the server runs at 0, the default.
CLIENT_NICE = 10


@dataclass(frozen=True)
class Journey:
    """What one session does: open ``path``, wait for ``charts`` visible charts, pick ``option`` in the select box
    with ``key``, wait until the charts have drawn the change."""

    path: str
    charts: int
    key: str
    option: str


APP = Journey("/?indication=chronic&mode=clinician", 4, "w_indication", "Sciatica (pain down the leg)")
BARE = Journey("/", 1, "points", "6")

# Charts drawn and shown: each chart of the app also exists in a phone form, hidden at this width.
VISIBLE_CHARTS = """(need) => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks')]
  .filter(e => e.checkVisibility()).length >= need"""
IDLE = """() => document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'notRunning'"""
# What the visible charts say (their SVG text), to tell the charts after a change from those before it.
CHART_TEXT = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks')]
  .filter(e => e.checkVisibility()).map(e => e.textContent).join('|')"""
# True once the script is idle, the charts say something else than `before`, and that has held for 300 ms (charts
# redraw one by one); returns when it first held, on the page's clock.
CHANGED = """([before, need]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks')].filter(e => e.checkVisibility());
  const text = charts.map(e => e.textContent).join('|');
  const ready = app && app.getAttribute('data-test-script-state') === 'notRunning' && charts.length >= need && text !== before;
  if (!ready || text !== window.__lastText || window.__since == null) {
    window.__lastText = text;
    window.__since = ready ? performance.now() : null;
    return false;
  }
  return performance.now() - window.__since > 300 ? window.__since : false;
}"""


# The browsers draw no animations (Streamlit's spinners and skeletons): on 2 cores shared with the server, 60 pages
# animating while they wait cost about a quarter of the browsers' CPU (4.1 -> 2.9 CPU-s a page, with the smaller
# window), and a person's own device would pay it, not the server's.
NO_ANIMATIONS = """addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }';
  document.head.appendChild(style);
});"""


@dataclass
class Session:
    open_s: float | None = None
    change_s: float | None = None
    problems: Problems = field(default_factory=Problems)
    failure: str | None = None


@dataclass
class Figures:
    target: str
    sessions: list[Session]
    cpu_s: float
    rss_before: int
    rss_open: int
    rss_peak: int
    rss_closed: int
    rss_after_ttl: int | None
    wall_s: float
    timed_out: bool


async def choose(page, journey: Journey, timeout_ms: int) -> None:
    """Pick the option in the select box, as a person does: open the list, click the option; again if the box does
    not show it (a click can land while the page redraws)."""
    box = page.locator(f".st-key-{journey.key} [role=combobox]")
    for _ in range(3):
        await box.click(timeout=timeout_ms)
        await page.get_by_role("option", name=journey.option, exact=True).click(timeout=timeout_ms)
        try:
            await page.wait_for_function(
                "([key, option]) => document.querySelector(`.st-key-${key} [role=combobox]`)?.value === option",
                arg=[journey.key, journey.option], timeout=10000, polling=100,
            )  # fmt: skip
            return
        except Exception:
            continue
    raise RuntimeError(f"the select box {journey.key} did not take {journey.option!r}")


async def session(
    browser, base: str, journey: Journey, record: Session, all_done: asyncio.Event, done: list, n: int, timeout_ms: int
):
    context = await browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    try:
        await context.add_init_script(REPORT_CSP_VIOLATIONS)
        await context.add_init_script(NO_ANIMATIONS)
        page = await context.new_page()
        record.problems.attach(page)
        stage = "opening"
        try:
            start = time.monotonic()
            await page.goto(base + journey.path, timeout=timeout_ms)
            await page.wait_for_function(VISIBLE_CHARTS, arg=journey.charts, timeout=timeout_ms, polling=100)
            record.open_s = time.monotonic() - start
            # A person changes a filter once the page has finished, as the app's browser tests do.
            stage = "waiting for the first run to finish"
            await page.wait_for_function(IDLE, timeout=timeout_ms, polling=100)
            before = await page.evaluate(CHART_TEXT)
            clicked = await page.evaluate("window.__since = null, performance.now()")
            stage = "choosing an option"
            await choose(page, journey, timeout_ms)
            stage = "waiting for the charts to change"
            changed = await page.wait_for_function(CHANGED, arg=[before, journey.charts], timeout=timeout_ms, polling=100)
            record.change_s = (await changed.json_value() - clicked) / 1000
        except Exception as e:  # a timeout or a closed page: the session failed, the run goes on
            record.failure = f"{stage}: {type(e).__name__}: {str(e).splitlines()[0]}"
        # Everyone stays until all have drawn their change, so memory is read with all N sessions open.
        done.append(record)
        if len(done) == n:
            all_done.set()
        await all_done.wait()
    finally:
        await context.close()


async def sample_peak(target: Target, peak: list[int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], target.rss_bytes())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def settle_cpu(target: Target, quiet_s: float = 2.0, most_s: float = 30.0) -> None:
    """Wait until the server has used almost no CPU for a moment (its last reruns and closes are done)."""
    deadline = time.monotonic() + most_s
    last = target.cpu_seconds()
    while time.monotonic() < deadline:
        await asyncio.sleep(quiet_s)
        now = target.cpu_seconds()
        if now - last < 0.05 * quiet_s:
            return
        last = now


def yield_to_the_server(target: Target) -> None:
    """Run the browsers at a lower priority than the server (nice CLIENT_NICE).

    The sessions stand in for people on their own devices, but here 60 Chromium pages share the server's 2 cores
    and, at equal priority, take most of them (about 10 CPU-s per page, against about 1 for the server): the
    server then waits for the CPU and the figures measure the browsers.
    """
    serving = set(target.pids())
    for pid in process_tree([os.getpid()]):
        if pid != os.getpid() and pid not in serving:
            with contextlib.suppress(OSError):
                if os.getpriority(os.PRIO_PROCESS, pid) < CLIENT_NICE:
                    os.setpriority(os.PRIO_PROCESS, pid, CLIENT_NICE)


async def keep_yielding(target: Target, stop: asyncio.Event) -> None:
    """yield_to_the_server every second: Chromium starts a renderer for each page and sets its priority itself."""
    while not stop.is_set():
        yield_to_the_server(target)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1.0)


async def measure(kind: str, n: int, time_limit: float, ttl_wait: bool) -> Figures:
    from playwright.async_api import async_playwright

    target = start_target(kind)
    journey = BARE if kind == "bare" else APP
    timeout_ms = int(time_limit * 1000)
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            stop_yielding = asyncio.Event()
            yielding = asyncio.create_task(keep_yielding(target, stop_yielding))
            # One session first, so the figures are per session, not the process's first imports and data load.
            warm = Session()
            warm_done = asyncio.Event()
            await session(browser, target.url, journey, warm, warm_done, [], 1, 120000)
            if warm.failure:
                raise RuntimeError(f"{kind}: the warm-up session failed: {warm.failure}")
            await settle_cpu(target)
            cpu_before, rss_before = target.cpu_seconds(), target.rss_bytes()
            records = [Session() for _ in range(n)]
            all_done, done, stop, peak = asyncio.Event(), [], asyncio.Event(), [rss_before]
            sampler = asyncio.create_task(sample_peak(target, peak, stop))
            start = time.monotonic()
            tasks = [
                asyncio.create_task(session(browser, target.url, journey, r, all_done, done, n, timeout_ms)) for r in records
            ]
            timed_out = False
            try:
                await asyncio.wait_for(all_done.wait(), timeout=time_limit)
            except TimeoutError:
                timed_out = True
            rss_open = target.rss_bytes()
            all_done.set()
            await asyncio.wait(tasks, timeout=120)
            wall = time.monotonic() - start
            stop.set()
            await sampler
            stop_yielding.set()
            await yielding
            await browser.close()
        await settle_cpu(target)
        cpu_after, rss_closed = target.cpu_seconds(), target.rss_bytes()
        rss_after_ttl = None
        if ttl_wait:
            # Streamlit's runtime drops a disconnected session once its TTL has passed (checked every few seconds).
            await asyncio.sleep(DISCONNECTED_SESSION_TTL + 15)
            rss_after_ttl = target.rss_bytes()
    finally:
        target.stop()
    return Figures(
        kind, records, cpu_after - cpu_before, rss_before, rss_open, peak[0], rss_closed, rss_after_ttl, wall, timed_out
    )


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank), for small samples."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def mib(b: float) -> str:
    return f"{b / 2**20:.1f} MiB"


def report(f: Figures) -> None:
    n = len(f.sessions)
    failed = [s for s in f.sessions if s.failure or s.change_s is None]
    errors = [e for s in f.sessions for e in s.problems.errors]
    outside = [u for s in f.sessions for u in s.problems.outside]
    opens = [s.open_s for s in f.sessions if s.open_s is not None]
    changes = [s.change_s for s in f.sessions if s.change_s is not None]
    print(f"\n== {f.target}: {n} sessions arriving together ({f.wall_s:.0f} s{', TIME LIMIT REACHED' if f.timed_out else ''})")
    print(f"sessions completed          {n - len(failed)} of {n}")
    print(f"errors                      {len(errors)} (in {sum(1 for s in f.sessions if s.problems.errors)} sessions)")
    for e in sorted(set(errors))[:5]:
        print(f"   {e[:160]}")
    for s in failed[:5]:
        print(f"   failed: {s.failure}")
    print(f"requests leaving the host   {len(outside)}")
    if opens:
        print(
            f"charts drawn, on opening    p50 {statistics.median(opens):6.1f} s   p95 {pct(opens, 95):6.1f} s   (n={len(opens)})"
        )
    if changes:
        print(
            f"charts drawn, after change  p50 {statistics.median(changes):6.1f} s   p95 {pct(changes, 95):6.1f} s   (n={len(changes)})"
        )
    print(f"server CPU per session      {f.cpu_s / n:.2f} CPU-s   ({f.cpu_s:.1f} CPU-s in all)")
    print(
        f"server memory               {mib(f.rss_before)} before, {mib(f.rss_open)} with all open (peak {mib(f.rss_peak)}): "
        f"{mib((f.rss_open - f.rss_before) / n)} per session"
    )
    after_ttl = f", {mib(f.rss_after_ttl)} once the disconnected sessions' TTL had passed" if f.rss_after_ttl else ""
    print(f"server memory, all closed   {mib(f.rss_closed)} right after{after_ttl}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--target", choices=["single", "cluster", "both"], default="both")
    parser.add_argument("--time-limit", type=float, default=420, help="seconds for all sessions of one target")
    parser.add_argument("--no-ttl-wait", action="store_true", help="skip the memory reading after the session TTL")
    args = parser.parse_args()
    if CHROMIUM is None:
        sys.exit("loadtest: Debian's chromium is not installed (apt-get install chromium)")
    kinds = ["bare"]
    for kind in ("single", "cluster"):
        if args.target in (kind, "both"):
            reason = cluster_missing() if kind == "cluster" else None
            if reason:
                print(f"cluster: not available, skipped: {reason}")
            else:
                kinds.append(kind)
    for kind in kinds:
        report(asyncio.run(measure(kind, args.sessions, args.time_limit, not args.no_ttl_wait)))


if __name__ == "__main__":
    main()

"""What people see when the server under their page goes away: a single process killed and started again on its
port, or one replica of a cluster stopped (its sessions then go to another replica).

A few browser sessions open views with settings in the URL; the server dies; each page is then watched, as its
user would see it, until it shows its view again: the same URL, the chosen options named, the charts drawn, the
script idle, no exception or traceback. Streamlit's frontend reconnects by itself and runs the page again with the
URL it shows. A session "lost its view" when that did not happen within the time limit.

Used by the browser tests in short form (tests/test_browser_outage.py) and by `make failover` in long form
(bench/failover.py), against any Target (tests/targets.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from browserkit import REPORT_CSP_VIOLATIONS, Problems
from targets import Target


@dataclass(frozen=True)
class View:
    path: str
    names: tuple[str, ...]  # words the view shows only with its settings, whatever the kind of back pain
    charts: int  # visible charts it draws


VIEWS = (
    View("/compare?indication=chronic&compare=nsaids_oral&compare=exercise_therapy", ("NSAIDs", "Exercise therapy"), 1),
    View(
        "/?indication=chronic&mode=clinician&max_dependence=none",
        ("More filters: type, dependence, certainty, onset, access (1 set)",),
        4,
    ),
    View(
        "/compare?indication=chronic&compare=carisoprodol&compare=exercise_therapy&compare=nsaids_oral&mode=clinician",
        ("Carisoprodol", "Exercise therapy", "NSAIDs"),
        1,
    ),
)
# After the outage, each person changes the kind of back pain: the page must run again on the new server with every
# other setting of its view kept.
AFTER = ("sciatica", "Sciatica (pain down the leg)")


def params(url: str) -> list[tuple[str, str]]:
    return sorted(parse_qsl(urlsplit(url).query))


# What the person sees, read from the page at one moment.
LOOK = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const status = [...document.querySelectorAll('[data-testid="stStatusWidget"], [data-testid="stConnectionStatus"]')];
  return {
    url: location.pathname + location.search,
    idle: !!app && app.getAttribute('data-test-script-state') === 'notRunning',
    charts: [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks')].filter(e => e.checkVisibility()).length,
    text: document.body.innerText,
    status: status.map(e => e.innerText + ' ' + (e.getAttribute('title') || '') + ' ' + (e.getAttribute('aria-label') || '')).join(' ').trim(),
    dialog: [...document.querySelectorAll('[role="dialog"]')].map(d => d.innerText).join(' | '),
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
  };
}"""


@dataclass
class Seen:
    """One session through the outage."""

    view: View
    replica: int | None = None
    affected: bool = True  # its server went away (in a cluster, only the stopped replica's sessions)
    recovered_s: float | None = None  # from the kill until the page was connected again, its view shown
    live_s: float | None = None  # then, from a filter change until the page had run again with it
    # The first filter change after the outage was undone: the box went back to its old value, the URL kept it.
    first_change_dropped: bool = False
    connecting_shown: bool = False
    dialog: str = ""
    broken: list[str] = field(default_factory=list)  # exceptions, tracebacks, a changed URL
    problems: Problems = field(default_factory=Problems)
    sockets: list[list[float]] = field(default_factory=list)  # [opened at, frames received]

    @property
    def lost(self) -> bool:
        return self.affected and (self.recovered_s is None or self.live_s is None or bool(self.broken))

    def describe(self) -> str:
        where = f" (replica {self.replica})" if self.replica is not None else ""
        if not self.affected:
            return f"{self.view.path}{where}: not on the stopped replica; {'undisturbed' if not self.broken else self.broken}"
        back = (
            f"connected again, view shown, {self.recovered_s:.1f} s after the kill"
            if self.recovered_s is not None
            else "NOT CONNECTED AGAIN"
        )
        if self.first_change_dropped:
            back += "; the first filter change then was UNDONE (the box went back, the URL kept the old value)"
        if self.live_s is not None:
            back += f"; a filter change ran in {self.live_s:.1f} s, the rest of the view kept"
        else:
            back += "; NO FILTER CHANGE RAN"
        saw = ["'Connecting' shown" if self.connecting_shown else "no 'Connecting'"]
        saw.append(f"dialog {self.dialog!r}" if self.dialog else "no dialog")
        return f"{self.view.path}{where}: {back}; {', '.join(saw)}" + (f"; BROKEN: {self.broken}" if self.broken else "")


@dataclass
class Outage:
    how: str
    sessions: list[Seen]
    server_back_s: float | None  # single: the restart until healthy

    @property
    def lost(self) -> int:
        return sum(s.lost for s in self.sessions)

    @property
    def changes_dropped(self) -> int:
        return sum(s.first_change_dropped for s in self.sessions)

    def describe(self) -> str:
        head = f"{self.how}: {len(self.sessions)} sessions, {self.lost} lost their view, {self.changes_dropped} had their first change undone"
        if self.server_back_s is not None:
            head += f"; the server answered its health check {self.server_back_s:.1f} s after the kill"
        return "\n".join([head, *(f"  {s.describe()}" for s in self.sessions)])


def _watch_sockets(page, seen: Seen) -> None:
    def opened(ws):
        record = [time.monotonic(), 0]
        seen.sockets.append(record)
        ws.on("framereceived", lambda _payload: record.__setitem__(1, record[1] + 1))

    page.on("websocket", opened)


def _view_back(seen: Seen, look: dict, url: str, since: float) -> bool:
    # Streamlit's frontend does not run an idle page again on reconnecting (it expects its session to be there), so
    # the view shown is the one drawn before; whether it runs on the new server is checked by a filter change.
    reconnected = any(opened > since for opened, _ in seen.sockets)
    return (
        reconnected
        and look["idle"]
        and look["url"] == url
        and look["charts"] >= seen.view.charts
        and all(name in look["text"] for name in seen.view.names)
        and "connecting" not in look["status"].lower()
        and not look["dialog"]
    )


LIVE = """([indication, need, names]) => {
  const l = (LOOK)();
  const ready = l.idle && new URLSearchParams(location.search).get('indication') === indication && l.charts >= need
    && names.every(n => l.text.includes(n)) && !l.status && !l.dialog;
  if (!ready) { window.__liveSince = null; return false; }
  window.__liveSince = window.__liveSince || performance.now();
  return performance.now() - window.__liveSince > 300;
}""".replace("LOOK", LOOK)


def _change_filter(page, seen: Seen, url: str) -> float | None:
    """Choose another kind of back pain, as the person would next, and again if the first choice did not take; the
    seconds from the choice that took until the page had run again with it and every other setting kept, or None."""
    indication, label = AFTER
    expected = sorted([(k, v) for k, v in params(url) if k != "indication"] + [("indication", indication)])
    for attempt, wait_ms in enumerate((90000, 180000)):
        start = time.monotonic()
        try:
            page.locator(".st-key-w_indication [role=combobox]").click(timeout=60000)
            page.get_by_role("option", name=label, exact=True).click(timeout=60000)
            page.wait_for_function(LIVE, arg=[indication, seen.view.charts, list(seen.view.names)], timeout=wait_ms, polling=200)
        except Exception as e:  # a timeout: the page did not run with the change
            if attempt == 0:
                seen.first_change_dropped = True
                continue
            seen.broken.append(f"after choosing {indication} twice: {type(e).__name__}: {str(e).splitlines()[0]}")
            return None
        took = time.monotonic() - start
        now = page.evaluate(LOOK)
        if params(now["url"]) != expected:
            seen.broken.append(f"after the filter change the URL is {now['url']}, not the view with {indication}")
        if now["exceptions"] or "Traceback" in now["text"]:
            seen.broken.append("an exception or a traceback is shown after the filter change")
        return took
    return None


def outage(target: Target, browser, sessions: int, how: str, limit_s: float = 240.0) -> Outage:
    """Open ``sessions`` views, make the outage (``restart``: kill the single process and start it again on its
    port; ``failover``: stop the cluster replica that serves the first session), and watch every page until its view
    is back or ``limit_s`` has passed."""
    contexts, pages, seen = [], [], []
    try:
        for i in range(sessions):
            context = browser.new_context(viewport={"width": 1280, "height": 1800})
            context.add_init_script(REPORT_CSP_VIOLATIONS)
            page = context.new_page()
            s = Seen(VIEWS[i % len(VIEWS)])
            s.problems.attach(page)
            _watch_sockets(page, s)
            page.goto(target.url + s.view.path, timeout=120000)
            contexts.append(context)
            pages.append(page)
            seen.append(s)
        urls = []
        for page, s in zip(pages, seen, strict=True):
            page.wait_for_function(
                "([need, names]) => { const l = (" + LOOK + ")(); return l.idle && l.charts >= need && names.every(n => l.text.includes(n)); }",
                arg=[s.view.charts, list(s.view.names)], timeout=180000, polling=200,
            )  # fmt: skip
            urls.append(page.evaluate("location.pathname + location.search"))
            assert not s.problems.errors, (s.view.path, s.problems.errors)

        server_back = None
        if how == "restart":
            killed = time.monotonic()
            target.kill()
            target.restart()
            server_back = time.monotonic() - killed
        elif how == "failover":
            for context, s in zip(contexts, seen, strict=True):
                s.replica = target.replica_of(context.cookies(target.url))
            if seen[0].replica is None:
                raise RuntimeError("no sticky cookie from the load balancer names a replica; cannot tell which to stop")
            for s in seen:
                s.affected = s.replica == seen[0].replica
            killed = time.monotonic()
            target.stop_replica(seen[0].replica)
        else:
            raise ValueError(how)

        # Watch every page, as its person would, until each shows its view again (or the limit passes).
        deadline = killed + limit_s
        waiting = {i for i, s in enumerate(seen) if s.affected}
        first_back: dict[int, float] = {}
        while time.monotonic() < deadline and waiting:
            for i, (page, s) in enumerate(zip(pages, seen, strict=True)):
                look = page.evaluate(LOOK)
                s.connecting_shown |= "connecting" in look["status"].lower()
                if look["dialog"] and not s.dialog:
                    s.dialog = look["dialog"][:120]
                if look["exceptions"] or "Traceback" in look["text"]:
                    s.broken.append("an exception or a traceback is shown")
                if look["url"] != urls[i]:
                    s.broken.append(f"URL changed to {look['url']}")
                if i in waiting and _view_back(s, look, urls[i], killed):
                    # Shown for two looks in a row, so a page in the middle of a redraw does not count.
                    if i in first_back:
                        s.recovered_s = first_back[i] - killed
                        waiting.discard(i)
                    else:
                        first_back[i] = time.monotonic()
                else:
                    first_back.pop(i, None)
            time.sleep(0.25)
        for i in sorted(i for i, s in enumerate(seen) if s.affected and s.recovered_s is not None):
            seen[i].live_s = _change_filter(pages[i], seen[i], urls[i])
        # Sessions on other replicas must not have noticed; every page must still be whole a moment later.
        for page, s in zip(pages, seen, strict=True):
            look = page.evaluate(LOOK)
            if not s.affected and (look["status"] or look["dialog"] or any(opened > killed for opened, _ in s.sockets)):
                s.broken.append(f"disturbed though its replica ran on: status {look['status']!r}, dialog {look['dialog']!r}")
            s.broken = sorted(set(s.broken))
        return Outage(how, seen, server_back)
    finally:
        for context in contexts:
            context.close()

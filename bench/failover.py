"""What people see when the server under their page goes away, in long form: `make failover` (SESSIONS=6,
TARGET=single|cluster|both).

single: the process is killed (SIGKILL) and started again on its port. cluster: the replica serving the first
session is stopped (found from the load balancer's sticky cookie); the others' sessions must not notice.
For each session it prints how long until its view was back, whether "Connecting" or a dialog showed, and anything
broken; then how many sessions lost their view or had their first change undone (both must be 0; it exits 1
otherwise). The browser tests run the short form.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]  # the tests' helpers, and deploy/

from browserkit import ARGS, CHROMIUM  # noqa: E402
from outage import outage  # noqa: E402
from targets import cluster_missing, start_target  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=6)
    parser.add_argument("--target", choices=["single", "cluster", "both"], default="both")
    args = parser.parse_args()
    if CHROMIUM is None:
        sys.exit("failover: Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    lost = undone = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for kind, how in (("single", "restart"), ("cluster", "failover")):
            if args.target not in (kind, "both"):
                continue
            reason = cluster_missing() if kind == "cluster" else None
            if reason:
                print(f"cluster failover: not available, skipped: {reason}")
                continue
            target = start_target(kind)
            try:
                result = outage(target, browser, sessions=args.sessions, how=how)
            finally:
                target.stop()
            print(result.describe())
            lost += result.lost
            undone += result.changes_dropped
        browser.close()
    print(f"sessions that lost their view: {lost}; sessions whose first change after the outage was undone: {undone}")
    sys.exit(1 if lost or undone else 0)


if __name__ == "__main__":
    main()

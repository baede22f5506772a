"""What the load and failure tests run against: a base URL, the server processes behind it, and a way to kill them.

The tests speak only to ``Target.url``, so they work against any server. ``start_target(kind)`` is the one seam
between them and how a server is started:

- ``single``: one ``streamlit run serve.py`` process on a free port (as ``make run`` starts it);
- ``bare``: the same, serving ``bench/bare_app.py`` (one line of text, one small chart, one select box) through
  the same st.App entry, headers and gzip (``bench/bare_serve.py``): the yardstick the load test prints next to
  the app, since this machine is noisy;
- ``cluster``: ``deploy/cluster.py``'s ``start_cluster(replicas, port)`` (HAProxy in front of replicas of
  serve.py, with a sticky cookie), as ``make cluster`` starts it. :func:`cluster_missing` says why it cannot run
  here (no HAProxy), and callers skip it.

Server processes are found as the process tree each target started, so CPU and memory are summed over every
process that serves (replicas, a load balancer), and never over the browser.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from browserkit import free_port, start_server

from deploy import cluster

BARE_ENTRY = "bench/bare_serve.py"
CLUSTER_REPLICAS = 3
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def cluster_missing() -> str | None:
    """Why the cluster target cannot run here, or None when it can."""
    if cluster.find_haproxy() is None:
        return "HAProxy is not installed (apt-get install haproxy)"
    return None


# --- the processes behind a target ------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    """Each running process's children, read from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        tree.setdefault(parent, []).append(int(entry))
    return tree


def process_tree(roots: list[int]) -> list[int]:
    """The roots that still run and all their descendants."""
    tree = _children()
    found, todo = [], [r for r in roots if Path(f"/proc/{r}").exists()]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of the processes, including their children that have ended and been waited for."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # Fields 14-17 of /proc/<pid>/stat (utime, stime, cutime, cstime), counted after the ")" from field 3.
        total += sum(int(v) for v in fields[11:15])
    return total / CLK_TCK


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of the processes, summed."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except OSError:
            continue
    return total


# --- targets ----------------------------------------------------------------------------------------------


@dataclass
class Target:
    """A running server (or cluster) at ``url``."""

    kind: str
    url: str
    roots: list[int] = field(default_factory=list)
    # single and bare: the process and how to start it again
    proc: subprocess.Popen | None = None
    entry: str = "serve.py"
    port: int = 0
    # cluster: deploy/cluster.py's handle
    handle: object = None

    def pids(self) -> list[int]:
        """Every process serving this target now."""
        roots = list(self.roots)
        if self.proc is not None:
            roots = [self.proc.pid]
        return process_tree(roots)

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pids())

    def rss_bytes(self) -> int:
        return rss_bytes(self.pids())

    def kill(self) -> None:
        """The server dies at once (SIGKILL), as in a crash or an out-of-memory kill: no goodbye to any browser."""
        assert self.proc is not None, "kill() is for a single process; a cluster stops a replica"
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def restart(self) -> float:
        """Start the server again on the same port; return the seconds until it answered its health check."""
        start = time.monotonic()
        self.proc, _ = start_server(entry=self.entry, port=self.port)
        return time.monotonic() - start

    def stop_replica(self, index: int) -> None:
        self.handle.stop_replica(index)

    def replica_of(self, cookies: list[dict]) -> int | None:
        """Which replica the load balancer's sticky cookie names, among a browser context's cookies.

        The cookie is deploy/cluster.py's ``COOKIE``; its value is the replica's name, ``r0``, ``r1``, ...
        """
        names = [replica.name for replica in self.handle.replicas]
        value = next((c["value"] for c in cookies if c["name"] == cluster.COOKIE), None)
        return names.index(value) if value in names else None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        if self.handle is not None:
            self.handle.stop()


def start_target(kind: str, port: int | None = None) -> Target:
    """Start a server of this kind (``single``, ``bare`` or ``cluster``) and return it once it answers."""
    if kind in ("single", "bare"):
        entry = "serve.py" if kind == "single" else BARE_ENTRY
        port = port or free_port()
        proc, url = start_server(entry=entry, port=port)
        return Target(kind, url, proc=proc, entry=entry, port=port)
    if kind == "cluster":
        reason = cluster_missing()
        if reason:
            raise RuntimeError(f"the cluster target is not available: {reason}")
        # Every process the cluster starts is a child of this one; those that were here before are not its.
        before = set(_children().get(os.getpid(), []))
        url, handle = cluster.start_cluster(CLUSTER_REPLICAS, port or free_port())
        roots = [pid for pid in _children().get(os.getpid(), []) if pid not in before]
        return Target(kind, url.rstrip("/"), roots=roots, handle=handle)
    raise ValueError(f"unknown target {kind!r}: single, bare or cluster")

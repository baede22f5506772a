"""Several replicas of the app behind HAProxy, on one machine: what `make cluster` and `make cluster-stop` run.

Each replica is ``streamlit run serve.py`` on its own loopback port (so each sends the security headers and gzips
as ``make run`` does); HAProxy (Debian's, 2.6) listens on ``http://localhost:<port>`` in front of them with a
configuration rendered from ``deploy/haproxy.cfg.template``: sticky sessions by the cookie ``backpain-route``,
redispatch and retries when a replica dies, health checks on ``/_stcore/health`` every second, WebSocket
upgrade with an hour's tunnel timeout, and the security headers of ``backpain/serving.py`` on every response.

Command line (what the Makefile runs)::

    python deploy/cluster.py run [--replicas 3] [--port 8080] [--run-dir .cluster]   # until Ctrl-C or `stop`
    python deploy/cluster.py stop [--run-dir .cluster]
    python deploy/cluster.py config [--replicas 3] [--port 8080]                    # print the rendered config

The run directory holds one pid file per process (``supervisor.pid``, ``haproxy.pid``, ``r0.pid``, ...: the pid
on the first line, a string of its command line on the second, so ``stop`` never signals a process that merely
reused the pid), the rendered ``haproxy.cfg``, its admin socket and each process's log.

From Python (tests)::

    from deploy.cluster import start_cluster

    with start_cluster(replicas=2, port=free_port()) as (url, cluster):   # or: url, cluster = start_cluster(...)
        ...                                  # url is "http://127.0.0.1:<port>", the proxy
        cluster.replicas[0].name             # "r0": its cookie value and X-Backpain-Replica header value
        cluster.replicas[0].url              # the replica itself, bypassing the proxy
        cluster.stop_replica(0)              # SIGTERM (hard=True: SIGKILL), waits until it has exited
        cluster.wait_for_state("r0", "DOWN") # seconds until HAProxy's health checks took it out
        cluster.server_states()              # {"r0": "DOWN", "r1": "UP"}
        cluster.haproxy_command("disable server replicas/r1")   # any HAProxy runtime API command
        cluster.pids()                       # every process started, by name
    # leaving the block (or cluster.stop()) stops HAProxy and every replica, and waits for them

``start_cluster`` returns once every replica answers its health check and the proxy answers too; if anything
fails to start, everything started is stopped and ``ClusterError`` says why (with the end of the log). Without
``run_dir`` it uses a new directory under the system's temporary directory, so tests never meet ``make cluster``'s,
and removes it on ``stop``.

Only the standard library is imported at module level, so ``stop`` runs without the project's environment.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("haproxy.cfg.template")
DEFAULT_RUN_DIR = ROOT / ".cluster"
DEFAULT_REPLICAS = 3
DEFAULT_PORT = 8080
COOKIE = "backpain-route"
REPLICA_HEADER = "X-Backpain-Replica"
HEALTH = "/_stcore/health"
INSTALL_HINT = "HAProxy is not installed. On Debian or Ubuntu: sudo apt-get install -y haproxy (bookworm ships 2.6)"
# A replica imports pandas, Altair and Streamlit: seconds on a quiet machine, more on a busy shared one.
START_TIMEOUT = 120
STOP_TIMEOUT = 15


class ClusterError(RuntimeError):
    pass


def find_haproxy() -> str | None:
    """HAProxy's path: on PATH, or in /usr/sbin, which a normal user's PATH often lacks."""
    found = shutil.which("haproxy")
    if found:
        return found
    return next((p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if os.access(p, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


# --- the configuration -----------------------------------------------------------------------------------------


def haproxy_string(value: str) -> str:
    """``value`` as one double-quoted HAProxy word that a header action sends unchanged: HAProxy reads
    backslash escapes and expands ``$VARIABLES`` inside double quotes, and header values are log-format
    strings, where ``%`` starts a sample."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("%", "%%")
    return f'"{escaped}"'


def streamlit_page() -> str:
    """Streamlit's index.html as serve.py reads it (its inline script's hash goes into the policy), found
    without importing Streamlit."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        raise ClusterError("Streamlit is not installed in this Python: run through `make cluster`")
    return (Path(spec.origin).parent / "static" / "index.html").read_text()


def header_lines() -> list[str]:
    """One HAProxy line per security header, from backpain/serving.py: the one source of their values."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from backpain.serving import inline_script_hashes, security_headers

    headers = security_headers(inline_script_hashes(streamlit_page()))
    return [f"http-after-response set-header {h.name} {haproxy_string(h.value)}" for h in headers]


def render_config(port: int, replicas: list[tuple[str, int]], stats_socket: Path | str) -> str:
    """The HAProxy configuration for a proxy on 127.0.0.1:``port`` in front of ``(name, port)`` replicas."""
    indent = "    "
    return string.Template(TEMPLATE.read_text()).substitute(
        bind=f"127.0.0.1:{port}",
        stats_socket=str(stats_socket),
        cookie=COOKIE,
        replica_header=REPLICA_HEADER,
        security_headers="\n".join(indent + line for line in header_lines()),
        servers="\n".join(f"{indent}server {name} 127.0.0.1:{p} cookie {name}" for name, p in replicas),
    )


# --- processes and their pid files -----------------------------------------------------------------------------


def _write_pid(run_dir: Path, name: str, pid: int, marker: str) -> None:
    (run_dir / f"{name}.pid").write_text(f"{pid}\n{marker}\n")


def _read_pids(run_dir: Path) -> dict[str, tuple[int, str]]:
    found = {}
    for path in sorted(run_dir.glob("*.pid")):
        with contextlib.suppress(ValueError, OSError):
            pid, marker = (path.read_text().splitlines() + [""])[:2]
            found[path.stem] = (int(pid), marker)
    return found


def _alive(pid: int, marker: str = "") -> bool:
    """Whether ``pid`` runs (not a zombie) and its command line holds ``marker``: a pid reused by another
    program is not ours."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    state = stat.rpartition(")")[2].split()[0]
    return state not in ("Z", "X") and marker in cmdline


def _wait_gone(pid: int, marker: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid, marker):
            return True
        time.sleep(0.1)
    return not _alive(pid, marker)


def _end(process: subprocess.Popen, hard: bool = False) -> None:
    """Stop a process we started, and reap it: SIGTERM (or SIGKILL), then SIGKILL if it lingers."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill() if hard else process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH, timeout=2) as response:
            return response.read() == b"ok"
    except OSError:
        return False


def _log_tail(path: Path, lines: int = 15) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def marker(self) -> str:
        return f"--server.port {self.port}"


class Cluster:
    """The running replicas and HAProxy; see the module's docstring."""

    def __init__(self, replicas: int, port: int, run_dir: Path, python: str = sys.executable, temporary: bool = False):
        if replicas < 1:
            raise ClusterError("at least one replica")
        self.count = replicas
        self.port = port
        self.run_dir = Path(run_dir).resolve()
        self.python = python
        # A run directory made for this cluster alone is removed, logs and all, when it stops.
        self.temporary = temporary
        self.replicas: list[Replica] = []
        self.haproxy: subprocess.Popen | None = None
        self.config = self.run_dir / "haproxy.cfg"
        self.socket = self.run_dir / "haproxy.sock"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- starting --

    def start(self) -> Cluster:
        haproxy = find_haproxy()
        if haproxy is None:
            raise ClusterError(INSTALL_HINT)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        pids = _read_pids(self.run_dir).items()
        running = {name: pid for name, (pid, marker) in pids if pid != os.getpid() and _alive(pid, marker)}
        if running:
            raise ClusterError(f"a cluster already runs from {self.run_dir} (pids {running}): stop it first (make cluster-stop)")
        if not _port_is_free(self.port):
            raise ClusterError(f"port {self.port} is taken: choose another (CLUSTER_PORT=...)")
        try:
            self._start_replicas()
            self._start_haproxy(haproxy)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_replicas(self) -> None:
        env = dict(os.environ)
        # One signing key on every replica, as Streamlit advises for replicas (kept out of the command line).
        env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        for i in range(self.count):
            name, port = f"r{i}", free_port()
            log = (self.run_dir / f"{name}.log").open("wb")
            process = subprocess.Popen(
                [self.python, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.headless", "true",
                 "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1", "--server.port", str(port)],
                cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches the supervisor only, which stops everything in order
            )  # fmt: skip
            log.close()
            replica = Replica(name, port, process)
            self.replicas.append(replica)
            _write_pid(self.run_dir, name, process.pid, replica.marker)
        deadline = time.monotonic() + START_TIMEOUT
        waiting = list(self.replicas)
        while waiting:
            for replica in list(waiting):
                if replica.process.poll() is not None:
                    log = _log_tail(self.run_dir / f"{replica.name}.log")
                    raise ClusterError(f"replica {replica.name} exited with {replica.process.returncode}:\n{log}")
                if _healthy(replica.url):
                    waiting.remove(replica)
            if waiting and time.monotonic() > deadline:
                raise ClusterError(f"replicas {[r.name for r in waiting]} not healthy within {START_TIMEOUT} s")
            if waiting:
                time.sleep(0.3)

    def _start_haproxy(self, haproxy: str) -> None:
        self.config.write_text(render_config(self.port, [(r.name, r.port) for r in self.replicas], self.socket))
        log = (self.run_dir / "haproxy.log").open("wb")
        self.haproxy = subprocess.Popen(
            [haproxy, "-db", "-f", str(self.config)],
            cwd=self.run_dir, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        log.close()
        _write_pid(self.run_dir, "haproxy", self.haproxy.pid, str(self.config))
        deadline = time.monotonic() + 30
        while not _healthy(self.url):
            if self.haproxy.poll() is not None:
                raise ClusterError(f"haproxy exited with {self.haproxy.returncode}:\n{_log_tail(self.run_dir / 'haproxy.log')}")
            if time.monotonic() > deadline:
                raise ClusterError("haproxy did not answer within 30 s")
            time.sleep(0.2)

    # -- while it runs --

    def stop_replica(self, i: int, hard: bool = False) -> None:
        """Stop replica ``i`` (SIGTERM, or SIGKILL with ``hard``) and wait until it has exited. HAProxy is not
        told: its health checks find out (see ``wait_for_state``), and redispatch covers the time until then."""
        replica = self.replicas[i]
        _end(replica.process, hard=hard)
        (self.run_dir / f"{replica.name}.pid").unlink(missing_ok=True)

    def haproxy_command(self, command: str) -> str:
        """Send one command to HAProxy's runtime API (its admin socket) and return the answer."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(str(self.socket))
            s.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def server_states(self) -> dict[str, str]:
        """Each replica's state as HAProxy sees it: "UP", "DOWN", "MAINT", or a transition such as "UP 1/2"."""
        lines = self.haproxy_command("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
        return {row["svname"]: row["status"] for row in rows if row["pxname"] == "replicas" and row["svname"] != "BACKEND"}

    def wait_for_state(self, name: str, state: str, timeout: float = 30) -> float:
        """Wait until HAProxy reports replica ``name`` in ``state``; the seconds it took."""
        start = time.monotonic()
        while (seen := self.server_states().get(name)) != state:
            if time.monotonic() - start > timeout:
                raise ClusterError(f"{name} still {seen!r} after {timeout} s, not {state!r}")
            time.sleep(0.05)
        return time.monotonic() - start

    def pids(self) -> dict[str, int]:
        started = {r.name: r.process.pid for r in self.replicas}
        if self.haproxy:
            started["haproxy"] = self.haproxy.pid
        return started

    # -- stopping --

    def stop(self) -> None:
        """Stop HAProxy, then every replica; wait for each and remove the pid files. Safe to call twice."""
        if self.haproxy:
            _end(self.haproxy)
            (self.run_dir / "haproxy.pid").unlink(missing_ok=True)
        for replica in self.replicas:
            _end(replica.process)
            (self.run_dir / f"{replica.name}.pid").unlink(missing_ok=True)
        self.socket.unlink(missing_ok=True)
        if self.temporary:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class Started(NamedTuple):
    """What ``start_cluster`` returns: unpack it, or use it in ``with`` to stop the cluster on leaving."""

    url: str
    cluster: Cluster

    def __enter__(self) -> Started:
        return self

    def __exit__(self, *exc) -> None:
        self.cluster.stop()


def start_cluster(replicas: int = 2, port: int | None = None, run_dir: Path | str | None = None) -> Started:
    """Start ``replicas`` app processes behind HAProxy on 127.0.0.1:``port`` (a free port if None); returns
    ``(url, cluster)`` once all answer. See the module's docstring."""
    temporary = run_dir is None
    run_dir = Path(tempfile.mkdtemp(prefix="backpain-cluster-")) if temporary else Path(run_dir)
    cluster = Cluster(replicas, port or free_port(), run_dir, temporary=temporary).start()
    return Started(cluster.url, cluster)


# --- the command line ------------------------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    run_dir = Path(args.run_dir).resolve()

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C (SIGINT, even where the parent ignored it), `make cluster-stop` (SIGTERM) or a closed terminal.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)
    cluster = Cluster(args.replicas, args.port, run_dir)
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        # First, so that `stop` during the start-up reaches the supervisor too.
        _write_pid(run_dir, "supervisor", os.getpid(), "cluster.py")
        cluster.start()
        print(f"Back Pain Options: {args.replicas} replicas behind HAProxy on http://localhost:{args.port}")
        for r in cluster.replicas:
            print(f"  {r.name}: {r.url} (pid {r.process.pid})")
        print(f"Config, logs and pid files in {run_dir}. Ctrl-C or `make cluster-stop` stops everything.", flush=True)
        reported: set[str] = set()
        while cluster.haproxy.poll() is None:
            for r in cluster.replicas:
                if r.name not in reported and r.process.poll() is not None:
                    reported.add(r.name)
                    print(
                        f"replica {r.name} exited ({r.process.returncode}); HAProxy sends its browsers to the others", flush=True
                    )
            time.sleep(0.5)
        print(f"haproxy exited ({cluster.haproxy.returncode}):\n{_log_tail(run_dir / 'haproxy.log')}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except ClusterError as e:
        print(f"cluster: {e}", file=sys.stderr)
        return 1
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        print("stopping HAProxy and the replicas", flush=True)
        cluster.stop()
        (run_dir / "supervisor.pid").unlink(missing_ok=True)


def stop(run_dir: Path) -> list[str]:
    """Stop the cluster started from ``run_dir`` and every process it started; the names of those stopped.
    The supervisor is asked first (it stops the rest in order); whatever still runs after it is signalled by
    its pid file, if the process there is still the one that wrote it."""
    pids = _read_pids(run_dir)
    order = sorted(pids, key=lambda name: (name != "supervisor", name != "haproxy", name))
    stopped = [name for name in order if _alive(*pids[name])]
    for name in order:
        pid, marker = pids[name]
        if not _alive(pid, marker):
            continue
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
            if _wait_gone(pid, marker, STOP_TIMEOUT):
                break
    for name in pids:
        (run_dir / f"{name}.pid").unlink(missing_ok=True)
    left = [name for name, (pid, marker) in pids.items() if _alive(pid, marker)]
    if left:
        raise ClusterError(f"still running: {left}")
    return stopped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="start the replicas and HAProxy; run until Ctrl-C or `stop`")
    config = commands.add_parser("config", help="print the HAProxy configuration, with made-up replica ports")
    for p in (run, config):
        p.add_argument("--replicas", type=int, default=DEFAULT_REPLICAS)
        p.add_argument("--port", type=int, default=DEFAULT_PORT)
    for p in (run, commands.add_parser("stop", help="stop the cluster and every process it started")):
        p.add_argument("--run-dir", default=str(DEFAULT_RUN_DIR))
    args = parser.parse_args(argv)
    if args.command == "run":
        if find_haproxy() is None:
            print(INSTALL_HINT, file=sys.stderr)
            return 1
        return _run(args)
    if args.command == "config":
        replicas = [(f"r{i}", 8501 + i) for i in range(args.replicas)]
        print(render_config(args.port, replicas, DEFAULT_RUN_DIR / "haproxy.sock"), end="")
        return 0
    try:
        stopped = stop(Path(args.run_dir).resolve())
    except ClusterError as e:
        print(f"cluster-stop: {e}", file=sys.stderr)
        return 1
    print(f"stopped: {', '.join(stopped)}" if stopped else "no cluster was running")
    return 0


if __name__ == "__main__":
    sys.exit(main())

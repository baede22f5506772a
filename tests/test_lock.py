"""The environment is exactly the lock: every package at its locked version, nothing else, every file hashed."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)
# The installer itself comes with the virtual environment, not from the lock.
NOT_LOCKED = {"pip"}


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def pins(path: Path) -> dict[str, str]:
    return {_name(name): version for name, version in PIN.findall(path.read_text(encoding="utf-8"))}


def installed() -> dict[str, str]:
    return {_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def test_every_locked_package_is_installed_at_its_locked_version():
    have = installed()
    wrong = {name: (want, have.get(name)) for name, want in pins(ROOT / "requirements-dev.txt").items() if have.get(name) != want}
    assert not wrong, f"installed versions differ from the lock (run `make clean test`): {wrong}"


def test_nothing_is_installed_that_the_lock_does_not_name():
    extra = set(installed()) - set(pins(ROOT / "requirements-dev.txt")) - NOT_LOCKED
    assert not extra, f"installed but not locked (run `make clean test`): {sorted(extra)}"


def test_the_runtime_lock_is_the_same_in_the_development_lock():
    runtime, dev = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-dev.txt")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_each_direct_pin_is_what_the_lock_holds():
    for source, lock in (("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")):
        direct, locked = pins(ROOT / source), pins(ROOT / lock)
        assert direct and {name: locked.get(name) for name in direct} == direct, source


def test_every_locked_package_carries_hashes():
    for lock in ("requirements.txt", "requirements-dev.txt"):
        text = (ROOT / lock).read_text(encoding="utf-8")
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[-1])
        for block in blocks:
            if PIN.match(block):
                assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]} has no hash"

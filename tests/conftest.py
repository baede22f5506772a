from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backpain.load import load_dataset

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def dataset():
    """The curated dataset shipped in data/."""
    return load_dataset(DATA)


@pytest.fixture(scope="session")
def fixture_dataset():
    return load_dataset(FIXTURE)


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    """A writable copy of the minimal fixture, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target

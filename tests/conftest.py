from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest
from hypothesis import settings
from streamlit.components.v2 import manifest_scanner

from backpain.load import load_dataset

# AppTest scans every installed package for custom-component manifests on each run (about 0.7 s of a
# 0.9 s run); the installed packages do not change during a test session, so scan once.
manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)

# `make test` tries each property with hypothesis's default 100 examples; `make test-fast` picks the "fast"
# profile, a quicker sample of the same properties. No time limit per example: speed is measured in bench/, and
# on a busy machine a deadline only makes a correct property fail now and then.
settings.register_profile("full", deadline=None)
settings.register_profile("fast", parent=settings.get_profile("full"), max_examples=20)
settings.load_profile("full")

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


@pytest.fixture(scope="session")
def other_pain_onset(dataset):
    """The dataset with tramadol given an onset from a label for another kind of pain. No record has one today
    (the onset once stored for tramadol was read in a copy of its label and dropped), but the wording must hold."""
    from backpain.schema import Onset, OnsetBasis

    onset = Onset(
        min_hours=1, max_hours=1, basis=OnsetBasis.label_other_pain, label="About 1 hour", sources=("label_tramadol_hcl_tablets",)
    )
    treatments = tuple(t.model_copy(update={"onset": onset}) if t.id == "tramadol" else t for t in dataset.treatments)
    return dataset.model_copy(update={"treatments": treatments})


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    """A writable copy of the minimal fixture, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


# Browser fixtures (used by the tests marked `browser`); the helpers are in browserkit.py.
@pytest.fixture(scope="module")
def server():
    from browserkit import start_server

    proc, url = start_server()
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from browserkit import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def pytest_collection_modifyitems(items):
    # The About page's first run loads a 135,000-word pronouncing dictionary for its reading grades (about 2 s
    # a process). With `--dist loadgroup` every test that opens it runs on one worker, so it is loaded once.
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if params.get("page") == "views/about.py" or "about" in item.name:
            item.add_marker(pytest.mark.xdist_group("about"))

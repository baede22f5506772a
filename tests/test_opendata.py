"""Open data: the Data Package validates with Frictionless, and a broken table does not."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backpain.__main__ import main

FRICTIONLESS = shutil.which("frictionless") or str(Path(sys.executable).parent / "frictionless")


def validate(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([FRICTIONLESS, "validate", "datapackage.json"], cwd=folder, capture_output=True, text=True, timeout=120)


@pytest.fixture
def package(tmp_path: Path) -> Path:
    assert main(["package", "--out", str(tmp_path / "pkg")]) == 0
    return tmp_path / "pkg"


@pytest.mark.slow
def test_datapackage_is_valid(package: Path):
    result = validate(package)
    assert result.returncode == 0, result.stdout + result.stderr
    descriptor = json.loads((package / "datapackage.json").read_text())
    fields = {f["name"]: f for f in descriptor["resources"][0]["schema"]["fields"]}
    assert "hours" in fields["onset_max_hours"]["description"]
    assert "0 to 100" in fields["effect_mean_difference"]["description"]
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0" and descriptor["sources"]


@pytest.mark.slow
def test_a_broken_table_fails_validation(package: Path):
    with (package / "treatments.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("last_reviewed")] = "not a date"
    with (package / "treatments.csv").open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    assert validate(package).returncode != 0

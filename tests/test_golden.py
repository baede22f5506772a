"""Golden files: the export, every Explore chart and every chart slide of the fixture data, byte for byte.

A refactor must not change what a user downloads or sees. When a change is meant to, look at the diff of
the golden files, then write them again with:  UPDATE_GOLDEN=1 make test-fast
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from backpain import charts, labels
from backpain.query import Filters, filter_treatments, overview_frame
from backpain.schema import Indication
from backpain.slides import CHART_SLIDES, slide_spec
from backpain.tabular import dataset_rows, rows_to_csv, rows_to_json

GOLDEN = Path(__file__).parent / "golden"


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path.name} is missing: write it with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed; if that is meant, write it again"


def test_the_export_is_unchanged(fixture_dataset):
    rows = dataset_rows(fixture_dataset)
    _check("export.csv", rows_to_csv(rows))
    _check("export.json", rows_to_json(rows))


@pytest.mark.parametrize("indication", list(Indication))
@pytest.mark.parametrize("clinician", [False, True], ids=["plain", "clinician"])
def test_each_chart_and_slide_spec_is_unchanged(fixture_dataset, indication, clinician):
    frame = overview_frame(filter_treatments(fixture_dataset.treatments, Filters()), indication)
    label = labels.INDICATION_CHART[indication]
    specs = {}
    for key in CHART_SLIDES:
        spec = charts.explore_spec(key, frame, label, clinician)
        specs[key] = spec
        specs[f"{key}_slide"] = slide_spec(spec, rows=None if key == "map" else len(frame))
    mode = "clinician" if clinician else "plain"
    _check(f"charts-{indication.value}-{mode}.json", json.dumps(specs, indent=1, sort_keys=True, ensure_ascii=False) + "\n")

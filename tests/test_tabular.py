"""Export and import: the flat table round-trips, and CSV cells are safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backpain.__main__ import main
from backpain.load import DataError, load_dataset
from backpain.tabular import COLUMN_KINDS, COLUMN_NAMES, dataset_rows, escape_cell, rows_to_csv, unescape_cell


def as_csv_folder(dataset_dir: Path, target: Path) -> Path:
    target.mkdir()
    shutil.copy(dataset_dir / "sources.yaml", target / "sources.yaml")
    shutil.copy(dataset_dir / "changelog.yaml", target / "changelog.yaml")
    metadata = yaml.safe_load((dataset_dir / "treatments.yaml").read_text())["metadata"]
    (target / "metadata.yaml").write_text(yaml.safe_dump({"metadata": metadata}))
    assert main(["export", "--format", "csv", "--out", str(target / "treatments.csv"), str(dataset_dir)]) == 0
    return target


def test_one_row_per_treatment_and_indication(dataset):
    rows = dataset_rows(dataset)
    assert len(rows) == 3 * len(dataset.treatments)
    assert {r["indication"] for r in rows} == {"acute", "chronic", "sciatica"}


@pytest.mark.slow
def test_curated_yaml_round_trips_through_csv(tmp_path, dataset):
    folder = as_csv_folder(Path(__file__).parent.parent / "data", tmp_path / "csv")
    assert load_dataset(folder) == dataset


def test_json_export_has_every_column(tmp_path):
    out = tmp_path / "export.json"
    assert main(["export", "--format", "json", "--out", str(out)]) == 0
    rows = json.loads(out.read_text())
    assert set(rows[0]) == set(COLUMN_NAMES)


def test_formula_cells_are_escaped(fixture_dataset):
    text = rows_to_csv(dataset_rows(fixture_dataset))
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    text_cells = [row[c] for row in rows for c in COLUMN_NAMES if COLUMN_KINDS[c] != "number"]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in text_cells)
    # Numbers stay numbers: a negative effect is not text and is not escaped.
    assert "-7.5" in [row["effect_mean_difference"] for row in rows]


def test_escape_is_reversible():
    for text in ["=SUM(A1)", "+1", "-x", "@cmd", "\tx", "\rx", "'quoted", "plain", ""]:
        assert unescape_cell(escape_cell(text)) == text


hostile_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf")) | st.sampled_from(["=", "+", "-", "@", "'", '"', ",", "\t"]),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s.strip())


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=hostile_text, aka=st.lists(hostile_text, max_size=3), summary=hostile_text)
def test_any_text_round_trips_through_csv(tmp_path_factory, name, aka, summary):
    fixture = Path(__file__).parent / "fixtures" / "minimal"
    work = tmp_path_factory.mktemp("prop")
    shutil.copytree(fixture, work / "yaml")
    data = yaml.safe_load((work / "yaml" / "treatments.yaml").read_text())
    data["treatments"][0].update(name=name, also_known_as=aka, plain_summary=summary)
    (work / "yaml" / "treatments.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    original = load_dataset(work / "yaml")
    assert load_dataset(as_csv_folder(work / "yaml", work / "csv")) == original


def test_csv_with_inconsistent_rows_is_reported(tmp_path):
    folder = as_csv_folder(Path(__file__).parent / "fixtures" / "minimal", tmp_path / "csv")
    lines = (folder / "treatments.csv").read_text().splitlines()
    lines[2] = lines[2].replace("Fast pill", "Slow pill", 1)
    (folder / "treatments.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    assert "treatments.csv:3: fast_pill: name: differs from the treatment's first row (line 2)" in str(info.value)


def test_readme_lists_every_export_column_as_the_code_describes_it():
    from readme import assert_readme_has

    from backpain.tabular import COLUMNS

    rows = (f"| `{column.name}` | {column.kind} | {column.description} |" for column in COLUMNS)
    assert_readme_has(rows, "### Export columns (one row per treatment × indication)")


def test_export_carries_direction_onset_basis_and_scope(dataset):
    from backpain.tabular import dataset_rows

    rows = dataset_rows(dataset)
    assert all(r["effect_direction"] is None for r in rows if r["certainty"] == "insufficient")
    assert all(r["effect_direction"] for r in rows if r["certainty"] != "insufficient")
    assert {r["onset_basis"] for r in rows if r["onset_min_hours"] is not None} <= {
        "label_back_pain",
        "label_other_pain",
        "trial_first_benefit",
        "first_measured",
    }
    carisoprodol_acute = next(r for r in rows if r["id"] == "carisoprodol" and r["indication"] == "acute")
    assert carisoprodol_acute["acp_2017_stance"] == "recommended" and carisoprodol_acute["acp_2017_scope"] == "class"


# --- a broken table: each problem named by file, line, record and column -------------------------------


def _broken_csv(tmp_path, edit) -> list[str]:
    folder = as_csv_folder(Path(__file__).parent / "fixtures" / "minimal", tmp_path / "csv")
    path = folder / "treatments.csv"
    path.write_text(edit(path.read_text()))
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    return [str(p) for p in info.value.problems]


def test_an_empty_table_is_reported(tmp_path):
    assert _broken_csv(tmp_path, lambda text: "") == ["treatments.csv:1: is empty; expected a header row"]


def test_missing_and_unknown_columns_are_named(tmp_path):
    def rename(text):
        header, rest = text.split("\n", 1)
        return header.replace("plain_summary", "blurb") + "\n" + rest

    assert _broken_csv(tmp_path, rename) == [
        "treatments.csv:1: missing columns: plain_summary",
        "treatments.csv:1: unknown columns: blurb",
    ]


def test_a_short_row_and_an_unreadable_cell_are_named(tmp_path):
    def break_rows(text):
        lines = text.splitlines()
        lines[2] = ",".join(lines[2].split(",")[:5])
        header = next(csv.reader([lines[0]]))
        row = next(csv.reader([lines[1]]))
        row[header.index("effect_mean_difference")] = "minus seven"
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(row)
        lines[1] = out.getvalue().rstrip("\n")
        return "\n".join(lines) + "\n"

    problems = _broken_csv(tmp_path, break_rows)
    assert any(p.startswith("treatments.csv:2: fast_pill: effect_mean_difference: cannot be read") for p in problems), problems
    assert any(p.startswith("treatments.csv:3: has 5 cells; the header has") for p in problems), problems


def test_a_treatment_without_one_row_per_kind_of_pain_is_named(tmp_path):
    def drop_sciatica(text):
        lines = text.splitlines()
        header = next(csv.reader([lines[0]]))
        at = header.index("indication")
        keep = [lines[0]] + [ln for ln in lines[1:] if next(csv.reader([ln]))[at] != "sciatica" or "fast_pill" not in ln]
        return "\n".join(keep) + "\n"

    assert "treatments.csv:2: fast_pill: indication: needs exactly one row for each of acute, chronic, sciatica" in (
        _broken_csv(tmp_path, drop_sciatica)
    )


def test_a_table_without_its_metadata_is_refused(tmp_path):
    folder = as_csv_folder(Path(__file__).parent / "fixtures" / "minimal", tmp_path / "csv")
    (folder / "metadata.yaml").unlink()
    with pytest.raises(DataError, match="metadata.yaml: is needed beside treatments.csv"):
        load_dataset(folder)

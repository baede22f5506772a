"""The loader and every validator message, checked against a corpus of broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backpain.__main__ import main
from backpain.load import DataError, load_dataset
from backpain.yamlfile import MAX_FILE_BYTES

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.stem for p in BROKEN.glob("*.yaml"))


def problems_for(folder: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    return [str(p) for p in info.value.problems]


def test_fixture_loads(fixture_dataset):
    assert [t.id for t in fixture_dataset.treatments] == ["fast_pill", "slow_exercise", "habit_drug"]


def test_corpus_is_not_empty():
    assert len(CASES) >= 14


@pytest.mark.parametrize("case", CASES)
def test_each_broken_file_gives_its_message(case: str, fixture_copy: Path):
    shutil.copy(BROKEN / f"{case}.yaml", fixture_copy / "treatments.yaml")
    expected = (BROKEN / f"{case}.expected").read_text().strip()
    messages = problems_for(fixture_copy)
    assert any(expected in m for m in messages), f"{expected!r} not in {messages}"


def test_messages_name_file_line_record_and_field(fixture_copy: Path):
    shutil.copy(BROKEN / "bad_enum.yaml", fixture_copy / "treatments.yaml")
    (message,) = problems_for(fixture_copy)
    file_line, record, field, _ = message.split(": ", 3)
    assert file_line.startswith("treatments.yaml:") and file_line.split(":")[1].isdigit()
    assert (record, field) == ("fast_pill", "evidence.acute.certainty")


def test_oversized_file_is_refused_without_parsing(fixture_copy: Path):
    (fixture_copy / "treatments.yaml").write_text("#" * (MAX_FILE_BYTES + 10))
    (message,) = problems_for(fixture_copy)
    assert "files over 5 MB are refused" in message


def test_every_problem_is_reported_at_once(fixture_copy: Path):
    text = (fixture_copy / "treatments.yaml").read_text()
    text = text.replace("category: nsaid", "category: pill").replace("kind: non_drug", "kind: herbal")
    (fixture_copy / "treatments.yaml").write_text(text)
    messages = problems_for(fixture_copy)
    assert any("fast_pill: category: 'pill'" in m for m in messages)
    assert any("slow_exercise: kind: 'herbal'" in m for m in messages)


def test_missing_file_is_named(fixture_copy: Path):
    (fixture_copy / "sources.yaml").unlink()
    assert any(m.startswith("sources.yaml: not found") for m in problems_for(fixture_copy))


def test_source_without_locator_is_rejected(fixture_copy: Path):
    path = fixture_copy / "sources.yaml"
    path.write_text(path.read_text().replace('    url: "https://example.org/label"\n', ""))
    assert any("fixture_label: needs at least one of doi, pmid or url" in m for m in problems_for(fixture_copy))


def test_a_value_cited_from_a_copy_is_refused(fixture_copy: Path):
    path = fixture_copy / "sources.yaml"
    text = path.read_text()
    label = text.index("id: fixture_label")
    path.write_text(text[:label] + text[label:].replace("primary: true", "primary: false", 1))
    messages = problems_for(fixture_copy)
    assert any("fast_pill: sources: 'fixture_label' is not a primary source" in m for m in messages), messages


def test_http_url_is_rejected(fixture_copy: Path):
    path = fixture_copy / "sources.yaml"
    path.write_text(path.read_text().replace("https://example.org/label", "http://example.org/label"))
    assert any("fixture_label: url:" in m for m in problems_for(fixture_copy))


def test_cli_validate_ok(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.endswith("sources: OK") and " treatments, " in out


def test_cli_validate_failure_lists_problems(fixture_copy: Path, capsys):
    shutil.copy(BROKEN / "onset_reversed.yaml", fixture_copy / "treatments.yaml")
    assert main(["validate", str(fixture_copy)]) == 1
    err = capsys.readouterr().err
    assert "fast_pill: onset: min_hours (5) is greater than max_hours (1)" in err
    assert "Traceback" not in err


def test_data_dir_from_environment(monkeypatch, fixture_copy: Path, capsys):
    monkeypatch.setenv("BACKPAIN_DATA_DIR", str(fixture_copy))
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("3 treatments, 3 sources: OK")


def test_changelog_must_match_the_data_version(fixture_copy: Path):
    path = fixture_copy / "changelog.yaml"
    path.write_text(path.read_text().replace('version: "2026.11.0"', 'version: "2026.12.1"'))
    assert any("changelog.yaml" in m and "must match the data version 2026.11.0" in m for m in problems_for(fixture_copy))

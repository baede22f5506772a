"""The PDF summary: content for a given permalink, Unicode, type of 9 pt or more, and a rendered PNG."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from backpain import wording
from backpain.load import load_dataset
from backpain.schema import Indication
from backpain.summary_pdf import QUESTIONS_FOR_THE_CLINICIAN, summary_pdf

LONGEST = ["strong_opioids", "carisoprodol", "multidisciplinary_rehabilitation", "nsaids_oral"]
LINK = "https://backpain.example/compare?compare=strong_opioids&compare=carisoprodol&mode=clinician"


def text_of(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def font_sizes(pdf: bytes) -> list[float]:
    """The size of every piece of text drawn, in points."""
    sizes: list[float] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.append(size * tm[0]) if text.strip() else None)
    return sizes


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
@pytest.mark.parametrize("clinician", [True, False])
def test_summary_reads_at_9_pt_or_more_with_every_part(dataset, clinician):
    pdf = summary_pdf(
        dataset,
        LONGEST,
        Indication.acute,
        clinician=clinician,
        permalink=LINK,
        priorities={"onset": "very"},
        today=date(2026, 11, 25),
    )
    pages, text = text_of(pdf)
    # Four options in 9.5 pt type take more than one page; each page says what it is.
    assert pages >= 1 and text.count("Not medical advice · page") == pages
    assert min(font_sizes(pdf)) >= 9
    flat = squash(text)
    for option in LONGEST:
        treatment = dataset.treatment(option)
        assert squash(treatment.name) in flat
        # Long cells wrap; nothing is cut.
        assert squash(treatment.onset.label) in flat
        assert squash(treatment.harms.serious[0] if treatment.harms.serious else wording.NONE_LISTED) in flat
    for question in QUESTIONS_FOR_THE_CLINICIAN:
        assert squash(question) in flat
    assert squash(LINK) in flat
    assert squash("What I'm leaning towards, and my notes") in flat
    # The QR code of the permalink is drawn, once.
    assert sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "2026-11-25" in text and dataset.provenance.version in text
    assert squash("Go to an emergency department now") in flat
    assert squash("Faster relief: a lot") in flat
    assert ("US schedule II" in text) == clinician


def test_unicode_prints(tmp_path: Path):
    source = Path(__file__).parent / "fixtures" / "minimal"
    shutil.copytree(source, tmp_path / "data")
    path = tmp_path / "data" / "treatments.yaml"
    data = yaml.safe_load(path.read_text())
    data["treatments"][0]["name"] = "Névralgie ≥ 2 « test » ✓"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    dataset = load_dataset(tmp_path / "data")
    _, text = text_of(summary_pdf(dataset, ["fast_pill"], Indication.acute, clinician=False, permalink="?compare=fast_pill"))
    assert "Névralgie ≥ 2 « test » ✓" in text


@pytest.mark.slow
def test_first_page_renders_to_png(dataset, tmp_path: Path):
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI is set but pdftoppm (poppler-utils) is not installed")
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed; skipped outside CI")
    pdf_path = tmp_path / "summary.pdf"
    pdf_path.write_bytes(summary_pdf(dataset, LONGEST, Indication.chronic, clinician=True, permalink=LINK))
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "page")], check=True)
    png = tmp_path / "page-1.png"
    assert png.stat().st_size > 20_000
    out = Path(__file__).resolve().parent.parent / "test-output"
    out.mkdir(exist_ok=True)
    shutil.copy(png, out / "summary-page-1.png")


def test_an_answer_taller_than_a_page_is_cut_with_a_pointer_to_the_app(dataset, monkeypatch):
    from backpain import summary_pdf as module

    long = "word " * 6000
    monkeypatch.setattr(module, "key_rows", lambda *args: [("Question", [long])])
    text = text_of(module.summary_pdf(dataset, ["tens"], Indication.acute, clinician=False, permalink="?x"))[1]
    assert squash(module.CUT_NOTE) in squash(text)


def test_clinician_summary_gives_each_guideline_its_own_strength(dataset):
    pdf = summary_pdf(dataset, ["strong_opioids", "exercise_therapy"], Indication.chronic, clinician=True, permalink="?x")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert (
        "ACP 2017, for opioids as a class: Suggested (conditional), only as a last resort, when other treatments have failed "
        "(weak recommendation"
    ) in text


def test_the_permalink_breaks_only_before_a_parameter():
    from backpain.summary_pdf import link_lines

    link = "https://example.org/compare?compare=carisoprodol&compare=exercise_therapy&indication=chronic&w_onset=very"
    lines = link_lines(link, len, 40)
    assert "".join(lines) == link and len(lines) > 1
    assert all(line[0] in "?&" for line in lines[1:])
    assert all(len(line) <= 40 for line in lines[1:])  # a piece longer than a line gets a line of its own


def test_the_qr_code_is_a_png_of_the_link():
    from backpain.summary_pdf import qr_png

    assert qr_png(LINK).read().startswith(b"\x89PNG")


# Option sets whose sheets break pages at different places.
OPTION_SETS = [LONGEST, LONGEST[:3], LONGEST[:2], ["tens"], ["carisoprodol", "exercise_therapy", "nsaids_oral"]]


def page_texts(dataset, ids: list[str], clinician: bool) -> list[str]:
    pdf = summary_pdf(dataset, ids, Indication.chronic, clinician=clinician, permalink=LINK, today=date(2026, 11, 25))
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.slow
@pytest.mark.parametrize("ids", OPTION_SETS)
@pytest.mark.parametrize("clinician", [True, False])
def test_the_urgent_signs_are_never_split_over_two_pages(dataset, ids, clinician):
    pages = page_texts(dataset, ids, clinician)
    holding = [i for i, page in enumerate(pages) if squash("Get urgent care") in page]
    assert len(holding) == 1
    assert squash("See a doctor soon if") in pages[holding[0]]


@pytest.mark.slow
@pytest.mark.parametrize("ids", OPTION_SETS)
@pytest.mark.parametrize("clinician", [True, False])
def test_no_source_is_split_over_two_pages(dataset, ids, clinician):
    from backpain.summary_pdf import MAX_REFERENCES, references

    pages = page_texts(dataset, ids, clinician)
    for reference in references(dataset, [dataset.treatment(i) for i in ids], Indication.chronic)[:MAX_REFERENCES]:
        assert any(squash(reference) in page for page in pages), reference


@pytest.mark.slow
@pytest.mark.parametrize("clinician", [True, False])
def test_the_claims_sheet_gives_each_checked_claim_whole_with_its_verdict_and_reason(dataset, clinician):
    from backpain import labels

    soma = dataset.treatment("carisoprodol")
    pdf = summary_pdf(dataset, ["carisoprodol"], Indication.acute, clinician=clinician, permalink=LINK, with_claims=True)
    pages = [squash(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(soma.claims) >= 3
    for claim in soma.claims:
        whole = squash(f"{labels.VERDICT[claim.verdict]}: “{claim.claim}”{claim.why}")
        assert any(whole in page for page in pages), claim.claim
    plain = squash(text_of(summary_pdf(dataset, ["carisoprodol"], Indication.acute, clinician=clinician, permalink=LINK))[1])
    assert squash(soma.claims[0].claim) not in plain  # the option's own sheet stays as it was


def test_a_summary_link_reopens_the_view_in_the_sheets_own_words():
    from backpain.view import page_address

    assert page_address("https://site.example/compare?compare=tens&mode=clinician") == "https://site.example/compare"
    assert page_address("https://site.example/compare?x=1", "treatment") == "https://site.example/treatment"
    assert page_address("https://site.example/", "treatment") == "https://site.example/treatment"
    assert page_address("https://site.example", "treatment") == "https://site.example/treatment"
    assert page_address("https://site.example/backpain/claims", "treatment") == "https://site.example/backpain/treatment"
    assert page_address("https://site.example/backpain/", "treatment") == "https://site.example/backpain/treatment"
    assert page_address("", "treatment") == "treatment"
    assert page_address("") == ""

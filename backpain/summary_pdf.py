"""A one-page PDF summary a patient can take home, made in Python (fpdf2) without a browser."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from backpain import absolute, labels, safety, wording
from backpain.priorities import CRITERIA, WEIGHT_WORDS
from backpain.schema import AbsoluteOutcome, Dataset, GuidelineId, Indication, Treatment

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
QUESTIONS_FOR_THE_CLINICIAN = (
    "Which of these options fits my kind of back pain, and why?",
    "How soon should I expect to feel better, and what should I do if I do not?",
    "What side effects or risks should I watch for, including dependence?",
    "Does anything in my health or my other medicines make one of these unsafe for me?",
    "What can I do myself, such as staying active, alongside or instead of these options?",
)
MAX_REFERENCES = 10
NOTE_LINES = 3
QR_MM = 24
# Body text at 9.5 pt, small print at 9 pt: read at arm's length on paper. The sheet takes the pages it needs.
BODY_PT = 9.5
SMALL_PT = 9.0


def _out_of_100(t: Treatment, indication: Indication, outcomes: tuple[AbsoluteOutcome, ...]) -> str:
    return "".join(
        f" Out of 100 people: {absolute.one_line(a, t.name)}."
        for a in t.evidence.for_indication(indication).absolute
        if a.outcome in outcomes
    )


def _with_numbers(words: str, numbers: str) -> str:
    return wording.sentence(words) + numbers if numbers else words


def _how_much(t: Treatment, indication: Indication, clinician: bool) -> str:
    # How much it helps, in words and in numbers out of 100 where they exist; side effects stay in their rows.
    evidence = t.evidence.for_indication(indication)
    return wording.how_much(evidence, clinician=clinician) + _out_of_100(t, indication, (AbsoluteOutcome.meaningful_relief,))


def _dependence(t: Treatment, clinician: bool) -> str:
    words = labels.DEPENDENCE[t.dependence.level]
    if clinician:
        words += f"; {wording.schedule_aside(t.dependence.us_schedule)}"
    return words


def _guidelines(t: Treatment, indication: Indication, clinician: bool) -> str:
    said = []
    for g in GuidelineId:
        entry = t.guidelines.for_guideline(g).for_indication(indication)
        grade = wording.grade_words(entry) if clinician and entry is not None else ""
        # A clinician reads the guideline's own strength: ACP's opioid advice is weak, a last option.
        said.append(wording.stance_words(g, entry, t) + (f" ({grade})" if grade else ""))
    if wording.guideline_disagreement(t, indication):
        said.append(f"{wording.DISAGREE_SYMBOL} {wording.DISAGREE_CELL.lower()}")
    return "; ".join(said)


def key_rows(treatments: Sequence[Treatment], indication: Indication, clinician: bool) -> list[tuple[str, list[str]]]:
    """The summary's grid: a question, then one answer per option."""
    harms = (AbsoluteOutcome.any_adverse_event,)
    serious = (AbsoluteOutcome.serious_adverse_event,)
    return [
        ("How soon", [wording.onset_words(t.onset) for t in treatments]),
        ("How much, how sure", [_how_much(t, indication, clinician) for t in treatments]),
        ("Dependence", [_dependence(t, clinician) for t in treatments]),
        (
            "Main side effects",
            [_with_numbers(wording.listed(t.harms.common), _out_of_100(t, indication, harms)) for t in treatments],
        ),
        (
            "Serious risks",
            [_with_numbers(wording.listed(t.harms.serious), _out_of_100(t, indication, serious)) for t in treatments],
        ),
        ("Guidelines", [_guidelines(t, indication, clinician) for t in treatments]),
    ]


def references(dataset: Dataset, treatments: Sequence[Treatment], indication: Indication) -> list[str]:
    ids: list[str] = []
    for t in treatments:
        for source_id in t.evidence.for_indication(indication).sources:
            if source_id not in ids:
                ids.append(source_id)
    cited = [s for i in ids if (s := dataset.source(i))]
    return [f"{wording.source_words(s)} ({s.year}) {s.link}" for s in cited]


class _Summary(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(12, 10, 12)
        self.set_auto_page_break(True, margin=14)
        self.set_title("Back Pain Options: my summary")
        self.set_creator("Back Pain Options")

    def footer(self) -> None:
        # Each page carries the caveat and its number, so a page read alone still says what it is.
        self.set_y(-9)
        self.set_font("DejaVu", "", SMALL_PT)
        self.cell(0, 4, f"Back Pain Options · Not medical advice · page {self.page_no()} of {{nb}}", align="C")


def _render(
    dataset: Dataset,
    treatments: Sequence[Treatment],
    indication: Indication,
    clinician: bool,
    priorities: Mapping[str, str] | None,
    permalink: str,
    today: date,
    size: float,
    cell_limit: int | None = None,
    with_claims: bool = False,
) -> FPDF:
    pdf = _Summary()
    pdf.add_page()
    line = size * 0.45

    def heading(text: str) -> None:
        pdf.set_font("DejaVu", "B", size + 1)
        pdf.multi_cell(0, line + 0.6, text, new_x="LMARGIN", new_y="NEXT")

    def body(text: str, bold: bool = False) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(0, line, text, new_x="LMARGIN", new_y="NEXT")

    pdf.set_font("DejaVu", "B", size + 5)
    pdf.multi_cell(0, line + 2.5, "My back pain options: a summary to talk over", new_x="LMARGIN", new_y="NEXT")
    body(
        f"{labels.INDICATION[indication]}. Made {today.isoformat()} from data version {dataset.provenance.version}. "
        f"{'Clinician detail' if clinician else 'Plain words'}."
    )
    body(safety.NOT_MEDICAL_ADVICE, bold=True)
    pdf.ln(1)

    rows = key_rows(treatments, indication, clinician)
    if cell_limit is not None:
        rows = [(question, [_cut(answer, cell_limit) for answer in answers]) for question, answers in rows]
    widths = (29, *([(186 - 29) / len(treatments)] * len(treatments)))
    pdf.set_font("DejaVu", "", size)
    header_style = FontFace(emphasis="BOLD", fill_color=(230, 238, 244))
    with pdf.table(
        col_widths=widths, headings_style=header_style, line_height=line, text_align="LEFT", padding=0.8, v_align="TOP"
    ) as table:
        header = table.row()
        header.cell("")
        for t in treatments:
            header.cell(wording.names_with_brands(t))
        for question, answers in rows:
            row = table.row()
            row.cell(question, style=FontFace(emphasis="BOLD"))
            for answer in answers:
                row.cell(answer)
    pdf.ln(1.5)

    if with_claims:
        for t in treatments:
            claims_checked(pdf, dataset, t, heading, size)
    if priorities:
        heading("What matters to me")
        chosen = [f"{CRITERIA[c]}: {WEIGHT_WORDS[level].lower()}" for c, level in priorities.items() if level != "not"]
        body("; ".join(chosen) or "No priority was chosen.")
    heading("Five questions to ask")
    body("\n".join(f"{i}. {q}" for i, q in enumerate(QUESTIONS_FOR_THE_CLINICIAN, start=1)))
    # The urgent signs are read as one block: never split over two pages.
    with pdf.unbreakable() as block:
        block.set_font("DejaVu", "B", size + 1)
        block.multi_cell(0, line + 0.6, "Get urgent care", new_x="LMARGIN", new_y="NEXT")
        block.set_font("DejaVu", "", size)
        for text in (
            "Go to an emergency department now if you have back pain and: " + " ".join(safety.RED_FLAGS_NOW),
            "See a doctor soon if: " + " ".join(safety.RED_FLAGS_SOON),
        ):
            block.multi_cell(0, line, text, new_x="LMARGIN", new_y="NEXT")
    refs = references(dataset, treatments, indication)
    heading("Main sources")
    shown = refs[:MAX_REFERENCES]
    more = [f"...and {len(refs) - len(shown)} more, listed in the app."] if len(refs) > len(shown) else []
    for reference in [*shown, *more]:
        # A reference is never split over two pages: its title on one and its address on the next reads as two.
        with pdf.unbreakable() as block:
            block.set_font("DejaVu", "", SMALL_PT)
            block.multi_cell(0, SMALL_PT * 0.45, reference, new_x="LMARGIN", new_y="NEXT", align="L")
    heading("What I'm leaning towards, and my notes")
    for _ in range(NOTE_LINES):
        pdf.ln(line * 1.6)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1.5)
    heading("Open this view again")
    if pdf.get_y() + QR_MM > pdf.h - pdf.b_margin:
        pdf.add_page()  # the code and its address stay together
    top = pdf.get_y()
    pdf.image(qr_png(permalink), x=pdf.l_margin, y=top, w=QR_MM, h=QR_MM, link=permalink)
    pdf.set_font("DejaVu", "", size)
    width = pdf.w - pdf.r_margin - pdf.l_margin - QR_MM - 3
    for piece in link_lines(permalink, lambda text: pdf.get_string_width(text), width):
        pdf.set_x(pdf.l_margin + QR_MM + 3)
        pdf.cell(width, line, piece, new_x="LMARGIN", new_y="NEXT", link=permalink)
    pdf.set_y(max(pdf.get_y(), top + QR_MM))
    return pdf


def claims_checked(pdf: FPDF, dataset: Dataset, t: Treatment, heading, size: float) -> None:
    """Each claim checked about the option, its verdict with the reason, and the sources, as on the Claims page."""
    heading(f"Claims checked about {t.name}")
    line = size * 0.45
    if not t.claims:
        pdf.set_font("DejaVu", "", size)
        pdf.multi_cell(0, line, f"No claims about {t.name} have been checked yet.", new_x="LMARGIN", new_y="NEXT")
    for claim in t.claims:
        cited = [s for i in claim.sources if (s := dataset.source(i))]
        # A claim is read with its verdict, reason and sources: never split over two pages.
        with pdf.unbreakable() as block:
            block.set_font("DejaVu", "B", size)
            block.multi_cell(0, line, f"{labels.VERDICT[claim.verdict]}: “{claim.claim}”", new_x="LMARGIN", new_y="NEXT")
            block.set_font("DejaVu", "", size)
            block.multi_cell(0, line, claim.why, new_x="LMARGIN", new_y="NEXT")
            block.set_font("DejaVu", "", SMALL_PT)
            sources = "Sources: " + "; ".join(wording.source_words(s) for s in cited)
            block.multi_cell(0, SMALL_PT * 0.45, sources, new_x="LMARGIN", new_y="NEXT")
            block.ln(1)


def qr_png(text: str) -> io.BytesIO:
    """A QR code of the permalink, so the sheet reopens the same view on a phone."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    return buffer


def link_lines(link: str, width_of: Callable[[str], float], width: float) -> list[str]:
    """The address in lines that break only before '?' or '&', never inside a word or a value
    (a value longer than a line, such as a long search, gets a line of its own)."""
    pieces = re.split(r"(?=[?&])", link)
    lines: list[str] = []
    for piece in pieces:
        if lines and width_of(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


def summary_pdf(
    dataset: Dataset,
    treatment_ids: Sequence[str],
    indication: Indication,
    *,
    clinician: bool,
    permalink: str,
    priorities: Mapping[str, str] | None = None,
    today: date | None = None,
    with_claims: bool = False,
) -> bytes:
    """A4 pages in 9.5 pt type: text is wrapped, never cut, and the sheet takes the pages it needs."""
    treatments = [t for i in treatment_ids if (t := dataset.treatment(i))]
    if not treatments:
        raise ValueError("choose at least one option for the summary")
    day = today or date.today()
    args = (dataset, treatments, indication, clinician, priorities, permalink, day, BODY_PT)
    for limit in (None, *CUT_AFTER):
        # Only text no curator would write makes one table row taller than a page; then each long answer is
        # cut, with a pointer to the app, rather than no file at all.
        try:
            pdf = _render(*args, cell_limit=limit, with_claims=with_claims)
        except ValueError:
            continue
        return bytes(pdf.output())
    raise ValueError("the summary does not fit even with every answer cut short")


CUT_AFTER = (600, 300, 150, 60)
CUT_NOTE = " (cut here: the app has the rest)"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…" + CUT_NOTE

"""Reading source files: formats, and every kind of bad input refused with a clear message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ontable.io import CaseError
from ontable.io.ingest import html_to_text, markdown_to_text, read_source_text

DATA = Path(__file__).parents[2] / "data" / "ingest"


def make_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF with ``lines`` as its text (an empty list draws a box and no text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in lines:
        pdf.drawString(50, y, line)
        y -= 16
    if not lines:
        pdf.rect(50, 600, 200, 100)
    pdf.showPage()
    pdf.save()
    return path


def test_html_lists_become_numbered_lines() -> None:
    text = read_source_text(DATA / "harbour.html")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0] == "Harbour Understanding"
    assert lines[2] == "1. Riverland will cut the harbour levy to 5% within 60 days."
    assert lines[3] == "   a. Hillmarkers should register their boats with the port office."
    assert lines[-1] == "4. Riverland seeks to attract EUR 300 million in dock investment."
    assert "Home" not in text and "ignored" not in text and "not a point" not in text


def test_html_start_and_unordered_lists() -> None:
    text = html_to_text('<ol start="3"><li>Three</li><li>Four<ul><li>dot</li></ul></li></ol>')
    assert text.splitlines() == ["3. Three", "4. Four", "   - dot"]


def test_markdown_keeps_markers_and_drops_markup() -> None:
    text = markdown_to_text("# Plan\n\n1. **North** will [pay](http://x.org).\n   * a *bullet*\n")
    assert [line for line in text.splitlines() if line] == [
        "Plan",
        "1. North will pay.",
        "   * a bullet",
    ]


def test_pdf_text(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "plan.pdf", ["Plan", "1. North will pay.", "2. South should build."])
    text = read_source_text(path)
    assert "1. North will pay." in text
    assert "2. South should build." in text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\n ", "the file holds no text"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04", "the file is binary"),
        ("latin.txt", "1. Caf\xe9".encode("latin-1"), "the file is not UTF-8 text"),
        ("fake.pdf", b"1. not a pdf", "the file is not a PDF"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CaseError) as info:
        read_source_text(path)
    assert info.value.problems[0].message == message


def test_pdf_without_text(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "scan.pdf", [])
    with pytest.raises(CaseError, match="no text layer"):
        read_source_text(path)


def test_large_file_refused_by_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: no disk used, no bytes read
    with pytest.raises(CaseError, match=r"the file is 209\.7 MB, larger than the 50 MB limit"):
        read_source_text(path)
    os.remove(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="cannot read the file"):
        read_source_text(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("plan.docx", "a Word document cannot be read; save it as text, HTML or PDF"),
        ("scan.png", "an image cannot be read; run OCR on it first"),
    ],
)
def test_formats_it_cannot_read_are_refused_by_name(tmp_path: Path, name: str, said: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 not text")
    with pytest.raises(CaseError, match=said):
        read_source_text(path)

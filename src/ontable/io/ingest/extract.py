"""Text out of a source file: plain text, Markdown, HTML or PDF.

This is the only module of the ingester that touches files. Reading refuses, with a clear
:class:`~ontable.io.CaseError`, a file that is too large (checked by size before any byte is
read), empty, binary, not UTF-8, or a PDF without a text layer. The format converters
(:func:`markdown_to_text`, :func:`html_to_text`) are pure and keep a list's numbering as
printed markers (``1.``, ``a.``, ``-``) so that :mod:`ontable.io.ingest.split` sees them.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ontable.io.errors import CaseError

MAX_SOURCE_BYTES = 50_000_000
"""Largest source file read (50 MB); a larger file is refused before it is opened."""

TEXT_SUFFIXES = (".txt", ".text", "")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
_WHAT = "a plain-text, Markdown, HTML or PDF file"
UNREADABLE_SUFFIXES = {
    ".doc": "a Word document",
    ".docx": "a Word document",
    ".odt": "an OpenDocument text",
    ".rtf": "a rich-text file",
    ".epub": "an e-book",
    ".pages": "a Pages document",
    ".xls": "a spreadsheet",
    ".xlsx": "a spreadsheet",
    ".png": "an image",
    ".jpg": "an image",
    ".jpeg": "an image",
    ".gif": "an image",
    ".tif": "an image",
    ".tiff": "an image",
    ".webp": "an image",
    ".zip": "an archive",
}
"""Formats refused by name, each with what to do instead."""


def source_format(path: Path) -> str:
    """``"text"``, ``"markdown"``, ``"html"`` or ``"pdf"`` from the file name's suffix."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    return "text"


def read_source_text(path: str | Path, *, limit: int = MAX_SOURCE_BYTES) -> str:
    """The plain text of a source file, its format chosen by suffix (``.md``, ``.html``, ``.pdf``).

    Raises
    ------
    CaseError
        When the file is missing, larger than ``limit`` bytes, empty, binary, not UTF-8, or a
        PDF with no text layer; also when the text holds nothing but white space.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CaseError.single(path, f"cannot read the file: {exc.strerror}") from None
    if not path.is_file():
        raise CaseError.single(path, "not a file", expected=_WHAT)
    unreadable = UNREADABLE_SUFFIXES.get(path.suffix.lower())
    if unreadable is not None:
        hint = "run OCR on it first" if unreadable == "an image" else "save it as text, HTML or PDF"
        raise CaseError.single(path, f"{unreadable} cannot be read; {hint}", expected=_WHAT)
    if size > limit:
        raise CaseError.single(
            path,
            f"the file is {size / 1e6:.1f} MB, larger than the {limit / 1e6:.0f} MB limit",
            expected=_WHAT,
        )
    if size == 0:
        raise CaseError.single(path, "the file is empty", expected=_WHAT)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseError.single(path, f"cannot read the file: {exc.strerror}") from None
    kind = source_format(path)
    if kind == "pdf":
        text = pdf_to_text(raw, path)
    else:
        decoded = _decode(raw, path)
        if kind == "markdown":
            text = markdown_to_text(decoded)
        elif kind == "html":
            text = html_to_text(decoded)
        else:
            text = decoded
    if not text.strip():
        raise CaseError.single(path, "the file holds no text", expected=_WHAT)
    return text


def _decode(raw: bytes, path: Path) -> str:
    if b"\x00" in raw[:8192]:
        raise CaseError.single(path, "the file is binary", expected=_WHAT)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseError.single(
            path, "the file is not UTF-8 text", line=line, expected=_WHAT
        ) from None


def pdf_to_text(raw: bytes, path: Path) -> str:
    """The text layer of a PDF, page after page (pypdf); refuses a PDF with none."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not raw.startswith(b"%PDF"):
        raise CaseError.single(path, "the file is not a PDF", expected="a PDF file")
    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CaseError.single(path, f"the PDF cannot be read: {exc}") from None
    text = "\n".join(pages)
    if not text.strip():
        raise CaseError.single(
            path,
            "the PDF has no text layer (a scanned image?); run OCR on it first",
            expected="a PDF with selectable text",
        )
    # Words broken across lines by a hyphen are joined again.
    return re.sub(r"(\w)-\n(?=[a-z])", r"\1", text)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def markdown_to_text(markdown: str) -> str:
    """Markdown → plain text: headings keep their words, links their text, emphasis is dropped.

    List markers (``1.``, ``-``, ``*``) and their indentation are kept as they are.
    """
    out: list[str] = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if re.fullmatch(r"(-{3,}|\*{3,}|_{3,}|```.*)", stripped):
            out.append("")
            continue
        line = re.sub(r"^\s*>\s?", "", line)
        heading = re.match(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            out.extend(["", heading.group(1), ""])
            continue
        line = _MD_LINK.sub(r"\1", line)
        # A leading "* " is a bullet, not emphasis: keep it out of the emphasis pattern.
        bullet = re.match(r"^(\s*[*+-]\s+)(.*)$", line)
        head, body = (bullet.group(1), bullet.group(2)) if bullet else ("", line)
        body = _MD_EMPHASIS.sub(r"\2", body)
        out.append((head.replace("+", "-") + body).rstrip())
    return "\n".join(out)


_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "dt",
    "dd",
    "pre",
}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def _list_marker(kind: str, n: int) -> str:
    if kind == "a":
        return f"{chr(ord('a') + (n - 1) % 26)}."
    if kind == "A":
        return f"{chr(ord('A') + (n - 1) % 26)}."
    if kind == "i":
        return f"({_ROMAN[(n - 1) % len(_ROMAN)]})"
    return f"{n}."


def html_to_text(html: str) -> str:
    """HTML → plain text with one line per block; list items become ``1.``, ``a.``, ``-`` lines.

    An ordered list nested in a list item is lettered (or follows its ``type`` attribute);
    ``start`` is honoured; scripts, styles and navigation are dropped.
    """
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "nav", "noscript", "template", "head"]):
        tag.decompose()
    lines: list[str] = []
    current: list[str] = []

    def flush(prefix: str = "") -> None:
        words = " ".join("".join(current).split())
        current.clear()
        if words:
            lines.append(prefix + words)

    def walk(node: Tag, depth: int) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString or child.__class__.__name__ == "CData":
                    current.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name == "br":
                flush()
            elif name in ("ol", "ul"):
                flush()
                list_items(child, depth)
            elif name in _HEADING_TAGS:
                # A heading stands alone between blank lines, as the splitter expects.
                flush()
                lines.append("")
                walk(child, depth)
                flush()
                lines.append("")
            elif name in _BLOCK_TAGS or name == "li":
                flush()
                walk(child, depth)
                flush()
            else:
                walk(child, depth)

    def list_items(lst: Tag, depth: int) -> None:
        ordered = lst.name.lower() == "ol"
        kind = str(lst.get("type") or ("1" if depth == 0 else "a"))
        start_attr = str(lst.get("start") or "1")
        n = int(start_attr) if start_attr.isdigit() else 1
        indent = "   " * depth
        for item in lst.find_all("li", recursive=False):
            marker = _list_marker(kind, n) if ordered else "-"
            n += 1
            current.clear()
            nested: list[Tag] = []
            for child in item.children:
                if isinstance(child, Tag) and child.name.lower() in ("ol", "ul"):
                    nested.append(child)
                elif isinstance(child, Tag):
                    current.append(" " + child.get_text(" ") + " ")
                elif type(child) is NavigableString:
                    current.append(str(child))
            flush(f"{indent}{marker} ")
            for sub in nested:
                list_items(sub, depth + 1)

    walk(soup, 0)
    flush()
    return "\n".join(lines)

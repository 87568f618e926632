"""PDF front end (pdfplumber): pages → the same Document of Lines the text and HTML front ends give.

Ruled tables are read with pdfplumber's table finder (one Line per table row, one cell per column,
wrapped cell text joined back); text outside tables is read as lines from word positions (one cell
each), so forms and running text keep their reading order. Every Line carries its PDF page number;
line numbers count the lines sosei reads on that page, top to bottom.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
import signal
import threading
import unicodedata

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from .extract import InputError, sha256
from .records import Document, Line

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3}
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _page(page, number: int, path: str) -> tuple[list[Line], dict]:
    """The page's Lines, and where each text line that may wrap ends: (page, line) → (x1, print size)."""
    if not page.chars:
        if page.images:
            raise InputError(path, "the page has no text layer, only images (a scanned PDF?); "
                             "run OCR (e.g. ocrmypdf) and give the result", page=number)
        return [], {}
    sizes = sorted(c["size"] for c in page.chars)
    size = sizes[len(sizes) // 2]
    lines, rights = [], {}
    for n, (_top, cells, right) in enumerate(page_lines(page), start=1):
        wide = right is not None and right >= WRAP_SHARE * page.width
        lines.append(Line(lineno=n, cells=cells, page=number, wraps=wide))
        if wide:
            rights[(number, n)] = (right, size)
    return lines, rights


WRAP_SHARE = 0.75  # a text line that ends past this share of the page width may be a wrapped paragraph's
WRAP_SLACK = 2.0  # … when it ends within this many characters (of its size) of the text's right edge


def mark_wraps(lines: list[Line], rights: dict[tuple[int | None, int], tuple[float, float]]) -> list[Line]:
    """Keep `wraps` only on the lines that end at the document's right text edge (the rightmost end of any
    text line, less WRAP_SLACK characters): a word processor wraps a paragraph there, while a paragraph's
    last line, a heading or a short item ends before it. Layouts that read running text join such a
    line to the next (regional-plan); the others ignore the flag."""
    edge = max((x1 for x1, _size in rights.values()), default=0.0)
    out = []
    for line in lines:
        x1, size = rights.get((line.page, line.lineno), (0.0, 0.0))
        keep = line.wraps and x1 >= edge - WRAP_SLACK * size
        out.append(line if keep == line.wraps else dataclasses.replace(line, wraps=keep))
    return out


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def join_wrapped(text: str | None) -> str:
    """Cell text wrapped over lines, joined back: no space between Japanese characters, one between
    Latin words ("WEB,\\nSNS" → "WEB, SNS", "GIGA\\nスクール" → "GIGAスクール")."""
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        sep = "" if (_is_wide(out[-1]) or _is_wide(part[0])) else " "
        out += sep + part
    return out


def _inside(obj, boxes) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def page_lines(page) -> list[tuple]:
    """(top, cells, right) of one page: table rows and the text lines outside tables, in reading order;
    `right` is where a text line ends (x1), None for table rows and blank lines.

    A vertical gap taller than the line itself between two text lines is read as a blank line, as a
    text extraction of the page prints one (form parsers use blank lines to end paragraphs). The spaces
    a page draws are kept as drawn, as a text extraction keeps them: leading spaces (forms indent with
    them) and ideographic spaces (内　　容, 除却　935千円), which pdfplumber would otherwise read as word
    breaks and join back with one ASCII space.
    """
    rows: list[tuple[float, tuple[str, ...]]] = []
    # A box drawn around one paragraph (a form's frame) is not a table: its lines are read as text.
    tables = [t for t in page.find_tables(TABLE_SETTINGS) if len(t.cells) > 1]
    for table in tables:
        for row, texts in zip(table.rows, table.extract()):
            cells = tuple(join_wrapped(t) for t in texts)
            if any(cells):
                rows.append((row.bbox[1], cells, None))
    boxes = [t.bbox for t in tables]
    rest = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    previous = None
    sizes = sorted(c["size"] for c in page.chars) or [10.0]
    tolerance = min(3.0, 0.4 * sizes[len(sizes) // 2])  # small print sets its lines close together
    for line in rest.extract_text_lines(return_chars=False, strip=False, y_tolerance=tolerance,
                                           keep_blank_chars=True):
        text = line["text"].rstrip()
        if not text.strip():
            continue
        height = line["bottom"] - line["top"]
        if previous is not None and line["top"] - previous > height:
            rows.append((previous + 0.01, ("",), None))
        rows.append((line["top"], (text,), line["x1"]))
        previous = line["bottom"]
    return sorted(rows, key=lambda r: r[0])


PAGE_SECONDS = 60  # time a page may take to read; a pathological page fails instead of hanging the build


class PageTimeout(Exception):
    pass


@contextlib.contextmanager
def page_budget(seconds: float):
    """Raise PageTimeout in the block after `seconds` (a SIGALRM timer: main thread, POSIX only;
    elsewhere the block runs unbounded)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum, _frame):
        raise PageTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def pdf_document(data: bytes, path: str) -> Document:
    """Read a PDF. Encrypted, damaged or text-less (scanned) PDFs raise InputError naming the file."""
    if not data.strip():
        raise InputError(path, "the file is empty; give the PDF as published")
    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError(path, "not a PDF (no %PDF- header); give the PDF as published")
    lines: list[Line] = []
    rights: dict = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise InputError(path, "the PDF has no pages")
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    with page_budget(PAGE_SECONDS):
                        page_lines_, page_rights = _page(page, number, path)
                        lines.extend(page_lines_)
                        rights.update(page_rights)
                except PageTimeout:
                    raise InputError(path, f"the page took longer than {PAGE_SECONDS} s to read (damaged, or "
                                     "drawn with an enormous number of objects?)", page=number) from None
                finally:
                    page.close()  # frees the page's parsed objects: memory stays flat over long documents
    except InputError:
        raise
    except Exception as e:  # pdfminer raises many types on damaged files; pdfplumber wraps them
        causes = (e, *e.args)
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise InputError(path, "the PDF is encrypted; give a copy without a password") from None
        raise InputError(path, f"the PDF is damaged or truncated ({type(e).__name__}); "
                         "download it again") from None
    if not lines:
        raise InputError(path, "the PDF has no text layer (a scanned PDF?); run OCR and give the result", page=1)
    return Document(path, sha256(data), "application/pdf", tuple(mark_wraps(lines, rights)))

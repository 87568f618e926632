"""Front ends: a source file's bytes → a format-neutral Document of Lines with page and line numbers.

Text (what a PDF extraction gives: tab-separated cells, form feeds between pages) is read here; the
HTML front end (extract_html) produces the same Document, so every layout parser works on either.
Fatal input problems (empty, binary, undecodable) raise InputError naming the file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .records import Document, Line


class InputError(Exception):
    """A source that cannot be read at all. Its message names the file (and page/line where known)."""

    def __init__(self, path: str, message: str, page: int | None = None, line: int | None = None):
        self.path, self.page, self.line, self.reason = path, page, line, message
        where = path + (f":p{page}" if page else "") + (f":l{line}" if line else "")
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # raised in a worker process of the build, re-raised in the parent
        return type(self), (self.path, self.reason, self.page, self.line)


TEXT_ENCODINGS = ("utf-8-sig", "cp932")  # UTF-8 first; Shift_JIS (Windows) is common in municipal files


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_text(data: bytes, path: str) -> str:
    if not data.strip():
        raise InputError(path, "the file is empty; give the text of the document (UTF-8 or Shift_JIS)")
    if b"\x00" in data[:8192]:
        raise InputError(path, "the file is binary, not text; give a .txt extraction, .html or .pdf")
    for enc in TEXT_ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(path, "the file is neither UTF-8 nor Shift_JIS text; re-save it as UTF-8")


def text_to_lines(text: str) -> tuple[Line, ...]:
    """Split text into Lines: tabs separate cells, form feeds (\\f) start a new page.

    Without form feeds the page stays unknown (None); a layout parser may infer pages from the page
    headers a PDF extraction repeats.
    """
    paged = "\f" in text
    page = 1 if paged else None
    out = []
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if "\f" in raw:
            page = (page or 1) + raw.count("\f")
            raw = raw.replace("\f", "")
        out.append(Line(lineno=n, cells=tuple(raw.split("\t")), page=page))
    return tuple(out)


def text_document(data: bytes, path: str) -> Document:
    return Document(path, sha256(data), "text/plain", text_to_lines(decode_text(data, path)))


def html_document(data: bytes, path: str) -> Document:
    """A saved web page (see extract_html; imported here on use, as it imports this module)."""
    from .extract_html import html_document as read_html

    return read_html(data, path)


def _pdf(data: bytes, path: str) -> Document:
    from .extract_pdf import pdf_document  # pdfplumber loads only when a PDF is read

    return pdf_document(data, path)


def _xlsx(data: bytes, path: str) -> Document:
    from .extract_xlsx import xlsx_document  # openpyxl loads only when a workbook is read

    return xlsx_document(data, path)


def _csv(data: bytes, path: str) -> Document:
    from .extract_xlsx import csv_document

    return csv_document(data, path)


FRONT_ENDS = {".txt": text_document, ".html": html_document, ".htm": html_document, ".pdf": _pdf,
              ".xlsx": _xlsx, ".csv": _csv}


def read_document(file: Path, name: str | None = None) -> Document:
    """Read a source file with the front end its suffix names. `name` is how reports name the file."""
    name = name or file.name
    try:
        data = file.read_bytes()
    except OSError as e:
        raise InputError(name, f"cannot read the file: {e.strerror}") from None
    front = FRONT_ENDS.get(file.suffix.lower())
    if front is None:
        known = ", ".join(sorted(FRONT_ENDS))
        raise InputError(name, f"no front end for {file.suffix!r} files (known: {known})")
    return front(data, name)

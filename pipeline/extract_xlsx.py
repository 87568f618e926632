"""Spreadsheet front ends: an Excel workbook (openpyxl) or a CSV file → the same Document of Lines the
text, HTML and PDF front ends give.

A workbook's sheets are its pages (Document.sheets names them, so a SourceRef prints the sheet, the row
and the column); each row is a Line numbered by its row number, one cell per column from column A.
A merged range is filled out: every cell of it holds the range's text, and a Line records the columns
a range copied down from a row above (a layout decides whether that is allowed). CSV is read as
UTF-8 or Shift_JIS (cp932), one Line per record, numbered by the line the record starts on.
"""

from __future__ import annotations

import csv
import io

from .extract import InputError, decode_text, sha256
from .records import Document, Line


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):  # a date cell: ISO, as a layout reads dates
        return value.strftime("%Y-%m-%d") if value.hour == 0 and value.minute == 0 else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


def _merged(ws) -> dict[tuple[int, int], tuple[str, bool]]:
    """(row, column) → (the range's text, copied from a row above) for every cell of a merged range."""
    out = {}
    for rng in ws.merged_cells.ranges:
        value = _text(ws.cell(rng.min_row, rng.min_col).value)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                out[(r, c)] = (value, r > rng.min_row)
    return out


def sheet_lines(ws, page: int) -> list[Line]:
    merged = _merged(ws)
    lines = []
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells, copied = [], []
        for c, value in enumerate(row, start=1):
            text, down = merged.get((r, c), (_text(value), False))
            cells.append(text)
            if down:
                copied.append(c - 1)
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            lines.append(Line(lineno=r, cells=tuple(cells), page=page,
                              merged=tuple(i for i in copied if i < len(cells))))
    return lines


def xlsx_document(data: bytes, path: str) -> Document:
    """Read a workbook (.xlsx). A file that is not one raises InputError naming it."""
    from openpyxl import load_workbook  # loads only when a workbook is read

    if not data.strip():
        raise InputError(path, "the file is empty; give the workbook as published")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as e:  # noqa: BLE001 - damaged bytes fail inside zipfile, zlib or the XML parsers
        # in many ways (BadZipFile, zlib.error, EOFError, XML syntax errors …); each means the same to a user
        raise InputError(path, f"not an Excel workbook (.xlsx) or damaged ({type(e).__name__}); "
                         "save it again as .xlsx") from None
    lines: list[Line] = []
    names = tuple(wb.sheetnames)
    for page, name in enumerate(names, start=1):
        lines += sheet_lines(wb[name], page)
    if not lines:
        raise InputError(path, "the workbook has no filled cell")
    return Document(path, sha256(data), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    tuple(lines), names)


def csv_document(data: bytes, path: str) -> Document:
    """Read CSV (UTF-8 with or without BOM, or Shift_JIS/cp932): one Line per record."""
    text = decode_text(data, path)
    reader = csv.reader(io.StringIO(text, newline=""))
    lines, start = [], 1
    try:
        for record in reader:
            cells = [c.replace("\r\n", "\n").strip() for c in record]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                lines.append(Line(lineno=start, cells=tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as e:
        raise InputError(path, f"not readable as CSV: {e}", line=reader.line_num) from None
    return Document(path, sha256(data), "text/csv", tuple(lines))

"""Evaluation sheets as a ruled-grid PDF form: pages per second of the pdfplumber front end (table path)
and of the evaluation-sheet parser (grid.py), on the bundled 17 sheets of 北斗市 drawn one sheet a page
(tests/pdf_fixtures.evaluation_grid_pdf), repeated. Prints its figures.

    .venv/bin/python bench/bench_pdf_grid.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pdf_fixtures import evaluation_grid_pdf  # noqa: E402

from pipeline.extract_pdf import pdf_document  # noqa: E402
from pipeline.layouts.evaluation_sheet import parser  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="copies of the 17 sheets (3 → 51 pages)")
    args = ap.parse_args()
    text = (ROOT / "sources" / "012360_r5_sogo_keikaku_shisaku_hyoka.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = evaluation_grid_pdf(Path(tmp) / "bench.pdf", text, fiscal_year=2023, plan="北斗市総合計画",
                                  repeat=args.repeat)
        data = pdf.read_bytes()
    t = time.perf_counter()
    doc = pdf_document(data, "bench.pdf")
    extract = time.perf_counter() - t
    t = time.perf_counter()
    sheets, _ = parser.parse(doc, fiscal_year=2023, plan="北斗市総合計画")  # repeated sheets: duplicate-sheet
    parse = time.perf_counter() - t
    pages = max(line.page for line in doc.lines)
    print(f"grid PDF: {pages} pages, {len(data) / 1e6:.2f} MB, {len(doc.lines):,} lines, {len(sheets.sheets)} sheets")
    print(f"  extract (pdfplumber)  {extract:6.2f} s  {pages / extract:6.1f} pages/s")
    print(f"  parse (grid.py)       {parse:6.2f} s  {pages / parse:6.1f} pages/s")


if __name__ == "__main__":
    main()

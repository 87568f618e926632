"""PDF extraction speed: pages per second of the pdfplumber front end on a generated list of about 50
pages (the bundled strategy list drawn as a ruled-table PDF, repeated). Prints its figures.

    .venv/bin/python bench/bench_pdf.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pdf_fixtures import strategy_list_pdf  # noqa: E402

from pipeline.extract_pdf import pdf_document  # noqa: E402
from pipeline.layouts.strategy_project_list import parser as strategy_list  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="copies of the 18-page list (3 → about 50 pages)")
    args = ap.parse_args()
    text = (ROOT / "sources" / "012041_r6_sogo_senryaku_jigyo_ichiran.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = strategy_list_pdf(Path(tmp) / "bench.pdf", text, repeat=args.repeat)
        data = pdf.read_bytes()
    t = time.perf_counter()
    doc = pdf_document(data, "bench.pdf")
    extract = time.perf_counter() - t
    t = time.perf_counter()
    plist, _ = strategy_list.parse(doc, fiscal_year=2024)
    parse = time.perf_counter() - t
    pages = max(line.page for line in doc.lines)
    print(f"PDF: {pages} pages, {len(data) / 1e6:.1f} MB, {len(doc.lines):,} lines, {len(plist.listings):,} rows")
    print(f"  extract (pdfplumber)  {extract:6.2f} s  {pages / extract:6.1f} pages/s")
    print(f"  parse                 {parse:6.2f} s  {pages / parse:6.1f} pages/s")


if __name__ == "__main__":
    main()

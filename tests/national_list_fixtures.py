"""A national list of certified 地域再生計画 generated from the municipality table: deterministic (the
same table gives the same rows, byte for byte), written as CSV (UTF-8 or Shift_JIS), as an Excel
workbook (the 都道府県 cells merged over each prefecture's rows, as the published workbooks do) and as a
ruled-table PDF over many pages (header repeated, page numbers below). Nothing binary is committed:
tests and bench/bench_national.py generate what they read.

The rows are made up (names, summaries, dates), modelled on the published list's columns: 都道府県 /
作成主体名 / 地域再生計画の名称 / 区域の範囲 / 概要 / 支援措置の名称 / 当初認定回 / 変更1 … 変更3; every
fiftieth plan is a joint plan of the prefecture and the municipality ("北海道、夕張市").
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

TITLE = "地域再生計画 認定一覧(令和6年3月31日現在)"
HEADER = ("都道府県", "作成主体名", "地域再生計画の名称", "地域再生計画の区域の範囲", "地域再生計画の概要",
          "支援措置の名称", "当初認定回", "変更1", "変更2", "変更3")
THEMES = ("移住・定住促進", "観光交流拡大", "子育て応援", "農林業の担い手育成", "中心市街地再生", "デジタル人材育成",
          "関係人口創出", "健康づくり推進")
MEASURES = (("地方創生推進交付金", "A3007"), ("汚水処理施設整備交付金", "A3002"),
            ("地方創生道整備推進交付金", "A3008"))
ERA_SHORT = (("R", 2019, 5, 1), ("H", 1989, 1, 8))


def short_date(year: int, month: int, day: int) -> str:
    """H27.10.2 / R2.3.31, as the list prints changes."""
    for mark, first, m0, d0 in ERA_SHORT:
        if (year, month, day) >= (first, m0, d0):
            return f"{mark}{year - first + 1}.{month}.{day}"
    raise ValueError(year)


def rows(table, n: int = 1000) -> list[tuple[str, ...]]:
    """n plan rows from the table's municipalities (wards and the 北方領土 villages left out), cycling
    through them in code order; the i-th row's content depends on i alone."""
    places = [m for code, m in sorted(table.items()) if not m.is_prefecture and not m.city
              and not "016951" <= code <= "017001"]
    prefectures = {m.prefecture: m for m in table.values() if m.is_prefecture}
    out = []
    for i in range(n):
        m = places[(i * 7) % len(places)]
        theme = THEMES[i % len(THEMES)]
        lap = (i * 7) // len(places)
        name = f"{m.name}{theme}プロジェクト" + (f"第{lap + 1}期" if lap else "")
        author = f"{m.prefecture}、{m.name}" if i % 50 == 49 else m.name
        if i % 50 == 49:
            name = f"{prefectures[m.prefecture].name}・{name}"
        measures = [MEASURES[(i + k) % len(MEASURES)] for k in range(1 + i % 2)]
        measure_cell = "\n".join(f"{label}【{code}】" for label, code in measures)
        year = 2016 + i % 8
        first = f"第{30 + (year - 2016) * 4 + i % 4}回"
        changes = [short_date(year + k + 1, 1 + (i + k) % 12, 1 + (i * 3 + k) % 28) for k in range(i % 4)]
        if i % 5 == 0 and changes:  # some lists print changes in full
            y, mo, d = year + 1, 1 + i % 12, 1 + (i * 3) % 28
            changes[0] = f"令和{y - 2018}年{mo}月{d}日" if y >= 2020 else changes[0]
        area = f"{m.name}の全域" if i % 3 else f"{m.name}の区域の一部"
        summary = f"{m.name}の{theme}に取り組み、若い世代の定着と地域の仕事づくりを進める。"
        out.append((m.prefecture, author, name, area, summary, measure_cell, first,
                    *(changes + [""] * 3)[:3]))
    return out


def csv_bytes(data: list[tuple[str, ...]], encoding: str = "utf-8") -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([TITLE])
    w.writerow(HEADER)
    w.writerows(data)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(data: list[tuple[str, ...]]) -> bytes:
    """A workbook: title in A1, header in row 3, the 都道府県 cells merged over each prefecture's rows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "認定一覧"
    ws.append([TITLE])
    ws.append([])
    ws.append(list(HEADER))
    start = 4
    for r, row in enumerate(data, start=start):
        ws.append(list(row))
    r0 = start
    for r in range(start + 1, start + len(data) + 1):
        if r == start + len(data) or data[r - start][0] != data[r0 - start][0]:
            if r - 1 > r0:
                ws.merge_cells(start_row=r0, start_column=1, end_row=r - 1, end_column=1)
            r0 = r
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pdf_file(out: Path, data: list[tuple[str, ...]]) -> Path:
    """A ruled table over many landscape A4 pages: title on the first, header repeated on each, page
    numbers below."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from pdf_fixtures import _style, register_font

    font = register_font()
    style = _style(6.0)

    def cell(text: str) -> Paragraph:
        return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br/>"), style)

    widths = (40, 70, 120, 80, 160, 110, 40, 40, 40, 40)
    table = Table([[cell(c) for c in HEADER]] + [[cell(c) for c in row] for row in data], colWidths=widths,
                  repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))

    def number(canvas, doc):
        canvas.setFont(font, 8)
        canvas.drawCentredString(landscape(A4)[0] / 2, 14, f"- {doc.page} -")

    doc = SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=24, rightMargin=24, topMargin=24,
                            bottomMargin=28, title="sosei national list", author="sosei tests", creator="sosei",
                            producer="sosei", invariant=1)
    doc.build([Paragraph(TITLE, _style(9)), table], onFirstPage=number, onLaterPages=number)
    return out

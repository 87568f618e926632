"""Realistic test PDFs made from the bundled text sources with reportlab: A4, reportlab's built-in
Japanese CID font (no font file or OS package needed), ruled tables over several pages with the page
header and column header repeated on each page, wrapped cells, rows as the text has them (a shifted
column included). Nothing binary is committed: every PDF is generated from the repository's text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

# Japanese text is drawn with reportlab's built-in CID font (Adobe-Japan1, UniJIS-UCS2-H): no font file, no
# OS package. A PDF reader maps its CIDs back to Unicode through Adobe-Japan1's table, which gives a few
# characters back as their twins (－ → −, ～ → 〜); those, and characters the encoding lacks (➡), are drawn in
# reportlab's bundled TrueType Vera, whose embedded subset carries a ToUnicode map, so they read back
# exactly (a glyph Vera lacks shows as a box; the text is what the tests read).
FONT = "HeiseiKakuGo-W5"
FALLBACK = "Vera"


def register_font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _fallback_font() -> str:
    if FALLBACK not in pdfmetrics.getRegisteredFontNames():
        font = TTFont(FALLBACK, "Vera.ttf")  # shipped in reportlab/fonts
        face = font.face
        for code in range(0xFF01, 0xFF5F):  # full-width forms Vera lacks: the glyph of the ASCII twin,
            twin = code - 0xFEE0           # under the full-width code, so the text reads back as printed
            if code not in face.charToGlyph and twin in face.charToGlyph:
                face.charToGlyph[code] = face.charToGlyph[twin]
                face.charWidths[code] = face.charWidths[twin]
        pdfmetrics.registerFont(font)
    return FALLBACK


@lru_cache(maxsize=None)
def reads_back(ch: str) -> bool:
    """Whether `ch` drawn in the CID font reads back as itself (pdfminer's own CMaps, as pdfplumber reads)."""
    from pdfminer.cmapdb import CMapDB

    if ord(ch) > 0xFFFF:
        return False
    cids = list(CMapDB.get_cmap("UniJIS-UCS2-H").decode(ch.encode("utf-16-be")))
    if len(cids) != 1 or cids[0] == 0:
        return False
    try:
        return CMapDB.get_unicode_map("Adobe-Japan1").get_unichr(cids[0]) == ch
    except KeyError:
        return False


def font_runs(text: str) -> list[tuple[str, str]]:
    """(font, text) runs of a line: the CID font, and the fallback for characters it cannot give back."""
    main, fallback = register_font(), _fallback_font()
    glyphs = pdfmetrics.getFont(fallback).face.charToGlyph
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = main if ch.isspace() and ch != "\u3000" or reads_back(ch) else fallback
        if font == fallback and ord(ch) not in glyphs:
            raise ValueError(f"{ch!r} (U+{ord(ch):04X}) would not read back from a test PDF: no font for it")
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def markup(text: str) -> str:
    """Paragraph markup of a line of text, each run in its font."""
    main = register_font()
    return "".join(escape(run) if font == main else f'<font name="{font}">{escape(run)}</font>'
                   for font, run in font_runs(text))


def _style(size: float = 7.5) -> ParagraphStyle:
    return ParagraphStyle("cell", fontName=register_font(), fontSize=size, leading=size * 1.25, wordWrap="CJK")


def text_pages(text: str, page_marker: str) -> list[list[str]]:
    """Split a text extraction into pages at each repeated page-header line."""
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip() == page_marker and any("\t" in x for x in pages[-1]):
            pages.append([])
        pages[-1].append(line)
    return pages


def _cell(text: str) -> str:
    """Paragraph markup of a cell; HTML copied into the text (<ul> lists) is drawn as a page shows it."""
    from pipeline.text import looks_like_html, text_block

    if looks_like_html(text):
        return "<br/>".join(markup(line) for line in text_block(text).split("\n"))
    return markup(text.strip())


def table_pdf(out: Path, text: str, *, page_marker: str, widths: tuple[float, ...], repeat: int = 1) -> Path:
    """A ruled-table PDF with the text's pages, page headers and rows (tab-separated cells).

    Lines before the first table row of a page are printed above the table (title, unit), lines after
    the last one below it (footnotes); other rows with one cell (goal and measure headings) span the
    table. `repeat` repeats the pages (benchmarks).
    """
    style, ncols = _style(), len(widths)
    story = []
    pages = text_pages(text, page_marker)
    body = pages * repeat if repeat > 1 else pages
    for i, page in enumerate(body):
        lines = [ln for ln in page if ln.strip() and not set(ln.strip()) <= set("-\t ")]
        tabbed = [n for n, ln in enumerate(lines) if "\t" in ln]
        first, last = (tabbed[0], tabbed[-1]) if tabbed else (len(lines), len(lines))
        above, below = lines[:first], lines[last + 1:]
        rows, spans = [], []
        for line in lines[first:last + 1]:
            cells = (line.split("\t") + [""] * ncols)[:ncols]
            if not any(c.strip() for c in cells[1:]):
                spans.append(len(rows))
            rows.append([Paragraph(_cell(c), style) for c in cells])
        for text_line in above:
            story.append(Paragraph(markup(text_line.strip()), _style(9)))
            story.append(Spacer(1, 4))
        if rows:
            table = Table(rows, colWidths=widths, repeatRows=0)
            cmds = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            cmds += [("SPAN", (0, r), (-1, r)) for r in spans]
            table.setStyle(TableStyle(cmds))
            story.append(table)
        for text_line in below:
            story.append(Spacer(1, 4))
            story.append(Paragraph(markup(text_line.strip()), _style(8)))
        if i < len(body) - 1:
            story.append(PageBreak())
    doc = SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=28, rightMargin=28, topMargin=28,
                            bottomMargin=28, title="sosei test PDF", author="sosei tests", creator="sosei",
                            producer="sosei", invariant=1)
    doc.build(story)
    return out


STRATEGY_WIDTHS = (150, 30, 30, 150, 80, 62, 280)
PROGRESS_WIDTHS = (40, 40, 130, 150, 150, 272)
PROGRESS_TITLE = "あんなか再起動プロジェクト一覧（達成済み及び今年度達成予定）"


def strategy_list_pdf(out: Path, text: str, repeat: int = 1) -> Path:
    """The 総合戦略 関連事業一覧 layout: (単位:千円) above a 7-column ruled table on every page."""
    return table_pdf(out, text, page_marker="(単位:千円)", widths=STRATEGY_WIDTHS, repeat=repeat)


def progress_list_pdf(out: Path, text: str, repeat: int = 1) -> Path:
    """The 進捗一覧 layout: title above a 6-column ruled table and footnotes below it, on every page."""
    return table_pdf(out, text, page_marker=PROGRESS_TITLE, widths=PROGRESS_WIDTHS, repeat=repeat)


def form_pdf(out: Path, lines: list[str], pages: list[int], *, size: float = 7.0) -> Path:
    """A form-like PDF (A4): each text line drawn where it stands in the extraction, one page per text
    page, every block of lines (between blank lines) in a frame; a vertical heading is its stack of
    one-character lines. Blank lines stay vertical gaps, leading spaces stay indentation. Frames are
    padded in proportion to the print, so that the frames of two blocks a blank line apart stay apart
    (frames that touch would be one ruled table to any PDF reader, not separate boxes)."""
    from reportlab.pdfgen import canvas

    leading = size * 1.3
    width, height = A4
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.setTitle("sosei test form")
    c.setLineWidth(0.5)
    for page in sorted(set(pages)):
        y = height - 24
        block: list[tuple[float, float]] = []  # (y, text width) of the frame being drawn

        def close_frame():
            if block:
                # padding scaled to the print: frames of blocks a blank line apart never touch
                top, bottom = block[0][0] + 1.1 * size, block[-1][0] - 0.35 * size
                c.rect(30, bottom, max(w for _y, w in block) + 8, top - bottom)
                block.clear()

        for line, p in zip(lines, pages):
            if p != page:
                continue
            if not line.strip():
                close_frame()
                y -= leading
                continue
            text = c.beginText(34, y)
            for run_font, run in font_runs(line):
                text.setFont(run_font, size)
                text.textOut(run)
            c.drawText(text)
            block.append((y, text.getX() - 34))
            y -= leading
            if y < 16:  # a long text page continues on the next PDF page, as a printed form would
                close_frame()
                c.showPage()
                y = height - 24
        close_frame()
        c.showPage()
    c.save()
    return out


def evaluation_sheet_pdf(out: Path, text: str) -> Path:
    """The 施策評価シート layout as a form: the text's pages, blocks framed, vertical headings stacked."""
    from pipeline.extract import text_to_lines
    from pipeline.layouts.evaluation_sheet.lines import infer_pages

    lines = infer_pages(text_to_lines(text))
    return form_pdf(out, [line.text for line in lines], [line.page for line in lines], size=4.0)


def _amount(amount, multiplier: int) -> str:
    return "-" if amount is None else f"{amount.yen // multiplier:,}"


def _era(year: int) -> str:
    from pipeline.eras import era_label

    return era_label(year)


_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F) if not chr(c).isalpha()}


def _printed(text: str) -> str:
    """Running text as a Japanese form prints it: digits and punctuation in their full-width forms (the
    records hold them after NFKC, which gives the same text back). A cell wrapped between two half-width
    characters ("国保税:" | "95.05%") reads back with a space, as between two Latin words."""
    return text.translate(_FULL_WIDTH)


GRID_LABELS = {"goal": "基本目標", "policy": "基本計画", "measure": "主要施策", "outline": "施策の概要",
               "results": "事業実績", "plans": "実施計画", "outcome": "成果・課題", "grade": "評　価",
               "improvement": "事業の改善点及び方向性", "supplement": "補足", "related": "関連施策",
               "name": "事業名", "content": "内　　容", "settled": "決算額", "budget": "予算額",
               "directions": "方向性", "funding": "財源"}


def evaluation_grid_pdf(out: Path, text: str, *, fiscal_year: int, plan: str, repeat: int = 1,
                        labels: dict[str, str] | None = None) -> Path:
    """The 施策評価シート layout as a ruled-grid PDF form, one A4 page per sheet: the sheets of the text
    (as the text parser reads them) drawn in framed cells — 基本目標/基本計画/主要施策 header cells, 施策の概要,
    the 事業実績 table (事業名 / 内容 / 決算額 / 財源) with its 計 row, 成果・課題, 評価, the 実施計画 table
    (予算額 and two 方向性 columns) with its 計 row, 事業の改善点及び方向性, 補足 and 関連施策. A text with
    paragraph breaks is drawn one paragraph a row (a cell wraps its paragraph). `labels` overrides the
    cell labels of GRID_LABELS (another publisher's form); `repeat` repeats the sheets (benchmarks)."""
    from pipeline.extract import text_to_lines
    from pipeline.layouts.evaluation_sheet.description import described
    from pipeline.layouts.evaluation_sheet.parser import parse
    from pipeline.records import Document

    doc = Document("input.txt", "0" * 64, "text/plain", text_to_lines(text))
    sheets, _issues = parse(doc, fiscal_year=fiscal_year, plan=plan)
    mult = described().multiplier
    lab = {**GRID_LABELS, **(labels or {})}
    p = lambda t: Paragraph(markup(t), _style(7.0))  # noqa: E731
    widths = (110, 250, 55, 45, 45, 40)
    grid_style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    story = []

    def table(rows, spans=()):
        t = Table([[p(c) if c else "" for c in row] + [""] * (len(widths) - len(row)) for row in rows],
                  colWidths=widths)
        t.setStyle(grid_style)
        for (r, c0, c1) in spans:
            t.setStyle(TableStyle([("SPAN", (c0, r), (c1, r))]))
        story.extend([t, Spacer(1, 8)])

    def text_box(label, value):
        if value:
            paras = value.split("\n")
            table([[label if i == 0 else "", _printed(para)] for i, para in enumerate(paras)],
                  [(i, 1, len(widths) - 1) for i in range(len(paras))])

    def name(listing):
        return _printed(listing.label) + ("【再掲】" if listing.relisted else "") + ("【新規】" if listing.is_new else "")

    for n, s in enumerate(sheets.sheets * repeat):
        if n:
            story.append(PageBreak())
        story.extend([p("施策評価シート"), Spacer(1, 6)])
        table([[lab["goal"], s.goal.number, s.goal.name], [lab["policy"], s.policy.notation, s.policy.name],
               [lab["measure"], s.measure.notation, s.measure.name + ("【重点施策】" if s.priority else "")]],
              [(r, 2, len(widths) - 1) for r in range(3)])
        text_box(lab["outline"], s.outline)
        rows = [[f"{_era(sheets.result_year)} {lab['results']}"],
                [lab["name"], lab["content"], lab["settled"], lab["funding"]]]
        for r in s.results:
            paras = (r.listing.description or "").split("\n")
            rows.append([name(r.listing), _printed(paras[0]), _amount(r.listing.amount, mult), r.funding or ""])
            rows += [["", _printed(para)] for para in paras[1:]]
        if s.totals:
            rows.append(["計", "", _amount(s.totals[0].amount, mult)])
        table(rows, [(0, 0, len(widths) - 1)])
        text_box(lab["outcome"], s.outcome)
        table([[lab["grade"], s.grade or ""]], [(0, 1, len(widths) - 1)])
        years = next((tuple(y for y, _d in r.directions) for r in s.plans if r.directions), ())
        rows = [[f"{_era(sheets.plan_year)} {lab['plans']}"],
                [lab["name"], lab["content"], lab["budget"], *(f"{_era(y)} {lab['directions']}" for y in years),
                 lab["funding"]]]
        for r in s.plans:
            paras = (r.listing.description or "").split("\n")
            rows.append([name(r.listing), _printed(paras[0]), _amount(r.listing.amount, mult),
                         *(d for _y, d in r.directions), r.funding or ""])
            rows += [["", _printed(para)] for para in paras[1:]]
        if len(s.totals) > 1:
            rows.append(["計", "", _amount(s.totals[1].amount, mult)])
        table(rows, [(0, 0, len(widths) - 1)])
        text_box(lab["improvement"], s.improvement)
        text_box(lab["supplement"], s.supplement)
        if s.related:
            table([[lab["related"], "、".join(s.related)]], [(0, 1, len(widths) - 1)])
    doc_t = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=24, rightMargin=24, topMargin=24, bottomMargin=24,
                              title="sosei test grid form", author="sosei tests", creator="sosei", producer="sosei",
                              invariant=1)
    doc_t.build(story)
    return out


PLAN_NAME_WIDTH = 300  # the KPI name column of a plan's tables; the value columns share the rest


def plan_pdf(out: Path, text: str) -> Path:
    """A 地域再生計画 as municipalities publish it (A4 landscape, Word-like): each text line a paragraph
    (a blank line a gap), each run of tab-separated lines (a KPI table) a ruled table with the rows as
    the text has them, a name wrapped onto a row of its own included. Pages break where the print is
    full, as a word processor's would."""
    width = landscape(A4)[0] - 56
    story: list = []
    table_rows: list[list[str]] = []

    def close_table():
        if table_rows:
            ncols = max(len(r) for r in table_rows)
            widths = (PLAN_NAME_WIDTH,) + ((width - PLAN_NAME_WIDTH) / max(ncols - 1, 1),) * (ncols - 1)
            rows = [[Paragraph(_cell(c), _style(8)) for c in (r + [""] * ncols)[:ncols]] for r in table_rows]
            table = Table(rows, colWidths=widths[:ncols])
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
            table_rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            table_rows.append(line.split("\t"))
            continue
        close_table()
        story.append(Paragraph(markup(line.strip()), _style(8)) if line.strip() else Spacer(1, 8))
    close_table()
    doc = SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=28, rightMargin=28, topMargin=28,
                            bottomMargin=28, title="sosei test plan", author="sosei tests", creator="sosei",
                            producer="sosei", invariant=1)
    doc.build(story)
    return out

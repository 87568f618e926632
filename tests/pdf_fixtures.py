"""Realistic test PDFs made from the bundled text sources with reportlab: A4, a Japanese font from the
OS (IPA Gothic; .ci/run installs fonts-ipafont-gothic), ruled tables over several pages with the page
header and column header repeated on each page, wrapped cells, rows as the text has them (a shifted
column included). Nothing binary is committed: every PDF is generated from the repository's text.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/truetype/ipafont-gothic/ipag.ttf",
)
FONT = "IPAGothic"


def register_font() -> str:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            pdfmetrics.registerFont(TTFont(FONT, path))
            return FONT
    raise RuntimeError("no Japanese TrueType font: install Debian's fonts-ipafont-gothic (.ci/run does)")


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


def table_pdf(out: Path, text: str, *, page_marker: str, widths: tuple[float, ...], repeat: int = 1) -> Path:
    """A ruled-table PDF with the text's pages, page headers and rows (tab-separated cells).

    Lines before the column header on a page are printed above the table (title, unit); rows with
    fewer cells (goal and measure headings) span the table. `repeat` repeats the body pages (benchmarks).
    """
    style, ncols = _style(), len(widths)
    story = []
    pages = text_pages(text, page_marker)
    body = pages * repeat if repeat > 1 else pages
    for i, page in enumerate(body):
        rows, spans, above = [], [], []
        for line in page:
            cells = line.split("\t")
            if not line.strip() or set(line.strip()) <= set("-\t "):
                continue
            if len(cells) == 1 and not rows:
                above.append(line.strip())
                continue
            cells = (cells + [""] * ncols)[:ncols]
            if not any(c.strip() for c in cells[1:]):
                spans.append(len(rows))
            rows.append([Paragraph(escape(c.strip()), style) for c in cells])
        for text_line in above:
            story.append(Paragraph(escape(text_line), _style(9)))
            story.append(Spacer(1, 4))
        if rows:
            table = Table(rows, colWidths=widths, repeatRows=0)
            cmds = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            cmds += [("SPAN", (0, r), (-1, r)) for r in spans]
            table.setStyle(TableStyle(cmds))
            story.append(table)
        if i < len(body) - 1:
            story.append(PageBreak())
    doc = SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=28, rightMargin=28, topMargin=28,
                            bottomMargin=28, title="sosei test PDF", author="sosei tests", creator="sosei",
                            producer="sosei", invariant=1)
    doc.build(story)
    return out


STRATEGY_WIDTHS = (150, 30, 30, 150, 80, 62, 280)


def strategy_list_pdf(out: Path, text: str, repeat: int = 1) -> Path:
    """The 総合戦略 関連事業一覧 layout: (単位:千円) above a 7-column ruled table on every page."""
    return table_pdf(out, text, page_marker="(単位:千円)", widths=STRATEGY_WIDTHS, repeat=repeat)

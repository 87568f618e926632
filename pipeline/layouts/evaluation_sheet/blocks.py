"""Layout `evaluation-sheet`, step 2: the text tokens of one sheet → 事業 rows, paragraphs and markers.

A row comes out of the extraction as: its name (wrapped over up to three lines), the amount (alone
on a line, after at most one blank line, glued to the first word of the content "7,680実施事業数…", or
after the name "…【再掲】 -"), for a planned row the two 方向性 glued to the content ("維持 維持町会…"),
the content (possibly over a blank line), and 単独事業/補助事業 at its end, on its own line or after a
blank line. A row is recognised by that shape, wherever the flow put it; everything else is a
paragraph (施策の概要, 成果・課題 … — assigned by the sheet reader), a stray 単独事業/補助事業 marker or
a printed page number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ... import normalize as jn
from ... import prose
from .records import DIRECTIONS, FUNDING
from .lines import Tok

_BULLET = re.compile(r"^[・●○◎■□◆◇▪•※＊*]")
_DIRECTION = "|".join(sorted(DIRECTIONS, key=len, reverse=True))
_DIRECTIONS = re.compile(rf"^({_DIRECTION})\s+({_DIRECTION})\s*(.*)$")
_MARKER = "|".join(FUNDING)
_TRAILING_MARKER = re.compile(rf"^(.*?)\s*({_MARKER})$")
MAX_NAME_LINES = 3


@dataclass
class RawRow:
    """A row as read: printed name, amount text, 方向性, content pieces (raw lines) and marker."""

    name: str
    start: Tok
    amount: str
    amount_tok: Tok
    directions: tuple[str, ...] = ()
    content: list[str] = field(default_factory=list)
    marker: str | None = None
    next: int = 0  # the token where read_content starts


@dataclass
class Paragraph:
    """Consecutive text lines that are not a row; `marker` when its last line ends in 単独事業/補助事業."""

    lines: list[Tok]
    marker: str | None = None


@dataclass(frozen=True)
class Item:
    kind: str  # row, paragraph, marker, page-number, or the kind of a structural token
    tok: Tok
    row: RawRow | None = None
    paragraph: Paragraph | None = None


def marker_only(text: str) -> str | None:
    key = jn.squeeze(text)
    return key if key in FUNDING else None


def split_marker(text: str) -> tuple[str, str | None]:
    """"…の補助 単独事業" → ("…の補助", "単独事業")."""
    m = _TRAILING_MARKER.match(text)
    return (m.group(1), m.group(2)) if m else (text, None)


def split_directions(text: str) -> tuple[tuple[str, ...], str]:
    """"維持 維持町会連合会の活動への補助" → (("維持", "維持"), "町会連合会の活動への補助")."""
    m = _DIRECTIONS.match(text.strip())
    return ((m.group(1), m.group(2)), m.group(3)) if m else ((), text)


def _is_text(toks: list[Tok], i: int) -> bool:
    return 0 <= i < len(toks) and toks[i].kind == "text"


def _after_blank(toks: list[Tok], i: int) -> int:
    """Index of the token after at most one blank line at i."""
    return i + 1 if i < len(toks) and toks[i].kind == "blank" else i


def _name_line(text: str) -> bool:
    return not (_BULLET.match(text) or split_marker(text)[1] or text.endswith("。")
                or prose.looks_like_amount(text) or split_directions(text)[0])


def row_at(toks: list[Tok], i: int) -> RawRow | None:
    """The row whose name starts at token i, with its amount and 方向性 read; None if none starts there.
    The content is read by read_content."""
    names: list[str] = []
    j = i
    while _is_text(toks, j) and len(names) < MAX_NAME_LINES and _name_line(toks[j].text):
        text = toks[j].text
        if (tail := prose.split_trailing_amount(text)) and (names or len(tail[0]) > 1):
            return _with_amount(names + [tail[0]], toks[i], tail[1], toks[j], "", toks, j + 1)
        names.append(text)
        k = _after_blank(toks, j + 1)
        if _is_text(toks, k):
            nxt = toks[k].text
            if prose.looks_like_amount(nxt):
                return _with_amount(names, toks[i], nxt, toks[k], "", toks, k + 1)
            if glued := prose.split_leading_amount(nxt):
                return _with_amount(names, toks[i], glued[0], toks[k], glued[1], toks, k + 1)
        if k != j + 1:
            return None
        j += 1
    return None


def _with_amount(names, start, amount, amount_tok, rest, toks, nxt) -> RawRow:
    row = RawRow(jn.clean_text("".join(n.strip() for n in names)), start, amount, amount_tok, next=nxt)
    if not rest:
        k = _after_blank(toks, nxt)
        if _is_text(toks, k) and (d := split_directions(toks[k].text))[0]:
            row.directions, rest = d
            row.next = k + 1
    else:
        row.directions, rest = split_directions(rest)
    if rest:
        head, row.marker = split_marker(rest)
        if head.strip():
            row.content.append(head)
    return row


def read_content(toks: list[Tok], row: RawRow) -> int:
    """Read the row's content from row.next; returns the index after it. The content ends at the row's
    marker, at a structural token, or at a blank line followed by another row or a page number."""
    p = row.next
    while p < len(toks) and row.marker is None:
        tok = toks[p]
        if tok.kind == "text":
            if kind := marker_only(tok.text):
                row.marker = kind
                return p + 1
            head, row.marker = split_marker(tok.raw)
            if head.strip():
                row.content.append(head)
            p += 1
            continue
        if tok.kind != "blank" or not _is_text(toks, p + 1):
            return p
        nxt = toks[p + 1].text
        if kind := marker_only(nxt):
            row.marker = kind
            return p + 2
        if row_at(toks, p + 1) or re.fullmatch(r"\d+", jn.squeeze(nxt)):
            return p
        p += 1
    return p


def read_items(toks: list[Tok]) -> list[Item]:
    """The items of one sheet in document order: structural tokens, rows, paragraphs, markers."""
    items: list[Item] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "blank":
            i += 1
        elif tok.kind != "text":
            items.append(Item(tok.kind, tok))
            i += 1
        elif kind := marker_only(tok.text):
            items.append(Item("marker", tok, paragraph=Paragraph([tok], kind)))
            i += 1
        elif row := row_at(toks, i):
            i = read_content(toks, row)
            items.append(Item("row", tok, row=row))
        elif re.fullmatch(r"\d+", jn.squeeze(tok.text)):
            items.append(Item("page-number", tok))
            i += 1
        else:
            lines = []
            while _is_text(toks, i) and not marker_only(toks[i].text):
                lines.append(toks[i])
                i += 1
            marker = split_marker(lines[-1].text)[1]
            if marker is None and _is_text(toks, i):
                marker = marker_only(toks[i].text)
                i += 1
            items.append(Item("paragraph", tok, paragraph=Paragraph(lines, marker)))
    return items

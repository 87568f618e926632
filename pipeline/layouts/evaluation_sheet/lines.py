"""Layout `evaluation-sheet`, step 1: the lines of a flattened form → tokens.

A PDF text extraction of a 施策評価シート keeps the text of every cell but loses the form: vertical
headings come out one character per line (令/和/５/年/度, 成/果/・/課/題), table headers and "次ページへ
続く" interrupt the flow, and a heading glues to the line before it ("予算額 方向性 方向性令"). This
module names each line: a header (基本目標, 基本計画, 主要施策), a heading (vertical or not), the grade
after 評価, a printed 計, 関連施策, debris (table headers, continuation marks), a blank, or text; the
rows and paragraphs are read from the text tokens by evaluation_blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ... import eras, prose
from ... import normalize as jn
from ...records import Line
from .description import described

_TOTAL = re.compile(r"^計(\S+)$")
_ERA_YEARS = re.compile(r"^(?:令和(?:\d+|元)年度)+$")
_YEAR = re.compile(r"令和(?:\d+|元)年度")
_PLANS = re.compile(r"^令和(?:\d+|元)年度(.+)$")

# Vertical headings, as their characters read top to bottom (after NFKC), → token value; the words of
# results, plans (after its year), outline, outcome and supplement are layout.toml's [headings].
_VERTICAL = (
    (re.compile(r"^令和(?:\d+|元)年度$"), "year"),
    (re.compile(r"^\d+[ヵかカケヶ]年計画$"), "three-year"),
)
TEXT_HEADINGS = ("outline", "outcome", "improvement", "supplement")


@dataclass(frozen=True)
class Tok:
    """A line (or a vertical heading's first line) and what it is. `text` is the line stripped."""

    kind: str  # blank, goal, policy, measure, heading, grade, total, related, debris, text
    line: Line
    text: str = ""
    value: Any = None

    @property
    def raw(self) -> str:
        """The line with ASCII whitespace trimmed; an indent of ideographic spaces (　) is kept."""
        return self.line.text.strip(" \t\r\n")


def infer_pages(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Number pages where the front end could not: this extraction starts each page with a space
    (" 主要施策 …", " 令") or an indented sheet header ("　基本目標 …")."""
    if any(line.page is not None for line in lines):
        return lines
    page, out = 1, []
    for i, line in enumerate(lines):
        raw = line.text
        starts_page = raw[:1] == " " and raw.strip() or (raw[:1].isspace() and raw.strip().startswith("基本目標"))
        if i and starts_page:
            page += 1
        out.append(Line(line.lineno, line.cells, page))
    return tuple(out)


def _strip_table_header(key: str) -> tuple[bool, str]:
    """("予算額方向性方向性令" →) (True, "令"): a table header, and what the extraction glued after it."""
    desc = described()
    for header in desc.table:
        if key.startswith(header) and (key == header or header in desc.glued):
            return True, key[len(header):]
    return False, key


def _years(key: str) -> tuple[int, ...]:
    return tuple(eras.fiscal_year(y) for y in _YEAR.findall(key))


def _single_token(line: Line, text: str, key: str) -> Tok:
    """The token of one line that is not part of a vertical heading."""
    if not key:
        return Tok("blank", line)
    clean = jn.clean_text(text)
    desc = described()
    if m := desc.header("goal", clean):
        return Tok("goal", line, text, (m.group("number"), m.group("name").strip()))
    if m := desc.header("policy", clean):
        return Tok("policy", line, text, (m.group("number"), m.group("name").strip()))
    if m := desc.header("measure", clean):
        return Tok("measure", line, text, (m.group("number"), m.group("name").strip(), bool(m.group("priority"))))
    if key in desc.headings["improvement"]:
        return Tok("heading", line, text, ("improvement", None))
    if related := next((h for h in desc.headings["related"] if key.startswith(h)), None):
        return Tok("related", line, text, tuple(p for p in re.split(r"[、,]", key[len(related):]) if p))
    if (m := _TOTAL.match(key)) and prose.looks_like_amount(m.group(1)):
        return Tok("total", line, text, m.group(1))
    if _ERA_YEARS.match(key):
        return Tok("debris", line, text, _years(key))
    if "次ページへ続く" in key:
        return Tok("debris", line, text, ())
    return Tok("text", line, text)


def _grade_lines(keys: list[str]) -> dict[int, int]:
    """Index of each 評価 line → index of the grade under it (the next non-blank line)."""
    out = {}
    for i, key in enumerate(keys):
        if key in described().headings["grade"]:
            j = next((k for k in range(i + 1, len(keys)) if keys[k]), None)
            if j is not None and len(keys[j]) <= 3:
                out[i] = j
    return out


def _vertical_heading(run: list[str]) -> str | None:
    joined = "".join(run)
    headings = described().headings
    if (m := _PLANS.match(joined)) and m.group(1) in headings["plans"]:
        return "plans"
    return next((name for pattern, name in _VERTICAL if pattern.match(joined)),
                next((name for name in ("results", "outline", "outcome", "supplement") if joined in headings[name]),
                     None))


def tokenize(lines: tuple[Line, ...]) -> list[Tok]:
    """Tokens in document order; a vertical heading is one token at its first line."""
    texts, keys, debris = [], [], {}
    for i, line in enumerate(lines):
        text = line.text.strip()
        key = jn.squeeze(text)
        is_header, rest = _strip_table_header(key)
        if is_header:
            debris[i] = Tok("debris", line, text, ())
            text = key = rest
        texts.append(text)
        keys.append(key)
    grades = _grade_lines(keys)
    grade_at = set(grades.values())
    out: list[Tok] = []
    i = 0
    while i < len(lines):
        if i in debris:
            out.append(debris[i])
        j = i
        while j < len(lines) and len(keys[j]) == 1 and j not in grade_at:
            j += 1
        if j - i >= 2 and (name := _vertical_heading(keys[i:j])):
            years = _years("".join(keys[i:j]))
            out.append(Tok("heading", lines[i], "".join(keys[i:j]), (name, years[0] if years else None)))
            i = j
            continue
        if keys[i] in described().headings["grade"]:
            if i in grades:
                g = grades[i]
                out.append(Tok("grade", lines[g], texts[g], jn.nfkc(keys[g])))
                i = g + 1
            else:
                out.append(Tok("grade", lines[i], texts[i], None))
                i += 1
            continue
        if not (i in debris and not keys[i]):
            out.append(_single_token(lines[i], texts[i], keys[i]))
        i += 1
    return out

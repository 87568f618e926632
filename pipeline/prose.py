"""Text of PDF forms: paragraphs rejoined where a column wrapped them, project marks (【再掲】, 【新規】)
and amounts a flattened extraction glued to the words next to them."""

from __future__ import annotations

import re
import unicodedata

from .normalize import _CIRCLED, _SPACE, NO_AMOUNT, nfkc, squeeze

_BULLET = re.compile(r"^[・●○◎■□◆◇▪•※＊*]")


def display_width(text: str) -> int:
    """Columns a line takes in print: wide and full-width characters count 2, the others 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clean_prose(text: str) -> str:
    """clean_text for running text: circled numbers (①②…) stay as printed, NFKC would make them 1, 2."""
    parts = re.split(f"([{''.join(_CIRCLED)}])", text)
    return _SPACE.sub(" ", "".join(p if p in _CIRCLED else nfkc(p) for p in parts)).strip()


def join_wrapped(lines, width: int | None = None, slack: int = 4) -> str:
    """The text of a paragraph a PDF wrapped at its column width, as one clean literal.

    A line that fills the column (`width` display columns, or the paragraph's widest line if wider,
    less `slack`) was wrapped: the next line continues it without a space (Japanese has none between
    words). A shorter line ended where the author ended it; a line starting with a bullet (・●※…) or
    indented with an ideographic space starts a new line. Each line is cleaned with clean_prose.
    """
    raw = [line.rstrip() for line in lines if line.strip()]
    if not raw:
        return ""
    column = max([width or 0] + [display_width(line.strip()) for line in raw])
    out = clean_prose(raw[0])
    for prev, line in zip(raw, raw[1:]):
        starts = bool(_BULLET.match(line.strip())) or line[:1] == "\u3000"
        wrapped = display_width(prev.strip()) >= column - slack and not starts
        out += ("" if wrapped else "\n") + clean_prose(line)
    return out


_PROJECT_MARK = re.compile(r"\s*[【≪《〈＜\[［]\s*(再掲|新規)\s*[】≫》〉＞\]］]\s*")


def project_marks(name: str) -> tuple[str, frozenset[str]]:
    """Split a printed project name into the name and its marks: 【再掲】 (listed again) and 【新規】 or
    ≪新規≫ (new). "ＳＤＧｓの普及啓蒙【再掲】" → ("ＳＤＧｓの普及啓蒙", {"再掲"})."""
    marks = frozenset(m.group(1) for m in _PROJECT_MARK.finditer(name))
    return _PROJECT_MARK.sub("", name).strip(), marks


_DASHES = "-－―‐−"  # not ー: a name may end in it


_AMOUNT_TOKEN = rf"(?:[{_DASHES}]|[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)"


# Glued to text: a dash, or a run of ASCII digits (commas, letters: a misprint stays visible to
# parse_amount) ending in a digit, followed by what is not ASCII: "7,680実施", "9・１回目", "1,2x4５件".
_LEADING_AMOUNT = re.compile(rf"^([{_DASHES}]|[0-9](?:[0-9,.A-Za-z]*[0-9])?)(?=[^0-9,.A-Za-z\s])(.*)$")


_TRAILING_AMOUNT = re.compile(rf"^(.*\S)\s+({_AMOUNT_TOKEN})$")


_AMOUNT_LIKE = re.compile(r"^[△▲-]?[0-9][0-9A-Za-z,.]*$")


# A number followed by a counter is a quantity of the text ("13,872世帯×71円"), not a glued amount.
_COUNTER = re.compile(r"^(?:世帯|千円|万円|億円|円|件|人|名|回|社|団体|[かカヵヶケ]所|箇所|年|月|日|時|歳|[%％]|泊|個|台|本|冊|部|戸|棟|校|店|倍|割|期|次|号|条|点|種|品|町内会)")


def split_leading_amount(text: str) -> tuple[str, str] | None:
    """An amount a PDF extraction glued to the text after it: "7,680実施事業数に…" → ("7,680", "実施事業数に…"),
    "1,2x4５件" → ("1,2x4", "５件") (for parse_amount to reject),
    "-・第２次…" → ("-", "・第２次…"). None when the text does not start so. Only ASCII digits count
    (full-width ones after a dash are the text's own: "-５件実施" → ("-", "５件実施")), and a number
    followed by a counter is a quantity, not an amount ("13,872世帯×71円" → None)."""
    m = _LEADING_AMOUNT.match(text.strip())
    if not m or (m.group(1)[0].isdigit() and _COUNTER.match(nfkc(m.group(2)))):
        return None
    return m.group(1), m.group(2)


def split_trailing_amount(text: str) -> tuple[str, str] | None:
    """An amount glued after a name with a space: "…実行委員会）【再掲】 -" → ("…【再掲】", "-")."""
    m = _TRAILING_AMOUNT.match(text.strip())
    return (m.group(1), m.group(2)) if m else None


def looks_like_amount(text: str) -> bool:
    """A cell meant as an amount, readable or not: "1,673", "－", "１，２００", "25,7x4" (not text)."""
    t = squeeze(text)
    return t in NO_AMOUNT or (len(t) <= 16 and bool(_AMOUNT_LIKE.match(t)))

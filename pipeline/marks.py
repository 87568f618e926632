"""Printed marks of a hierarchy: Roman-numbered goals (Ⅵ, VI), circled or parenthesized measure
numbers (①, (2)) and numbered items ("1フリーWi-Fi…")."""

from __future__ import annotations

import re

from .normalize import NormalizeError, circled_number, nfkc

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


_MARK_SEPARATORS = " 　.．、,:："


def roman_value(numeral: str) -> int:
    """A canonical Roman numeral (ASCII after NFKC) → its value: "VI" → 6. Anything else raises."""
    if not numeral or not _ROMAN.fullmatch(numeral):
        raise NormalizeError(f"not a Roman numeral: {numeral!r}")
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def roman_prefix(text: str) -> tuple[int, str, str] | None:
    """(value, numeral, rest) of a name led by a Roman numeral: "Ⅵ改革から…" and "VI改革から…" both give
    (6, "VI", "改革から…"). Unicode numerals (Ⅰ…Ⅻ) are folded to ASCII by NFKC. The longest canonical
    numeral is taken, so a name must not itself start with I, V, X, L, C, D or M. None if no numeral."""
    t = nfkc(text).strip()
    run = len(t) - len(t.lstrip("IVXLCDM"))
    for n in range(run, 0, -1):
        if _ROMAN.fullmatch(t[:n]):
            return roman_value(t[:n]), t[:n], t[n:].lstrip(_MARK_SEPARATORS)
    return None


_PAREN_NUMBER = re.compile(r"^[\(（]\s*(\d+)\s*[\)）]")


def circled_prefix(text: str) -> tuple[int, str, str] | None:
    """(number, mark, rest) of a name led by a circled number or a parenthesized one: "①DX…" →
    (1, "①", "DX…"), "(2)防災…" → (2, "(2)", "防災…"). None otherwise."""
    t = text.strip()
    if t and (n := circled_number(t[0])) is not None:
        return n, t[0], t[1:].lstrip(_MARK_SEPARATORS)
    m = _PAREN_NUMBER.match(nfkc(t))
    if m:
        return int(m.group(1)), f"({int(m.group(1))})", nfkc(t)[m.end():].lstrip(_MARK_SEPARATORS)
    return None


def number_prefix(text: str) -> tuple[str, str] | None:
    """(number, rest) of a name led by digits: "1フリーWi-Fiスポットの整備" → ("1", "フリーWi-Fi…"),
    full-width digits too. All leading digits are the number. None without digits or without a name."""
    t = nfkc(text).strip()
    digits = len(t) - len(t.lstrip("0123456789"))
    rest = t[digits:].lstrip(_MARK_SEPARATORS)
    if digits == 0 or not rest:
        return None
    return str(int(t[:digits])), rest

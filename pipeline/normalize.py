"""Japanese text normalization shared by every parser: Unicode width, whitespace, names, amounts and
quantities, IRI segments. Eras and dates are in eras.py, printed hierarchy marks in marks.py, the text
of flattened PDF forms in prose.py.

All functions are pure. Malformed input raises NormalizeError (a ValueError) with the offending text;
parsers turn it into an Issue that names file, page and line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

_SPACE = re.compile(r"\s+")
_DIGIT_SPACE = re.compile(r"(?<=\d)\s+(?=\d)")
_NEW_MARK = re.compile(r"^\s*[\(（]\s*新\s*[\)）]\s*")


class NormalizeError(ValueError):
    """A value that does not parse; the message quotes it."""


def nfkc(text: str) -> str:
    """NFKC: full-width digits and letters to ASCII, half-width katakana to full width.

    Circled numbers (①) and Roman numerals (Ⅵ) are folded too: detect them before calling this.
    """
    return unicodedata.normalize("NFKC", text)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


_SPACE_RUN = re.compile(r"(?<=(.))\s+(?=(.))")


def clean_text(text: str) -> str:
    """A display string: NFKC, whitespace between two Japanese (wide) characters removed — it is
    layout debris of line wrapping, not meaning ("行う。 令和6年度" → "行う。令和6年度") — other runs of
    whitespace collapsed to one space, trimmed."""
    t = _SPACE.sub(" ", nfkc(text)).strip()
    return _SPACE_RUN.sub(lambda m: "" if _wide(m.group(1)) and _wide(m.group(2)) else " ", t)


def squeeze(text: str) -> str:
    """A key: NFKC with every whitespace removed (Japanese names carry no meaningful spaces)."""
    return _SPACE.sub("", nfkc(text))


def department_name(text: str) -> str:
    """部局名 as a key and label: stray spaces from column wrapping removed ("観光スポーツ 交流部")."""
    return squeeze(text)


def strip_new_marker(name: str) -> tuple[str, bool]:
    """Split a printed project name into (name, is_new) where a leading (新) marks "new this fiscal year"."""
    m = _NEW_MARK.match(name)
    if m:
        return name[m.end():].strip(), True
    return name.strip(), False


_AMOUNT = re.compile(r"^[△▲-]?\d{1,3}(,\d{3})*$|^[△▲-]?\d+$")
NO_AMOUNT = frozenset({"-", "－", "―", "ー", "‐", "—", "–", "−"})


def parse_amount(text: str) -> int | None:
    """A printed amount ("1,104,287", "０", "△5,000") as an int; a dash means "no amount" → None.

    Zero is a value, not a missing one. △/▲ mark negatives in Japanese public accounts.
    """
    raw = text.strip()
    if raw in NO_AMOUNT:
        return None
    t = _SPACE.sub("", nfkc(raw))
    if t in NO_AMOUNT:
        return None
    if not _AMOUNT.match(t):
        raise NormalizeError(f"not an amount: {text!r}")
    neg = t[0] in "△▲-"
    value = int(t.lstrip("△▲-").replace(",", ""))
    return -value if neg else value


UNIT_YEN = {"円": 1, "千円": 1_000, "百万円": 1_000_000, "万円": 10_000, "億円": 100_000_000}


def unit_multiplier(unit: str) -> int:
    """Yen per printed unit: 千円 → 1000."""
    u = squeeze(unit)
    if u not in UNIT_YEN:
        raise NormalizeError(f"unknown money unit: {unit!r}")
    return UNIT_YEN[u]


# Characters that may not stand in an IRI path segment, or that would change its meaning.
def iri_segment(name: str) -> str:
    """A stable IRI path segment from a name (the URI policy is uris.mint_segment's; kept here for callers
    that normalize names)."""
    from .uris import iri_segment as segment  # uris imports this module

    return segment(name)


_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳


def circled_number(ch: str) -> int | None:
    """① → 1 … ⑳ → 20, else None."""
    return _CIRCLED.get(ch)


def spaced_digits(text: str) -> str:
    """Join digits a PDF extraction split with spaces: "1 0 , 0 8 7" stays as is only across commas."""
    return _DIGIT_SPACE.sub("", nfkc(text))


# --- quantities with units (KPI targets, 総事業費) and periods -------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A printed figure with its unit: "9,930 人" → 9930 人; money is converted to yen ("97,990 千円"
    → 97990000 円). `value` is exact (Decimal); `integral` says whether it is a whole number."""

    value: Decimal
    unit: str  # as printed, NFKC and without spaces ("人", "件", "%"); "円" for any money unit

    @property
    def integral(self) -> bool:
        return self.value == self.value.to_integral_value()


_JOIN_DIGITS = re.compile(r"(?<=\d)\s*([,.])\s*(?=\d)")
_QUANTITY = re.compile(r"^([△▲-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(\D*)$")


def parse_quantity(text: str) -> Quantity | None:
    """A value with its unit: "9,930 人", "3件", "1 0 , 0 8 7 人" (spaced digits), "２０件" (full width),
    "12.5%", "97,990 千円" (→ yen). A dash alone means "no value" → None.

    Malformed figures (bad digit grouping, letters among digits, two values in one cell, a unit made
    of digits) raise NormalizeError.
    """
    raw = nfkc(text).strip()
    if not raw:
        raise NormalizeError("empty value")
    if raw in NO_AMOUNT:
        return None
    t = _DIGIT_SPACE.sub("", _JOIN_DIGITS.sub(r"\1", raw))
    m = _QUANTITY.match(t)
    if not m:
        raise NormalizeError(f"not a value with a unit: {text!r}")
    sign, digits, fraction, unit = m.groups()
    value = Decimal(digits.replace(",", "") + (fraction or ""))
    if sign:
        value = -value
    unit = squeeze(unit)
    if any(c in unit for c in ",.") or len(unit) > 8:
        raise NormalizeError(f"not a value with a unit: {text!r}")
    if unit in UNIT_YEN:
        return Quantity(value * UNIT_YEN[unit], "円")
    return Quantity(value, unit)



"""Japanese text normalization shared by every parser: Unicode width, whitespace, names, amounts, eras.

All functions are pure. Malformed input raises NormalizeError (a ValueError) with the offending text;
parsers turn it into an Issue that names file, page and line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# Japanese eras sosei meets in municipal documents: name → Gregorian year of 元年 (first year), and
# the first day of the era, so that 平成31年5月1日 (a date after the era ended) is rejected.
ERAS: dict[str, tuple[int, dt.date, dt.date | None]] = {
    "明治": (1868, dt.date(1868, 1, 25), dt.date(1912, 7, 29)),
    "大正": (1912, dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    "昭和": (1926, dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    "平成": (1989, dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    "令和": (2019, dt.date(2019, 5, 1), None),
}
_ERA_ABBREV = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}

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


def _era_year(era: str, year: str) -> int:
    if era in _ERA_ABBREV:
        era = _ERA_ABBREV[era]
    if era not in ERAS:
        raise NormalizeError(f"unknown era: {era!r}")
    n = 1 if year == "元" else int(year)
    if n < 1:
        raise NormalizeError(f"era year must be 元 or ≥ 1: {era}{year}年")
    first, _start, end = ERAS[era]
    greg = first + n - 1
    if end is not None and greg > end.year:
        raise NormalizeError(f"{era}{year}年 is after the end of {era} ({end.year})")
    return greg


_ERA_YEAR = re.compile(r"(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d+)\s*年?\s*度")


def fiscal_year(text: str) -> int:
    """The fiscal year named in text: 令和6年度 → 2024, R5 → 2023, 2024年度 → 2024.

    年度 is the fiscal year that starts on 1 April of the Gregorian year returned.
    """
    t = nfkc(text).strip()
    m = _ERA_YEAR.search(t)
    if m:
        return _era_year(m.group(1), m.group(2))
    m = re.fullmatch(r"([MTSHR])\s*(元|\d+)", t)
    if m:
        return _era_year(m.group(1), m.group(2))
    m = re.search(r"((?:19|20)\d\d)\s*年\s*度", t)
    if m:
        return int(m.group(1))
    raise NormalizeError(f"no fiscal year in {text!r}")


_ERA_DATE = re.compile(
    r"(明治|大正|昭和|平成|令和)\s*(元|\d+)\s*年\s*(\d+)\s*月\s*(?:(\d+)\s*日|(末))"
)
_WESTERN_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d+)\s*月\s*(?:(\d+)\s*日|(末))")


def _date(year: int, month: int, day: int | None, text: str) -> dt.date:
    if not 1 <= month <= 12:
        raise NormalizeError(f"impossible month in {text!r}")
    if day is None:  # 月末: the last day of the month
        day = calendar.monthrange(year, month)[1]
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise NormalizeError(f"impossible date {text!r}") from None


def parse_date(text: str) -> dt.date:
    """A Japanese date: 令和3年3月30日, 平成31年3月末 (last day of the month), 令和元年5月1日, 2023年7月14日.

    Spaced digits ("平成 29 年 3 月末") and full-width digits are accepted. A date outside its era
    (平成32年, 令和元年4月1日) or impossible (令和2年2月30日) raises NormalizeError.
    """
    t = nfkc(text)
    m = _ERA_DATE.search(t)
    if m:
        era, y, mo, d, end = m.groups()
        year = _era_year(era, y)
        date = _date(year, int(mo), None if end else int(d), text)
        _first, start, stop = ERAS[era]
        if date < start or (stop is not None and date > stop):
            raise NormalizeError(f"{text!r} is outside the {era} era")
        return date
    m = _WESTERN_DATE.search(t)
    if m:
        y, mo, d, end = m.groups()
        return _date(int(y), int(mo), None if end else int(d), text)
    m = _ANY_ERA_DATE.search(t)
    if m:
        raise NormalizeError(f"unknown era {m.group(1)!r} in {text!r} (sosei knows {', '.join(ERAS)})")
    raise NormalizeError(f"not a date: {text!r}")


# A date in an era sosei does not know (明和3年…, a typo such as 令知3年…): reported, never guessed.
_ANY_ERA_DATE = re.compile(r"([\u4e00-\u9fff]{2})\s*(?:元|\d+)\s*年\s*\d+\s*月\s*(?:\d+\s*日|末)")


def looks_like_date(text: str) -> bool:
    """True when text holds something written as a date (in any era, known or not, or Gregorian)."""
    t = nfkc(text)
    return any(p.search(t) for p in (_ERA_DATE, _WESTERN_DATE, _ANY_ERA_DATE))


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """年度 year: 1 April of year to 31 March of the next."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def era_label(year: int) -> str:
    """2024 → 令和6年度; 2019 → 令和元年度 (the fiscal year 2019 began in 平成 but is called 令和元年度)."""
    for era, (first, _s, _e) in sorted(ERAS.items(), key=lambda kv: -kv[1][0]):
        if year >= first:
            n = year - first + 1
            return f"{era}{'元' if n == 1 else n}年度"
    raise NormalizeError(f"year before the eras sosei knows: {year}")


# Characters that may not stand in an IRI path segment, or that would change its meaning.
_IRI_UNSAFE = re.compile(r"[\s<>\"{}|\\^`/?#\[\]@%&=+;:,'!$*]")


def iri_segment(name: str) -> str:
    """A stable IRI path segment from a name: NFKC, spaces removed, reserved characters → '-'.

    Japanese stays readable (IRIs allow it); the same printed name always gives the same segment.
    """
    s = _IRI_UNSAFE.sub("-", squeeze(name))
    s = re.sub(r"-{2,}", "-", s).strip("-")
    if not s:
        raise NormalizeError(f"name gives an empty IRI segment: {name!r}")
    return s


_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳


def circled_number(ch: str) -> int | None:
    """① → 1 … ⑳ → 20, else None."""
    return _CIRCLED.get(ch)


def spaced_digits(text: str) -> str:
    """Join digits a PDF extraction split with spaces: "1 0 , 0 8 7" stays as is only across commas."""
    return _DIGIT_SPACE.sub("", nfkc(text))


def fiscal_year_of(date: dt.date) -> int:
    """The 年度 a date falls in: 2023-10-31 → 2023, 2024-03-31 → 2023."""
    return date.year if date.month >= 4 else date.year - 1


# --- printed marks of a hierarchy: Roman-numbered goals, circled-number measures, numbered items ----

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


# --- text of PDF forms: wrapped paragraphs, project marks, amounts glued to words ------------------

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


@dataclass(frozen=True)
class PeriodText:
    """A printed period ("地域再生計画認定の日から平成31年3月31日（3ヶ年度）"): dates where printed, the
    words where a bound is an event rather than a date, and the printed count of fiscal years."""

    start: dt.date | None
    start_text: str | None
    end: dt.date | None
    end_text: str | None
    fiscal_years: int | None

    def covered_fiscal_years(self) -> tuple[int, ...]:
        """The 年度 the period covers, where the dates (or the end and the printed count) say."""
        if self.end is None:
            return ()
        last = fiscal_year_of(self.end)
        if self.start is not None:
            return tuple(range(fiscal_year_of(self.start), last + 1))
        if self.fiscal_years:
            return tuple(range(last - self.fiscal_years + 1, last + 1))
        return ()


_YEAR_COUNT = re.compile(r"[\(（]\s*(\d+)\s*[ヶケヵかカ箇个]?\s*年度\s*(?:間)?\s*[\)）]")
_UNTIL = re.compile(r"\s*(?:から|より|~|〜|～)\s*")


def _bound(text: str, end: bool) -> tuple[dt.date | None, str | None]:
    t = text.strip(" 、,。").removesuffix("まで").strip(" 、,")
    if not t:
        return None, None
    if looks_like_date(t):
        return parse_date(t), None
    if _ERA_YEAR.search(t) or re.search(r"(?:19|20)\d\d\s*年\s*度", t):
        start, stop = fiscal_year_bounds(fiscal_year(t))
        return (stop if end else start), None
    return None, t


def parse_period(text: str) -> PeriodText:
    """A period "X から Y (まで)" with optional "（Nヶ年度）": each bound a date, a fiscal year (its first
    or last day) or, where no date is printed ("地域再生計画認定の日"), the words themselves.
    A bound written as a date that does not parse raises NormalizeError; so does text without "から"."""
    t = clean_text(text)
    count = None
    if (m := _YEAR_COUNT.search(t)) is not None:
        count = int(m.group(1))
        t = (t[: m.start()] + t[m.end():]).strip()
    parts = _UNTIL.split(t, maxsplit=1)
    if len(parts) != 2:
        raise NormalizeError(f"not a period (X から Y): {text!r}")
    start, start_text = _bound(parts[0], end=False)
    end, end_text = _bound(parts[1], end=True)
    if start is None and start_text is None or end is None and end_text is None:
        raise NormalizeError(f"a period needs a start and an end: {text!r}")
    if start is not None and end is not None and end < start:
        raise NormalizeError(f"period ends before it starts: {text!r}")
    return PeriodText(start, start_text, end, end_text, count)

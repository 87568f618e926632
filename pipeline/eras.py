"""Japanese eras and dates: era years (令和/平成/元年, R5), dates (令和3年3月30日, 平成31年3月末 → the last day
of the month), fiscal years (年度, 1 April to 31 March) and periods ("X から Y（3ヶ年度）").

All functions are pure. A date outside its era or impossible (令和2年2月30日) raises NormalizeError.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .normalize import NormalizeError, clean_text, nfkc

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


def fiscal_year_of(date: dt.date) -> int:
    """The 年度 a date falls in: 2023-10-31 → 2023, 2024-03-31 → 2023."""
    return date.year if date.month >= 4 else date.year - 1


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

"""Japanese normalization (pipeline/normalize.py), property-based: era dates at the era boundaries,
元年, 月末, full-width and spaced digits, quantities with units, periods — and malformed input, which
must raise NormalizeError naming the text, never give a wrong value.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from pipeline import eras
from pipeline import normalize as jn

FULL_WIDTH = str.maketrans("0123456789,.%", "０１２３４５６７８９，．％")
ERA_SPANS = {era: (start, end or dt.date(2099, 12, 31)) for era, (_first, start, end) in eras.ERAS.items()}


def era_of(date: dt.date) -> str:
    return next(era for era, (start, end) in ERA_SPANS.items() if start <= date <= end)


def era_text(date: dt.date, *, era: str | None = None, gannen: bool = True, full: bool = False,
             spaced: bool = False, month_end: bool = False) -> str:
    era = era or era_of(date)
    year = date.year - eras.ERAS[era][0] + 1
    y = "元" if year == 1 and gannen else str(year)
    sep = " " if spaced else ""
    day = "末" if month_end else f"{date.day}{sep}日"
    text = f"{era}{sep}{y}{sep}年{sep}{date.month}{sep}月{sep}{day}"
    return text.translate(FULL_WIDTH) if full else text


dates = st.dates(min_value=dt.date(1868, 1, 25), max_value=dt.date(2099, 12, 31))


@given(dates, st.booleans(), st.booleans(), st.booleans())
@example(dt.date(1989, 1, 8), True, False, False)  # 平成元年1月8日, the first day of 平成
@example(dt.date(2019, 4, 30), False, False, False)  # 平成31年4月30日, its last
@example(dt.date(2019, 5, 1), True, True, True)  # 令和元年5月1日 in full width, spaced
def test_era_date_round_trip(date, gannen, full, spaced):
    assert eras.parse_date(era_text(date, gannen=gannen, full=full, spaced=spaced)) == date


first_years = st.sampled_from(sorted(ERA_SPANS)).flatmap(
    lambda era: st.dates(min_value=ERA_SPANS[era][0], max_value=dt.date(ERA_SPANS[era][0].year, 12, 31)))


@given(first_years)
def test_gannen_is_year_one(date):
    assert eras.parse_date(era_text(date, gannen=True)) == eras.parse_date(era_text(date, gannen=False)) == date


@given(dates)
def test_month_end_is_the_last_day_of_the_month(date):
    last = date.replace(day=calendar.monthrange(date.year, date.month)[1])
    assume(era_of(last) == era_of(date))
    assert eras.parse_date(era_text(date, month_end=True)) == last


@pytest.mark.parametrize("text", [
    "平成31年5月1日",  # 平成 ended on 30 April 2019
    "平成32年3月31日",  # a year that never was
    "令和元年4月30日",  # 令和 began on 1 May 2019
    "昭和64年1月8日",  # 昭和 ended on 7 January 1989
    "平成元年1月7日",  # 平成 began on 8 January 1989
])
def test_dates_outside_their_era_are_refused(text):
    with pytest.raises(jn.NormalizeError, match="era|after the end"):
        eras.parse_date(text)


@given(dates, st.integers(min_value=29, max_value=40))
def test_impossible_days_are_refused(date, day):
    assume(day > calendar.monthrange(date.year, date.month)[1])
    text = era_text(date).replace(f"{date.day}日", f"{day}日")
    with pytest.raises(jn.NormalizeError, match="impossible date"):
        eras.parse_date(text)


def test_the_issue_examples():
    with pytest.raises(jn.NormalizeError, match="impossible date '令和2年2月30日'"):
        eras.parse_date("令和2年2月30日")
    with pytest.raises(jn.NormalizeError, match="unknown era '明和'"):
        eras.parse_date("明和3年3月30日")
    assert eras.parse_date("平成 29 年 3 月末") == dt.date(2017, 3, 31)
    assert eras.parse_date("令和３年３月３０日") == dt.date(2021, 3, 30)


@given(st.text(alphabet="安永明和文政慶応天保宝暦嘉永", min_size=2, max_size=2), st.integers(1, 60),
       st.integers(1, 12), st.integers(1, 28))
def test_unknown_eras_are_named_not_guessed(era, year, month, day):
    assume(era not in eras.ERAS)
    with pytest.raises(jn.NormalizeError, match="unknown era"):
        eras.parse_date(f"{era}{year}年{month}月{day}日")


@given(st.text(max_size=30))
def test_any_text_gives_a_date_or_a_normalize_error(text):
    try:
        assert isinstance(eras.parse_date(text), dt.date)
    except jn.NormalizeError:
        pass


# --- quantities ----------------------------------------------------------------------------------

UNITS = ["人", "件", "社", "回", "箇所", "%", "世帯"]


def grouped(n: int) -> str:
    return f"{n:,}"


@given(st.integers(0, 10**9), st.sampled_from(UNITS), st.booleans(), st.booleans(), st.booleans(), st.booleans())
@example(9930, "人", True, False, True, False)  # "9,930 人"
@example(10087, "人", True, True, False, True)  # "1 0 , 0 8 7人" in full width
def test_quantity_round_trip(n, unit, commas, spaced_digits, space_before_unit, full):
    digits = grouped(n) if commas else str(n)
    if spaced_digits:
        digits = " ".join(digits)
    text = digits + (" " if space_before_unit else "") + unit
    if full:
        text = text.translate(FULL_WIDTH)
    q = jn.parse_quantity(text)
    assert q == jn.Quantity(Decimal(n), unit) and q.integral


@given(st.integers(0, 10**9), st.sampled_from(sorted(jn.UNIT_YEN)))
def test_money_is_published_in_yen(n, unit):
    q = jn.parse_quantity(f"{n:,} {unit}")
    assert q.unit == "円" and q.value == n * jn.UNIT_YEN[unit]


@given(st.integers(0, 10**6), st.integers(0, 99))
def test_decimals_stay_exact(whole, hundredths):
    q = jn.parse_quantity(f"{whole}.{hundredths:02d}%")
    assert q.value == Decimal(f"{whole}.{hundredths:02d}") and q.unit == "%"


@pytest.mark.parametrize("text", ["9,93O 人", "1,2345人", "3 人 5 人", "", "人", "12,34.5件", "10.000.000円"])
def test_malformed_quantities_are_refused(text):
    with pytest.raises(jn.NormalizeError):
        jn.parse_quantity(text)


@given(st.integers(1, 10**6), st.sampled_from(UNITS), st.sampled_from("OlIoSB"))
def test_a_letter_among_the_digits_is_refused(n, unit, letter):
    digits = str(n)
    assume(len(digits) >= 2)
    with pytest.raises(jn.NormalizeError):
        jn.parse_quantity(digits[:1] + letter + digits[1:] + unit)


def test_a_dash_means_no_value():
    assert jn.parse_quantity("-") is None and jn.parse_quantity("－") is None


# --- periods -------------------------------------------------------------------------------------

reiwa = st.dates(min_value=dt.date(2019, 5, 1), max_value=dt.date(2060, 12, 31))


@given(reiwa, reiwa)
def test_period_between_two_dates(a, b):
    start, end = min(a, b), max(a, b)
    p = eras.parse_period(f"{era_text(start)}から{era_text(end)}まで")
    assert (p.start, p.end, p.start_text, p.end_text) == (start, end, None, None)
    years = p.covered_fiscal_years()
    assert years[0] == eras.fiscal_year_of(start) and years[-1] == eras.fiscal_year_of(end)
    fy_start, _ = eras.fiscal_year_bounds(years[0])
    _, fy_end = eras.fiscal_year_bounds(years[-1])
    assert fy_start <= start <= end <= fy_end


@given(reiwa, reiwa)
def test_period_that_ends_before_it_starts_is_refused(a, b):
    assume(a != b)
    with pytest.raises(jn.NormalizeError, match="ends before"):
        eras.parse_period(f"{era_text(max(a, b))}から{era_text(min(a, b))}まで")


@given(st.integers(1, 9), reiwa)
def test_period_from_an_event_keeps_the_words(years, end):
    p = eras.parse_period(f"地域再生計画認定の日から、{era_text(end)}（{years}ヶ年度）".translate(FULL_WIDTH))
    assert p.start is None and p.start_text == "地域再生計画認定の日" and p.end == end
    assert p.fiscal_years == years
    assert p.covered_fiscal_years() == tuple(range(eras.fiscal_year_of(end) - years + 1, eras.fiscal_year_of(end) + 1))


def test_period_of_fiscal_years():
    p = eras.parse_period("令和3年度から令和7年度まで")
    assert (p.start, p.end) == (dt.date(2021, 4, 1), dt.date(2026, 3, 31))


@pytest.mark.parametrize("text", ["令和3年4月1日", "令和3年4月1日から令和2年2月30日まで", "から令和3年3月31日"])
def test_malformed_periods_are_refused(text):
    with pytest.raises(jn.NormalizeError):
        eras.parse_period(text)

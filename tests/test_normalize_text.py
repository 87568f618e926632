"""Printed marks (Roman-numbered goals, circled-number measures, numbered items), the fiscal year of a
date, and text cells with raw HTML turned into clean literals.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import eras, marks
from pipeline import normalize as jn
from pipeline.text import split_bullets, text_block


def to_roman(n: int) -> str:
    """An independent encoder to check the decoder against."""
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


@given(st.integers(min_value=1, max_value=3999))
def test_roman_prefix_reads_every_numeral(n):
    assert marks.roman_prefix(f"{to_roman(n)}人から選ばれるまちへ") == (n, to_roman(n), "人から選ばれるまちへ")


@pytest.mark.parametrize("printed, expected", [
    ("VI改革から選ばれるまちへ", (6, "VI", "改革から選ばれるまちへ")),
    ("Ⅵ改革から選ばれるまちへ", (6, "VI", "改革から選ばれるまちへ")),  # U+2165 ROMAN NUMERAL SIX
    ("ⅤⅢ名前", (8, "VIII", "名前")),  # a numeral written with two Unicode characters
    ("Ⅻ. 十二番目", (12, "XII", "十二番目")),
    ("IV自然から選ばれるまちへ", (4, "IV", "自然から選ばれるまちへ")),
    ("人から選ばれるまちへ", None),
    ("IIII", (3, "III", "I")),  # not canonical: the longest canonical numeral is taken
])
def test_roman_prefix(printed, expected):
    assert marks.roman_prefix(printed) == expected


@pytest.mark.parametrize("bad", ["", "IIII", "VX", "iv", "6"])
def test_roman_value_rejects_non_numerals(bad):
    with pytest.raises(jn.NormalizeError):
        marks.roman_value(bad)


@pytest.mark.parametrize("printed, expected", [
    ("①DX（デジタル技術を活用した変革）", (1, "①", "DX（デジタル技術を活用した変革）")),
    ("⑳最後", (20, "⑳", "最後")),
    ("（２）防災対策の強化", (2, "(2)", "防災対策の強化")),
    ("防災対策の強化", None),
    ("1防災対策", None),  # a plain digit is an item number, not a measure mark
])
def test_circled_prefix(printed, expected):
    assert marks.circled_prefix(printed) == expected


@pytest.mark.parametrize("printed, expected", [
    ("1フリーWi-Fiスポットの整備", ("1", "フリーWi-Fiスポットの整備")),
    ("１２．全角の番号", ("12", "全角の番号")),
    ("1（仮称）磯部温泉活性化対策協議会の設置", ("1", "(仮称)磯部温泉活性化対策協議会の設置")),
    ("市外でのプレゼン費用補助", None),
    ("12", None),  # a number without a name
])
def test_number_prefix(printed, expected):
    assert marks.number_prefix(printed) == expected


@pytest.mark.parametrize("date, year", [
    (dt.date(2023, 10, 31), 2023), (dt.date(2024, 3, 31), 2023), (dt.date(2024, 4, 1), 2024),
])
def test_fiscal_year_of(date, year):
    assert eras.fiscal_year_of(date) == year


def test_html_list_with_inline_bullets_becomes_lines():
    cell = ('<ul style="list-style-type: none"> ・市立保育園にICTシステムを導入します。 '
            '・欠席遅刻連絡、お便り配信などを保護者のスマートフォンで確認・管理ができるようになります。')
    assert text_block(cell) == ("・市立保育園にICTシステムを導入します。\n"
                                "・欠席遅刻連絡、お便り配信などを保護者のスマートフォンで確認・管理ができるようになります。")


def test_html_elements_entities_and_breaks():
    cell = "<ul><li>一行目 &amp; <b>太字</b>の続き</li><li>二行目<br/>三行目</li></ul><p>段落</p>"
    assert text_block(cell) == "一行目 & 太字の続き\n二行目\n三行目\n段落"


def test_text_without_markup_is_left_to_text_rules():
    assert text_block("スクラップ&ビルド推進。 また、A<B の比較") == "スクラップ&ビルド推進。また、A<B の比較"
    assert text_block("  ") == ""


def test_a_bullet_after_a_space_between_japanese_characters_still_starts_a_line():
    # clean_text drops a space between two wide characters; the bullet is found before that happens
    assert text_block("・防災士の取得費を支援 ・自主防災組織の結成") == "・防災士の取得費を支援\n・自主防災組織の結成"


def test_a_middle_dot_inside_a_phrase_is_not_a_bullet():
    assert split_bullets("・文化・スポーツの振興。・宅地・新築住宅 ・空き家") == [
        "・文化・スポーツの振興。", "・宅地・新築住宅 ", "・空き家"]


@given(st.lists(st.text(alphabet="あいう漢字カナ、。", min_size=1, max_size=12), min_size=1, max_size=5))
def test_bullet_items_round_trip_as_lines(items):
    cell = '<ul style="list-style-type: none"> ' + " ".join(f"・{t}" for t in items)
    assert text_block(cell).split("\n") == [f"・{t}" for t in items]

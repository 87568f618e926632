"""normalize.py helpers for text of PDF forms: wrapped paragraphs, project marks, glued amounts."""

import pytest

from pipeline import normalize as jn
from pipeline import prose


def test_display_width_counts_wide_characters_twice():
    assert prose.display_width("ＳＤＧｓ") == 8
    assert prose.display_width("市税:99.45%") == 4 + 7
    assert prose.display_width("") == 0


def test_wrapped_lines_join_and_bullets_start_lines():
    lines = [
        "・町内会加入促進活動は、各町内会の現状や課題を洗い出し、他地域の先進地の事例などの情報収集、ＳＮ",
        "Ｓを活用した町内会の魅力発信を実施する",
        "・町内会活動の活性化に向けて、事業支援拡充を図る。",
    ]
    assert prose.join_wrapped(lines) == ("・町内会加入促進活動は、各町内会の現状や課題を洗い出し、他地域の先進地の事例などの"
                                      "情報収集、SNSを活用した町内会の魅力発信を実施する\n"
                                      "・町内会活動の活性化に向けて、事業支援拡充を図る。")


def test_short_lines_keep_their_breaks_when_the_column_is_known():
    lines = ["・子育てサポーターアプリ　母子モ", "令和６年３月末時点登録者数：571名"]
    assert prose.join_wrapped(lines) == "・子育てサポーターアプリ 母子モ令和6年3月末時点登録者数:571名"  # widest line
    assert prose.join_wrapped(lines, width=82) == "・子育てサポーターアプリ 母子モ\n令和6年3月末時点登録者数:571名"


def test_an_ideographic_indent_starts_a_line():
    lines = ["実績：報償費　令和５年７月12日 16名出席　報酬対象９名×5,000円＝45,000円",
             "　　　　　　　令和５年８月28日 16名出席　報酬対象９名×5,000円＝45,000円"]
    assert prose.join_wrapped(lines).split("\n")[1].startswith("令和5年8月28日")


def test_circled_numbers_stay_as_printed_in_prose():
    assert prose.clean_prose("①行政用語　②余白（横書き）") == "①行政用語 ②余白(横書き)"
    assert prose.join_wrapped(["", "  "]) == ""


@pytest.mark.parametrize("printed, name, marks", [
    ("ＳＤＧｓの普及啓蒙【再掲】", "ＳＤＧｓの普及啓蒙", {"再掲"}),
    ("性の多様性についての理解促進【新規】", "性の多様性についての理解促進", {"新規"}),
    ("若者との協働事業≪新規≫", "若者との協働事業", {"新規"}),
    ("観光振興・観光客誘致宣伝事業（広域連携）【再掲】", "観光振興・観光客誘致宣伝事業（広域連携）", {"再掲"}),
    ("町会連合会補助金", "町会連合会補助金", set()),
])
def test_project_marks(printed, name, marks):
    assert prose.project_marks(printed) == (name, frozenset(marks))


@pytest.mark.parametrize("text, split", [
    ("7,680実施事業数に違いはあるが", ("7,680", "実施事業数に違いはあるが")),
    ("900・訪問者数／延べ1,091,205人", ("900", "・訪問者数／延べ1,091,205人")),
    ("9・１回目7/21　参加人数27名", ("9", "・１回目7/21　参加人数27名")),
    ("15北斗市ＳＤＧｓ宣言推進事業", ("15", "北斗市ＳＤＧｓ宣言推進事業")),
    ("-・第２次男女共同参画基本計画", ("-", "・第２次男女共同参画基本計画")),
    ("-５件実施（北斗市地域防災計画）", ("-", "５件実施（北斗市地域防災計画）")),  # full-width: the text's own
    ("1,2x4５件実施", ("1,2x4", "５件実施")),  # a misprint, for parse_amount to reject
    ("13,872世帯×71円(単価）", None),  # a quantity: a number and its counter
    ("令和５年度移管者 30名", None),
    ("5G回線の整備", None),
    ("1,234", None),  # nothing glued
])
def test_split_leading_amount(text, split):
    assert prose.split_leading_amount(text) == split


@pytest.mark.parametrize("text, split", [
    ("業実行委員会）【再掲】 -", ("業実行委員会）【再掲】", "-")),
    ("市有施設の適切な管理 －", ("市有施設の適切な管理", "－")),
    ("町会連合会補助金 2,300", ("町会連合会補助金", "2,300")),
    ("町会連合会補助金", None),
    ("宝くじ助成金 2,000千円", None),
])
def test_split_trailing_amount(text, split):
    assert prose.split_trailing_amount(text) == split


@pytest.mark.parametrize("text, expected", [
    ("1,673", True), ("－", True), ("-", True), ("１，２００", True), ("25,7x4", True), ("0", True),
    ("町会連合会補助金", False), ("・簡易申請215件", False), ("R5", False), ("", False),
])
def test_looks_like_amount(text, expected):
    assert prose.looks_like_amount(text) is expected


def test_dashes_parse_as_no_amount():
    assert jn.parse_amount("－") is None and jn.parse_amount("-") is None
    with pytest.raises(jn.NormalizeError):
        jn.parse_amount("1,2x4")

"""The national municipality table: every code's check digit, the counts 総務省 publishes, the English
names kept from the hand-added entries, and names resolved in every printed form."""

from pathlib import Path

import pytest

from pipeline.sources import ManifestError, UnknownMunicipality, load_municipalities, valid_code

ROOT = Path(__file__).resolve().parents[1]
TABLE = load_municipalities(ROOT / "sources" / "municipalities.toml")


def test_every_code_has_its_check_digit_and_the_counts_are_the_national_ones():
    assert all(valid_code(code) and m.code == code for code, m in TABLE.items())
    prefectures = [m for m in TABLE.values() if m.is_prefecture]
    wards = [m for m in TABLE.values() if m.city]
    others = len(TABLE) - len(prefectures) - len(wards)
    assert len(prefectures) == 47
    assert others == 1741 + 6  # in force, and the six villages of the 北方領土 the sheet lists
    assert len(wards) == 175 - 7  # 浜松市's wards of the 2016 edition left out (reorganised in 2024)
    assert all(m.kana for m in TABLE.values())


def test_the_hand_added_entries_agree_with_the_table_and_keep_their_english_names():
    expected = {"012041": "旭川市", "012360": "北斗市", "102113": "安中市", "010006": "北海道",
                "014524": "鷹栖町", "014532": "東神楽町", "014559": "比布町", "014567": "愛別町",
                "014575": "上川町", "014583": "東川町"}
    assert {c: TABLE[c].name for c in expected} == expected
    assert TABLE["012041"].name_en == "Asahikawa" and TABLE["012041"].sac == "C01204"


@pytest.mark.parametrize("printed, code", [
    ("旭川市", "012041"), ("北海道旭川市", "012041"), ("山形県飽海郡遊佐町", "064611"),
    ("札幌市中央区", "011011"), ("北海道", "010006"), ("郡山市", "072036"), ("東京都千代田区", "131016"),
    ("北海道　上川郡鷹栖町", "014524"), ("北海道古宇郡泊村", "014036"), ("泊村", "014036"),
])
def test_names_resolve_in_every_printed_form(printed, code):
    assert TABLE.resolve(printed).code == code


def test_a_joint_plan_names_each_author_and_the_prefecture_carries_over():
    assert [m.code for m in TABLE.resolve_all("北海道、夕張市")] == ["010006", "012092"]
    assert [m.code for m in TABLE.resolve_all("北海道上川郡鷹栖町、東神楽町")] == ["014524", "014532"]
    assert [m.code for m in TABLE.resolve_all("北海道 旭川市")] == ["012041"]  # a space is no separator


def test_a_ward_knows_its_city_and_a_code_without_check_digit_resolves():
    assert TABLE["011011"].city == "011002"
    assert TABLE.by_code5("01204").name == "旭川市"
    assert TABLE.by_code5("0120") is None


def test_an_unknown_name_lists_the_closest_and_an_ambiguous_one_its_codes():
    with pytest.raises(UnknownMunicipality, match="closest: 旭市"):
        TABLE.resolve("旭山市")
    with pytest.raises(UnknownMunicipality, match="closest: 旭川市"):
        TABLE.resolve("旭山市", "北海道")
    with pytest.raises(UnknownMunicipality, match="012335 .北海道., 072133 .福島県."):
        TABLE.resolve("伊達市")
    assert TABLE.resolve("伊達市", "福島県").code == "072133"


def test_a_wrong_check_digit_or_a_disagreeing_entry_refuses_to_load(tmp_path):
    (tmp_path / "municipalities-x.csv").write_text("団体コード,a,b,c,d\n012042,北海道,旭川市,ﾎｯｶｲﾄﾞｳ,ｱｻﾋｶﾜｼ\n",
                                                  encoding="utf-8")
    toml = tmp_path / "municipalities.toml"
    toml.write_text('[[table]]\nfile = "municipalities-x.csv"\n', encoding="utf-8")
    with pytest.raises(ManifestError, match="municipalities-x.csv:2: '012042'.*check digit"):
        load_municipalities(toml)
    (tmp_path / "municipalities-x.csv").write_text("団体コード,a,b,c,d\n012041,北海道,旭川市,ﾎｯｶｲﾄﾞｳ,ｱｻﾋｶﾜｼ\n",
                                                  encoding="utf-8")
    toml.write_text('[[table]]\nfile = "municipalities-x.csv"\n[[municipality]]\ncode = "012041"\n'
                    'name = "旭山市"\nprefecture = "北海道"\n', encoding="utf-8")
    with pytest.raises(ManifestError, match="does not agree with the national table"):
        load_municipalities(toml)

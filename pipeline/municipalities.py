"""The national municipality table (sources/municipalities.toml and the 総務省 code tables it names):
every 全国地方公共団体コード with name, kana and prefecture, check digits verified on load, and names
resolved in every form documents print them (旭川市, 北海道旭川市, 山形県飽海郡遊佐町, 札幌市中央区,
"北海道、夕張市").
"""

from __future__ import annotations

import csv
import difflib
import functools
import hashlib
import io
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path


class ManifestError(ValueError):
    """A manifest entry that cannot be used; the message names the manifest and the entry."""


class UnknownMunicipality(LookupError):
    """A name the table does not hold (or holds twice); the message lists the closest names."""


@dataclass(frozen=True)
class Municipality:
    code: str  # 全国地方公共団体コード, 6 digits with check digit
    name: str  # as 総務省's table prints it: 旭川市, 札幌市中央区 (a ward with its city), 北海道
    name_en: str | None
    prefecture: str
    wikidata: str | None = None
    kana: str | None = None  # reading in full-width katakana
    city: str | None = None  # a ward's designated city (its code)

    @property
    def sac(self) -> str:
        """e-Stat 統計LOD standard area code (the 5-digit code), e.g. C01204."""
        return f"C{self.code[:5]}"

    @property
    def is_prefecture(self) -> bool:
        return self.code[2:5] == "000"


def check_digit(code5: str) -> str:
    """Check digit of a 全国地方公共団体コード (JIS X 0402 / 総務省 rule): weights 6,5,4,3,2, modulus 11."""
    if not re.fullmatch(r"\d{5}", code5):
        raise ValueError(f"not a 5-digit local government code: {code5!r}")
    s = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - s % 11) % 10)  # remainder 0 → 1 (苫小牧市 012131), remainder 1 → 0 (紋別市 012190)


def valid_code(code: str) -> bool:
    return bool(re.fullmatch(r"\d{6}", code)) and check_digit(code[:5]) == code[5]


PREFECTURE = re.compile(r"^(北海道|東京都|京都府|大阪府|.{2,3}県)")
DISTRICT = re.compile(r"^(.{1,5}?郡)(.+[町村])$")
SEPARATORS = re.compile(r"[、,，・／/]+")


def katakana(text: str) -> str:
    """Half-width katakana and hiragana → full-width katakana (NFKC, then hiragana shifted)."""
    text = unicodedata.normalize("NFKC", text).replace(" ", "")
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


class MunicipalityTable(dict):
    """Municipalities by code (a dict, as callers have always used it), with name resolution."""

    def __init__(self, items=(), dormant: frozenset[str] = frozenset()):
        super().__init__(items)
        self.dormant = dormant  # codes a shared printed name never means (the 北方領土 villages)
        self._by_name: dict[str, list[Municipality]] = {}
        for m in self.values():
            self._by_name.setdefault(m.name, []).append(m)

    def by_code5(self, code5: str) -> Municipality | None:
        """The entry a 5-digit code printed without its check digit names ("01204" → 旭川市)."""
        if not re.fullmatch(r"\d{5}", code5):
            return None
        return self.get(code5 + check_digit(code5))

    def find(self, name: str, prefecture: str) -> Municipality | None:
        """The entry of exactly this name in this prefecture (the lowest code if two share it), or None."""
        return min((m for m in self._by_name.get(name, ()) if m.prefecture == prefecture),
                   key=lambda m: m.code, default=None)

    def resolve(self, printed: str, prefecture: str | None = None) -> Municipality:
        """The one entry a printed name means: 旭川市, 北海道旭川市, 山形県飽海郡遊佐町, 札幌市中央区, 北海道.
        `prefecture` (the 都道府県 column, or the prefecture carried over from the name before) narrows
        a name that several prefectures share (伊達市). Raises UnknownMunicipality with the closest names."""
        name = unicodedata.normalize("NFKC", printed).strip().replace(" ", "").replace("\u3000", "")
        pm = PREFECTURE.match(name)
        if pm and pm.group(1) in self._by_name and name != pm.group(1):
            prefecture, name = pm.group(1), name[pm.end():]
        found = self._candidates(name, prefecture)
        if not found and (dm := DISTRICT.match(name)):
            found = self._candidates(dm.group(2), prefecture)
        if len(found) == 1:
            return found[0]
        where = f" in {prefecture}" if prefecture else ""
        if found:
            codes = ", ".join(f"{m.code} ({m.prefecture})" for m in found)
            raise UnknownMunicipality(f"{printed!r}{where} is ambiguous: {codes}; print its prefecture or district")
        near = [n for n, ms in self._by_name.items() if any(m.prefecture == prefecture for m in ms)]
        close = difflib.get_close_matches(name, near or list(self._by_name), n=3, cutoff=0.5)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise UnknownMunicipality(f"{printed!r}{where} is not in the national municipality table{hint}")

    def _candidates(self, name: str, prefecture: str | None) -> list[Municipality]:
        found = self._by_name.get(name, [])
        if prefecture:
            found = [m for m in found if m.prefecture == prefecture]
        if len(found) > 1:
            found = [m for m in found if m.code not in self.dormant] or found
        return found

    def resolve_all(self, printed: str, prefecture: str | None = None) -> list[Municipality]:
        """Every author of a joint plan, "北海道、夕張市" or "北海道上川郡鷹栖町、東神楽町": split on 、, the
        prefecture carried over from one name to the next."""
        out = []
        for part in (p for p in SEPARATORS.split(printed) if p):
            m = self.resolve(part, prefecture)
            prefecture = m.prefecture
            out.append(m)
        return out


def _rows(path: Path) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return [r for r in rows[1:] if any(c.strip() for c in r)]


def _entry(path: Path, i: int, code: str, prefecture: str, name: str, kana: str) -> Municipality:
    if not valid_code(code):
        raise ManifestError(f"{path}:{i}: {code!r} ({prefecture}{name}) is not a valid 6-digit "
                            "全国地方公共団体コード (its check digit does not agree)")
    return Municipality(code, name or prefecture, None, prefecture, kana=katakana(kana) or None)


def _read_table(path: Path, kind: str) -> list[Municipality]:
    out = []
    for i, r in enumerate(_rows(path), start=2):
        if kind == "municipalities":  # 団体コード, 都道府県名, 市区町村名, 都道府県名カナ, 市区町村名カナ
            out.append(_entry(path, i, r[0].strip(), r[1].strip(), r[2].strip(), r[4] if r[2].strip() else r[3]))
        elif kind == "wards":  # code, prefecture, name (with its city), reading
            out.append(_entry(path, i, r[0].strip(), r[1].strip(), r[2].strip(), r[3]))
        else:
            raise ManifestError(f"{path}: unknown table kind {kind!r} (municipalities, wards)")
    return out


def _with_cities(entries: dict[str, Municipality]) -> dict[str, Municipality]:
    """Each ward gets its designated city: the entry of the same prefecture whose name starts it."""
    cities = {(m.prefecture, m.name): m.code for m in entries.values() if m.name.endswith("市")}
    out = {}
    for code, m in entries.items():
        if m.name.endswith("区") and "市" in m.name:
            city = m.name[: m.name.index("市") + 1]
            m = Municipality(m.code, m.name, m.name_en, m.prefecture, m.wikidata, m.kana,
                             cities.get((m.prefecture, city)))
        out[code] = m
    return out


def load_municipalities(path: Path) -> MunicipalityTable:
    """The table of sources/municipalities.toml: its [[table]] files (check digits verified) and its
    [[municipality]] English names (each must agree with the table). Read once per process while the
    files are unchanged (bench/bench_municipalities.py measures a load)."""
    stamps = tuple(p.stat().st_mtime_ns for p in sorted(Path(path).parent.glob("municipalities*")))
    return _load(Path(path), stamps)


@functools.lru_cache(maxsize=4)
def _load(path: Path, _stamps: tuple[int, ...]) -> MunicipalityTable:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no municipality table here; run sosei in a project directory (one with "
                            "sources/manifest.toml) or give --manifest or --config") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ManifestError(f"{path}: cannot read the municipality table: {e}") from None
    entries: dict[str, Municipality] = {}
    dormant = frozenset(c for t in data.get("table", []) for c in t.get("dormant", []))
    for t in data.get("table", []):
        if not (path.parent / t["file"]).is_file():
            raise ManifestError(f"{path}: its code table {t['file']!r} is missing beside it")
        if t.get("sha256") and hashlib.sha256((path.parent / t["file"]).read_bytes()).hexdigest() != t["sha256"]:
            raise ManifestError(f"{path}: {t['file']} is not the file its sha256 names: the code table was edited; "
                                "ship 総務省's file as published and update source, edition and sha256")
        for m in _read_table(path.parent / t["file"], t.get("kind", "municipalities")):
            if m.code in entries:
                raise ManifestError(f"{path.parent / t['file']}: code {m.code} ({m.name}) is listed twice")
            entries[m.code] = m
    named: set[str] = set()
    for i, m in enumerate(data.get("municipality", []), start=1):
        code = str(m.get("code", ""))
        where = f"{path}: [[municipality]] #{i} ({m.get('name') or code})"
        missing = [k for k in ("name", "prefecture") if not isinstance(m.get(k), str) or not m[k].strip()]
        if missing:
            raise ManifestError(f"{where}: missing {', '.join(missing)}")
        extra = sorted(set(m) - {"code", "name", "name_en", "prefecture", "wikidata"})
        if extra:
            raise ManifestError(f"{where}: unknown field(s) {', '.join(extra)}")
        if code in named:
            raise ManifestError(f"{where}: code {code} is listed twice")
        named.add(code)
        known = entries.get(code)
        if not valid_code(code) or known is None or (known.name, known.prefecture) != (m.get("name"), m.get("prefecture")):
            seen = f"{known.prefecture}{known.name}" if known else "no entry"
            raise ManifestError(f"{path}: municipality #{i} ({m.get('name')}, {code!r}) does not agree with "
                                f"the national table ({seen})")
        entries[code] = Municipality(code, known.name, m.get("name_en"), known.prefecture, m.get("wikidata"),
                                     known.kana, known.city)
    return MunicipalityTable(_with_cities(entries), dormant)

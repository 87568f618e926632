"""A synthetic national corpus for bench/national.py: N municipalities of the national table, each
publishing one document of every per-municipality layout, plus one national list of certified 地域再生計画
covering them. Deterministic: the same N gives the same files, byte for byte.

    .venv/bin/python bench/corpus.py --municipalities 100 DIR

The documents are made from the bundled sources (sources/*.txt) and, for the 交付金 効果検証 layout
(no bundled source), from its fixtures: the publishing municipality's name replaces the original one
(with its prefecture where the name is shared by several prefectures, so that it resolves), amounts are
scaled by a factor and project names varied, both seeded by the municipality's code. The national list
is tests/national_list_fixtures.py's generator over the chosen municipalities.

The municipalities are every 市区町村 in force (1,741: prefectures, the wards of designated cities and the
北方領土 villages left out), in code order; fewer than all is an even spread over them (every k-th), so a
small corpus still covers the whole country.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

from pipeline.municipalities import Municipality, load_municipalities  # noqa: E402

SOURCES = ROOT / "sources"
GRANT_FIXTURES = ROOT / "pipeline" / "layouts" / "grant_effect_verification" / "fixtures"
ALL = 1741
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
# 北海道's code: the national list's publisher, as bench/bench_national.py has it (内閣府 is no local
# government, and the manifest's publisher must be one).
NATIONAL_PUBLISHER = "010006"


@dataclass(frozen=True)
class Template:
    layout: str
    source: Path  # the document the generated ones are made from
    original: str  # the municipality it names
    title: str  # {name} is the generated publisher's printed name
    title_en: str
    description: str
    fiscal_year: int | None = None
    plan: str | None = None
    modified: str | None = None


TEMPLATES = (
    Template("strategy-project-list", SOURCES / "012041_r6_sogo_senryaku_jigyo_ichiran.txt", "旭川市",
             "令和6年度{name}まち・ひと・しごと創生総合戦略関連事業一覧",
             "{code}: projects of its comprehensive strategy, FY2024 (generated)",
             "総合戦略の基本目標・施策ごとの関連事業と令和6年度予算事業費(千円)。生成した文書。", 2024),
    Template("progress-list", SOURCES / "102113_r5_annaka_saikido_project_ichiran.txt", "安中市",
             "{name} 再起動プロジェクト一覧 令和5年10月末時点", "{code}: restart project list (generated)",
             "大項目・中項目ごとの小項目と区分、目標年度、実施内容。生成した文書。", 2023),
    Template("evaluation-sheet", SOURCES / "012360_r5_sogo_keikaku_shisaku_hyoka.txt", "北斗市",
             "{name}総合計画 施策評価シート", "{code}: evaluation sheets of its comprehensive plan (generated)",
             "主要施策ごとの評価シート。生成した文書。", 2023, plan="{name}総合計画"),
    Template("regional-plan-list", SOURCES / "012041_chiiki_saisei_keikaku_ichiran.txt", "旭川市",
             "{name} 地域再生計画の一覧", "{code}: its certified regional revitalization plans (generated)",
             "認定を受けた地域再生計画の一覧。生成した文書。", 2023, modified="2023-07-14"),
    Template("regional-plan", SOURCES / "012041_chiiki_saisei_keikaku_hatarakikata.txt", "旭川市",
             "地域再生計画 働き方改革によるひと・しごと誘致と地元企業再生計画({name})",
             "{code}: a regional revitalization plan (generated)",
             "地域再生計画: 目標と数値目標、活用する交付金、総事業費、期間、評価の方法。生成した文書。"),
    Template("grant-effect-verification", GRANT_FIXTURES / "table-r4" / "input.csv", "",
             "{name} 地方創生関係交付金 効果検証", "{code}: effect verification of its grants (generated)",
             "交付金事業ごとの事業費・交付金額、KPIの目標値と実績値、評価、今後の方針。生成した文書。", 2022),
)
LAYOUTS = tuple(t.layout for t in TEMPLATES)
# Words put before a project name, chosen by the code, so that projects differ between publishers.
PREFIXES = ("", "新", "第2期", "広域", "みらい", "ふるさと", "地域", "スマート")


def places(table) -> list[Municipality]:
    """Every 市区町村 in force, in code order: no prefecture, no ward of a designated city, no dormant
    (北方領土) village."""
    return [m for code, m in sorted(table.items())
            if not m.is_prefecture and not m.city and code not in table.dormant]


def choose(table, n: int) -> list[Municipality]:
    """n municipalities spread evenly over the code order (all of them when n ≥ 1,741)."""
    every = places(table)
    if n >= len(every):
        return every
    return [every[i * len(every) // n] for i in range(n)]


def seed(code: str) -> int:
    return int.from_bytes(hashlib.sha256(code.encode()).digest()[:8], "big")


def printed_name(m: Municipality, table) -> str:
    """The name as the document prints it: with its prefecture where another prefecture has one of the
    same name (伊達市), so that it resolves alone."""
    return f"{m.prefecture}{m.name}" if _shared(table).get(m.name, 0) > 1 else m.name


_SHARED: dict[int, dict[str, int]] = {}


def _shared(table) -> dict[str, int]:
    if id(table) not in _SHARED:
        counts: dict[str, int] = {}
        for x in places(table):
            counts[x.name] = counts.get(x.name, 0) + 1
        _SHARED[id(table)] = counts
    return _SHARED[id(table)]


def scaled(text: str, factor: int) -> str:
    digits = text.replace(",", "")
    return f"{int(digits) * factor:,}" if digits.isdigit() else text


def strategy_list(text: str, name: str, s: int) -> str:
    """Amounts (the 予算 事業費 column, subtotals and total alike) times a factor, so the printed sums
    still hold; 事業名 with a prefix."""
    factor, prefix = 1 + s % 5, PREFIXES[s % len(PREFIXES)]
    out = []
    for line in text.split("\n"):
        cells = line.split("\t")
        if len(cells) >= 6 and cells[5] and cells[5].replace(",", "").isdigit():
            cells[5] = scaled(cells[5], factor)
            if cells[3] and prefix:  # 事業名 (empty on 小計 and 合計 lines)
                cells[3] = prefix + cells[3]
            line = "\t".join(cells)
        out.append(line)
    return "\n".join(out)


def grant_csv(text: str, name: str, s: int) -> str:
    """事業費, 交付対象事業費 and 交付金額 times a factor; the title and each 事業名 led by the municipality's
    name."""
    import csv
    import io

    factor = 1 + s % 4
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[1]
    money = [header.index(h) for h in ("事業費", "交付対象事業費", "交付金額")]
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([f"{name} {rows[0][0]}", *rows[0][1:]])
    w.writerow(header)
    for row in rows[2:]:
        row = list(row)
        for i in money:
            row[i] = scaled(row[i], factor)
        if row[0]:
            row[0] = name + row[0]
        w.writerow(row)
    return buf.getvalue()


def document(t: Template, m: Municipality, table) -> str:
    name, s = printed_name(m, table), seed(m.code)
    text = t.source.read_text(encoding="utf-8")
    if t.original:
        if t.layout == "regional-plan-list":  # a joint plan of the prefecture and the city
            text = text.replace("北海道並びに旭川市", f"{m.prefecture}並びに{name}")
        # Not after a digit: "15北斗市ＳＤＧｓ…" is an amount glued to the text, which a name led by a
        # counter (名張市: "15名") would turn into a count.
        text = re.sub(rf"(?<![0-9０-９]){t.original}", name, text)
    if t.layout == "strategy-project-list":
        text = strategy_list(text, name, s)
    elif t.layout == "grant-effect-verification":
        text = grant_csv(text, name, s)
    return text


def manifest_entry(**fields) -> str:
    lines = ["[[source]]"]
    for k, v in fields.items():
        if v is None:
            continue
        if isinstance(v, int) or k == "modified":
            lines.append(f"{k} = {v}")
        else:
            lines.append(f'{k} = "{v}"')
    return "\n".join(lines) + "\n"


def national_list(chosen: list[Municipality], table) -> bytes:
    """The national list over the chosen municipalities: one plan each, prefectures for the joint ones."""
    from national_list_fixtures import csv_bytes, rows

    sub = {m.code: m for m in chosen} | {c: m for c, m in table.items() if m.is_prefecture}
    # rows() walks its places by a step of 7: a count prime to 7 visits each once.
    n = len(chosen) + (1 if len(chosen) % 7 == 0 else 0)
    return csv_bytes(rows(sub, n))


def generate(out: Path, n: int, codes: list[str] | None = None) -> list[str]:
    """Write the corpus for n municipalities (or those of `codes`) into out (sources/ and sosei.toml);
    return the dataset ids."""
    table = load_municipalities(SOURCES / "municipalities.toml")
    chosen = [table[c] for c in codes] if codes else choose(table, n)
    src = out / "sources"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    for f in sorted(SOURCES.glob("municipalities*")):
        shutil.copyfile(f, src / f.name)
    entries = ["# Generated by bench/corpus.py: a synthetic national corpus (not real documents).\n"]
    ids = []
    for m in chosen:
        name = printed_name(m, table)
        for t in TEMPLATES:
            ds = f"{t.layout}-{m.code}"
            suffix = t.source.suffix
            fname = f"{m.code}_{t.layout}{suffix}"
            (src / fname).write_bytes(document(t, m, table).encode("utf-8"))
            entries.append(manifest_entry(
                id=ds, file=fname, layout=t.layout, publisher=m.code, title=t.title.format(name=name),
                title_en=t.title_en.format(code=m.code), description=t.description,
                description_en="Generated by the sosei benchmark.", fiscal_year=t.fiscal_year,
                plan=t.plan.format(name=name) if t.plan else None, modified=t.modified, license=LICENSE,
                attribution="sosei bench (generated)"))
            ids.append(ds)
    (src / "national-plan-list.csv").write_bytes(national_list(chosen, table))
    entries.append(manifest_entry(
        id="national-plan-list", file="national-plan-list.csv", layout="national-plan-list",
        publisher=NATIONAL_PUBLISHER, title="地域再生計画 認定一覧 (generated)",
        title_en="Certified regional revitalization plans (generated)", description="-", description_en="-",
        license=LICENSE, attribution="sosei bench (generated)"))
    ids.append("national-plan-list")
    (src / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    (out / "sosei.toml").write_text('manifest = "sources/manifest.toml"\noutput_dir = "output"\n'
                                    'store_dir = "store"\n', encoding="utf-8")
    return ids


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--municipalities", "-n", type=int, default=10)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    t = time.perf_counter()
    ids = generate(args.out, args.municipalities)
    print(f"{len(ids)} documents in {args.out} ({time.perf_counter() - t:.1f} s)")


if __name__ == "__main__":
    main()

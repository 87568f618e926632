"""Records of the `evaluation-sheet` layout (施策評価シート): one sheet per 主要施策, with its 事業 rows
of the evaluated year (決算額) and of the planned year (予算額, 方向性), printed 計, grade and texts.

The vocabularies the sheets print (grades, directions, 単独事業/補助事業) are listed here so that the
parser and the mapper agree on them; their concepts are in ontology/schemes-evaluation.ttl.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...records import Goal, Listing, Measure, PrintedTotal, SourceRef

# 方向性: printed direction → concept under https://w3id.org/sosei/vocab/direction/
DIRECTIONS = {
    "維持": "maintain",
    "拡充": "expand",
    "縮小": "reduce",
    "廃止": "abolish",
    "見直し": "review",
    "検討": "consider",
    "事業終了": "end",
}

# 区分: who pays → concept under https://w3id.org/sosei/vocab/funding/
FUNDING = {"単独事業": "own", "補助事業": "subsidized"}


@dataclass(frozen=True)
class SheetRow:
    """One 事業 row of a sheet: a Listing (amount in yen with its year and phase, content as the
    description) plus what only evaluation sheets print: 単独事業/補助事業 and the 方向性 of the
    following years (planned rows only)."""

    listing: Listing
    funding: str | None  # a key of FUNDING, None when the sheet prints none for the row
    directions: tuple[tuple[int, str], ...]  # ((2025, "維持"), (2026, "拡充")) for planned rows


@dataclass(frozen=True)
class EvaluationSheet:
    """One 施策評価シート: a 主要施策 under its 基本計画, as the document prints it."""

    goal: Goal  # 基本目標
    policy: Measure  # 基本計画 (a measure at level 1)
    measure: Measure  # 主要施策 (path: 基本計画 number, 主要施策 number)
    priority: bool  # 【重点施策】
    outline: str | None  # 施策の概要 (of the planned year)
    related: tuple[str, ...]  # 関連施策 as printed: "32-4", "1-26"
    results: tuple[SheetRow, ...]  # 事業実績 of the evaluated year (決算額)
    plans: tuple[SheetRow, ...]  # 実施計画 of the planned year (予算額, 方向性)
    totals: tuple[PrintedTotal, ...]  # the printed 計 of results, then of plans
    outcome: str | None  # 成果・課題
    grade: str | None  # notation of an evaluation-grade concept (layout.toml [grades] maps the printed grade)
    grade_source: SourceRef | None
    improvement: str | None  # 事業の改善点及び方向性
    supplement: str | None  # 補足
    source: SourceRef  # the 主要施策 header line


@dataclass(frozen=True)
class EvaluationSheets:
    """What the evaluation-sheet parser returns for one document."""

    plan: str  # the plan (総合計画) the sheets evaluate
    result_year: int  # 令和5年度 事業実績 → 2023
    plan_year: int  # 令和6年度 実施計画 → 2024
    sheets: tuple[EvaluationSheet, ...]
    source: SourceRef

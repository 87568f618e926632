"""Records of progress lists (layout progress-list, e.g. 安中市 あんなか再起動プロジェクト一覧).

A progress list says, as of a date, which items (小項目) of a plan's goals (大項目) and measures (中項目)
are achieved (達成) or planned for a term (短期/中期/長期) with a target fiscal year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...records import SourceRef


@dataclass(frozen=True)
class ProgressGoal:
    """A 大項目, identified by the value of its Roman numeral (Ⅵ and VI are both 6)."""

    number: int
    notation: str  # the numeral in ASCII: "VI"
    name: str
    source: SourceRef


@dataclass(frozen=True)
class ProgressMeasure:
    """A 中項目 under a goal, identified by its number (① → 1)."""

    goal: int
    number: int
    notation: str  # as printed: "①"
    name: str
    source: SourceRef


@dataclass(frozen=True)
class ProgressItem:
    """One row: a 小項目 under a measure with its status, target fiscal year and 実施内容."""

    goal: int
    measure: int
    number: str | None  # the leading digits of 小項目, None when it printed none
    name: str  # display name, NFKC; its squeezed form is the project key
    status: str  # notation of a concept of the progress-status scheme: "achieved", "short-term" …
    status_label: str  # as printed: 達成, 短期
    target_year: int | None  # 目標年度 as a fiscal year (R5 → 2023); None when blank
    description: str | None  # 実施内容 as a clean literal
    source: SourceRef


@dataclass(frozen=True)
class ProgressList:
    title: str
    plan: str  # the plan the goals belong to: あんなか再起動プロジェクト
    as_of: dt.date | None  # the date the statuses hold at (※令和5年10月末時点) — None only with an error
    fiscal_year: int | None  # the list edition's fiscal year (of the as-of date, else the manifest's)
    goals: tuple[ProgressGoal, ...]
    measures: tuple[ProgressMeasure, ...]
    items: tuple[ProgressItem, ...]
    source: SourceRef

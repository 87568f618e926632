"""Records of the national list of certified 地域再生計画 (layout national-plan-list). Authors stay as
printed (names and 5-digit codes): the mapper resolves them against the national municipality table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...records import SourceRef
from ..regional_plan.records import Amendment


@dataclass(frozen=True)
class PrintedMeasure:
    """A support measure as the list prints it: its name, its code (A3007), or both."""

    label: str | None
    code: str | None
    source: SourceRef


@dataclass(frozen=True)
class Round:
    """当初認定回 as printed: 第07回(2) → round 7, batch 2; a date where printed with it."""

    number: int
    batch: int | None
    date: dt.date | None
    change: int | None  # 変更1: the row lists the plan's first change


@dataclass(frozen=True)
class NationalPlan:
    name: str
    prefecture: str | None
    authors: str  # 作成主体名 as printed: "北海道、夕張市"
    codes: tuple[str, ...]  # 地方公共団体コード1/2 as printed (5 digits, no check digit)
    area: str | None
    summary: str | None
    measures: tuple[PrintedMeasure, ...]
    first: Round
    amendments: tuple[Amendment, ...]  # 変更1 … 変更n: dated changes
    change_rounds: tuple[int, ...]  # rounds of changes listed as rows of their own
    source: SourceRef


@dataclass(frozen=True)
class NationalList:
    title: str
    as_of: dt.date | None
    ended: bool  # the list of plans whose 計画期間 has ended
    plans: tuple[NationalPlan, ...]
    source: SourceRef

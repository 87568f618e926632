"""Records of 地域再生計画 (layouts regional-plan-list and regional-plan). Each carries its SourceRef."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ...eras import PeriodText
from ...records import SourceRef


@dataclass(frozen=True)
class Author:
    """One local government named in 作成主体 (or 事業主体): its name, and its prefecture where printed
    (北海道上川郡鷹栖町 → 北海道) or carried over from the name before it (…鷹栖町、東神楽町)."""

    name: str
    prefecture: str | None
    printed: str


@dataclass(frozen=True)
class LinkedDocument:
    """The plan's document as a page links it: "名称(PDF形式 351キロバイト)"."""

    title: str
    format: str  # PDF, Word, Excel …, as printed
    kilobytes: int | None


@dataclass(frozen=True)
class Amendment:
    """A 変更認定: the date the amended plan was certified."""

    date: dt.date
    source: SourceRef


@dataclass(frozen=True)
class Period:
    text: str  # as printed
    parts: PeriodText
    source: SourceRef


@dataclass(frozen=True)
class ListedPlan:
    """One entry of a certification list page."""

    name: str
    authors: tuple[Author, ...]
    certified: dt.date | None
    round: int | None
    amendments: tuple[Amendment, ...]
    document: LinkedDocument | None
    summary: str | None
    schemes: tuple[str, ...]  # concept IRIs of the support-scheme vocabulary
    source: SourceRef
    area: str | None = None  # 区域, where the page prints it
    period: Period | None = None  # 計画期間, where the page prints it


@dataclass(frozen=True)
class PlanList:
    title: str
    plans: tuple[ListedPlan, ...]
    source: SourceRef
    updated: dt.date | None = None  # the page's 最終更新日, where printed


@dataclass(frozen=True)
class Target:
    date: dt.date
    value: Decimal
    unit: str  # as printed (人, 件); "円" for money


@dataclass(frozen=True)
class Kpi:
    """One KPI, merged over every table that prints it (`sources`: each printing's first line)."""

    name: str
    unit: str
    targets: tuple[Target, ...]
    sources: tuple[SourceRef, ...]
    method: str | None = None


@dataclass(frozen=True)
class SupportMeasure:
    """"地方創生推進交付金（内閣府）：【A3007】": the scheme as printed, its concept, ministry and code."""

    label: str
    scheme: str | None  # concept IRI, None when sosei does not know the name
    ministry: str | None
    code: str | None
    source: SourceRef


@dataclass(frozen=True)
class FundedProject:
    name: str
    operators: tuple[Author, ...]
    measure: SupportMeasure | None
    total_cost_yen: int | None
    cost_source: SourceRef | None
    period: Period | None
    kpis: tuple[str, ...]  # KPI names (keys into RegionalPlan.kpis)
    evaluation: str | None
    source: SourceRef
    provisions: tuple[str, ...] = ()  # legal provisions its cost is under: 法第5条第4項第1号イ
    partners: tuple[Author, ...] = ()  # 【地域間連携】: the local governments it works with


@dataclass(frozen=True)
class RegionalPlan:
    """A 地域再生計画 document."""

    name: str
    authors: tuple[Author, ...]
    area: str | None
    objective: str | None
    summary: str | None
    kpis: tuple[Kpi, ...]
    period: Period | None
    projects: tuple[FundedProject, ...]
    evaluation: str | None
    source: SourceRef
    situation: str | None = None  # 4-1 地域の現状
    challenges: str | None = None  # 4-2 地域の課題
    whole_area: bool | None = None  # 区域: 全域 (True), 区域の一部 (False), not said (None)
    districts: tuple[str, ...] = ()  # the 地区 of a 区域の一部
    other_measures: tuple[SupportMeasure, ...] = ()  # 5-3-1 支援措置 with their codes
    own_initiatives: str | None = None  # 5-3-2 支援措置によらない独自の取組
    timing: str | None = None  # 7-2 評価の時期及び評価を行う内容 (its text; the table is read as KPIs)
    publication: str | None = None  # 7-3 評価の公表の手法

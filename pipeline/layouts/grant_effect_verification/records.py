"""Records of a 交付金 効果検証 report (layout grant-effect-verification). Each carries its SourceRef."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...records import SourceRef


@dataclass(frozen=True)
class YearAmounts:
    """事業費 / 交付対象事業費 / 交付金額 of one fiscal year, in yen (None where not printed)."""

    fiscal_year: int
    cost: int | None
    eligible: int | None
    grant: int | None
    source: SourceRef


@dataclass(frozen=True)
class KpiYear:
    fiscal_year: int
    target: Decimal | None
    actual: Decimal | None
    source: SourceRef


@dataclass(frozen=True)
class GrantKpi:
    name: str
    unit: str
    base: Decimal | None
    years: tuple[KpiYear, ...]
    source: SourceRef


@dataclass(frozen=True)
class GrantProject:
    name: str
    grant: str  # as printed: 地方創生推進交付金(先行型), デジタル田園都市国家構想交付金(地方創生推進タイプ)
    grant_concept: str | None
    plan: str | None  # the 地域再生計画 named
    amounts: tuple[YearAmounts, ...]
    kpis: tuple[GrantKpi, ...]
    attainment: str | None
    effect: str  # concept notation of grant-effect
    opinion: str | None
    policy: str  # concept notation of grant-policy
    source: SourceRef


@dataclass(frozen=True)
class GrantReport:
    title: str
    projects: tuple[GrantProject, ...]
    source: SourceRef

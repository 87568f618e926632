"""The registry of layouts: which parser reads a layout and which mapper turns its records into RDF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from rdflib import Graph

from .mapping import Context
from .mapping.evaluation_sheet import map_evaluation_sheets
from .mapping.plan_document import map_regional_plan
from .mapping.plan_list import map_plan_list
from .mapping.progress_list import map_progress_list
from .mapping.strategy_list import map_project_list
from .parsers import (
    evaluation_sheet,
    progress_list,
    regional_plan,
    regional_plan_list,
    strategy_list,
)
from .records import Document, Issue
from .schemes import labels
from .sources import SourceSpec
from .uris import PROGRESS_STATUS_SCHEME


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    parse: Callable[[Document, SourceSpec], tuple[Any, list[Issue]]]
    map: Callable[[Graph, Context, Any], list[Issue]]


LAYOUTS: dict[str, Layout] = {
    strategy_list.LAYOUT: Layout(
        strategy_list.LAYOUT,
        "総合戦略 関連事業一覧: goals → measures → projects with budgets (旭川市)",
        lambda doc, spec: strategy_list.parse(doc, fiscal_year=spec.fiscal_year, plan=spec.plan),
        map_project_list,
    ),
    progress_list.LAYOUT: Layout(
        progress_list.LAYOUT,
        "進捗一覧: items of a plan's goals and measures with 区分 (達成/短期/中期/長期), 目標年度 and an as-of date (安中市)",
        lambda doc, spec: progress_list.parse(doc, labels(PROGRESS_STATUS_SCHEME), fiscal_year=spec.fiscal_year,
                                              plan=spec.plan),
        map_progress_list,
    ),
    evaluation_sheet.LAYOUT: Layout(
        evaluation_sheet.LAYOUT,
        "施策評価シート: 主要施策 with 決算額, grade, 予算額 and 方向性 per 事業 (北斗市)",
        lambda doc, spec: evaluation_sheet.parse(doc, fiscal_year=spec.fiscal_year, plan=spec.plan),
        map_evaluation_sheets,
    ),
    regional_plan_list.LAYOUT: Layout(
        regional_plan_list.LAYOUT,
        "地域再生計画 certification list (web page, HTML or text): dates, rounds, authors, schemes (旭川市)",
        lambda doc, spec: regional_plan_list.parse(doc),
        map_plan_list,
    ),
    regional_plan.LAYOUT: Layout(
        regional_plan.LAYOUT,
        "地域再生計画 document: KPIs and targets, support measure, 総事業費, periods (旭川市)",
        lambda doc, spec: regional_plan.parse(doc),
        map_regional_plan,
    ),
}

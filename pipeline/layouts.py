"""The registry of layouts: which parser reads a layout and which mapper turns its records into RDF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from rdflib import Graph

from .mapping import Context
from .mapping.evaluation_sheet import map_evaluation_sheets
from .mapping.strategy_list import map_project_list
from .parsers import evaluation_sheet, strategy_list
from .records import Document, Issue
from .sources import SourceSpec


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
    evaluation_sheet.LAYOUT: Layout(
        evaluation_sheet.LAYOUT,
        "施策評価シート: 主要施策 with 決算額, grade, 予算額 and 方向性 per 事業 (北斗市)",
        lambda doc, spec: evaluation_sheet.parse(doc, fiscal_year=spec.fiscal_year, plan=spec.plan),
        map_evaluation_sheets,
    ),
}

"""Mapping of evaluation sheets (layout evaluation-sheet): plan → 基本目標 (goal) → 基本計画 (measure) →
主要施策 (measure, sosei:broaderMeasure), the measure's evaluation of the evaluated year (grade, 成果・
課題, 改善点), each 事業 once (再掲 rows are listings of it) with its 決算額 and 予算額, the 方向性 of the
following years, and each sheet's printed 計 reconciled against its rows.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ...reconcile import consolidate, reconcile_total
from ...records import Issue, Listing, Phase, Severity
from .records import (
    DIRECTIONS,
    FUNDING,
    EvaluationSheet,
    EvaluationSheets,
    SheetRow,
)
from ...uris import DIRECTION, GRADE, SOSEI
from ...uris import FUNDING as FUNDING_NS
from ...mapping import (
    Context,
    add_provenance,
    ja,
    map_amount,
    map_fiscal_year,
    map_goal,
    map_measure,
    map_plan_dataset,
    map_total,
)
from ..strategy_project_list.mapping import map_listing


def map_evaluation_sheets(g: Graph, ctx: Context, doc: EvaluationSheets) -> list[Issue]:
    """The whole graph of one document's sheets; returns the issues found while mapping."""
    plan = map_plan_dataset(g, ctx, doc.plan, doc.source, (SOSEI.ComprehensivePlan,), SOSEI.BudgetStructure)
    measures: dict[tuple[str, ...], URIRef] = {}
    for sheet in doc.sheets:
        goal = map_goal(g, ctx, plan, sheet.goal.number, sheet.goal.number, sheet.goal.name, sheet.goal.source)
        p, ms = sheet.policy, sheet.measure
        policy = map_measure(g, ctx, goal, p.path, p.notation, p.name, p.source)
        measures[ms.path] = node = map_measure(g, ctx, goal, ms.path, ms.notation, ms.name, ms.source, policy)
        g.add((node, SOSEI.priority, Literal(sheet.priority)))
        if sheet.outline:
            g.add((node, DCTERMS.description, ja(sheet.outline)))
        if sheet.grade is not None:  # else the parser reported an error: nothing is published
            map_evaluation(g, ctx, node, sheet, doc.result_year)
    for sheet in doc.sheets:
        map_related(g, measures[sheet.measure.path], sheet.related, measures)
    issues = map_projects(g, ctx, doc, measures)
    for sheet in doc.sheets:
        issues += map_totals(g, ctx, sheet, measures[sheet.measure.path])
    return issues


def map_related(g: Graph, node: URIRef, related: tuple[str, ...], measures: dict) -> None:
    """関連施策 "32-4": as printed, and linked where the measure is in the same document."""
    for notation in related:
        g.add((node, SOSEI.relatedMeasureNotation, Literal(notation)))
        target = measures.get(tuple(notation.split("-")))
        if target is not None and target != node:
            g.add((node, SOSEI.relatedMeasure, target))


def map_evaluation(g: Graph, ctx: Context, measure: URIRef, sheet: EvaluationSheet, year: int) -> None:
    """The measure's evaluation of `year`: grade, 成果・課題, 事業の改善点及び方向性, 補足."""
    node = ctx.minter.evaluation(measure, year)
    g.add((node, RDF.type, SOSEI.MeasureEvaluation))
    g.add((node, SOSEI.evaluatedMeasure, measure))
    g.add((node, SOSEI.fiscalYear, map_fiscal_year(g, ctx.minter, year)))
    g.add((node, RDFS.label, ja(f"{sheet.measure.name} 評価")))
    g.add((node, SOSEI.grade, GRADE[sheet.grade]))
    for prop, text in ((SOSEI.outcomesAndIssues, sheet.outcome), (SOSEI.improvements, sheet.improvement),
                       (SKOS.note, sheet.supplement)):
        if text:
            g.add((node, prop, ja(text)))
    add_provenance(g, ctx, node, sheet.grade_source or sheet.source)


def map_projects(g: Graph, ctx: Context, doc: EvaluationSheets, measures: dict) -> list[Issue]:
    """Each 事業 once per municipality, its listings (rows) in each phase, amounts and directions."""
    m, issues = ctx.minter, []
    rows = {r.listing: r for s in doc.sheets for r in s.results + s.plans}
    defined: set[str] = set()
    for phase, year in ((Phase.SETTLEMENT, doc.result_year), (Phase.BUDGET, doc.plan_year)):
        fy_node = map_fiscal_year(g, m, year)
        listings = tuple(r.listing for s in doc.sheets for r in (s.results if phase is Phase.SETTLEMENT else s.plans))
        projects, found = consolidate(listings, originals_elsewhere=True)
        issues += found
        for p in projects:
            node = m.project(ctx.code, p.key)
            if p.key not in defined:  # defined by its first row: 事業実績 before 実施計画
                defined.add(p.key)
                g.add((node, RDF.type, SOSEI.Project))
                g.add((node, RDFS.label, ja(p.label)))
                g.add((node, SKOS.prefLabel, ja(p.label)))
                g.add((node, SOSEI.municipality, m.municipality(ctx.code)))
                add_provenance(g, ctx, node, p.source)
            if p.amount is not None:
                map_amount(g, ctx, node, p.amount, p.source)
            first = rows[next(r for r in p.listings if r.source == p.source)]
            issues += map_directions(g, ctx, node, first, [rows[r] for r in p.listings], doc.plan_year)
            for listing in p.listings:
                map_row(g, ctx, rows[listing], measures[listing.measure], fy_node, year, first.listing)
    return issues


def map_row(g: Graph, ctx: Context, row: SheetRow, measure: URIRef, fy_node: URIRef, year: int,
            original: Listing | None = None) -> None:
    listing: Listing = row.listing
    node = map_listing(g, ctx, listing, measure, fy_node, year, None, original)  # with its description
    if row.funding is not None:
        g.add((node, SOSEI.fundingType, FUNDING_NS[FUNDING[row.funding]]))


def map_directions(g: Graph, ctx: Context, project: URIRef, first: SheetRow, rows: list[SheetRow],
                   stated_in: int) -> list[Issue]:
    """方向性 of the following years, as the project's defining row gives them; 再掲 rows that give
    others are reported."""
    issues = []
    for other in rows:
        if other.directions != first.directions:
            issues.append(Issue("relisted-direction-differs", Severity.WARNING,
                                f"事業 {first.listing.label!r}: 方向性 {_show(other)} here, {_show(first)} at "
                                f"{first.listing.source}; the latter is published", other.listing.source))
    for year, word in first.directions:
        node = ctx.minter.direction(project, stated_in, year)
        g.add((node, RDF.type, SOSEI.ProjectDirection))
        g.add((node, SOSEI.project, project))
        g.add((node, SOSEI.fiscalYear, map_fiscal_year(g, ctx.minter, year)))
        g.add((node, SOSEI.statedInFiscalYear, ctx.minter.fiscal_year(stated_in)))
        g.add((node, SOSEI.direction, DIRECTION[DIRECTIONS[word]]))
        add_provenance(g, ctx, node, first.listing.source)
    return issues


def _show(row: SheetRow) -> str:
    return "/".join(word for _year, word in row.directions) or "none"


def map_totals(g: Graph, ctx: Context, sheet: EvaluationSheet, measure: URIRef) -> list[Issue]:
    """Each printed 計 against the rows of its table (再掲 rows and their amounts included)."""
    issues = []
    for total in sheet.totals:
        phase = total.amount.phase if total.amount else None
        table = sheet.results if phase is Phase.SETTLEMENT else sheet.plans
        if phase is None:  # the printed figure did not parse (an error was reported)
            continue
        rec, found = reconcile_total(total, [r.listing for r in table])
        key = f"{'-'.join(sheet.measure.path)}-{total.amount.fiscal_year}-{phase.value}"
        map_total(g, ctx, rec, measure, key=key)
        issues += found
    return issues

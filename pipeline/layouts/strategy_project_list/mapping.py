"""Mapping of project lists (layout strategy-project-list): plan → goals → measures → projects, each
project once (再掲 rows are listings of it), its budget amount, the printed totals reconciled, and the
KPIs printed beside the projects (each listing sosei:kpi the KPIs its row prints).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, QB, RDF, RDFS, SKOS

from ...reconcile import Project, consolidate, description_differs, reconcile_totals
from ...records import Issue, Listing, ProjectList
from ...normalize import squeeze
from ...uris import SOSEI
from ..regional_plan.mapping import map_kpi
from ...mapping import (
    Context,
    add_provenance,
    annotate,
    ja,
    map_amount,
    map_fiscal_year,
    map_goal,
    map_measure,
    map_plan_dataset,
    map_total,
)


def map_project_list(g: Graph, ctx: Context, plist: ProjectList) -> list[Issue]:
    """Plan → goals → measures → projects (once each) with listings, budget amounts and totals."""
    m, fy = ctx.minter, plist.fiscal_year
    fy_node = map_fiscal_year(g, m, fy)
    plan = map_plan_dataset(g, ctx, plist.plan, plist.source, (SOSEI.Strategy,), SOSEI.BudgetStructure)
    goals = {goal.number: map_goal(g, ctx, plan, goal.number, goal.number, goal.name, goal.source)
             for goal in plist.goals}
    measures: dict[tuple, URIRef] = {}
    for meas in plist.measures:
        broader = measures[(meas.goal, meas.path[:-1])] if len(meas.path) > 1 else None
        measures[(meas.goal, meas.path)] = map_measure(g, ctx, goals[meas.goal], meas.path, meas.notation,
                                                       meas.name, meas.source, broader)

    kpis, issues = map_kpis(g, ctx, plan, plist)
    projects, found = consolidate(plist.listings)
    issues += found
    for project in projects:
        node = map_project(g, ctx, project, fy)
        original = next(r for r in project.listings if r.source == project.source)
        for row in project.listings:
            listing = map_listing(g, ctx, row, measures[(row.goal, row.measure)], fy_node, fy, node, original)
            for name in row.kpis:
                g.add((listing, SOSEI.kpi, kpis[name]))
    recs, total_issues = reconcile_totals(plist.listings, plist.totals)
    for rec in recs:
        concerned = goals.get(rec.total.goal, ctx.dataset) if rec.total.goal else ctx.dataset
        map_total(g, ctx, rec, concerned)
    return issues + total_issues


def map_kpis(g: Graph, ctx: Context, plan: URIRef, plist: ProjectList) -> tuple[dict[str, URIRef], list[Issue]]:
    """The KPIs printed beside the projects, as the regional plan's are (sosei:KeyPerformanceIndicator of
    the plan, each value a sosei:KpiTarget at the end of its fiscal year), their observations in a data
    set of their own (the list's is a sosei:BudgetStructure one): <dataset>/kpi, part of the list's."""
    if not plist.kpis:
        return {}, []
    dataset = URIRef(f"{ctx.dataset}/kpi")
    g.add((dataset, RDF.type, QB.DataSet))
    g.add((dataset, QB.structure, SOSEI.KpiStructure))
    g.add((dataset, DCTERMS.isPartOf, ctx.dataset))
    nodes, issues = {}, []
    for kpi in plist.kpis:
        nodes[kpi.name], found = map_kpi(g, ctx, plan, kpi, dataset)
        issues += found
    return nodes, issues


def project_iri(ctx: Context, key: str) -> URIRef:
    """A project's IRI: from its first name (renames in sources/renames.toml followed back)."""
    return ctx.minter.project(ctx.code, ctx.series.key(ctx.code, key))


def map_project(g: Graph, ctx: Context, p: Project, fy: int) -> URIRef:
    """What does not change from year to year: municipality, names carried, first and last year listed.

    Everything a year's edition prints (name as printed, department, description, measures, (新),
    budget) is on its listing or budget observation, with that year and document.
    """
    m, code = ctx.minter, ctx.code
    node = project_iri(ctx, p.key)
    key = ctx.series.key(code, p.key)
    seen = ctx.series.years(code, key) or {fy: p.label}
    chain = ctx.series.names(code, key)  # name keys, oldest first, as the rename table gives them
    label = seen[max(seen)]
    if len(chain) > 1 and squeeze(label) != chain[-1]:  # the table knows a later name than any edition
        label = chain[-1]
    g.add((node, RDF.type, SOSEI.Project))
    g.add((node, RDFS.label, ja(label)))
    g.add((node, SKOS.prefLabel, ja(label)))
    others = {squeeze(n): n for n in (*(chain if len(chain) > 1 else ()), *seen.values())}
    for other in sorted(n for k, n in others.items() if k != squeeze(label)):
        g.add((node, SKOS.altLabel, ja(other)))
    g.add((node, SOSEI.municipality, m.municipality(code)))
    g.add((node, SOSEI.firstFiscalYear, map_fiscal_year(g, m, min(seen))))
    g.add((node, SOSEI.lastFiscalYear, map_fiscal_year(g, m, max(seen))))
    add_provenance(g, ctx, node, p.source)
    if p.amount is not None:
        map_amount(g, ctx, node, p.amount, p.source)
    return node


def map_department(g: Graph, ctx: Context, name: str) -> URIRef:
    dept = ctx.minter.department(ctx.code, name)
    g.add((dept, RDF.type, SOSEI.Department))
    g.add((dept, RDF.type, ORG.OrganizationalUnit))
    g.add((dept, RDFS.label, ja(name)))
    g.add((dept, ORG.unitOf, ctx.minter.municipality(ctx.code)))
    return dept


def map_listing(g: Graph, ctx: Context, row: Listing, measure: URIRef, fy_node: URIRef, fy: int,
                project: URIRef | None = None, original: Listing | None = None) -> URIRef:
    """One printed row (再掲 rows too) with what it prints: name, department, description, (新); where
    its description differs from the project's `original` row, a data-quality annotation on it."""
    project = project if project is not None else project_iri(ctx, row.project)
    node = ctx.minter.listing(measure, fy, row.project)
    g.add((node, RDF.type, SOSEI.ProjectListing))
    g.add((node, SOSEI.listedProject, project))
    g.add((node, SOSEI.listedUnder, measure))
    g.add((node, SOSEI.listedIn, ctx.dataset))
    g.add((node, SOSEI.fiscalYear, fy_node))
    g.add((node, SOSEI.relisted, Literal(row.relisted)))
    g.add((node, SOSEI.printedName, ja(row.label)))
    g.add((node, SOSEI.markedNew, Literal(row.is_new)))
    if row.number is not None:
        g.add((node, SKOS.notation, Literal(row.number)))
    if row.department:
        g.add((node, SOSEI.department, map_department(g, ctx, row.department)))
    if row.description:
        g.add((node, DCTERMS.description, ja(row.description)))
    add_provenance(g, ctx, node, row.source)
    if original is not None and (detail := description_differs(original, row)) is not None:
        annotate(g, ctx, URIRef(f"{node}/quality/description-differs"), (node,),
                 f"[relisted-description-differs] 事業 {row.label!r}: {detail}", row.source)
    return node

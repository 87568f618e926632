"""Mapping of project lists (layout strategy-project-list): plan → goals → measures → projects, each
project once (再掲 rows are listings of it), its budget amount, and the printed totals reconciled.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from ...reconcile import Project, consolidate, reconcile_totals
from ...records import Issue, Listing, ProjectList
from ...uris import SOSEI
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

    projects, issues = consolidate(plist.listings)
    for project in projects:
        map_project(g, ctx, project, fy_node, fy)
        for row in project.listings:
            map_listing(g, ctx, row, measures[(row.goal, row.measure)], fy_node, fy)
    recs, total_issues = reconcile_totals(plist.listings, plist.totals)
    for rec in recs:
        concerned = goals.get(rec.total.goal, ctx.dataset) if rec.total.goal else ctx.dataset
        map_total(g, ctx, rec, concerned)
    return issues + total_issues


def map_project(g: Graph, ctx: Context, p: Project, fy_node: URIRef, fy: int) -> URIRef:
    m, code = ctx.minter, ctx.code
    node = m.project(code, p.key)
    g.add((node, RDF.type, SOSEI.Project))
    g.add((node, RDFS.label, ja(p.label)))
    g.add((node, SOSEI.municipality, m.municipality(code)))
    if p.description:
        g.add((node, DCTERMS.description, ja(p.description)))
    if p.is_new:
        g.add((node, SOSEI.newInFiscalYear, fy_node))
    if p.department:
        dept = m.department(code, p.department)
        g.add((node, SOSEI.department, dept))
        g.add((dept, RDF.type, SOSEI.Department))
        g.add((dept, RDF.type, ORG.OrganizationalUnit))
        g.add((dept, RDFS.label, ja(p.department)))
        g.add((dept, ORG.unitOf, m.municipality(code)))
    add_provenance(g, ctx, node, p.source)
    if p.amount is not None:
        map_amount(g, ctx, node, p.amount, p.source)
    return node


def map_listing(g: Graph, ctx: Context, row: Listing, measure: URIRef, fy_node: URIRef, fy: int) -> None:
    project = ctx.minter.project(ctx.code, row.project)
    node = ctx.minter.listing(measure, fy, row.project)
    g.add((project, SOSEI.measure, measure))
    g.add((node, RDF.type, SOSEI.ProjectListing))
    g.add((node, SOSEI.listedProject, project))
    g.add((node, SOSEI.listedUnder, measure))
    g.add((node, SOSEI.listedIn, ctx.dataset))
    g.add((node, SOSEI.fiscalYear, fy_node))
    g.add((node, SOSEI.relisted, Literal(row.relisted)))
    if row.number is not None:
        g.add((node, SKOS.notation, Literal(row.number)))
    add_provenance(g, ctx, node, row.source)

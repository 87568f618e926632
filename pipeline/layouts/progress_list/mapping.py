"""Mapping of progress lists (layout progress-list): plan → goals (大項目) → measures (中項目) → items
(小項目) as projects listed under their measures, and each project's status and target fiscal year as a
sosei:ProgressAssessment dated by the list's as-of date (RDF Data Cube, sosei:ProgressStructure).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ...normalize import squeeze
from ...records import Issue
from .records import ProgressItem, ProgressList
from ...uris import PROGRESS_STATUS, SOSEI
from ...mapping import (
    Context,
    add_observation,
    add_provenance,
    ja,
    map_fiscal_year,
    map_goal,
    map_measure,
    map_plan_dataset,
)


def map_progress_list(g: Graph, ctx: Context, plist: ProgressList) -> list[Issue]:
    m, code = ctx.minter, ctx.code
    plan = map_plan_dataset(g, ctx, plist.plan, plist.source, (), SOSEI.ProgressStructure)
    if plist.as_of is not None:
        g.add((ctx.dataset, SOSEI.asOf, Literal(plist.as_of, datatype=XSD.date)))

    goals = {goal.number: map_goal(g, ctx, plan, str(goal.number), goal.notation, goal.name, goal.source)
             for goal in plist.goals}
    measures = {(meas.goal, meas.number): map_measure(g, ctx, goals[meas.goal], (str(meas.number),),
                                                      meas.notation, meas.name, meas.source)
                for meas in plist.measures}

    defined: set[URIRef] = set()
    for item in plist.items:
        project = m.project(code, squeeze(item.name))
        measure = measures[(item.goal, item.measure)]
        if project not in defined:  # the first row of a project defines it and its assessment
            defined.add(project)
            map_item_project(g, ctx, project, item)
            if plist.as_of is not None:
                map_assessment(g, ctx, project, item, plist)
        if plist.fiscal_year is not None:
            map_listing(g, ctx, project, measure, item, plist.fiscal_year)
    return []


def map_item_project(g: Graph, ctx: Context, node: URIRef, item: ProgressItem) -> None:
    g.add((node, RDF.type, SOSEI.Project))
    g.add((node, RDFS.label, ja(item.name)))
    g.add((node, SKOS.prefLabel, ja(item.name)))
    g.add((node, SOSEI.municipality, ctx.minter.municipality(ctx.code)))
    add_provenance(g, ctx, node, item.source)


def map_assessment(g: Graph, ctx: Context, project: URIRef, item: ProgressItem, plist: ProgressList) -> None:
    node = ctx.minter.assessment(project, plist.as_of)
    add_observation(g, ctx, node, SOSEI.ProgressAssessment)
    g.add((node, SOSEI.project, project))
    g.add((node, SOSEI.asOf, Literal(plist.as_of, datatype=XSD.date)))
    g.add((node, SOSEI.progressStatus, PROGRESS_STATUS[item.status]))
    if item.target_year is not None:
        g.add((node, SOSEI.targetFiscalYear, map_fiscal_year(g, ctx.minter, item.target_year)))
    add_provenance(g, ctx, node, item.source)


def map_listing(g: Graph, ctx: Context, project: URIRef, measure: URIRef, item: ProgressItem, year: int) -> None:
    node = ctx.minter.listing(measure, year, squeeze(item.name))
    g.add((node, RDF.type, SOSEI.ProjectListing))
    g.add((node, SOSEI.listedProject, project))
    g.add((node, SOSEI.listedUnder, measure))
    g.add((node, SOSEI.listedIn, ctx.dataset))
    g.add((node, SOSEI.fiscalYear, map_fiscal_year(g, ctx.minter, year)))
    g.add((node, SOSEI.relisted, Literal(False)))
    if item.number is not None:
        g.add((node, SKOS.notation, Literal(item.number)))
    if item.description:  # what the list of that year says is done: on the year's listing
        g.add((node, DCTERMS.description, ja(item.description)))
    add_provenance(g, ctx, node, item.source)

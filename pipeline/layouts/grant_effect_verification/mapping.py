"""Mapping of a 交付金 効果検証 report (layout grant-effect-verification): each project with its grant
(support-scheme concept), the 地域再生計画 it names (the plan family's IRI), amounts per fiscal year and
KPI targets against results per fiscal year as RDF Data Cube observations, the evaluation and the policy
as SKOS concepts (ontology/schemes-grant.ttl)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import QB, RDF, RDFS, XSD

from ...mapping import JPY, SDMX_ATTR, Context, add_observation, add_provenance, integer, ja, map_fiscal_year
from ...normalize import iri_segment
from ...records import Issue
from ...schemes import unit_concept
from ...uris import SOSEI, VOCAB
from ..regional_plan.plans import number
from .records import GrantKpi, GrantProject, GrantReport

AMOUNT_KINDS = (("cost", "project-cost"), ("eligible", "eligible-cost"), ("grant", "grant"))
STRUCTURE = SOSEI.GrantEffectStructure


def map_kpi(g: Graph, ctx: Context, project: URIRef, k: GrantKpi) -> None:
    node = URIRef(f"{project}/kpi/{iri_segment(k.name)}")
    g.add((project, SOSEI.grantKpi, node))
    g.add((node, RDF.type, SOSEI.GrantKpi))
    g.add((node, RDFS.label, ja(k.name)))
    g.add((node, SOSEI.printedUnit, Literal(k.unit)))
    unit = unit_concept(k.unit)
    if unit is not None:
        g.add((node, SDMX_ATTR.unitMeasure, unit))
    if k.base is not None:
        g.add((node, SOSEI.baseValue, number(k.base)))
    add_provenance(g, ctx, node, k.source)
    for y in k.years:
        obs = URIRef(f"{node}/result/{y.fiscal_year}")
        add_observation(g, ctx, obs, SOSEI.KpiResult)
        g.add((obs, SOSEI.grantKpi, node))
        g.add((obs, SOSEI.fiscalYear, map_fiscal_year(g, ctx.minter, y.fiscal_year)))
        if y.target is not None:
            g.add((obs, SOSEI.targetValue, number(y.target)))
        if y.actual is not None:
            g.add((obs, SOSEI.actualValue, number(y.actual)))
        if unit is not None:
            g.add((obs, SDMX_ATTR.unitMeasure, unit))
        add_provenance(g, ctx, obs, y.source)


def map_project(g: Graph, ctx: Context, p: GrantProject) -> None:
    node = URIRef(f"{ctx.minter.municipality(ctx.code)}/grant-project/{iri_segment(p.name)}")
    g.add((node, RDF.type, SOSEI.GrantProject))
    g.add((node, RDFS.label, ja(p.name)))
    g.add((node, SOSEI.municipality, ctx.minter.municipality(ctx.code)))
    if p.grant_concept:
        g.add((node, SOSEI.grantKind, URIRef(p.grant_concept)))
    if p.grant != (label := p.grant.split("(")[0].split("（")[0]) or p.grant_concept is None:
        g.add((node, SOSEI.grantType, ja(p.grant)))
    if p.plan:
        g.add((node, SOSEI.regionalPlan, ctx.minter.plan(ctx.code, p.plan)))
    if p.attainment:
        g.add((node, SOSEI.attainment, ja(p.attainment)))
    if p.opinion:
        g.add((node, SOSEI.expertOpinion, ja(p.opinion)))
    g.add((node, SOSEI.grantEffect, URIRef(f"{VOCAB}grant-effect/{_EFFECTS[p.effect]}")))
    g.add((node, SOSEI.grantPolicy, URIRef(f"{VOCAB}grant-policy/{p.policy}")))
    add_provenance(g, ctx, node, p.source)
    g.add((ctx.dataset, SOSEI.grantProject, node))
    for a in p.amounts:
        for attr, kind in AMOUNT_KINDS:
            yen = getattr(a, attr)
            if yen is None:
                continue
            obs = URIRef(f"{node}/amount/{a.fiscal_year}/{kind}")
            add_observation(g, ctx, obs, SOSEI.GrantAmount)
            g.add((obs, SOSEI.grantProject, node))
            g.add((obs, SOSEI.fiscalYear, map_fiscal_year(g, ctx.minter, a.fiscal_year)))
            g.add((obs, SOSEI.amountKind, Literal(kind)))
            g.add((obs, SOSEI.amount, integer(yen)))
            g.add((obs, SDMX_ATTR.unitMeasure, JPY))
            add_provenance(g, ctx, obs, a.source)
    for k in p.kpis:
        map_kpi(g, ctx, node, k)


_EFFECTS = {"1": "very-effective", "2": "considerably-effective", "3": "effective", "4": "not-effective"}


def map_grant_report(g: Graph, ctx: Context, report: GrantReport) -> list[Issue]:
    g.add((ctx.dataset, RDF.type, QB.DataSet))
    g.add((ctx.dataset, QB.structure, STRUCTURE))
    for p in report.projects:
        if p.effect and p.policy:
            map_project(g, ctx, p)
    return []

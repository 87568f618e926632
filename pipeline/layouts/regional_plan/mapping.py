"""Mapping of a 地域再生計画 document (layout regional-plan): the plan, its KPIs (each once) with their
targets as RDF Data Cube observations, the funded projects with their support measure, total cost
(yen, phase "planned") and period, and the plan period.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, QB, RDF, RDFS, SKOS, XSD

from ...records import Issue, Severity
from .records import FundedProject, Kpi, RegionalPlan, SupportMeasure
from ...schemes import unit_concept
from ...uris import PHASE, SOSEI
from ...mapping import JPY, SDMX_ATTR, Context, add_observation, add_provenance, integer, ja
from .plans import map_author, map_period, map_plan, number


def map_regional_plan(g: Graph, ctx: Context, plan: RegionalPlan) -> list[Issue]:
    node, issues = map_plan(g, ctx, plan.name, plan.authors, plan.source)
    for prop, text in ((SOSEI.areaDescription, plan.area), (SOSEI.objective, plan.objective),
                       (DCTERMS.abstract, plan.summary), (SOSEI.evaluationMethod, plan.evaluation),
                       (SOSEI.currentSituation, plan.situation), (SOSEI.challenges, plan.challenges),
                       (SOSEI.ownInitiatives, plan.own_initiatives), (SOSEI.evaluationTiming, plan.timing),
                       (SOSEI.publicationMethod, plan.publication)):
        if text:
            g.add((node, prop, ja(text)))
    if plan.whole_area is not None:
        g.add((node, SOSEI.coversWholeArea, Literal(plan.whole_area)))
    for district in plan.districts:
        g.add((node, SOSEI.areaDistrict, ja(district)))
    for m in plan.other_measures:
        g.add((node, SOSEI.otherSupportMeasure, map_support_measure(g, ctx, node, plan_scope=node, m=m)))
    if plan.period is not None:
        map_period(g, ctx, node, plan.period)
    g.add((ctx.dataset, RDF.type, QB.DataSet))
    g.add((ctx.dataset, QB.structure, SOSEI.KpiStructure))
    kpis = {}
    for kpi in plan.kpis:
        kpis[kpi.name], found = map_kpi(g, ctx, node, kpi)
        issues += found
    for project in plan.projects:
        issues += map_funded_project(g, ctx, node, project, kpis)
    return issues


def map_kpi(g: Graph, ctx: Context, plan: URIRef, k: Kpi, dataset: URIRef | None = None) -> tuple[URIRef, list[Issue]]:
    """One KPI (however many tables print it) and one observation per reference date, in `dataset`
    (a sosei:KpiStructure data set; the document's own by default)."""
    node = ctx.minter.kpi(plan, k.name)
    g.add((node, RDF.type, SOSEI.KeyPerformanceIndicator))
    g.add((node, RDFS.label, ja(k.name)))
    g.add((node, SOSEI.indicatorOf, plan))
    g.add((node, SOSEI.printedUnit, Literal(k.unit)))
    if k.method:
        g.add((node, SOSEI.measurementMethod, ja(k.method)))
    unit = unit_concept(k.unit)
    issues = []
    if unit is None:
        issues.append(Issue("unknown-unit", Severity.WARNING, f"KPI {k.name!r}: unit {k.unit!r} is not in the "
                            "unit vocabulary (ontology/schemes-plans.ttl); published as printed only", k.sources[0]))
    else:
        g.add((node, SDMX_ATTR.unitMeasure, unit))
    for ref in k.sources:
        add_provenance(g, ctx, node, ref)
    for t in k.targets:
        obs = ctx.minter.kpi_target(node, t.date)
        add_observation(g, ctx, obs, SOSEI.KpiTarget)
        if dataset is not None:
            g.set((obs, QB.dataSet, dataset))
        g.add((obs, SOSEI.indicator, node))
        g.add((obs, SOSEI.referenceDate, Literal(t.date, datatype=XSD.date)))
        g.add((obs, SOSEI.targetValue, number(t.value)))
        if unit is not None:
            g.add((obs, SDMX_ATTR.unitMeasure, unit))
        for ref in k.sources:
            add_provenance(g, ctx, obs, ref)
    return node, issues


def map_funded_project(g: Graph, ctx: Context, plan: URIRef, p: FundedProject, kpis: dict) -> list[Issue]:
    node = ctx.minter.funded_project(plan, p.name)
    g.add((node, RDF.type, SOSEI.FundedProject))
    g.add((node, RDFS.label, ja(p.name)))
    g.add((node, DCTERMS.isPartOf, plan))
    issues: list[Issue] = []
    for operator in p.operators:
        agent, found = map_author(g, ctx, operator, p.source)
        g.add((node, SOSEI.municipality, agent))
        issues += found
    if p.evaluation:
        g.add((node, SOSEI.evaluationMethod, ja(p.evaluation)))
    for name in p.kpis:
        if name in kpis:
            g.add((node, SOSEI.kpi, kpis[name]))
    for provision in p.provisions:
        g.add((node, SOSEI.legalProvision, Literal(provision)))
    for partner in p.partners:
        agent, found = map_author(g, ctx, partner, p.source)
        g.add((node, SOSEI.partner, agent))
        issues += found
    period = map_period(g, ctx, node, p.period) if p.period is not None else None
    if p.measure is not None:
        g.add((node, SOSEI.supportMeasure, map_support_measure(g, ctx, node, plan_scope=plan, m=p.measure)))
    if p.total_cost_yen is not None:
        cost = ctx.minter.total_cost(node, "planned")
        g.add((node, SOSEI.totalCost, cost))
        g.add((cost, RDF.type, SOSEI.TotalCost))
        g.add((cost, SOSEI.amount, integer(p.total_cost_yen)))
        g.add((cost, SOSEI.budgetPhase, PHASE.planned))
        g.add((cost, SDMX_ATTR.unitMeasure, JPY))
        if period is not None:
            g.add((cost, DCTERMS.temporal, period))
        add_provenance(g, ctx, cost, p.cost_source or p.source)
    add_provenance(g, ctx, node, p.source)
    return issues


def map_support_measure(g: Graph, ctx: Context, owner: URIRef, plan_scope: URIRef, m: SupportMeasure) -> URIRef:
    """A support measure (its label, code, ministry and scheme) of a funded project or of the plan (5-3-1);
    its scheme is also the plan's."""
    measure = ctx.minter.support_measure(owner, m.code or m.label)
    g.add((measure, RDF.type, SOSEI.SupportMeasure))
    g.add((measure, RDFS.label, ja(m.label)))
    if m.code:
        g.add((measure, SKOS.notation, Literal(m.code)))
    if m.ministry:
        g.add((measure, SOSEI.ministry, ja(m.ministry)))
    if m.scheme:
        g.add((measure, SOSEI.supportScheme, URIRef(m.scheme)))
        g.add((plan_scope, SOSEI.supportScheme, URIRef(m.scheme)))
    add_provenance(g, ctx, measure, m.source)
    return measure

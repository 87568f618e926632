"""Mapping of a certification list page (layout regional-plan-list): each listed 地域再生計画 with its
certification date and round, amendments (変更認定) as dated resources, authors, linked document,
summary and support schemes.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD

from ...records import Issue
from ..regional_plan.records import ListedPlan, PlanList
from ...uris import SOSEI
from ...mapping import Context, add_provenance, integer, ja
from ..regional_plan.plans import map_period, map_plan

FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
FILE_TYPES = {"PDF": "PDF"}  # printed format → EU file-type authority code, where unambiguous


def map_plan_list(g: Graph, ctx: Context, plans: PlanList) -> list[Issue]:
    issues: list[Issue] = []
    for plan in plans.plans:
        issues += map_listed_plan(g, ctx, plan)
    if plans.updated is not None:
        g.add((ctx.dataset, SOSEI.pageUpdated, Literal(plans.updated, datatype=XSD.date)))
    return issues


def map_listed_plan(g: Graph, ctx: Context, p: ListedPlan) -> list[Issue]:
    node, issues = map_plan(g, ctx, p.name, p.authors, p.source)
    if p.certified is not None:
        g.add((node, SOSEI.certificationDate, Literal(p.certified, datatype=XSD.date)))
    if p.round is not None:
        g.add((node, SOSEI.certificationRound, integer(p.round)))
    for a in p.amendments:
        amendment = ctx.minter.amendment(node, a.date)
        g.add((node, SOSEI.amendment, amendment))
        g.add((amendment, RDF.type, SOSEI.AmendedCertification))
        g.add((amendment, RDFS.label, ja(f"{p.name} 変更認定")))
        g.add((amendment, DCTERMS.date, Literal(a.date, datatype=XSD.date)))
        add_provenance(g, ctx, amendment, a.source)
    if p.document is not None:
        map_linked_document(g, ctx, node, p)
    if p.summary:
        g.add((node, DCTERMS.abstract, ja(p.summary)))
    for scheme in p.schemes:
        g.add((node, SOSEI.supportScheme, URIRef(scheme)))
    if p.area:
        g.add((node, SOSEI.areaDescription, ja(p.area)))
    if p.period is not None:
        map_period(g, ctx, node, p.period)
    return issues


def map_linked_document(g: Graph, ctx: Context, plan: URIRef, p: ListedPlan) -> URIRef:
    d = p.document
    node = ctx.minter.plan_document(plan)
    g.add((plan, SOSEI.planDocument, node))
    g.add((node, RDF.type, SOSEI.PlanDocument))
    g.add((node, RDF.type, FOAF.Document))
    g.add((node, DCTERMS.title, ja(d.title)))
    code = FILE_TYPES.get(d.format.upper())
    g.add((node, DCTERMS["format"], FILE_TYPE[code] if code else Literal(d.format)))
    if d.kilobytes is not None:
        g.add((node, SOSEI.fileSizeKilobytes, integer(d.kilobytes)))
    add_provenance(g, ctx, node, p.source)
    return node

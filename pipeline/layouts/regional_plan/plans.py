"""What the 地域再生計画 mappers share: authoring local governments, the plan resource and its IRI,
periods, and literal helpers.

A plan's IRI is minted from the code of its first authoring local government sosei knows (else the
publisher of the document) and its name, so the plan on a list page and the plan document are one
resource when the name and that municipality agree.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, RDF, RDFS, XSD

from ...records import Issue, Severity, SourceRef
from .records import Author, Period
from ...sources import Municipality
from ...uris import SOSEI
from ...mapping import Context, add_provenance, integer, ja, map_fiscal_year, map_municipality


def find_municipality(ctx: Context, author: Author) -> Municipality | None:
    """The municipality an author names: same name, and same prefecture (the publisher's when none is
    printed). A prefecture names itself (北海道 → 010006)."""
    prefecture = author.prefecture or ctx.municipality.prefecture
    find = getattr(ctx.municipalities, "find", None)  # the national table's name index
    if find is not None and ctx.municipality.code in ctx.municipalities:
        return find(author.name, prefecture)
    known = {ctx.municipality.code: ctx.municipality, **ctx.municipalities}
    for code in sorted(known):
        if known[code].name == author.name and known[code].prefecture == prefecture:
            return known[code]
    return None


def map_author(g: Graph, ctx: Context, author: Author, ref: SourceRef) -> tuple[URIRef, list[Issue]]:
    """A municipality resource with its code, or — for one sosei has no code for — an org:Organization
    named by prefecture and name, with a warning saying so."""
    m = find_municipality(ctx, author)
    if m is not None:
        return map_municipality(g, ctx.minter, m), []
    prefecture = author.prefecture or ctx.municipality.prefecture
    node = ctx.minter.local_government(prefecture, author.name)
    g.add((node, RDF.type, ORG.Organization))
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, RDFS.label, ja(author.name)))
    g.add((node, FOAF.name, ja(author.name)))
    add_provenance(g, ctx, node, ref)
    issue = Issue("unknown-municipality", Severity.WARNING,
                  f"{author.printed!r} ({prefecture}) is not in sources/municipalities.toml: published as an "
                  "organization without a 全国地方公共団体コード; add its code there", ref)
    return node, [issue]


def plan_owner(ctx: Context, authors: tuple[Author, ...]) -> Municipality:
    """The municipality a plan's IRI is minted under: its first author with a known code."""
    for a in authors:
        if (m := find_municipality(ctx, a)) is not None:
            return m
    return ctx.municipality


def map_plan(g: Graph, ctx: Context, name: str, authors: tuple[Author, ...], ref: SourceRef
             ) -> tuple[URIRef, list[Issue]]:
    owner = plan_owner(ctx, authors)
    node = ctx.minter.plan(owner.code, name)
    g.add((node, RDF.type, SOSEI.RegionalRevitalizationPlan))
    g.add((node, RDF.type, SOSEI.Plan))
    g.add((node, RDFS.label, ja(name)))
    g.add((node, DCTERMS.publisher, map_municipality(g, ctx.minter, owner)))
    issues: list[Issue] = []
    for a in authors:
        creator, found = map_author(g, ctx, a, ref)
        g.add((node, DCTERMS.creator, creator))
        issues += found
    if not authors:  # a page that prints no 作成主体 lists its publisher's own plans
        g.add((node, DCTERMS.creator, map_municipality(g, ctx.minter, owner)))
    add_provenance(g, ctx, node, ref)
    g.add((ctx.dataset, DCTERMS.subject, node))
    return node, issues


def map_period(g: Graph, ctx: Context, owner: URIRef, period: Period) -> URIRef:
    """計画期間 / 事業実施期間 as a dct:PeriodOfTime: dates where printed, words where a bound is an event."""
    p = period.parts
    node = ctx.minter.period(owner)
    g.add((node, RDF.type, SOSEI.ImplementationPeriod))
    g.add((node, RDF.type, DCTERMS.PeriodOfTime))
    g.add((node, RDFS.label, ja(period.text)))
    if p.start is not None:
        g.add((node, DCAT.startDate, Literal(p.start, datatype=XSD.date)))
    if p.end is not None:
        g.add((node, DCAT.endDate, Literal(p.end, datatype=XSD.date)))
    if p.start_text:
        g.add((node, SOSEI.startCondition, ja(p.start_text)))
    if p.end_text:
        g.add((node, SOSEI.endCondition, ja(p.end_text)))
    if p.fiscal_years is not None:
        g.add((node, SOSEI.fiscalYearCount, integer(p.fiscal_years)))
    for year in p.covered_fiscal_years():
        g.add((node, SOSEI.fiscalYear, map_fiscal_year(g, ctx.minter, year)))
    g.add((owner, DCTERMS.temporal, node))
    add_provenance(g, ctx, node, period.source)
    return node


def number(value: Decimal) -> Literal:
    """An exact figure: xsd:integer when whole, else xsd:decimal."""
    if value == value.to_integral_value():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(value, datatype=XSD.decimal)

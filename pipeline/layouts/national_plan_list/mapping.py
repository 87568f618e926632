"""Mapping of the national list (layout national-plan-list): each plan through the plan family's own
mapping (../regional_plan_list: map_listed_plan, ../regional_plan: map_plan), so a plan has the IRI the
city's list page and the plan document give it; then what only the national list prints: authors by
code, support measures with their codes, the 認定回's batch, changes listed by round, and whether the
plan's 計画期間 has ended.

Authors are resolved against the national municipality table here: a name or code not in it is an
error naming the closest names.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ...mapping import Context, add_provenance, integer, ja
from ...municipalities import Municipality, MunicipalityTable, UnknownMunicipality, valid_code
from ...normalize import squeeze
from ...records import Issue, Severity
from ...schemes import SUPPORT_SCHEME, concept_labels
from ...uris import SOSEI
from ..regional_plan.records import Author, ListedPlan
from ..regional_plan_list.mapping import map_listed_plan
from .records import NationalList, NationalPlan, PrintedMeasure

_TABLES: dict[int, MunicipalityTable] = {}


def table_of(ctx: Context) -> MunicipalityTable:
    m = ctx.municipalities
    if isinstance(m, MunicipalityTable):
        return m
    return _TABLES.setdefault(id(m), MunicipalityTable(m))


def resolve_authors(table: MunicipalityTable, p: NationalPlan) -> tuple[list[Municipality], list[Issue]]:
    """The plan's authors: by code where the list prints codes (they must agree with the names), else
    by name (the 都道府県 column narrowing a shared name)."""
    try:
        named = table.resolve_all(p.authors, p.prefecture)
    except UnknownMunicipality as e:
        return [], [Issue("unknown-author", Severity.ERROR, f"作成主体: {e}", p.source)]
    if not p.codes:
        return named, []
    coded = []
    for code in p.codes:
        m = table.by_code5(code) if len(code) == 5 else (table.get(code) if valid_code(code) else None)
        if m is None:
            return [], [Issue("unknown-author-code", Severity.ERROR, f"地方公共団体コード {code!r} is not in the "
                              f"national municipality table (5 digits without check digit, or 6 with it)", p.source)]
        coded.append(m)
    if {m.code for m in coded} != {m.code for m in named}:
        printed = ", ".join(f"{m.code} {m.name}" for m in coded)
        return [], [Issue("author-code-mismatch", Severity.ERROR, f"作成主体 {p.authors!r} and its codes "
                          f"({printed}) name different local governments", p.source)]
    return coded, []


def scheme_of(m: PrintedMeasure) -> URIRef | None:
    table = concept_labels(SUPPORT_SCHEME)
    return table.get(m.code or "") or (table.get(squeeze(m.label)) if m.label else None)


def map_measure(g: Graph, ctx: Context, plan: URIRef, m: PrintedMeasure) -> None:
    node = ctx.minter.support_measure(plan, m.code or m.label)
    g.add((plan, SOSEI.listedSupportMeasure, node))
    g.add((node, RDF.type, SOSEI.SupportMeasure))
    g.add((node, RDFS.label, ja(m.label or m.code)))
    if m.code:
        g.add((node, SKOS.notation, Literal(m.code)))
    if (scheme := scheme_of(m)) is not None:
        g.add((node, SOSEI.supportScheme, scheme))
    add_provenance(g, ctx, node, m.source)


def map_national_plan(g: Graph, ctx: Context, table: MunicipalityTable, p: NationalPlan, ended: bool) -> list[Issue]:
    authors, issues = resolve_authors(table, p)
    if issues:
        return issues
    schemes = tuple(dict.fromkeys(str(s) for m in p.measures if (s := scheme_of(m)) is not None))
    listed = ListedPlan(p.name, tuple(Author(m.name, m.prefecture, p.authors) for m in authors),
                        p.first.date, p.first.number, p.amendments, None, p.summary, schemes, p.source)
    issues = map_listed_plan(g, ctx, listed)
    node = ctx.minter.plan(authors[0].code, p.name)
    if p.area:
        g.add((node, SOSEI.areaDescription, ja(p.area)))
    if p.first.batch is not None:
        g.add((node, SOSEI.certificationBatch, integer(p.first.batch)))
    for r in p.change_rounds:
        g.add((node, SOSEI.amendmentRound, integer(r)))
    if ended:
        g.add((node, SOSEI.periodEnded, Literal(True)))
    for m in p.measures:
        map_measure(g, ctx, node, m)
    return issues


def map_national_list(g: Graph, ctx: Context, data: NationalList) -> list[Issue]:
    table = table_of(ctx)
    if data.as_of is not None:
        g.add((ctx.dataset, SOSEI.asOf, Literal(data.as_of, datatype=XSD.date)))
    issues: list[Issue] = []
    for p in data.plans:
        issues += map_national_plan(g, ctx, table, p, data.ended)
    return issues

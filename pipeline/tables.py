"""Tidy CSV distributions of each dataset, with W3C CSVW metadata (csv-metadata.json) that maps every
column onto the vocabulary.

The tables are read from the published graph by SPARQL (GRAPH <dataset IRI>), not from parser records,
so they hold what the dumps hold whatever layout a document came in. The build queries a store in
memory holding only the dataset, where the dataset is made (build.dataset_figures), and keeps the files
with the document in its cache. Per dataset, under
csv/<dataset id>/: projects.csv (one row per project and budget amount: fiscal year, phase, yen),
kpi_targets.csv (one row per KPI and reference date) and plans.csv (one row per plan), each written only
when it has rows, and csv-metadata.json describing them as one CSVW table group.

Header cells are "日本語 (english_name)": one header row, Japanese first for the portals and people who
read these documents, the English column name (the CSVW `name`) beside it. A second header row would be
a data row to most CSV readers (spreadsheets, CKAN's DataStore, pandas); one row with both is read
right by all of them. Files are UTF-8 without BOM, CRLF line ends (RFC 4180); rows sorted, so the same
graph gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import pyoxigraph as ox

SOSEI = "https://w3id.org/sosei/ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
XSD = "http://www.w3.org/2001/XMLSchema#"
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
METADATA_FILE = "csv-metadata.json"
MEDIA_TYPE = "text/csv"


@dataclass(frozen=True)
class Column:
    name: str  # CSVW name and the English half of the header
    title_ja: str
    datatype: str = "string"  # CSVW datatype
    prop: str | None = None  # propertyUrl; None: the row's subject, not output as a triple
    about: str | None = None  # aboutUrl template where the cell speaks of another resource than the row's
    value_url: str | None = None  # valueUrl template: the cell names a resource
    lang: str | None = None

    @property
    def header(self) -> str:
        return f"{self.title_ja} ({self.name})"

    def metadata(self, base_iri: str) -> dict:
        col: dict = {"name": self.name, "titles": self.header, "datatype": self.datatype}
        if self.prop is None:
            col["suppressOutput"] = True
            return col
        col["propertyUrl"] = self.prop
        for key, value in (("aboutUrl", self.about), ("valueUrl", self.value_url)):
            if value:
                col[key] = value.replace("{base}", base_iri)
        if self.lang:
            col["lang"] = self.lang
        return col


@dataclass(frozen=True)
class Table:
    name: str
    title_ja: str
    title_en: str
    about: str  # the row's subject, an aboutUrl template
    key: tuple[str, ...]  # primary key columns
    columns: tuple[Column, ...]
    where: str  # SPARQL group pattern inside GRAPH <dataset>, binding the column names

    def sparql(self, graph: str) -> str:
        names = [c.name for c in self.columns]
        return (f"PREFIX sosei: <{SOSEI}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                f"PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                f"PREFIX dct: <http://purl.org/dc/terms/>\n"
                f"PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>\n"
                f"SELECT DISTINCT {' '.join('?' + n for n in names)} WHERE {{ GRAPH <{graph}> {{ {self.where} }} }}")


def _iri(name: str, title_ja: str, prop: str | None = None, about: str | None = None) -> Column:
    """A column of IRIs: the row's subject (prop None) or a link from `about` to the cell's resource.
    Typed string: the cell is used in URI templates ({+name}), where an anyURI value is not portable
    (the csvw package expands it as its parsed parts)."""
    return Column(name, title_ja, "string", prop, about, "{+" + name + "}" if prop else None)


def _label(name: str, title_ja: str, about: str, prop: str = RDFS_LABEL) -> Column:
    return Column(name, title_ja, "string", prop, about, None, "ja")


PROJECTS = Table(
    "projects", "事業と予算額", "Projects and their budget amounts", "{+project}", ("project", "amount"),
    (
        _iri("project", "事業IRI"),
        _label("project_name", "事業名", "{+project}"),
        _iri("municipality", "市区町村IRI", SOSEI + "municipality"),
        _iri("department", "担当部局IRI", SOSEI + "department"),
        _label("department_name", "担当部局", "{+department}"),
        Column("amount", "金額IRI", "string", SOSEI + "project", "{+amount}", "{+project}"),
        Column("fiscal_year", "年度", "integer", SOSEI + "fiscalYear", "{+amount}", "{base}fiscal-year/{fiscal_year}"),
        Column("budget_phase", "区分(予算・決算)", "string", SOSEI + "budgetPhase", "{+amount}",
               "https://w3id.org/sosei/vocab/budget-phase/{budget_phase}"),
        Column("amount_yen", "金額(円)", "integer", SOSEI + "amount", "{+amount}"),
    ),
    """?project a sosei:Project ; rdfs:label ?project_name ; sosei:municipality ?municipality .
    OPTIONAL { ?project sosei:department ?department . ?department rdfs:label ?department_name }
    OPTIONAL { ?amount a sosei:BudgetAmount ; sosei:project ?project ; sosei:fiscalYear/sosei:year ?y ;
               sosei:budgetPhase ?phase ; sosei:amount ?amount_yen .
               BIND (STR(?y) AS ?fiscal_year) BIND (STRAFTER(STR(?phase), "budget-phase/") AS ?budget_phase) }""",
)

KPI_TARGETS = Table(
    "kpi_targets", "KPIと目標値", "KPIs and their targets", "{+target}", ("target",),
    (
        _iri("target", "目標値IRI"),
        _iri("kpi", "KPI IRI", SOSEI + "indicator"),
        _label("kpi_name", "KPI", "{+kpi}"),
        _iri("plan", "計画IRI", SOSEI + "indicatorOf", "{+kpi}"),
        _label("plan_name", "計画名", "{+plan}"),
        Column("reference_date", "基準日", "date", SOSEI + "referenceDate"),
        Column("target_value", "目標値", "integer", SOSEI + "targetValue"),
        _iri("unit", "単位IRI", "http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure"),
        Column("printed_unit", "単位(表記)", "string", SOSEI + "printedUnit", "{+kpi}"),
    ),
    """?target a sosei:KpiTarget ; sosei:indicator ?kpi ; sosei:referenceDate ?reference_date ;
       sosei:targetValue ?target_value .
    ?kpi rdfs:label ?kpi_name ; sosei:indicatorOf ?plan . ?plan rdfs:label ?plan_name .
    OPTIONAL { ?target sdmx-attribute:unitMeasure ?unit }
    OPTIONAL { ?kpi sosei:printedUnit ?printed_unit }""",
)

PLANS = Table(
    "plans", "計画", "Plans", "{+plan}", ("plan",),
    (
        _iri("plan", "計画IRI"),
        _label("plan_name", "計画名", "{+plan}"),
        _iri("publisher", "作成主体IRI", "http://purl.org/dc/terms/publisher"),
        _label("publisher_name", "作成主体", "{+publisher}"),
        Column("certification_date", "認定年月日", "date", SOSEI + "certificationDate"),
        Column("certification_round", "認定回", "integer", SOSEI + "certificationRound"),
    ),
    """?plan a sosei:Plan ; rdfs:label ?plan_name .
    OPTIONAL { ?plan dct:publisher ?publisher . ?publisher rdfs:label ?publisher_name FILTER (lang(?publisher_name) = "ja") }
    OPTIONAL { ?plan sosei:certificationDate ?certification_date }
    OPTIONAL { ?plan sosei:certificationRound ?certification_round }""",
)

TABLES = (PROJECTS, KPI_TARGETS, PLANS)


def _cell(term) -> str:
    return "" if term is None else term.value


def table_rows(store: ox.Store, graph: str, table: Table) -> list[list[str]]:
    names = [c.name for c in table.columns]
    solutions = store.query(table.sparql(graph))
    rows = {tuple(_cell(sol[n]) for n in names) for sol in solutions}
    return sorted(list(r) for r in rows)


def csv_bytes(table: Table, rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([c.header for c in table.columns])
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def metadata(tables: list[Table], dataset_iri: str, base_iri: str) -> bytes:
    """CSVW metadata of one dataset's tables (a table group), columns mapped onto the vocabulary."""
    doc = {
        "@context": [CSVW_CONTEXT, {"@language": "ja"}],
        "dc:source": {"@id": dataset_iri},
        "tables": [{
            "url": f"{t.name}.csv",
            "dc:title": [{"@value": t.title_ja, "@language": "ja"}, {"@value": t.title_en, "@language": "en"}],
            "tableSchema": {"aboutUrl": t.about, "primaryKey": list(t.key),
                            "columns": [c.metadata(base_iri) for c in t.columns]},
        } for t in tables],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


@dataclass(frozen=True)
class CsvFile:
    """A file of csv/: a table of one dataset, or (table None) the dataset's csv-metadata.json."""

    dataset_id: str
    table: Table | None
    path: str  # inside output/
    data: bytes


def dataset_csv(store: ox.Store, ds_id: str, graph: str, base_iri: str) -> list[CsvFile]:
    """The dataset in `graph` of `store`: its non-empty tables, then its csv-metadata.json."""
    files, written = [], []
    for table in TABLES:
        rows = table_rows(store, graph, table)
        if rows:
            written.append(table)
            files.append(CsvFile(ds_id, table, f"csv/{ds_id}/{table.name}.csv", csv_bytes(table, rows)))
    if written:
        files.append(CsvFile(ds_id, None, f"csv/{ds_id}/{METADATA_FILE}", metadata(written, graph, base_iri)))
    return files

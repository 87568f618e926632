"""The CSV distributions (csv/<dataset>/*.csv with csv-metadata.json): read by a CSVW-aware parser (the
`csvw` package: headers against the metadata's titles, every cell against its datatype), and every
triple the metadata maps a row to is in the dataset's published graph, so the columns mean what the
vocabulary says. Each CSV is a distribution of its dataset in the catalog."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from csvw import CSVW, TableGroup
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, XSD

from pipeline.tables import TABLES

XSD_OF = {"integer": XSD.integer, "date": XSD.date}


def metadata_files(settings) -> list[Path]:
    return sorted((settings.output_dir / "csv").glob("*/csv-metadata.json"))


def expand(template: str, row: dict) -> str:
    """RFC 6570 level 2 as the metadata uses it: {+name} and {name} replaced by the cell, left as an IRI."""
    return re.sub(r"\{\+?(\w+)\}", lambda m: str(row[m.group(1)]), template)


def row_triples(schema: dict, row: dict) -> set:
    """The triples CSVW's csv2rdf makes of one row, for the column features this metadata uses."""
    out = set()
    for col in schema["columns"]:
        value = row.get(col["name"])
        if col.get("suppressOutput") or value in (None, ""):
            continue
        subject = URIRef(expand(col.get("aboutUrl", schema["aboutUrl"]), row))
        if "valueUrl" in col:
            obj = URIRef(expand(col["valueUrl"], row))
        elif col["datatype"] == "date":  # the parser gives a datetime
            obj = Literal(value.date().isoformat(), datatype=XSD.date)
        elif col["datatype"] in XSD_OF:
            obj = Literal(str(value), datatype=XSD_OF[col["datatype"]])
        else:
            obj = Literal(value, lang=col.get("lang"))
        out.add((subject, URIRef(col["propertyUrl"]), obj))
    return out


def test_there_are_tables(built):
    settings, _ = built
    names = {p.name for p in (settings.output_dir / "csv").glob("*/*.csv")}
    assert names == {f"{t.name}.csv" for t in TABLES}


@pytest.mark.parametrize("kind", ["projects", "kpi_targets", "plans"])
def test_every_mapped_cell_is_a_triple_of_the_dataset(built, kind):
    settings, _ = built
    checked = 0
    for meta_path in metadata_files(settings):
        assert CSVW(str(meta_path)).is_valid, meta_path  # headers = titles, cells parse as their datatypes
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        graph = Graph().parse(settings.output_dir / "datasets" / f"{meta_path.parent.name}.nt", format="nt")
        assert meta["dc:source"]["@id"].endswith(f"/dataset/{meta_path.parent.name}")
        for table in TableGroup.from_file(meta_path).tables:
            if table.url.string != f"{kind}.csv":
                continue
            schema = next(t for t in meta["tables"] if t["url"] == table.url.string)["tableSchema"]
            for row in table.iterdicts():
                subject = URIRef(expand(schema["aboutUrl"], row))
                assert (subject, None, None) in graph, subject
                for triple in row_triples(schema, row):
                    assert triple in graph, (table.url.string, triple)
                    checked += 1
    assert checked > 0


def test_projects_table_has_every_project_and_amount(built):
    settings, _ = built
    path = settings.output_dir / "csv" / "asahikawa-r6-sogo-senryaku-jigyo" / "projects.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    graph = Graph().parse(settings.output_dir / "datasets" / "asahikawa-r6-sogo-senryaku-jigyo.nt", format="nt")
    sosei = "https://w3id.org/sosei/ns#"
    projects = set(graph.subjects(RDF.type, URIRef(sosei + "Project")))
    amounts = set(graph.subjects(RDF.type, URIRef(sosei + "BudgetAmount")))
    assert {URIRef(r["事業IRI (project)"]) for r in rows} == projects
    assert {URIRef(r["金額IRI (amount)"]) for r in rows if r["金額IRI (amount)"]} == amounts
    total = sum(int(graph.value(a, URIRef(sosei + "amount"))) for a in amounts)
    assert sum(int(r["金額(円) (amount_yen)"]) for r in rows if r["金額(円) (amount_yen)"]) == total


def test_headers_are_japanese_with_the_english_name(built):
    settings, _ = built
    for path in sorted((settings.output_dir / "csv").glob("*/*.csv")):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # UTF-8, no BOM, RFC 4180 line ends
        header = next(csv.reader(io.StringIO(data.decode("utf-8"))))
        for cell in header:
            assert re.fullmatch(r"[^\x00-\x7f]+.* \([a-z_]+\)|[^()]+ \([a-z_]+\)", cell), cell


def test_each_csv_is_a_distribution_of_its_dataset(built):
    settings, _ = built
    cat = Graph().parse(settings.output_dir / "catalog.ttl", format="turtle")
    csvs = sorted((settings.output_dir / "csv").glob("*/*.csv"))
    for path in csvs:
        url = URIRef(settings.download_base_url + str(path.relative_to(settings.output_dir)))
        [dist] = cat.subjects(DCAT.downloadURL, url)
        ds = URIRef(cat.value(predicate=DCAT.distribution, object=dist))
        assert str(ds).endswith(f"/dataset/{path.parent.name}")
        assert str(cat.value(dist, DCAT.mediaType)).endswith("/text/csv")
        assert int(cat.value(dist, DCAT.byteSize)) == len(path.read_bytes())

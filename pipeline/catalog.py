"""The DCAT-AP 3.0.1 catalog of output/: one dcat:Dataset per source document, one dcat:Distribution per
dump format (download URL, IANA media type, EU file type, byte size, sha256, licence); publisher (the
municipality as a foaf:Agent with an ADMS publisher type), spatial (e-Stat SAC), temporal (fiscal year
as a dct:PeriodOfTime), themes, the source document (a foaf:Document, dct:relation and prov:wasDerivedFrom),
contact point, dates and catalog licence from the manifest's [catalog] table, and the combined N-Quads dump.

Every resource the catalog points to is typed with the class DCAT-AP expects (dct:LicenseDocument,
dct:MediaType, skos:Concept …), so the DCAT-AP range checks pass without the background vocabularies.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from .areas import AREAS_ID
from .areas import DESCRIPTION as AREA_DESCRIPTION
from .areas import TITLE as AREA_TITLE
from .mapping import SPDX, en, ja, map_fiscal_year, map_municipality, new_graph
from .publish import FORMATS, NQUADS, FileDigest, Format
from .sources import ManifestError, Municipality, SourceSpec
from .uris import ESTAT_SAC, SOSEI_ONTOLOGY, Minter

EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(EU + "file-type/")
IANA = "http://www.iana.org/assignments/media-types/"
ADMS = Namespace("http://www.w3.org/ns/adms#")
PUBLISHER_TYPES = URIRef("http://purl.org/adms/publishertype/1.0")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
DATA_THEME = URIRef(EU + "data-theme")
THEMES = {  # EU data themes every regional-revitalization dataset falls under
    URIRef(EU + "data-theme/GOVE"): ("行政・公共部門", "Government and public sector"),
    URIRef(EU + "data-theme/ECON"): ("経済・財政", "Economy and finance"),
}
LANGUAGES = {URIRef(EU + "language/JPN"): "Japanese", URIRef(EU + "language/ENG"): "English"}
ANNUAL = URIRef(EU + "frequency/ANNUAL")
JAPAN = URIRef(EU + "country/JPN")
DCATAP = Namespace("http://data.europa.eu/r5r/")
STABLE = URIRef(EU + "planned-availability/STABLE")


LICENSE_TYPES = Namespace("http://purl.org/adms/licencetype/")
# Licences sosei can name: title (ja, en) and ADMS licence type, so portals show a name, not an IRI.
LICENSES = {
    "https://creativecommons.org/licenses/by/4.0/": (
        "クリエイティブ・コモンズ 表示 4.0 国際", "Creative Commons Attribution 4.0 International", "Attribution"),
    "https://creativecommons.org/publicdomain/zero/1.0/": (
        "CC0 1.0 全世界 パブリック・ドメイン提供", "CC0 1.0 Universal Public Domain Dedication", "PublicDomain"),
}
FILE_TYPE_LABELS = {"RDF_TURTLE": "Turtle", "JSON_LD": "JSON-LD", "RDF_N_TRIPLES": "N-Triples",
                    "RDF_N_QUADS": "N-Quads", "CSV": "CSV", "JSON": "JSON"}  # EU file types' own labels
NON_PROFIT = URIRef("http://purl.org/adms/publishertype/NonProfitOrganisation")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
PROV = Namespace("http://www.w3.org/ns/prov#")


@dataclass(frozen=True)
class CatalogMeta:
    """The manifest's [catalog] table: what the catalog says of itself and of every dataset that does
    not say otherwise. Dates are the maintainer's, never the clock's, so a rebuild gives the same bytes."""

    issued: dt.date | None = None
    modified: dt.date | None = None
    license: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_url: str | None = None


def load_catalog_meta(manifest: Path) -> CatalogMeta:
    """The [catalog] table of the sources manifest (all of it optional); unknown keys are bad input."""
    data = tomllib.loads(manifest.read_text(encoding="utf-8")).get("catalog", {})
    extra = sorted(set(data) - set(CatalogMeta.__dataclass_fields__))
    if extra:
        raise ManifestError(f"{manifest}: [catalog]: unknown field(s) {', '.join(extra)}")
    for key in ("issued", "modified"):
        if key in data and not isinstance(data[key], dt.date):
            raise ManifestError(f"{manifest}: [catalog] {key} = {data[key]!r} is not a date (write 2025-04-01)")
    return CatalogMeta(**data)


@dataclass(frozen=True)
class Entry:
    """What the catalog says about one dataset: its manifest entry, source checksum, years, dumps."""

    spec: SourceSpec
    source_sha256: str
    fiscal_years: set[int]
    dumps: dict[str, bytes | FileDigest]  # format key → bytes, or the digest of the file written


def dataset_path(source_id: str, fmt_suffix: str) -> str:
    """Where a dump lives inside output/."""
    return f"datasets/{source_id}{fmt_suffix}"


def catalog_graph(minter: Minter, download_base: str, entries: list[Entry],
                  municipalities: dict[str, Municipality], all_nq: bytes | FileDigest | None = None,
                  void_url: str | None = None, meta: CatalogMeta = CatalogMeta(), tables=(),
                  areas: dict[str, bytes] | None = None) -> Graph:
    """The catalog; `tables` are the CSV files of tables.csv_files, each a distribution of its dataset.
    The union of catalog_parts, each filled into this one graph."""
    g = new_graph()
    g.bind("adms", ADMS)
    for _ in catalog_parts(lambda: g, minter, download_base, entries, municipalities, all_nq, void_url, meta,
                           tables, areas):
        pass
    return g


def catalog_parts(new, minter: Minter, download_base: str, entries: list[Entry],
                  municipalities: dict[str, Municipality], all_nq: bytes | FileDigest | None = None,
                  void_url: str | None = None, meta: CatalogMeta = CatalogMeta(), tables=(),
                  areas: dict[str, bytes] | None = None):
    """The catalog in parts, each filled into a graph `new()` gives (anything with add and `in`, a set
    of triples too) and yielded: the catalog itself, one part per entry (its dataset, distributions and
    the catalog's dcat:dataset link), the municipality table's dataset, the combined all.nq dataset.
    Parts repeat what they share (municipalities, themes, licences …): their union is the catalog."""
    cat = minter.catalog()
    g = new()
    _dates(g, cat, meta.issued, meta.modified)
    if meta.license:
        g.add((cat, DCTERMS.license, _license(g, meta.license)))
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, ja("sosei 地方創生オープンデータ")))
    g.add((cat, DCTERMS.title, en("sosei: regional revitalization open data")))
    g.add((cat, DCTERMS.description, ja("地方公共団体の地方創生関連資料(総合戦略事業一覧など)から作成したLinked Open Data。")))
    g.add((cat, DCTERMS.description, en("Linked Open Data made from Japanese municipalities' regional-revitalization documents.")))
    g.add((cat, FOAF.homepage, _document(g, download_base)))
    g.add((cat, DCAT.themeTaxonomy, DATA_THEME))
    g.add((cat, DCTERMS.spatial, JAPAN))
    g.add((JAPAN, RDF.type, DCTERMS.Location))
    g.add((JAPAN, RDFS.label, ja("日本")))
    g.add((DATA_THEME, RDF.type, SKOS.ConceptScheme))
    g.add((DATA_THEME, DCTERMS.title, en("Data theme")))
    project = _sosei_agent(g, minter, download_base)
    g.add((cat, DCTERMS.publisher, project))
    contact = _contact_point(g, project, meta)
    _languages(g, cat)
    if void_url:
        g.add((cat, RDFS.seeAlso, URIRef(void_url)))
    yield g
    files: dict[str, list] = {}  # dataset id → its CSV files, in the order of `tables`
    for f in tables:
        files.setdefault(f.dataset_id, []).append(f)
    for e in entries:
        g = new()
        ds = dataset(g, minter, download_base, e, municipalities[e.spec.publisher], meta, contact)
        g.add((cat, DCAT.dataset, ds))
        _csv_distributions(g, minter, download_base, ds, e, files.get(e.spec.id, []))
        yield g
    if areas is not None:
        g = new()
        ds = area_dataset(g, minter, download_base, areas, municipalities, project, meta, contact)
        g.add((cat, DCAT.dataset, ds))
        yield g
    if all_nq is not None:
        g = new()
        ds = combined(g, minter, download_base, entries, municipalities, all_nq, project)
        g.add((cat, DCAT.dataset, ds))
        _dates(g, ds, meta.issued, meta.modified)
        if contact is not None:
            g.add((ds, DCAT.contactPoint, contact))
        yield g


def dataset(g: Graph, minter: Minter, base: str, e: Entry, muni: Municipality, meta: CatalogMeta = CatalogMeta(),
            contact: URIRef | None = None) -> URIRef:
    spec = e.spec
    ds = minter.dataset(spec.id)
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.identifier, Literal(spec.id)))
    g.add((ds, DCTERMS.title, ja(spec.title)))
    g.add((ds, DCTERMS.title, en(spec.title_en)))
    g.add((ds, DCTERMS.description, ja(spec.description)))
    g.add((ds, DCTERMS.description, en(spec.description_en)))
    publisher = _publisher(g, minter, muni)
    g.add((ds, DCTERMS.publisher, publisher))
    _scope(g, minter, ds, [muni], e.fiscal_years)
    source = _source(g, minter, spec, e.source_sha256, publisher)
    # the municipality's document is a foaf:Document, not a dcat:Dataset (a harvester would make a
    # dataset without distributions of it); DCAT-AP 3.0.1 ranges dct:source to dcat:Dataset, so the
    # link is dct:relation (DCAT-AP's "related resource") and prov:wasDerivedFrom
    g.add((ds, DCTERMS.relation, source))
    g.add((ds, PROV.wasDerivedFrom, source))
    if contact is not None:
        g.add((ds, DCAT.contactPoint, contact))
    g.add((ds, DCTERMS.license, _license(g, spec.license)))
    g.add((ds, DCTERMS.conformsTo, _ontology(g)))
    g.add((ds, DCTERMS.accrualPeriodicity, ANNUAL))
    g.add((ANNUAL, RDF.type, DCTERMS.Frequency))
    _languages(g, ds)
    _dates(g, ds, meta.issued, meta.modified)  # sosei's release; the document's own dates are on it
    for fmt in FORMATS:
        dist = minter.distribution(spec.id, fmt.key)
        g.add((ds, DCAT.distribution, dist))
        distribution(g, dist, base + dataset_path(spec.id, fmt.suffix), fmt, e.dumps[fmt.key], spec.license,
                     f"{spec.id} ({fmt.media_type})")
    return ds


CSV = Format("csv", ".csv", "text/csv", "CSV", "CSV", "CSV")


def _csv_distributions(g: Graph, minter: Minter, base: str, ds: URIRef, e: Entry, files) -> None:
    """Each tidy CSV of the dataset, conforming to its CSVW metadata (csv-metadata.json beside it)."""
    meta = next((f for f in files if f.table is None), None)
    for f in files:
        if f.table is None:
            continue
        dist = minter.distribution(e.spec.id, f"csv-{f.table.name}")
        g.add((ds, DCAT.distribution, dist))
        distribution(g, dist, base + f.path, CSV, f.data, e.spec.license, f"{e.spec.id}: {f.table.title_en} (CSV)",
                     (f"{f.table.title_ja}(CSV、1行目は見出し「日本語 (英語)」、CSVWメタデータ付き)。",
                      f"{f.table.title_en}, a tidy CSV (header row \"日本語 (english)\", W3C CSVW metadata)."))
        if meta is not None:
            schema = URIRef(base + meta.path)
            g.add((dist, DCTERMS.conformsTo, schema))
            g.add((schema, RDF.type, DCTERMS.Standard))
            g.add((schema, DCTERMS.title, en(f"CSVW metadata of {e.spec.id}'s tables")))


def area_dataset(g: Graph, minter: Minter, base: str, dumps: dict[str, bytes], municipalities, agent: URIRef,
                 meta: CatalogMeta, contact: URIRef | None) -> URIRef:
    """The municipality table as a dataset (areas.py): codes, names, e-Stat standard areas."""
    ds = minter.dataset(AREAS_ID)
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.identifier, Literal(AREAS_ID)))
    for (text_ja, text_en), prop in ((AREA_TITLE, DCTERMS.title), (AREA_DESCRIPTION, DCTERMS.description)):
        g.add((ds, prop, ja(text_ja)))
        g.add((ds, prop, en(text_en)))
    g.add((ds, DCTERMS.publisher, agent))
    g.add((ds, DCTERMS.conformsTo, _ontology(g)))
    g.add((ds, DCTERMS.spatial, JAPAN))
    _dates(g, ds, meta.issued, meta.modified)
    if contact is not None:
        g.add((ds, DCAT.contactPoint, contact))
    for theme in THEMES:
        g.add((ds, DCAT.theme, theme))
    g.add((ds, DCAT.keyword, ja("地方公共団体")))
    g.add((ds, DCAT.keyword, en("local governments")))
    _languages(g, ds)
    license = meta.license or next(iter(sorted(LICENSES)))
    g.add((ds, DCTERMS.license, _license(g, license)))
    for fmt in FORMATS:
        dist = minter.distribution(AREAS_ID, fmt.key)
        g.add((ds, DCAT.distribution, dist))
        distribution(g, dist, base + AREAS_ID + fmt.suffix, fmt, dumps[fmt.key], license,
                     f"{AREAS_ID} ({fmt.media_type})")
    return ds


def _scope(g: Graph, minter: Minter, node: URIRef, munis: list[Municipality], years) -> None:
    """Where and when: e-Stat areas of the municipalities, fiscal years; themes and keywords."""
    for muni in munis:
        spatial = URIRef(ESTAT_SAC + muni.sac)
        g.add((node, DCTERMS.spatial, spatial))
        g.add((spatial, RDF.type, DCTERMS.Location))
        g.add((spatial, RDFS.label, ja(f"{muni.prefecture}{muni.name}")))
    for year in sorted(years):
        g.add((node, DCTERMS.temporal, map_fiscal_year(g, minter, year)))
    for theme, (label_ja, label_en) in THEMES.items():
        g.add((node, DCAT.theme, theme))
        g.add((theme, RDF.type, SKOS.Concept))
        g.add((theme, SKOS.inScheme, DATA_THEME))
        g.add((theme, SKOS.prefLabel, ja(label_ja)))
        g.add((theme, SKOS.prefLabel, en(label_en)))
    g.add((node, DCAT.keyword, ja("地方創生")))
    g.add((node, DCAT.keyword, en("regional revitalization")))


def combined(g: Graph, minter: Minter, base: str, entries: list[Entry], municipalities, data: bytes,
             agent: URIRef) -> URIRef:
    """Every dataset in one N-Quads dump, one named graph per dataset (graph name = dataset IRI)."""
    ds = minter.all_datasets()
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.identifier, Literal("all")))
    g.add((ds, DCTERMS.title, ja("sosei 全データセット")))
    g.add((ds, DCTERMS.title, en("sosei: every dataset")))
    g.add((ds, DCTERMS.description, ja("全データセットを一つにまとめたN-Quads。データセットごとに名前付きグラフ(グラフ名はデータセットのIRI)。")))
    g.add((ds, DCTERMS.description, en("Every dataset in one N-Quads file, one named graph per dataset (graph name = the dataset IRI).")))
    g.add((ds, DCTERMS.publisher, agent))
    g.add((ds, DCTERMS.conformsTo, _ontology(g)))
    munis = sorted({e.spec.publisher for e in entries})
    _scope(g, minter, ds, [municipalities[c] for c in munis], set().union(*(e.fiscal_years for e in entries)))
    for e in entries:
        g.add((ds, DCTERMS.hasPart, minter.dataset(e.spec.id)))
    licenses = {e.spec.license for e in entries}
    license = licenses.pop() if len(licenses) == 1 else None  # several: each part states its own
    if license:
        g.add((ds, DCTERMS.license, _license(g, license)))
    dist = URIRef(f"{ds}/distribution/{NQUADS.key}")
    g.add((ds, DCAT.distribution, dist))
    distribution(g, dist, base + "all.nq", NQUADS, data, license, f"all datasets ({NQUADS.media_type})")
    return ds


def distribution(g: Graph, dist: URIRef, url: str, fmt: Format, data: bytes | FileDigest, license: str | None, title: str,
                 description: tuple[str, str] | None = None) -> None:
    url = URIRef(url)
    desc_ja, desc_en = description or (f"{fmt.label_ja}形式のダンプ。", f"The dump as {fmt.label_en}.")
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, en(title)))
    g.add((dist, DCTERMS.description, ja(desc_ja)))
    g.add((dist, DCTERMS.description, en(desc_en)))
    g.add((dist, DCATAP.availability, STABLE))
    g.add((STABLE, RDF.type, SKOS.Concept))
    g.add((STABLE, SKOS.prefLabel, en("stable")))
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCAT.downloadURL, url))
    media = URIRef(IANA + fmt.media_type)
    g.add((dist, DCAT.mediaType, media))
    g.add((media, RDF.type, DCTERMS.MediaType))
    g.add((media, RDFS.label, Literal(fmt.media_type)))
    g.add((dist, DCTERMS["format"], FILE_TYPE[fmt.file_type]))
    g.add((FILE_TYPE[fmt.file_type], RDF.type, DCTERMS.MediaTypeOrExtent))
    g.add((FILE_TYPE[fmt.file_type], RDFS.label, Literal(FILE_TYPE_LABELS.get(fmt.file_type, fmt.label_en or fmt.key))))
    digest = data if isinstance(data, FileDigest) else FileDigest.of(data)  # bytes, or a file written already
    g.add((dist, DCAT.byteSize, Literal(digest.size, datatype=XSD.nonNegativeInteger)))
    if license:
        g.add((dist, DCTERMS.license, _license(g, license)))
    checksum = URIRef(f"{dist}/sha256")
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((checksum, SPDX.checksumValue, Literal(digest.sha256, datatype=XSD.hexBinary)))


def _publisher(g: Graph, minter: Minter, muni: Municipality) -> URIRef:
    node = map_municipality(g, minter, muni)  # sosei:Municipality, foaf:Agent, code, e-Stat SAC
    g.add((node, DCTERMS.type, LOCAL_AUTHORITY))
    g.add((LOCAL_AUTHORITY, RDF.type, SKOS.Concept))
    g.add((LOCAL_AUTHORITY, SKOS.inScheme, PUBLISHER_TYPES))
    g.add((LOCAL_AUTHORITY, SKOS.prefLabel, en("Local Authority")))
    g.add((LOCAL_AUTHORITY, SKOS.prefLabel, ja("地方公共団体")))
    return node


def _sosei_agent(g: Graph, minter: Minter, download_base: str) -> URIRef:
    agent = minter.agent("sosei")
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, DCTERMS.type, NON_PROFIT))
    g.add((NON_PROFIT, RDF.type, SKOS.Concept))
    g.add((NON_PROFIT, SKOS.inScheme, PUBLISHER_TYPES))
    g.add((NON_PROFIT, SKOS.prefLabel, en("Non-Profit Organisation")))
    g.add((agent, FOAF.name, en("sosei project")))
    g.add((agent, FOAF.homepage, _document(g, download_base)))
    return agent


def _source(g: Graph, minter: Minter, spec: SourceSpec, sha: str, publisher: URIRef) -> URIRef:
    """The municipality's document itself, the document sosei's dataset is derived from (not a dataset)."""
    node = minter.source(spec.id)
    g.add((node, RDF.type, FOAF.Document))
    g.add((node, DCTERMS.title, ja(spec.title)))
    g.add((node, DCTERMS.description, ja(f"{spec.attribution}。sosei が読んだファイル {spec.file} (sha256 {sha})。")))
    g.add((node, DCTERMS.description, en(f"The document as its publisher made it public; sosei read {spec.file} (sha256 {sha}).")))
    g.add((node, DCTERMS.publisher, publisher))
    g.add((node, DCTERMS.license, _license(g, spec.license)))
    if spec.original_url:
        g.add((node, FOAF.page, _document(g, spec.original_url)))
    _dates(g, node, spec.issued, spec.modified)
    return node


def _license(g: Graph, iri: str) -> URIRef:
    node = URIRef(iri)
    g.add((node, RDF.type, DCTERMS.LicenseDocument))
    if iri in LICENSES:
        title_ja, title_en, kind = LICENSES[iri]
        g.add((node, DCTERMS.title, ja(title_ja)))
        g.add((node, DCTERMS.title, en(title_en)))
        g.add((node, DCTERMS.type, LICENSE_TYPES[kind]))
        g.add((LICENSE_TYPES[kind], RDF.type, SKOS.Concept))
        g.add((LICENSE_TYPES[kind], SKOS.prefLabel, en(kind)))
    return node


def _dates(g: Graph, node: URIRef, issued, modified) -> None:
    for name, value in (("issued", issued), ("modified", modified)):
        if value is not None:
            g.add((node, DCTERMS[name], _date(value)))


def _contact_point(g: Graph, agent: URIRef, meta: CatalogMeta) -> URIRef | None:
    """The maintainers as a vCard organisation (DCAT-AP: dcat:contactPoint → vcard:Kind), from the manifest."""
    if not (meta.contact_email or meta.contact_url):
        return None
    node = URIRef(f"{agent}/contact")
    g.add((node, RDF.type, VCARD.Kind))
    g.add((node, RDF.type, VCARD.Organization))
    g.add((node, VCARD.fn, en(meta.contact_name or "sosei")))
    if meta.contact_email:
        g.add((node, VCARD.hasEmail, URIRef(f"mailto:{meta.contact_email}")))
    if meta.contact_url:
        g.add((node, VCARD.hasURL, URIRef(meta.contact_url)))
    return node


def _ontology(g: Graph) -> URIRef:
    g.add((SOSEI_ONTOLOGY, RDF.type, DCTERMS.Standard))
    g.add((SOSEI_ONTOLOGY, DCTERMS.title, en("sosei ontology")))
    return SOSEI_ONTOLOGY


def _document(g: Graph, url: str) -> URIRef:
    node = URIRef(url)
    g.add((node, RDF.type, FOAF.Document))
    return node


def _languages(g: Graph, node: URIRef) -> None:
    for lang, label in LANGUAGES.items():
        g.add((node, DCTERMS.language, lang))
        g.add((lang, RDF.type, DCTERMS.LinguisticSystem))
        g.add((lang, RDFS.label, en(label)))


def _date(value) -> Literal:
    return Literal(value.isoformat() if isinstance(value, dt.date) else str(value), datatype=XSD.date)

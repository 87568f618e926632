"""The DCAT catalog of output/: one dcat:Dataset per source document, one dcat:Distribution per dump
format with media type, byte size, sha256 checksum and licence; publisher, spatial and temporal.
"""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from .mapping import SPDX, en, ja, map_fiscal_year, map_municipality, new_graph
from .publish import FORMATS, sha256
from .sources import Municipality
from .uris import ESTAT_SAC, Minter

FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
IANA = "http://www.iana.org/assignments/media-types/"
ADMS = Namespace("http://www.w3.org/ns/adms#")
PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
THEME_GOVERNMENT = URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
THEME_ECONOMY = URIRef("http://publications.europa.eu/resource/authority/data-theme/ECON")


def dataset_path(source_id: str, fmt_suffix: str) -> str:
    """Where a dump lives inside output/."""
    return f"datasets/{source_id}{fmt_suffix}"


def catalog_graph(minter: Minter, download_base: str, entries, municipalities: dict[str, Municipality]) -> Graph:
    """`entries`: (SourceSpec, sha256 of the source, fiscal years, {format key: dump bytes}) per dataset."""
    g = new_graph()
    g.bind("adms", ADMS)
    cat = minter.catalog()
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, ja("sosei 地方創生オープンデータ")))
    g.add((cat, DCTERMS.title, en("sosei: regional revitalization open data")))
    g.add((cat, DCTERMS.description, ja("地方公共団体の地方創生関連資料(総合戦略事業一覧など)から作成したLinked Open Data。")))
    g.add((cat, DCTERMS.description, en("Linked Open Data made from Japanese municipalities' regional-revitalization documents.")))
    g.add((cat, FOAF.homepage, URIRef(download_base)))
    project = URIRef(minter.base + "agent/sosei")
    g.add((project, RDF.type, FOAF.Agent))
    g.add((project, FOAF.name, en("sosei project")))
    g.add((project, FOAF.homepage, URIRef(download_base)))
    g.add((cat, DCTERMS.publisher, project))
    for spec, source_sha, years, dumps in entries:
        ds = minter.dataset(spec.id)
        muni = municipalities[spec.publisher]
        publisher = map_municipality(g, minter, muni)
        g.add((publisher, DCTERMS.type, PUBLISHER_TYPE))
        g.add((cat, DCAT.dataset, ds))
        g.add((ds, RDF.type, DCAT.Dataset))
        g.add((ds, DCTERMS.identifier, Literal(spec.id)))
        g.add((ds, DCTERMS.title, ja(spec.title)))
        g.add((ds, DCTERMS.title, en(spec.title_en)))
        g.add((ds, DCTERMS.description, ja(spec.description)))
        g.add((ds, DCTERMS.description, en(spec.description_en)))
        g.add((ds, DCTERMS.publisher, publisher))
        g.add((ds, DCTERMS.spatial, URIRef(ESTAT_SAC + muni.sac)))
        g.add((ds, DCAT.theme, THEME_GOVERNMENT))
        g.add((ds, DCAT.theme, THEME_ECONOMY))
        g.add((ds, DCAT.keyword, ja("地方創生")))
        g.add((ds, DCTERMS.source, minter.source(spec.id)))
        g.add((ds, DCTERMS.license, URIRef(spec.license)))
        for year in sorted(years):
            g.add((ds, DCTERMS.temporal, map_fiscal_year(g, minter, year)))
        for name, value in (("issued", spec.issued), ("modified", spec.modified)):
            if value is not None:
                g.add((ds, DCTERMS[name], Literal(value if isinstance(value, dt.date) else str(value), datatype=XSD.date)))
        for fmt in FORMATS:
            data = dumps[fmt.key]
            dist = minter.distribution(spec.id, fmt.key)
            url = URIRef(download_base + dataset_path(spec.id, fmt.suffix))
            g.add((ds, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCTERMS.title, en(f"{spec.id} ({fmt.media_type})")))
            g.add((dist, DCAT.accessURL, url))
            g.add((dist, DCAT.downloadURL, url))
            g.add((dist, DCAT.mediaType, URIRef(IANA + fmt.media_type)))
            g.add((dist, DCTERMS["format"], FILE_TYPE[fmt.file_type]))
            g.add((dist, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
            g.add((dist, DCTERMS.license, URIRef(spec.license)))
            checksum = URIRef(f"{dist}/sha256")
            g.add((dist, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((checksum, SPDX.checksumValue, Literal(sha256(data), datatype=XSD.hexBinary)))
    return g

"""Publishing: byte-identical rebuilds, dumps that re-parse to one graph in every format (with two
independent parsers), a catalog whose sizes and checksums are those of the files, and a committed
output/ that is exactly what a fresh build gives.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF

from pipeline.build import run
from pipeline.mapping import SPDX

ROOT = Path(__file__).resolve().parent.parent


def files_of(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_second_build_is_byte_identical(built, tmp_path):
    settings, _ = built
    again = dataclasses.replace(settings, output_dir=tmp_path / "output", store_dir=tmp_path / "store")
    run(again)
    assert files_of(again.output_dir) == files_of(settings.output_dir)


def test_committed_output_is_what_a_fresh_build_gives(built):
    settings, _ = built
    fresh, committed = files_of(settings.output_dir), files_of(ROOT / "output")
    assert sorted(committed) == sorted(fresh), "run `sosei build` and commit output/"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"output/ is stale ({stale}); run `sosei build` and commit output/"


# Triples a dataset has at least: the strategy list is large; a certification list page or one plan is not.
MIN_TRIPLES = {"asahikawa-r6-sogo-senryaku-jigyo": 1000}


def _datasets(settings) -> list[str]:
    return sorted(p.stem for p in (settings.output_dir / "datasets").glob("*.ttl"))


def test_every_dump_reparses_to_the_same_graph(built):
    settings, _ = built
    out = settings.output_dir / "datasets"
    for name in _datasets(settings):
        ttl = Graph().parse(out / f"{name}.ttl", format="turtle")
        nt = Graph().parse(out / f"{name}.nt", format="nt")
        jsonld = Graph().parse(out / f"{name}.jsonld", format="json-ld")  # resolves context.jsonld beside it
        assert len(ttl) > MIN_TRIPLES.get(name, 100)
        assert isomorphic(ttl, nt) and isomorphic(ttl, jsonld)
        # a second, independent parser (Oxigraph) reads the same triples
        ox_ttl = {str(q.triple) for q in ox.parse(path=str(out / f"{name}.ttl"), format=ox.RdfFormat.TURTLE)}
        ox_nt = {str(q.triple) for q in ox.parse(path=str(out / f"{name}.nt"), format=ox.RdfFormat.N_TRIPLES)}
        assert ox_ttl == ox_nt and len(ox_ttl) == len(ttl)


def test_no_blank_nodes_anywhere(built):
    settings, _ = built
    for f in sorted(settings.output_dir.rglob("*.ttl")):
        g = Graph().parse(f, format="turtle")
        assert not [t for t in g if any(isinstance(x, BNode) for x in t)], f


def test_catalog_describes_each_file_with_its_size_and_checksum(built):
    settings, _ = built
    cat = Graph().parse(settings.output_dir / "catalog.ttl", format="turtle")
    assert isomorphic(cat, Graph().parse(settings.output_dir / "catalog.jsonld", format="json-ld"))
    dists = list(cat.subjects(RDF.type, DCAT.Distribution))
    assert len(dists) == 3 * len(_datasets(settings))
    for d in dists:
        url = str(cat.value(d, DCAT.downloadURL))
        assert url.startswith(settings.download_base_url)
        data = (settings.output_dir / url[len(settings.download_base_url):]).read_bytes()
        assert int(cat.value(d, DCAT.byteSize)) == len(data)
        checksum = cat.value(d, SPDX.checksum)
        assert str(cat.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert cat.value(d, DCAT.mediaType) is not None and cat.value(d, URIRef("http://purl.org/dc/terms/license"))


@pytest.mark.parametrize("prop", ["publisher", "spatial", "temporal", "license", "source", "title", "description"])
def test_each_dataset_has(built, prop):
    settings, _ = built
    cat = Graph().parse(settings.output_dir / "catalog.ttl", format="turtle")
    for ds in cat.subjects(RDF.type, DCAT.Dataset):
        assert cat.value(ds, URIRef(f"http://purl.org/dc/terms/{prop}")) is not None, (ds, prop)


def test_base_iri_is_configurable(built, tmp_path):
    settings, _ = built
    other = dataclasses.replace(settings, base_iri="https://example.org/lod/", output_dir=tmp_path / "o",
                                store_dir=tmp_path / "s")
    run(other)
    text = (other.output_dir / "datasets" / f"{_datasets(settings)[0]}.nt").read_text(encoding="utf-8")
    assert "<https://example.org/lod/municipality/012041>" in text
    assert "https://w3id.org/sosei/id/" not in text

"""The changes between two editions published as a dataset (a sosei:Changeset), through the build.

Which pairs to publish is data: sources/changesets.toml beside the manifest, one [[changeset]] with
`old` and `new` source ids each. The build reads both editions again (with the rename table), so the
changeset is as deterministic as the editions: same inputs, same bytes. Every change points at the
listings it compares (each with its year, document and line) and the changeset at both datasets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, XSD

from .diff import Change, diff
from .editions import Edition, EditionProject
from .mapping import integer, ja, new_graph
from .series import Series, entries
from .sources import ManifestError, SourceSpec
from .uris import SOSEI, Minter

CHANGESETS_FILE = "changesets.toml"


@dataclass(frozen=True)
class ChangesetSpec:
    old: str
    new: str

    @property
    def id(self) -> str:
        return f"changes-{self.old}-to-{self.new}"


def load_changesets(path: Path, known: set[str]) -> list[ChangesetSpec]:
    """sources/changesets.toml; a missing file is none. Unknown source ids are a manifest error."""
    out = []
    for i, entry in enumerate(entries(path, "changeset"), 1):
        for field in ("old", "new"):
            if entry.get(field) not in known:
                raise ManifestError(f"{path.name}: [[changeset]] #{i}: {field} = {entry.get(field)!r} "
                                    "is no source id of the manifest")
        out.append(ChangesetSpec(entry["old"], entry["new"]))
    return out


def changeset_spec(cs: ChangesetSpec, old: SourceSpec, new: SourceSpec) -> SourceSpec:
    """What the build and the HTML pages know of a changeset, in the shape of a manifest entry."""
    return SourceSpec(
        id=cs.id, file="", layout="changeset", publisher=new.publisher,
        title=f"変更一覧: {old.title} → {new.title}", title_en=f"Changes: {old.title_en} → {new.title_en}",
        description=f"{old.title}から{new.title}への事業の新規・廃止・名称変更・移動・予算増減・部局変更。",
        description_en=f"Projects new, dropped, renamed, moved, with budget and department changes, from {old.id} to {new.id}.",
        fiscal_year=new.fiscal_year, license=new.license, attribution=f"{old.attribution} / {new.attribution}")


def changeset_graph(minter: Minter, cs: ChangesetSpec, old: Edition, new: Edition, series: Series) -> Graph:
    """The changeset dataset: each change with what it compares, and provenance to both editions."""
    g = new_graph()
    ds = minter.dataset(cs.id)
    g.add((ds, RDF.type, SOSEI.Changeset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.identifier, Literal(cs.id)))
    g.add((ds, DCTERMS.title, ja(f"変更一覧: {old.spec.title} → {new.spec.title}")))
    g.add((ds, SOSEI.oldEdition, minter.dataset(old.spec.id)))
    g.add((ds, SOSEI.newEdition, minter.dataset(new.spec.id)))
    for e in (old, new):
        g.add((ds, PROV.wasDerivedFrom, minter.dataset(e.spec.id)))
        g.add((ds, PROV.wasDerivedFrom, minter.source(e.spec.id)))
    for c in diff(old, new):
        map_change(g, minter, ds, c, old, new, series)
    return g


def map_change(g: Graph, minter: Minter, ds: URIRef, c: Change, old: Edition, new: Edition, series: Series) -> URIRef:
    code = new.spec.publisher
    node = URIRef(f"{ds}/change/{c.kind}/{_segment(minter, code, c.key)}")
    g.add((node, RDF.type, SOSEI.ProjectChange))
    g.add((node, SOSEI.changeset, ds))
    g.add((node, SOSEI.changeKind, Literal(c.kind)))
    g.add((node, SOSEI.changedProject, minter.project(code, series.key(code, c.key))))
    g.add((node, RDFS.label, ja(f"{c.kind}: {c.project}")))
    for prop, value in ((SOSEI.oldValue, c.old), (SOSEI.newValue, c.new)):
        if value:
            g.add((node, prop, Literal(value)))
    if c.difference_yen is not None:
        g.add((node, SOSEI.amountDifference, integer(c.difference_yen)))
    if c.difference_percent is not None:
        g.add((node, SOSEI.percentDifference, Literal(str(c.difference_percent), datatype=XSD.decimal)))
    for prop, edition, p in ((SOSEI.oldListing, old, c.old_project), (SOSEI.newListing, new, c.new_project)):
        if p is not None:
            g.add((node, prop, listing_iri(minter, edition, p)))
    return node


def listing_iri(minter: Minter, edition: Edition, p: EditionProject) -> URIRef:
    """The IRI the edition's mapping gave the project's defining row (pipeline/layouts/strategy_project_list)."""
    r = p.original
    plan = minter.plan(edition.spec.publisher, edition.plist.plan)
    return minter.listing(minter.measure(minter.goal(plan, r.goal), r.measure), edition.year, r.project)


def _segment(minter: Minter, code: str, key: str) -> str:
    return str(minter.project(code, key)).rsplit("/", 1)[1]


def changesets(manifest: Path, specs: list[SourceSpec], series: Series, minter: Minter) -> list[tuple[SourceSpec, Graph]]:
    """Each changeset of sources/changesets.toml: its manifest-shaped description and its graph."""
    from .editions import read_edition

    by_id = {s.id: s for s in specs}
    out = []
    for cs in load_changesets(manifest.parent / CHANGESETS_FILE, set(by_id)):
        old, new = (read_edition(by_id[i], manifest, series) for i in (cs.old, cs.new))
        out.append((changeset_spec(cs, old.spec, new.spec), changeset_graph(minter, cs, old, new, series)))
    return out

"""The SQLite page store of the previous build (pagestore.py) updated by the triples that changed, and the
pages whose bytes can differ found from them: the rest are linked from the previous output/.

A build that renders its pages keeps the page store beside the store (`page_store_path`) and records in
its cache (`PagesRecord`) what it was made from: each data graph's N-Triples dump (output/-relative path
and sha256), catalog.ttl and void.ttl (sha256), the ontology, base_iri and code, and the page store file's
inode, size and modification time. The next build with the same ontology, base_iri and code, whose
output/ still holds what that build wrote (pagejobs.remember_pages), diffs each changed dump against its
copy in output/ (and catalog.ttl, void.ttl), keeps the triples whose presence in the union of the data
graphs flipped (`flipped`: old presence from the page store, new from the build's store), and applies
them to the page store (`apply`).

What a page shows (html.Renderer.page, resources.resource_files): its node's outgoing and incoming triples;
the nodes it shows inline (unlabeled in-neighbours, unlabeled out-neighbours under base_iri, its parts:
resources whose home it is), each with its types and outgoing triples; and, for every node those triples
link to or come from, its label, whether it has a page (and where) and whether it has triples. A node's
label, types, page and having triples all derive from its outgoing triples. So every fact that can
change a page is one of: a node X's outgoing triples (X in `subjects`); a node's incoming triples (only
its own page shows them: it is the object of a flipped triple, in `objects`); what a link to X shows, its
label, page or having triples (X in `referred`); a resource's home (`moved`). The pages to render
(`reach`), in the old state and in the new one, are therefore: every subject and object; for each subject
X with triples and no page (it may be shown inline), the pages of its neighbours N(X) (objects of its
outgoing triples, subjects of its incoming ones) and of its home; for each X in referred, also N(X), and
for each of X and N(X) with triples and no page (shown inline somewhere, with its link to X), that node's
neighbours and home; and the old and new home of every resource whose home moved. A fact shown on a page
in the old state is found by the old state's reach, one shown in the new state by the new state's.
The one fact reach does not follow: a data label given to a predicate IRI (a row's heading names it,
html.Renderer.term_name): a change to one (not labeled by the ontology) renders every page.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .pageindex import RDF_TYPE, Index
from .pagestore import _obj, _row, as_stored

SHARE = 0.2  # above this share of the pages to render, every page is rendered (no linking)
META = ("catalog.ttl", "void.ttl")  # the data graphs besides the dumps, as written in output/


@dataclass(frozen=True)
class PagesRecord:
    pages_key: str  # the key pagejobs.remember_pages listed html/ under
    made_from: tuple  # (sha256 of the ontology, base_iri, code digest)
    graphs: dict  # data graph IRI → (output/-relative path of its N-Triples dump, sha256)
    meta: dict  # "catalog.ttl", "void.ttl" → sha256
    page_store: tuple  # (inode, size, modification time in ns) of the page store file


def page_store_path(store_dir: Path) -> Path:
    return Path(store_dir).parent / "pages.sqlite"


def record_key(store_dir: Path, code: str) -> str:
    from .cache import digest

    return digest("pages-record", str(Path(store_dir).resolve()), code)


def file_id(path: Path) -> tuple:
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


# --- the triples that changed ---------------------------------------------------------------------------

def _triples(path: Path, sha256: str | None = None) -> set | None:
    """The triples of an RDF file (Oxigraph's, as parsed); None when it is not the file of `sha256`."""
    from .cache import file_sha256
    from .pagestore import _FORMATS

    try:
        if sha256 is not None and file_sha256(path) != sha256:
            return None
        return set(ox.parse(path=str(path), format=_FORMATS[path.suffix]))
    except (OSError, SyntaxError, ValueError):
        return None


def changed_triples(record: PagesRecord, out_dir: Path, writer, graphs: dict) -> set | None:
    """Every triple one data graph said and its new version does not, or the reverse, as the page store
    holds triples (pagestore.file_triples: literals in the store's canonical form); None when a previous
    file is not the one recorded, or a blank node is among them (its label is the parser's)."""
    found = set()
    pairs = [(record.graphs.get(iri), graphs.get(iri)) for iri in sorted(set(record.graphs) | set(graphs))]
    pairs += [((rel, record.meta.get(rel)), (rel, writer.digests[rel].sha256)) for rel in META]
    for old, new in pairs:
        if old is not None and new is not None and old == new:
            continue
        before = _triples(Path(out_dir) / old[0], old[1]) if old is not None else set()
        after = _triples(Path(writer.path(new[0]))) if new is not None else set()
        if before is None or after is None:
            return None
        found |= before ^ after
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in found):
        return None
    return set(as_stored(found))


def flipped(db, store: ox.Store, ontology_graph: str, candidates: set) -> tuple[set, set]:
    """(removed, added): the candidates the union of the data graphs said and no longer says (the page
    store holds the old union), and the reverse (the build's store holds the new one, ontology aside)."""
    from .pageindex import to_ox

    removed, added = set(), set()
    for t in candidates:
        s, p, o = t
        before = db.execute("SELECT 1 FROM t WHERE s = ? AND p = ? AND o = ? AND lang = ? AND dt = ?",
                            _row(s, p, o)).fetchone() is not None
        after = any(isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != ontology_graph
                    for q in store.quads_for_pattern(to_ox(s), ox.NamedNode(p), to_ox(o), None))
        if before and not after:
            removed.add(t)
        elif after and not before:
            added.add(t)
    return removed, added


# --- the page store, read and updated -------------------------------------------------------------------

class State:
    """What reach and apply ask of the page store: a node's neighbours, page, home (the page store as it
    is when asked; kept per node, so one State per state)."""

    def __init__(self, db, base: str):
        self.db, self.base, self._near = db, base, {}

    def neighbours(self, node: str) -> set:
        found = self._near.get(node)
        if found is None:
            found = self._near[node] = (
                {o for (o,) in self.db.execute("SELECT o FROM t WHERE s = ? AND dt = ''", (node,))}
                | {s for (s,) in self.db.execute("SELECT s FROM t WHERE o = ? AND dt = ''", (node,))})
        return found

    def node(self, node: str) -> tuple | None:
        """(label, page) of a node with triples; None for one without."""
        return self.db.execute("SELECT label, page FROM nodes WHERE iri = ?", (node,)).fetchone()

    def home(self, node: str) -> str | None:
        """The page of the longest IRI prefix of `node` that has one, for a node under base_iri with
        triples and no page (html.homes); else None."""
        row = self.node(node)
        if row is None or row[1] or not node.startswith(self.base):
            return None
        up = node
        while "/" in up[len(self.base):]:
            up = up.rsplit("/", 1)[0]
            found = self.node(up)
            if found is not None and found[1]:
                return up
        return None


def reach(state: State, changes: Changes) -> set:
    """Every node whose page may show a fact that changed (module docstring), in `state`."""
    found = set(changes.subjects) | changes.objects
    for x in changes.subjects:
        row = state.node(x)
        if row is not None and not row[1]:  # shown inline on the pages of its neighbours, or its home's
            found |= state.neighbours(x)
            found.add(state.home(x))
        if x not in changes.referred:
            continue
        near = state.neighbours(x)  # each shows its label, page, has-triples (or one shown there does)
        found |= near
        for d in (x, *near):
            row = state.node(d)
            if row is not None and not row[1]:
                found |= state.neighbours(d)
                found.add(state.home(d))
    found.discard(None)
    return found


def _outgoing(db, node: str) -> set:
    return {(p, _obj(o, lang, dt)) for p, o, lang, dt in db.execute("SELECT p, o, lang, dt FROM t WHERE s = ?", (node,))}


def _info(node: str, po: set, base: str) -> tuple:
    """(label, page, types, has triples) of a node with outgoing `po` (PageStore._node_rows)."""
    one = Index()
    one.out[node] = set(po)
    label, types = one.label(node), one.types(node)
    page = bool(po) and node.startswith(base) and not node.endswith("/") and bool(label) and bool(types)
    return label, page, types, bool(po)


@dataclass
class Changes:
    subjects: set  # nodes whose outgoing triples changed
    objects: set  # IRI objects of the triples that flipped: their incoming triples changed
    referred: set  # subjects whose label, page or having triples changed: what a link to them shows
    info: dict  # subject → ((label, page, types) before, after)
    moved: set = field(default_factory=set)  # old and new homes of the resources whose home moved (apply)

    @property
    def gone(self) -> set:
        """Nodes that had a page and have none."""
        return {s for s, (was, now) in self.info.items() if was[1] and not now[1]}

    @property
    def listed(self) -> bool:
        """Whether html/index.html changes: a page's label, types or existence, or a class's label."""
        return any(was != now and (was[1] or now[1] or was[0] != now[0]) for was, now in self.info.values())

    @property
    def relabeled(self) -> set:
        return {s for s, (was, now) in self.info.items() if was[0] != now[0]}


def changes_of(db, base: str, removed: set, added: set) -> Changes:
    """What the flipped triples change, from the page store before they are applied."""
    gone, new = defaultdict(set), defaultdict(set)
    for s, p, o in removed:
        gone[s].add((p, o))
    for s, p, o in added:
        new[s].add((p, o))
    info = {}
    for s in set(gone) | set(new):
        before = _outgoing(db, s)
        info[s] = (_info(s, before, base), _info(s, (before - gone[s]) | new[s], base))
    objects = {o for _, _, o in removed | added if type(o) is str}
    referred = {s for s, (was, now) in info.items() if (was[0], was[1], was[3]) != (now[0], now[1], now[3])}
    return Changes(set(info), objects, referred, info)


def apply(db, base: str, removed: set, added: set, changes: Changes) -> None:
    """The page store made to hold the new union: its triples, and the nodes, types and homes of what
    changed (the homes that moved in changes.moved)."""
    old = State(db, base)
    info = changes.info
    db.execute("BEGIN")
    db.executemany("DELETE FROM t WHERE s = ? AND p = ? AND o = ? AND lang = ? AND dt = ?", (_row(*t) for t in removed))
    db.executemany("INSERT OR IGNORE INTO t VALUES (?, ?, ?, ?, ?)", (_row(*t) for t in added))
    homeless = {s for s in changes.subjects if s.startswith(base)}
    for s in (s for s, (was, now) in info.items() if was[1] != now[1]):  # what is under a node that gained
        homeless |= {iri for (iri,) in db.execute(  # or lost a page may move home
            "SELECT iri FROM nodes WHERE iri > ? AND iri < ?", (s + "/", s + "0"))}
    homes_old = {r: old.home(r) for r in homeless}  # the nodes table is still the old one
    for s, (was, now) in info.items():
        db.execute("DELETE FROM nodes WHERE iri = ?", (s,))
        if was[1]:
            db.executemany("DELETE FROM types WHERE cls = ? AND iri = ?", ((c, s) for c in was[2]))
        if now[3]:
            db.execute("INSERT INTO nodes VALUES (?, ?, ?)", (s, now[0], int(now[1])))
            if now[1]:
                db.executemany("INSERT OR IGNORE INTO types VALUES (?, ?)",
                               ((o, s) for (o,) in db.execute("SELECT o FROM t WHERE s = ? AND p = ?", (s, RDF_TYPE))))
    new = State(db, base)
    for r in sorted(homeless):
        was, now = homes_old[r], new.home(r)
        if was != now:
            if was is not None:
                db.execute("DELETE FROM homes WHERE home = ? AND iri = ?", (was, r))
            if now is not None:
                db.execute("INSERT INTO homes VALUES (?, ?)", (now, r))
            changes.moved |= {was, now} - {None}
    db.execute("COMMIT")


def _has_triples(db, node: str) -> bool:
    return db.execute("SELECT 1 FROM t WHERE s = ? LIMIT 1", (node,)).fetchone() is not None


def names_a_predicate(store: ox.Store, vocab, nodes: set) -> bool:
    """Whether a node of `nodes` is a predicate of some triple with no label in the ontology: its data
    label heads rows on any page (html.Renderer.term_name)."""
    return any(vocab.label(n) is None and next(store.quads_for_pattern(None, ox.NamedNode(n), None, None), None) is not None
               for n in nodes if not n.startswith("_:"))

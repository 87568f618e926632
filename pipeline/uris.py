"""The URI policy (README "URI policy"): every IRI is minted from a municipality code, a fiscal year
where it belongs, and printed codes or normalized names — never from row order — under a configurable
base. The same inputs give the same IRIs, run after run and edition after edition.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rdflib import Namespace, URIRef

from .normalize import NormalizeError, squeeze
from .records import Issue, Severity, SourceRef


class Vocabulary(Namespace):
    """rdflib's Namespace, each term made once per process: `SOSEI.year` otherwise makes and checks a new
    URIRef at every use (some 300,000 for the documents of the N = 20 corpus), and a graph's index
    compares equal but distinct terms with rdflib's __eq__ where one and the same is found at once."""

    def __new__(cls, value: str) -> "Vocabulary":
        ns = super().__new__(cls, value)
        ns._terms = {}
        return ns

    def term(self, name: str) -> URIRef:
        if not isinstance(name, str):  # rdflib's own handling of slices
            return super().term(name)
        found = self._terms.get(name)
        if found is None:
            found = self._terms[name] = super().term(name)
        return found

    def __getattr__(self, name: str) -> URIRef:
        found = super().__getattr__(name)  # AttributeError for Python's special names
        self.__dict__[name] = found  # found by plain attribute lookup from now on
        return found


SOSEI = Vocabulary("https://w3id.org/sosei/ns#")
VOCAB = "https://w3id.org/sosei/vocab/"
PHASE = Vocabulary(VOCAB + "budget-phase/")
PROGRESS_STATUS_SCHEME = VOCAB + "progress-status"
PROGRESS_STATUS = Vocabulary(PROGRESS_STATUS_SCHEME + "/")

GRADE = Vocabulary(VOCAB + "evaluation-grade/")
DIRECTION = Vocabulary(VOCAB + "direction/")
FUNDING = Vocabulary(VOCAB + "funding/")
ESTAT_SAC = "http://data.e-stat.go.jp/lod/sac/"
WIKIDATA = "http://www.wikidata.org/entity/"
SOSEI_ONTOLOGY = URIRef("https://w3id.org/sosei/ns")


MAX_SEGMENT = 100  # characters of a name kept in an IRI segment; a longer name keeps a prefix and a hash
_IRI_UNSAFE = re.compile(r"[\s<>\"{}|\\^`/?#\[\]@%&=+;:,'!$*]")
_REMOVED = frozenset({"Cc", "Cf", "Cs"})  # controls, format characters (bidi overrides, zero widths), surrogates


def _iri_char(c: str) -> bool:
    """Whether an IRI path may hold `c` as it is (RFC 3987 iunreserved: ASCII letters, digits, -._~ and
    ucschar; the sub-delimiters left after _IRI_UNSAFE, '(' and ')')."""
    n = ord(c)
    if n < 0x80:
        return c.isalnum() or c in "-._~()"
    if (n & 0xFFFF) >= 0xFFFE:  # the last two code points of every plane are noncharacters
        return False
    return (0xA0 <= n <= 0xD7FF or 0xF900 <= n <= 0xFDCF or 0xFDF0 <= n <= 0xFFEF
            or 0x10000 <= n <= 0xDFFFF or 0xE1000 <= n <= 0xEFFFD)


def _percent(c: str) -> str:
    return "".join(f"%{b:02X}" for b in c.encode("utf-8"))


def _shown(name: str, limit: int = 60) -> str:
    """A name as a one-line message quotes it: escaped, and cut (with its length said) when long."""
    return repr(name) if len(name) <= limit else f"{name[:limit]!r}… ({len(name)} characters)"


@dataclass(frozen=True)
class Minted:
    """An IRI path segment and what minting it changed beyond normalization (each note reported)."""

    segment: str
    notes: tuple[tuple[str, Severity, str], ...] = ()  # (issue code, severity, message)


@lru_cache(maxsize=1 << 16)  # pure; names recur (partition keys, units, departments)
def mint_segment(name: str) -> Minted:
    """A valid IRI path segment from any string (total: no string raises but a blank one).

    NFKC, spaces removed, IRI-reserved characters → '-' (the README's URI policy; Japanese stays
    readable). Controls, format characters (bidi overrides, zero widths) and lone surrogates are
    removed and reported; other code points an IRI may not hold (private use, noncharacters) are
    percent-encoded; a name of dots only (path traversal) or longer than MAX_SEGMENT characters keeps a
    readable prefix and a hash of the whole normalized name, reported. Raises NormalizeError for a
    name with nothing to mint from (empty or only spaces).
    """
    notes = []
    removed = sorted({c for c in name if unicodedata.category(c) in _REMOVED})
    if removed:
        shown = ", ".join(f"U+{ord(c):04X}" for c in removed)
        notes.append(("control-characters", Severity.WARNING,
                      f"{shown} removed from the IRI of {_shown(name)}; the label keeps the text as printed"))
        name = "".join(c for c in name if c not in removed)
    s = _IRI_UNSAFE.sub("-", squeeze(name))
    s = "".join(c if _iri_char(c) else _percent(c) for c in re.sub(r"-{2,}", "-", s).strip("-"))
    if not s:
        raise NormalizeError(f"name gives an empty IRI segment: {_shown(name)}")
    digest = hashlib.sha256(s.encode("utf-8")).hexdigest()[:12]
    if not s.strip("."):  # "." and ".." would be resolved away by any IRI client
        notes.append(("unreadable-name", Severity.INFO, f"{_shown(name)} gives no readable IRI segment; "
                      f"minted one from its hash ({digest})"))
        return Minted(f"h-{digest}", tuple(notes))
    if len(s) > MAX_SEGMENT:
        cut = s[:MAX_SEGMENT - len(digest) - 1]
        cut = re.sub(r"%[0-9A-F]?$", "", cut).rstrip("-.")
        notes.append(("long-name", Severity.INFO, f"{_shown(name)} is longer than {MAX_SEGMENT} characters; "
                      f"its IRI keeps the first {len(cut)} and a hash ({digest}), its label the whole name"))
        s = f"{cut}-{digest}"
    return Minted(s, tuple(notes))


def iri_segment(name: str) -> str:
    return mint_segment(name).segment


@dataclass(frozen=True)
class Minter:
    base: str  # ends in '/'
    # what minting changed beyond normalization, per name: read (and emptied) by take_issues
    notes: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    # IRI text → the URIRef minted for it: a source, its lines, municipality and years recur on many
    # triples; made (and checked) once, and one object, found at once in a graph's indexes
    terms: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def _iri(self, *segments: str) -> URIRef:
        text = self.base + "/".join(segments)
        found = self.terms.get(text)
        if found is None:
            found = self.terms[text] = URIRef(text)
        return found

    def segment(self, name: str) -> str:
        minted = mint_segment(name)
        for note in minted.notes:
            self.notes.setdefault(note, None)
        return minted.segment

    def take_issues(self, source: SourceRef) -> list[Issue]:
        """The notes of the names minted so far as Issues located at `source` (the document), one per
        code (a document-level annotation per code), naming the first few names."""
        by_code: dict[tuple[str, Severity], list[str]] = {}
        for code, severity, message in self.notes:
            by_code.setdefault((code, severity), []).append(message)
        self.notes.clear()
        return [Issue(code, severity, "; ".join(msgs[:3]) + (f"; and {len(msgs) - 3} more" if len(msgs) > 3 else ""),
                      source) for (code, severity), msgs in by_code.items()]

    def municipality(self, code: str) -> URIRef:
        return self._iri("municipality", code)

    def department(self, code: str, name: str) -> URIRef:
        return self._iri("municipality", code, "department", self.segment(name))

    def plan(self, code: str, name: str) -> URIRef:
        return self._iri("municipality", code, "plan", self.segment(name))

    def goal(self, plan: URIRef, number: str) -> URIRef:
        return URIRef(f"{plan}/goal/{self.segment(number)}")

    def measure(self, goal: URIRef, path: tuple[str, ...]) -> URIRef:
        return URIRef(f"{goal}/measure/{'-'.join(self.segment(p) for p in path)}")

    def project(self, code: str, name: str) -> URIRef:
        return self._iri("municipality", code, "project", self.segment(name))

    def listing(self, measure: URIRef, fiscal_year: int, project_name: str) -> URIRef:
        return URIRef(f"{measure}/listing/{fiscal_year}/{self.segment(project_name)}")

    def amount(self, project: URIRef, fiscal_year: int, phase: str) -> URIRef:
        return URIRef(f"{project}/amount/{fiscal_year}/{phase}")

    def local_government(self, prefecture: str, name: str) -> URIRef:
        """A local government sosei has no code for (not in municipalities.toml): by prefecture and name."""
        return self._iri("local-government", self.segment(prefecture), self.segment(name))

    def amendment(self, plan: URIRef, when: date) -> URIRef:
        return URIRef(f"{plan}/amendment/{when.isoformat()}")

    def plan_document(self, plan: URIRef) -> URIRef:
        return URIRef(f"{plan}/document")

    def period(self, owner: URIRef) -> URIRef:
        return URIRef(f"{owner}/period")

    def kpi(self, plan: URIRef, name: str) -> URIRef:
        return URIRef(f"{plan}/kpi/{self.segment(name)}")

    def kpi_target(self, kpi: URIRef, when: date) -> URIRef:
        return URIRef(f"{kpi}/target/{when.isoformat()}")

    def funded_project(self, plan: URIRef, name: str) -> URIRef:
        return URIRef(f"{plan}/project/{self.segment(name)}")

    def support_measure(self, project: URIRef, key: str) -> URIRef:
        return URIRef(f"{project}/support-measure/{self.segment(key)}")

    def total_cost(self, project: URIRef, phase: str) -> URIRef:
        return URIRef(f"{project}/total-cost/{phase}")

    def assessment(self, project: URIRef, as_of: date) -> URIRef:
        """A project's progress as a list states it at `as_of` (one per project and list date)."""
        return URIRef(f"{project}/progress/{as_of.isoformat()}")

    def evaluation(self, measure: URIRef, fiscal_year: int) -> URIRef:
        """A measure's evaluation (施策評価) of one fiscal year."""
        return URIRef(f"{measure}/evaluation/{fiscal_year}")

    def direction(self, project: URIRef, stated_in: int, fiscal_year: int) -> URIRef:
        """The direction (方向性) a plan of fiscal year `stated_in` gives a project for `fiscal_year`."""
        return URIRef(f"{project}/direction/{stated_in}/{fiscal_year}")

    def fiscal_year(self, year: int) -> URIRef:
        return self._iri("fiscal-year", str(year))

    def dataset(self, source_id: str) -> URIRef:
        return self._iri("dataset", source_id)

    def all_datasets(self) -> URIRef:
        """Every dataset together (the combined N-Quads dump, the VoID description's root)."""
        return self._iri("dataset")

    def void_part(self, dataset: URIRef, kind: str, key: str) -> URIRef:
        """A VoID class/property partition or linkset of a dataset; `key` is a prefixed name or a hash."""
        return URIRef(f"{dataset}/void/{kind}/{self.segment(key)}")

    def void_target(self, name: str) -> URIRef:
        """An external dataset sosei links to (e-Stat SAC, Wikidata), as a VoID linkset target."""
        return self._iri("void", "target", name)

    def agent(self, name: str) -> URIRef:
        return self._iri("agent", name)

    def distribution(self, source_id: str, fmt: str) -> URIRef:
        return self._iri("dataset", source_id, "distribution", fmt)

    def total(self, source_id: str, label: str) -> URIRef:
        return self._iri("dataset", source_id, "total", self.segment(label))

    def source(self, source_id: str) -> URIRef:
        return self._iri("source", source_id)

    def location(self, source_id: str, page: int | None, line: int) -> URIRef:
        """A line of a source; paged sources (PDF) number lines per page, so the page is part of it."""
        if page is None:
            return self._iri("source", source_id, "line", str(line))
        return self._iri("source", source_id, "page", str(page), "line", str(line))

    def void(self) -> URIRef:
        return self._iri("void")

    def catalog(self) -> URIRef:
        return self._iri("catalog")

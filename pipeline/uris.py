"""The URI policy (README "URI policy"): every IRI is minted from a municipality code, a fiscal year
where it belongs, and printed codes or normalized names — never from row order — under a configurable
base. The same inputs give the same IRIs, run after run and edition after edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rdflib import Namespace, URIRef

from .normalize import iri_segment

SOSEI = Namespace("https://w3id.org/sosei/ns#")
VOCAB = "https://w3id.org/sosei/vocab/"
PHASE = Namespace(VOCAB + "budget-phase/")
PROGRESS_STATUS_SCHEME = VOCAB + "progress-status"
PROGRESS_STATUS = Namespace(PROGRESS_STATUS_SCHEME + "/")

GRADE = Namespace(VOCAB + "evaluation-grade/")
DIRECTION = Namespace(VOCAB + "direction/")
FUNDING = Namespace(VOCAB + "funding/")
ESTAT_SAC = "http://data.e-stat.go.jp/lod/sac/"
WIKIDATA = "http://www.wikidata.org/entity/"
SOSEI_ONTOLOGY = URIRef("https://w3id.org/sosei/ns")


@dataclass(frozen=True)
class Minter:
    base: str  # ends in '/'

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    def municipality(self, code: str) -> URIRef:
        return self._iri("municipality", code)

    def department(self, code: str, name: str) -> URIRef:
        return self._iri("municipality", code, "department", iri_segment(name))

    def plan(self, code: str, name: str) -> URIRef:
        return self._iri("municipality", code, "plan", iri_segment(name))

    def goal(self, plan: URIRef, number: str) -> URIRef:
        return URIRef(f"{plan}/goal/{iri_segment(number)}")

    def measure(self, goal: URIRef, path: tuple[str, ...]) -> URIRef:
        return URIRef(f"{goal}/measure/{'-'.join(iri_segment(p) for p in path)}")

    def project(self, code: str, name: str) -> URIRef:
        return self._iri("municipality", code, "project", iri_segment(name))

    def listing(self, measure: URIRef, fiscal_year: int, project_name: str) -> URIRef:
        return URIRef(f"{measure}/listing/{fiscal_year}/{iri_segment(project_name)}")

    def amount(self, project: URIRef, fiscal_year: int, phase: str) -> URIRef:
        return URIRef(f"{project}/amount/{fiscal_year}/{phase}")

    def local_government(self, prefecture: str, name: str) -> URIRef:
        """A local government sosei has no code for (not in municipalities.toml): by prefecture and name."""
        return self._iri("local-government", iri_segment(prefecture), iri_segment(name))

    def amendment(self, plan: URIRef, when: date) -> URIRef:
        return URIRef(f"{plan}/amendment/{when.isoformat()}")

    def plan_document(self, plan: URIRef) -> URIRef:
        return URIRef(f"{plan}/document")

    def period(self, owner: URIRef) -> URIRef:
        return URIRef(f"{owner}/period")

    def kpi(self, plan: URIRef, name: str) -> URIRef:
        return URIRef(f"{plan}/kpi/{iri_segment(name)}")

    def kpi_target(self, kpi: URIRef, when: date) -> URIRef:
        return URIRef(f"{kpi}/target/{when.isoformat()}")

    def funded_project(self, plan: URIRef, name: str) -> URIRef:
        return URIRef(f"{plan}/project/{iri_segment(name)}")

    def support_measure(self, project: URIRef, key: str) -> URIRef:
        return URIRef(f"{project}/support-measure/{iri_segment(key)}")

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
        return URIRef(f"{dataset}/void/{kind}/{iri_segment(key)}")

    def void_target(self, name: str) -> URIRef:
        """An external dataset sosei links to (e-Stat SAC, Wikidata), as a VoID linkset target."""
        return self._iri("void", "target", name)

    def agent(self, name: str) -> URIRef:
        return self._iri("agent", name)

    def distribution(self, source_id: str, fmt: str) -> URIRef:
        return self._iri("dataset", source_id, "distribution", fmt)

    def total(self, source_id: str, label: str) -> URIRef:
        return self._iri("dataset", source_id, "total", iri_segment(label))

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

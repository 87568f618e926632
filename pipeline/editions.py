"""The editions of a strategy project list read side by side: each edition's projects (as the mapper
sees them, renames followed), and the Series the build gives every mapper (years and names seen).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .extract import InputError, read_document
from .layouts import LAYOUTS
from .normalize import squeeze
from .parse import LayoutError
from .reconcile import Project, consolidate
from .records import Listing, ProjectList
from .series import RENAMES_FILE, Series, load_renames
from .sources import SourceSpec

LAYOUT = "strategy-project-list"


@dataclass(frozen=True)
class EditionProject:
    """One project as one edition lists it: its identity key (first name) and what the edition prints."""

    key: str
    project: Project

    @property
    def name(self) -> str:
        """Its name as printed, with its department where projects of that name are told apart by it."""
        p = self.project
        return p.label if squeeze(p.label) == p.key else p.key

    @property
    def original(self) -> Listing:
        return next((r for r in self.project.listings if not r.relisted), self.project.listings[0])

    @property
    def measures(self) -> tuple[str, ...]:
        """Where the edition lists it, 再掲 included: goal-measure paths like '1-ア'."""
        return tuple(sorted({"-".join((r.goal, *r.measure)) for r in self.project.listings}))


@dataclass(frozen=True)
class Edition:
    spec: SourceSpec
    plist: ProjectList
    projects: dict[str, EditionProject]  # by key

    @property
    def year(self) -> int:
        return self.plist.fiscal_year


def read_edition(spec: SourceSpec, manifest: Path, series: Series) -> Edition:
    """Read and parse one edition (a strategy-project-list source) and key its projects.
    Raises InputError/LayoutError as the build does when the file cannot be read."""
    if spec.layout != LAYOUT:
        raise ValueError(f"{spec.id} is a {spec.layout}, not a {LAYOUT}: only editions of a strategy list compare")
    doc = read_document(spec.path(manifest), spec.file)
    plist, _issues = LAYOUTS[spec.layout].parse(doc, spec)
    projects, _ = consolidate(plist.listings)
    keyed = {}
    for p in projects:
        key = series.key(spec.publisher, p.key)
        keyed[key] = EditionProject(key, p)
    return Edition(spec, plist, keyed)


def gather_series(manifest: Path, specs: list[SourceSpec]) -> Series:
    """The rename table beside the manifest, and every strategy list's projects by year: what the
    mappers need to give a project its first and last year and its latest name. Sources that do not
    parse are left out here (the build reports them when it reaches them)."""
    series = Series(load_renames(manifest.parent / RENAMES_FILE))
    for spec in specs:
        if spec.layout != LAYOUT:
            continue
        try:
            edition = read_edition(spec, manifest, series)
        except (InputError, LayoutError):  # reported by the build itself when it reaches the source
            continue
        for key, ep in edition.projects.items():
            series.editions.setdefault((spec.publisher, key), {})[edition.year] = ep.project.label
    return series

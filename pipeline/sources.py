"""The sources manifest (sources/manifest.toml) and the municipality table (sources/municipalities.toml).

Metadata a document does not print (publisher code, licence, original location, issue date …) comes
from here, never from code.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .municipalities import (  # noqa: F401 - the municipality table, re-exported for callers
    ManifestError,
    Municipality,
    MunicipalityTable,
    UnknownMunicipality,
    check_digit,
    load_municipalities,
    valid_code,
)


@dataclass(frozen=True)
class SourceSpec:
    id: str
    file: str
    layout: str
    publisher: str
    title: str
    title_en: str
    description: str
    description_en: str
    fiscal_year: int | None
    license: str
    attribution: str
    issued: dt.date | None = None
    modified: dt.date | None = None
    original_url: str | None = None
    plan: str | None = None
    license_note: str | None = None

    def path(self, manifest: Path) -> Path:
        return manifest.parent / self.file


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_REQUIRED = ("id", "file", "layout", "publisher", "title", "title_en", "description", "description_en",
             "license", "attribution")


def load_manifest(path: Path, layouts: set[str], municipalities: dict[str, Municipality]) -> list[SourceSpec]:
    """Read and check the manifest: required fields, known layouts and publishers, existing files."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no sources manifest here; give one with --manifest") from None
    except tomllib.TOMLDecodeError as e:
        raise ManifestError(f"{path}: {e}") from None
    specs, seen = [], set()
    for i, entry in enumerate(data.get("source", []), start=1):
        where = f"{path}: [[source]] #{i}"
        missing = [k for k in _REQUIRED if not entry.get(k)]
        if missing:
            raise ManifestError(f"{where}: missing {', '.join(missing)}")
        if not _ID.match(entry["id"]) or entry["id"] in seen:
            raise ManifestError(f"{where}: id {entry['id']!r} must be unique, lower-case ASCII, digits and '-'")
        seen.add(entry["id"])
        if entry["layout"] not in layouts:
            raise ManifestError(f"{where}: unknown layout {entry['layout']!r}; known: {', '.join(sorted(layouts))}")
        if str(entry["publisher"]) not in municipalities:
            raise ManifestError(f"{where}: publisher {entry['publisher']!r} is not in the municipality table")
        known = set(SourceSpec.__dataclass_fields__)
        extra = sorted(set(entry) - known)
        if extra:
            raise ManifestError(f"{where}: unknown field(s) {', '.join(extra)}")
        spec = SourceSpec(**{**entry, "publisher": str(entry["publisher"]),
                             "fiscal_year": entry.get("fiscal_year")})
        if not spec.path(path).is_file():
            raise ManifestError(f"{where}: file {spec.file!r} not found beside the manifest")
        specs.append(spec)
    if not specs:
        raise ManifestError(f"{path}: no [[source]] entries")
    return specs

"""The sources manifest (sources/manifest.toml) and the municipality table (sources/municipalities.toml).

Metadata a document does not print (publisher code, licence, original location, issue date …) comes
from here, never from code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
    tolerate: tuple[str, ...] = ()  # issue codes published as warnings (with an annotation), not errors

    def path(self, manifest: Path) -> Path:
        return manifest.parent / self.file


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_REQUIRED = ("id", "file", "layout", "publisher", "title", "title_en", "description", "description_en",
             "license", "attribution")


def _read_toml(path: Path, what: str) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no {what} here; run sosei in a project directory (one with "
                            "sources/manifest.toml) or give --manifest or --config") from None
    except IsADirectoryError:
        raise ManifestError(f"{path}: is a directory, not the {what}") from None
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: the {what} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as e:
        raise ManifestError(f"{path}: {e}") from None
    except OSError as e:
        raise ManifestError(f"{path}: cannot read the {what}: {e.strerror}") from None


def _entries(data: dict, key: str, path: Path) -> list[dict]:
    entries = data.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ManifestError(f"{path}: {key} must be an array of tables, written [[{key}]]")
    return entries


PLACEHOLDER = "TODO:"  # what `sosei add` writes where the document does not say; the loader refuses it


_TYPES = {"fiscal_year": int, "issued": dt.date, "modified": dt.date, "tolerate": list}
_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_types(entry: dict, where: str) -> None:
    for key, value in entry.items():
        want = _TYPES.get(key, str)
        if key == "publisher" and isinstance(value, int):
            continue
        ok = isinstance(value, want) and not (want is int and isinstance(value, bool))
        if want is dt.date:
            ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        if not ok:
            kind = {int: "an integer", dt.date: "a date (YYYY-MM-DD, unquoted)", list: "a list of issue codes",
                    str: "a string"}[want]
            raise ManifestError(f"{where}: {key} must be {kind}, got {value!r}")
    bad = [c for c in entry.get("tolerate", []) if not isinstance(c, str) or not _CODE.match(c)]
    if bad:
        raise ManifestError(f"{where}: tolerate lists issue codes such as \"unread-line\", got {bad[0]!r}")


def source_file(manifest: Path, spec: SourceSpec, where: str) -> Path:
    """The file an entry names: a regular file inside the manifest's directory, never a symlink."""
    root = manifest.parent.resolve()
    path = manifest.parent / spec.file
    if path.is_symlink():
        raise ManifestError(f"{where}: file {spec.file!r} is a symbolic link; put the document itself beside "
                            "the manifest")
    try:
        path.resolve().relative_to(root)
    except ValueError:
        raise ManifestError(f"{where}: file {spec.file!r} is outside the sources directory {root}") from None
    if path.is_dir():
        raise ManifestError(f"{where}: file {spec.file!r} is a directory, not a document")
    if not path.is_file():
        raise ManifestError(f"{where}: file {spec.file!r} not found beside the manifest")
    return path


def _file_sha256(path: Path, where: str) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as e:
        raise ManifestError(f"{where}: cannot read {path.name!r}: {e.strerror}") from None


def load_manifest(path: Path, layouts: set[str], municipalities: dict[str, Municipality]) -> list[SourceSpec]:
    """Read and check the manifest: required fields and their types, unique ids, known layouts and
    publishers, files that exist inside the sources directory, and no document registered twice."""
    data = _read_toml(path, "sources manifest")
    specs, seen, contents = [], set(), {}
    known = set(SourceSpec.__dataclass_fields__)
    for i, entry in enumerate(_entries(data, "source", path), start=1):
        where = f"{path}: [[source]] #{i}" + (f" ({entry['id']})" if isinstance(entry.get("id"), str) else "")
        missing = [k for k in _REQUIRED if entry.get(k) in (None, "")]
        if missing:
            raise ManifestError(f"{where}: missing {', '.join(missing)}")
        unfilled = sorted(k for k, v in entry.items() if isinstance(v, str) and v.startswith(PLACEHOLDER))
        if unfilled:
            raise ManifestError(f"{where}: fill in {', '.join(unfilled)} (still the placeholder `sosei add` wrote)")
        extra = sorted(set(entry) - known)
        if extra:
            raise ManifestError(f"{where}: unknown field(s) {', '.join(extra)}")
        _check_types(entry, where)
        if not _ID.match(entry["id"]):
            raise ManifestError(f"{where}: id {entry['id']!r} must be lower-case ASCII letters, digits and '-'")
        if entry["id"] in seen:
            raise ManifestError(f"{where}: id {entry['id']!r} is used twice; ids must be unique")
        seen.add(entry["id"])
        if entry["layout"] not in layouts:
            raise ManifestError(f"{where}: unknown layout {entry['layout']!r}; known: {', '.join(sorted(layouts))}")
        if str(entry["publisher"]) not in municipalities:
            raise ManifestError(f"{where}: publisher {entry['publisher']!r} is not in the municipality table")
        spec = SourceSpec(**{**entry, "publisher": str(entry["publisher"]),
                             "fiscal_year": entry.get("fiscal_year"),
                             "tolerate": tuple(entry.get("tolerate", ()))})
        digest = _file_sha256(source_file(path, spec, where), where)
        if digest in contents:
            raise ManifestError(f"{where}: file {spec.file!r} has the same content (sha256) as "
                                f"{contents[digest]!r}; register a document once")
        contents[digest] = spec.file
        specs.append(spec)
    if not specs:
        raise ManifestError(f"{path}: no [[source]] entries")
    return specs

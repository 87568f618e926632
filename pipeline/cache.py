"""The build's cache per document: what a document gave (issues, dumps, counts, its VoID figures and CSV
tables) kept on disk under a key made of everything that result depends on, so that an unchanged document
is neither re-parsed nor re-validated.

The key of a document (document_key) is a sha256 over:
- the source file's sha256 and its manifest entry (canonical JSON);
- the base IRI;
- the part of the series (rename table and editions seen) of the document's publisher: a mapper reads
  the series for its own municipality only (Context.code), so a changed strategy list of one
  municipality leaves the entries of the others valid;
- the municipality table (canonical JSON of every municipality);
- the code version (code_digest): pipeline/**/*.py, *.toml, *.ttl (fixtures excluded), ontology/*.ttl,
  shapes/*.ttl, and the versions of Python and of the libraries that make the bytes.

An entry is one file, `<dir>/<key[:2]>/<key>`: a header line, the sha256 of the payload, then the
payload (pickle). It is written to a temporary file and renamed into place, so a reader sees a whole
entry or none; one whose header or checksum does not match, or that does not unpickle, is ignored (and
rebuilt), never trusted. The cache is sosei's own directory (pickle is read from nowhere else).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import shutil
import sys
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

MAGIC = b"sosei-cache 1\n"
ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = ("rdflib", "pyshacl", "pyoxigraph", "pdfplumber", "openpyxl", "beautifulsoup4", "lxml", "jinja2")


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return str(value)  # dates, paths, enums


def canonical(value) -> bytes:
    """JSON with sorted keys and no spacing (dataclasses as dicts, sets sorted): same value, same bytes."""
    return json.dumps(_plain(value) if dataclasses.is_dataclass(value) else value, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"), default=_plain).encode("utf-8")


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def code_files() -> list[Path]:
    """The files whose change changes what a build gives: code, layout tables, shapes, ontology, page
    templates."""
    pipeline = ROOT / "pipeline"
    files = [p for pattern in ("*.py", "*.toml", "*.ttl", "*.html") for p in pipeline.rglob(pattern)
             if "fixtures" not in p.relative_to(pipeline).parts and "__pycache__" not in p.parts]
    files += list((ROOT / "ontology").glob("*.ttl")) + list((ROOT / "shapes").glob("*.ttl"))
    return sorted(set(files))


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The version of sosei's code, shapes and ontology (and of Python and the libraries), computed once."""
    parts: list[bytes | str] = [sys.version.split()[0]]
    parts += [f"{name}=={_version(name)}" for name in LIBRARIES]
    for f in code_files():
        name = f.relative_to(ROOT) if f.is_relative_to(ROOT) else f
        parts += [str(name), hashlib.sha256(f.read_bytes()).hexdigest()]
    return digest(*parts)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def document_key(*, source_sha256: str, spec, base_iri: str, series_part: str, municipalities: str,
                 code: str) -> str:
    """The cache key of one document (see the module docstring)."""
    return digest("document", source_sha256, canonical(spec), base_iri, series_part, municipalities, code)


class Cache:
    """Entries by key under `directory`. With read=False (`sosei build --no-cache`) nothing is found, and
    what is built is still kept: the next build finds it."""

    def __init__(self, directory: Path, read: bool = True):
        self.directory = directory
        self.read = read

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / key

    def __contains__(self, key: str) -> bool:
        return self.read and self.path(key).is_file()

    def get(self, key: str):
        """The value kept under `key`, or None when there is none or it is damaged in any way."""
        if not self.read:
            return None
        try:
            data = self.path(key).read_bytes()
        except OSError:
            return None
        head = len(MAGIC) + 65
        if not data.startswith(MAGIC) or len(data) < head or data[head - 1:head] != b"\n":
            return None
        payload = data[head:]
        if hashlib.sha256(payload).hexdigest().encode("ascii") != data[len(MAGIC):head - 1]:
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # a payload of an older class layout: rebuilt, like a damaged one
            return None

    def put(self, key: str, value) -> bool:
        """Keep `value` under `key` (atomically). Best effort: a cache that cannot be written is skipped."""
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        target = self.path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(MAGIC + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return False
        return True

    def entries(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(p for p in self.directory.glob("*/*") if p.is_file() and not p.name.startswith(".tmp-"))

    def clear(self) -> int:
        """Remove every entry (and the directory); returns how many entries there were."""
        n = len(self.entries())
        if self.directory.is_dir():
            shutil.rmtree(self.directory)
        return n

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


class ManifestError(ValueError):
    """A manifest entry that cannot be used; the message names the manifest and the entry."""


@dataclass(frozen=True)
class Municipality:
    code: str  # 全国地方公共団体コード, 6 digits with check digit
    name: str
    name_en: str | None
    prefecture: str
    wikidata: str | None = None

    @property
    def sac(self) -> str:
        """e-Stat 統計LOD standard area code (the 5-digit code), e.g. C01204."""
        return f"C{self.code[:5]}"


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


def check_digit(code5: str) -> str:
    """Check digit of a 全国地方公共団体コード (JIS X 0402 / 総務省 rule): weights 6,5,4,3,2, modulus 11."""
    if not re.fullmatch(r"\d{5}", code5):
        raise ValueError(f"not a 5-digit local government code: {code5!r}")
    s = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - s % 11) % 10)  # remainder 0 → 1 (苫小牧市 012131), remainder 1 → 0 (紋別市 012190)


def valid_code(code: str) -> bool:
    return bool(re.fullmatch(r"\d{6}", code)) and check_digit(code[:5]) == code[5]


def load_municipalities(path: Path) -> dict[str, Municipality]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = {}
    for i, m in enumerate(data.get("municipality", []), start=1):
        code = str(m.get("code", ""))
        if not valid_code(code):
            raise ManifestError(f"{path}: municipality #{i} ({m.get('name')}): {code!r} is not a valid "
                                "6-digit 全国地方公共団体コード (check digit included)")
        out[code] = Municipality(code, m["name"], m.get("name_en"), m["prefecture"], m.get("wikidata"))
    return out


PLACEHOLDER = "TODO:"  # what `sosei add` writes where the document does not say; the loader refuses it


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
        unfilled = sorted(k for k, v in entry.items() if isinstance(v, str) and v.startswith(PLACEHOLDER))
        if unfilled:
            raise ManifestError(f"{where}: fill in {', '.join(unfilled)} (still the placeholder `sosei add` wrote)")
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

"""One project across the editions of a document series: the rename table (sources/renames.toml) and
what the build knows of every edition (the years each project is listed in, the names it carried).

A project's IRI is minted from the first name it carried: a rename in the table keeps it, so the IRI
does not change when a later edition renames the project, nor when the table learns of a rename.
Pure data; build.py loads the table and gathers the editions, mappers read them through Context.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .normalize import squeeze
from .sources import ManifestError

RENAMES_FILE = "renames.toml"


class RenameError(ManifestError):
    """A rename table that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Rename:
    municipality: str  # 全国地方公共団体コード
    old: str  # name key (squeezed) up to the year before `from_year`
    new: str  # name key from `from_year` on
    from_year: int


@dataclass(frozen=True)
class Series:
    """Renames by municipality, and the editions seen: (municipality, project key) → {year: printed name}."""

    renames: tuple[Rename, ...] = ()
    editions: dict[tuple[str, str], dict[int, str]] = field(default_factory=dict, compare=False, hash=False)

    def key(self, code: str, name: str) -> str:
        """The key a project's IRI is minted from: its first name, following the table's renames back."""
        key, seen = squeeze(name), set()
        while key not in seen:
            seen.add(key)
            back = next((r.old for r in self.renames if r.municipality == code and r.new == key), None)
            if back is None:
                return key
            key = back
        raise RenameError(f"{RENAMES_FILE}: renames of {name!r} ({code}) go round in a circle")

    def names(self, code: str, key: str) -> list[str]:
        """Every name key of the project minted from `key`, oldest first (following renames forward)."""
        out = [key]
        while (fwd := next((r.new for r in self.renames if r.municipality == code and r.old == out[-1]), None)) \
                and fwd not in out:
            out.append(fwd)
        return out

    def years(self, code: str, key: str) -> dict[int, str]:
        """The years the project is listed in, with the name printed that year (what the build saw)."""
        return self.editions.get((code, key), {})


def entries(path: Path, table: str, error=ManifestError) -> list[dict]:
    """The [[table]] entries of a TOML file beside the manifest; a missing file has none."""
    if not path.exists():
        return []
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get(table, [])
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise error(f"{path.name}: not valid TOML: {e}") from e


def load_renames(path: Path) -> tuple[Rename, ...]:
    """sources/renames.toml: [[rename]] municipality, old, new, from_year. A missing file is no renames."""
    out = []
    for i, entry in enumerate(entries(path, "rename", RenameError), 1):
        missing = [k for k in ("municipality", "old", "new", "from_year") if k not in entry]
        if missing:
            raise RenameError(f"{path.name}: [[rename]] #{i} lacks {', '.join(missing)}")
        if not isinstance(entry["from_year"], int):
            raise RenameError(f"{path.name}: [[rename]] #{i}: from_year must be a year like 2025")
        r = Rename(str(entry["municipality"]), squeeze(entry["old"]), squeeze(entry["new"]), entry["from_year"])
        if r.old == r.new:
            raise RenameError(f"{path.name}: [[rename]] #{i}: old and new are the same name {entry['old']!r}")
        if any(o.municipality == r.municipality and (o.old == r.old or o.new == r.new) for o in out):
            raise RenameError(f"{path.name}: [[rename]] #{i}: {entry['old']!r} → {entry['new']!r} "
                              "repeats a name another rename of this municipality already has")
        out.append(r)
    return tuple(out)

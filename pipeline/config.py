"""One typed configuration object, read from `[tool.sosei]` in pyproject.toml (or a TOML file given
with --config) and overridden by command-line flags. Bad values fail at load time.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    """Every setting is documented in README.md ("Settings"); tests/test_docs.py checks it."""

    base_iri: str = "https://w3id.org/sosei/id/"
    """Namespace of every resource sosei mints (municipalities, plans, goals, projects, …)."""
    download_base_url: str = "https://w3id.org/sosei/output/"
    """Where output/ is published; the catalog's download URLs are under it."""
    manifest: Path = Path("sources/manifest.toml")
    """The sources manifest: which documents to build, with the metadata they do not print."""
    output_dir: Path = Path("output")
    """The published dataset (dumps, catalog). Replaced atomically by a successful build."""
    store_dir: Path = Path(".sosei/store")
    """The embedded Oxigraph store the build loads and `sosei query` reads. Not committed."""

    def __post_init__(self):
        for name in ("base_iri", "download_base_url"):
            value = getattr(self, name)
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc or not value.endswith("/"):
                raise ConfigError(f"{name} must be an absolute http(s) IRI ending in '/', got {value!r}")

    def resolve(self, root: Path) -> "Settings":
        """Paths made absolute against the project root."""
        return dataclasses.replace(
            self, **{f.name: root / getattr(self, f.name) for f in dataclasses.fields(self)
                     if isinstance(getattr(self, f.name), Path) and not getattr(self, f.name).is_absolute()}
        )


SETTING_NAMES = tuple(f.name for f in dataclasses.fields(Settings))


def load_settings(config: Path | None = None, **overrides) -> tuple[Settings, Path]:
    """Settings and the project root. `config` is a pyproject.toml ([tool.sosei]) or a plain TOML file."""
    path = config or Path.cwd() / "pyproject.toml"
    values: dict = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{path}: {e}") from None
        values = data.get("tool", {}).get("sosei", {}) if path.name == "pyproject.toml" else data
    elif config is not None:
        raise ConfigError(f"{path}: no such configuration file")
    unknown = sorted(set(values) - set(SETTING_NAMES))
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(SETTING_NAMES)}")
    values.update({k: v for k, v in overrides.items() if v is not None})
    types = {f.name: f.type for f in dataclasses.fields(Settings)}
    for k, v in values.items():
        if types[k] == "Path":
            values[k] = Path(v)
        elif not isinstance(v, str):
            raise ConfigError(f"{path}: setting {k} must be a string, got {v!r}")
    return Settings(**values), path.parent.resolve()

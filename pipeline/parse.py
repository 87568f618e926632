"""The parse stage, shared by every layout: what a layout is, and the error a parser raises.

A layout is one folder under pipeline/layouts/ (see its __init__): `layout.toml` describes it as data
(its name, a line for `sosei layouts`, the document it was first written for, and what varies between
publishers), `parser.py` turns a format-neutral Document into records and Issues (pure, no I/O),
`records.py` holds its record types where it has its own, `mapping.py` turns the records into RDF,
`shapes.ttl` constrains the classes it alone publishes, and `fixtures/` holds its golden cases.

A layout parser never reads files. It raises LayoutError when the document is not in its layout at all
(a fatal, one-line error naming the file), and returns Issues with locations for everything else.
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .records import Document, Issue, SourceRef


class LayoutError(Exception):
    """The document is not in the layout the manifest names (or not in any layout sosei knows)."""

    def __init__(self, source: SourceRef, message: str):
        self.source, self.reason = source, message
        super().__init__(f"{source}: {message}")

    def __reduce__(self):  # raised in a worker process of the build, re-raised in the parent
        return type(self), (self.source, self.reason)


@dataclass(frozen=True)
class Layout:
    """One layout: its folder, its description (layout.toml, as data), its parser and its mapper.

    `parse(doc, spec)` returns the layout's records and the issues found; `map(graph, ctx, records)`
    adds their RDF to the graph and returns the issues found while mapping."""

    name: str
    description: str
    folder: Path
    parse: Callable[[Document, Any], tuple[Any, list[Issue]]]
    map: Callable[..., list[Issue]]
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # the document's own title where the layout knows where it is printed (a plan's 1 名称), for `sosei add`
    title: Callable[[Document], str | None] | None = field(default=None, compare=False, hash=False)

    @property
    def shapes(self) -> Path | None:
        path = self.folder / "shapes.ttl"
        return path if path.is_file() else None

    @property
    def fixtures(self) -> Path:
        return self.folder / "fixtures"


def describe(init_file: str) -> dict[str, Any]:
    """The layout.toml beside a layout package's __init__.py, checked for the fields every layout has."""
    path = Path(init_file).resolve().parent / "layout.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    missing = [k for k in ("name", "description", "first_edition") if k not in data]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}")
    return data


def lazy(module: str, name: str) -> Callable:
    """`module.name`, imported when first called: a layout's mapping (rdflib) is not imported by
    `sosei layouts` or `sosei --help`."""
    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


def layout(init_file: str, parse, map, title=None) -> Layout:  # noqa: A002 - the stage is called map
    """The Layout of the package whose __init__.py is `init_file`, described by its layout.toml."""
    data = describe(init_file)
    return Layout(data["name"], data["description"], Path(init_file).resolve().parent, parse, map, data, title)

"""The registry of layouts: every folder here is one layout (see pipeline/parse.py for what a folder
holds). Adding a folder with an __init__.py that defines LAYOUT adds a layout; nothing else changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from ..parse import Layout

FOLDER = Path(__file__).resolve().parent


def _discover() -> dict[str, Layout]:
    found: dict[str, Layout] = {}
    for info in sorted(pkgutil.iter_modules([str(FOLDER)]), key=lambda m: m.name):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        layout = getattr(module, "LAYOUT", None)
        if layout is None:  # a package of helpers shared by layouts, not a layout
            continue
        if layout.name in found:
            raise ValueError(f"two layouts named {layout.name!r}: {found[layout.name].folder} and {layout.folder}")
        found[layout.name] = layout
    return found


def descriptions() -> dict[str, str]:
    """Name → one-line description of every layout, read from the layout.toml files alone (no parser or
    mapping imported: `sosei layouts` starts fast)."""
    from ..parse import describe

    found = {}
    for info in sorted(pkgutil.iter_modules([str(FOLDER)]), key=lambda m: m.name):
        if info.ispkg and (FOLDER / info.name / "layout.toml").is_file():
            data = describe(str(FOLDER / info.name / "__init__.py"))
            found[data["name"]] = data["description"]
    return found


def __getattr__(name: str):
    """LAYOUTS is discovered (every layout package imported) when first asked for."""
    if name == "LAYOUTS":
        globals()["LAYOUTS"] = layouts = _discover()
        return layouts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Which layouts a document fits: each layout's `[detect]` markers (its layout.toml) looked for in the
document's text, whatever its format. A layout fits when the share of its markers found — of its
main set, or of one of its `[[detect.editions]]` — reaches its `min_score`. Used by `sosei detect` and `sosei add`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import normalize as jn
from .parse import Layout
from .records import Document


@dataclass(frozen=True)
class Fit:
    layout: str
    score: float  # the share of the layout's markers found, 0–1
    markers: tuple[str, ...]  # the markers found


def document_text(doc: Document) -> str:
    """The document's text as one key: NFKC, no whitespace (so wrapped or spaced words still match)."""
    return jn.squeeze("".join(line.text for line in doc.lines))


def fits(doc: Document, layouts: Mapping[str, Layout]) -> list[Fit]:
    """The layouts `doc` fits, best first (ties by name)."""
    text = document_text(doc)
    out = []
    for name, lay in layouts.items():
        spec = lay.data.get("detect", {})
        best = None
        for markers in [spec.get("markers", []), *(e["markers"] for e in spec.get("editions", []))]:
            if not markers:
                continue
            found = tuple(m for m in markers if jn.squeeze(m) in text)
            fit = Fit(name, round(len(found) / len(markers), 2), found)
            best = fit if best is None or fit.score > best.score else best
        if best is not None and best.score >= spec.get("min_score", 0.5):
            out.append(best)
    return sorted(out, key=lambda f: (-f.score, f.layout))

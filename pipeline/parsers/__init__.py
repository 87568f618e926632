"""Layout parsers: one module per document layout, each a pure function Document → records + Issues.

A layout parser never reads files. It raises LayoutError when the document is not in its layout at all
(a fatal, one-line error naming the file), and returns Issues with locations for everything else.
"""

from __future__ import annotations

from ..records import SourceRef


class LayoutError(Exception):
    """The document is not in the layout the manifest names (or not in any layout sosei knows)."""

    def __init__(self, source: SourceRef, message: str):
        self.source = source
        super().__init__(f"{source}: {message}")

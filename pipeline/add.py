"""The manifest entry `sosei add` writes for a new document: what the document says (title, fiscal
year), the layout detected, and placeholders the manifest loader refuses until they are filled."""

from __future__ import annotations

import json
import re

from . import eras
from . import normalize as jn
from .records import Document
from .sources import PLACEHOLDER


def read_title(doc: Document) -> str | None:
    """The first line of running text that is not only a number or a date: the document's title."""
    for line in doc.lines:
        text = jn.clean_text(line.text)
        if len(line.filled) == 1 and 2 <= len(text) <= 100 and not eras.looks_like_date(text):
            return text
    return None


def read_fiscal_year(doc: Document) -> int | None:
    """The first 年度 the document prints (令和6年度 → 2024), where it prints one."""
    for line in doc.lines:
        try:
            return eras.fiscal_year(line.text)
        except jn.NormalizeError:
            continue
    return None


def manifest_entry(doc: Document, file: str, layout: str, publisher: str, title_of=None) -> str:
    """The [[source]] entry; `title_of` is the layout's own title reader (Layout.title) where it has one
    (a plan's name is its section 1, not its first line)."""
    stem = re.sub(r"[^a-z0-9]+", "-", file.rsplit(".", 1)[0].lower()).strip("-") or "document"
    title = (title_of(doc) if title_of is not None else None) or read_title(doc)
    year = read_fiscal_year(doc)
    todo = lambda what: json.dumps(f"{PLACEHOLDER} {what}", ensure_ascii=False)  # noqa: E731
    lines = [
        "", "[[source]]",
        f'id = "{publisher}-{stem}"',
        f"file = {json.dumps(file, ensure_ascii=False)}",
        f'layout = "{layout}"',
        f'publisher = "{publisher}"',
        f"title = {json.dumps(title, ensure_ascii=False) if title else todo('the title')}",
        f"title_en = {todo('the title in English')}",
        f"description = {todo('what the document holds, in Japanese')}",
        f"description_en = {todo('what the document holds, in English')}",
    ]
    if year is not None:
        lines.append(f"fiscal_year = {year}")
    lines += [
        f"license = {todo('the licence IRI, e.g. https://creativecommons.org/licenses/by/4.0/')}",
        f"attribution = {todo('the credit line the licence asks for')}",
    ]
    return "\n".join(lines) + "\n"

"""What the 地域再生計画 layouts share: 作成主体 as local governments, "名称(PDF形式 351キロバイト)" links,
the 認定回, and the support schemes named in a cell. Pure functions; malformed text raises NormalizeError.
"""

from __future__ import annotations

import re

from ... import normalize as jn
from .records import Author, LinkedDocument
from ...schemes import SchemeMatch, match_schemes

_PREFECTURE = re.compile(r"^(北海道|東京都|京都府|大阪府|[^\s]{2,3}県)(.*)$")
_DISTRICT = re.compile(r"^[^郡]{1,4}郡(?=.)")
_LOCAL = re.compile(r"^\S{1,10}?[市町村区]$")
_AUTHOR_SEPARATORS = re.compile(r"並びに|及び|、|,|，|・")
_AREA_SUFFIX = re.compile(r"の(?:全域|区域|一部(?:の区域)?)$")


def _strip_district(name: str) -> str:
    """"上川郡鷹栖町" → "鷹栖町". A 郡 holds only towns and villages, so a city keeps its name
    (蒲郡市, 小郡市, 大和郡山市), and so does a name that is nothing once its "郡" is taken (上郡町)."""
    m = _DISTRICT.match(name)
    if m is None or name.endswith("市") or not _LOCAL.match(name[m.end():]):
        return name
    return name[m.end():]


def split_authors(text: str) -> tuple[Author, ...]:
    """作成主体 → local governments: "旭川市並びに北海道上川郡鷹栖町、東神楽町…及び東川町の全域" → 旭川市,
    鷹栖町 (北海道), 東神楽町 (北海道) …; "北海道並びに旭川市" → 北海道 (the prefecture itself), 旭川市.

    A prefecture printed before a name carries over to the names after it; the 郡 is dropped (names
    are unique within a prefecture). A part that is not a local government's name raises NormalizeError.
    """
    t = _AREA_SUFFIX.sub("", jn.squeeze(text))
    if not t:
        raise jn.NormalizeError("no 作成主体")
    prefecture, out = None, []
    for part in (p for p in _AUTHOR_SEPARATORS.split(t) if p):
        rest = part
        if (m := _PREFECTURE.match(part)) is not None:
            prefecture, rest = m.group(1), m.group(2)
            if not rest:
                out.append(Author(prefecture, prefecture, part))
                continue
        rest = _strip_district(rest)
        if not _LOCAL.match(rest):
            raise jn.NormalizeError(f"not the name of a local government: {part!r} in {text!r}")
        out.append(Author(rest, prefecture, part))
    return tuple(out)


_DOCUMENT = re.compile(
    r"[\(（]\s*(PDF|Word|Excel|ワード|エクセル|PowerPoint)\s*形式\s*[:：,、]?\s*([\d,.]+)\s*"
    r"(キロバイト|KB|kB|Kb|メガバイト|MB)\s*[\)）]", re.IGNORECASE)


def find_document_marker(text: str) -> re.Match | None:
    return _DOCUMENT.search(jn.nfkc(text))


def linked_document(text: str) -> tuple[str, LinkedDocument | None]:
    """"名称(PDF形式 351キロバイト)" → ("名称", PDF, 351 kB); text without the marker → (text, None).

    Sizes in megabytes are kept without a kilobyte count (the page does not say how it rounds)."""
    t = jn.nfkc(text)
    m = _DOCUMENT.search(t)
    if m is None:
        return jn.clean_text(t), None
    name = jn.clean_text(t[: m.start()] + t[m.end():])
    fmt, size, unit = m.groups()
    kb = None
    if unit.lower() in ("キロバイト", "kb"):
        try:
            kb = int(size.replace(",", ""))
        except ValueError:
            kb = None
    return name, LinkedDocument(name, fmt.upper() if fmt.isascii() else fmt, kb)


_ROUND = re.compile(r"[\(（]?\s*第\s*(\d+)\s*回\s*[\)）]?")


def certification_round(text: str) -> int | None:
    """"(第59回)" → 59."""
    m = _ROUND.search(jn.nfkc(text))
    return int(m.group(1)) if m else None


def schemes(text: str) -> SchemeMatch:
    return match_schemes(text)

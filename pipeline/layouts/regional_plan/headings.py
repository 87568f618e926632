"""Section headings of a 地域再生計画, as layout.toml describes them: the numbering forms publishers use
("1 ", "1.", "１", "第1", "(1)", "4-1"), titles with or without 地域再生計画の, and a subsection
printed with no space after its number ("4-1地域の現状").

A line is a heading when it is a numbering form followed by a declared title, or (as the template's
unlisted subsections, 5-3-1 …) a number, a space and a short title. Sections are then found by their
key: the declared number and one of the declared titles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ... import normalize as jn
from ...records import Line

_GENERIC = re.compile(r"^(\d{1,2}(?:\s*-\s*\d{1,2}){0,3})\s+(\S.{0,60})$")
_DASH = re.compile(r"\s*[-‐−]\s*")


@dataclass
class Section:
    number: str
    title: str
    heading: Line
    lines: list[Line] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [jn.clean_text(ln.text) for ln in self.lines if ln.text.strip()]

    def text(self) -> str | None:
        return "\n".join(self.texts()) or None

    def prose(self) -> str | None:
        """The running text only (a table's rows left out)."""
        return "\n".join(jn.clean_text(ln.text) for ln in self.lines if len(ln.cells) == 1 and ln.text.strip()) or None


@dataclass(frozen=True)
class Headings:
    """The heading patterns of one layout.toml: numbering forms, the optional prefix, sections."""

    forms: tuple[str, ...]
    prefix: str
    sections: tuple[Mapping[str, Any], ...]

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Headings:
        h = data["headings"]
        return cls(tuple(h["forms"]), h.get("optional_prefix", ""), tuple(data["sections"]))

    def titles(self) -> list[str]:
        """Every declared title, longest first (so 作成主体の名称 is tried before 作成主体)."""
        return sorted({t for s in self.sections for t in s["titles"]}, key=lambda t: (-len(t), t))

    def pattern(self, anchored: bool) -> re.Pattern:
        """A numbering form, the optional prefix and a declared title; `anchored` for a whole line,
        else anywhere after a space, a full stop or the start (headings inside flattened text)."""
        titles = "|".join(re.escape(t) for t in self.titles())
        forms = "|".join("(?:" + f.replace("?P<n>", f"?P<n{i}>", 1) + ")" for i, f in enumerate(self.forms))
        lead = "^" if anchored else r"(?:^|(?<=\s)|(?<=。))"
        return re.compile(f"{lead}(?:{forms})\\s*(?:{re.escape(self.prefix)})?(?P<title>{titles})")

    def declared(self, number: str, title: str) -> bool:
        return any(s["number"] == number and any(title.startswith(t) for t in s["titles"]) for s in self.sections)


def number_of(m: re.Match) -> str:
    n = next(v for k, v in m.groupdict().items() if k.startswith("n") and v is not None)
    return _DASH.sub("-", n.strip())


def heading(h: Headings, pattern: re.Pattern, line: Line) -> tuple[str, str] | None:
    """(number, title) when `line` is a heading, else None."""
    raw = line.text.strip()
    if len(line.cells) != 1 or not raw or jn.circled_number(raw[0]) is not None:  # ① folds to 1
        return None
    text = jn.clean_text(raw)
    m = pattern.match(text)
    if m is not None:
        number, rest = number_of(m), jn.squeeze(text[m.start("title"):])
        if h.declared(number, rest):
            return number, rest
    g = _GENERIC.match(text)
    if g is not None:
        return re.sub(r"\s", "", g.group(1)), jn.squeeze(g.group(2))
    return None


def sections(h: Headings, lines: tuple[Line, ...]) -> list[Section]:
    pattern = h.pattern(anchored=True)
    out: list[Section] = []
    for line in lines:
        found = heading(h, pattern, line)
        if found:
            out.append(Section(found[0], found[1], line))
        elif out:
            out[-1].lines.append(line)
    return out


def find(h: Headings, secs: list[Section], key: str) -> Section | None:
    """The section declared as `key`: its number, and a title that starts with a declared one (after
    the optional prefix)."""
    spec = next(s for s in h.sections if s["key"] == key)
    for sec in secs:
        title = sec.title.removeprefix(h.prefix)
        if sec.number == spec["number"] and any(title.startswith(t) for t in spec["titles"]):
            return sec
    return None

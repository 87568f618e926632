"""The markup of a resource page, written directly (a page is a few dozen string joins; through jinja
macros it was ten times that). The page shell (head, style, header, footer) is base.html, rendered once
with jinja and cut at its blocks, so the look stays in the template; index.html is rendered with jinja.
Every text is escaped as jinja's autoescape does (markupsafe: & < > ' ")."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                  keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)  # templates compiled once
_MARK = "\x00sosei-block\x00"


@lru_cache(maxsize=1 << 14)  # names of properties and classes, IRIs and labels of neighbours recur
def escape(text: str) -> str:
    """markupsafe.escape(text), as a str."""
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


@cache
def _shell() -> list[str]:
    """base.html cut at its blocks title, head, nav and main: five pieces of markup around them."""
    child = ENV.from_string('{% extends "base.html" %}' + "".join(
        f"{{% block {b} %}}{_MARK}{{% endblock %}}" for b in ("title", "head", "nav", "main")))
    pieces = child.render().split(_MARK)
    assert len(pieces) == 5, "base.html must hold the blocks title, head, nav and main once each, in this order"
    return pieces


def page(title: str, head: str, nav: str, main: str) -> str:
    s = _shell()  # made on first use: importing this module costs no template compilation
    return s[0] + escape(title) + s[1] + head + s[2] + nav + s[3] + main + s[4]


def value(href: str | None, text: str, iri: str | None, lang: str | None) -> str:
    if href:
        title = f' title="{escape(iri)}"' if iri and text != iri else ""
        out = f'<a href="{escape(href)}"{title}>{escape(text)}</a>'
    else:
        out = escape(text)
    return f'{out} <span class="lang">{escape(lang)}</span>' if lang else out


def table(rows: list[tuple[str, str, list[str]]]) -> str:
    """rows: (property IRI, property name, values' markup)."""
    return "<table>\n" + "".join(f'<tr><th title="{escape(iri)}">{escape(name)}</th><td>{"<br>".join(values)}</td></tr>\n'
                                 for iri, name, values in rows) + "</table>\n"


def inline(anchor: str, iri: str, types: list[str], rows_markup: str) -> str:
    types_markup = "".join(f' <span class="type">{escape(t)}</span>' for t in types)
    return (f'<div class="inline" id="{escape(anchor)}">\n<div class="iri">{escape(iri)}{types_markup}</div>\n'
            f"{rows_markup}\n</div>\n")


def resource_main(title: str, iri: str, types: list[tuple[str, str]], rows_markup: str, details: list[str],
                  parts: list[str], related: list[tuple[str, str, list[str], list[str], int]]) -> str:
    """The main block of a resource page; types: (IRI, name); related: (property IRI, name, links'
    markup, inline markup, how many more)."""
    out = [f"<h1>{escape(title)}</h1>\n<div class=\"iri\">{escape(iri)}</div>\n<div class=\"types\">",
           "".join(f'<span class="type" title="{escape(t)}">{escape(name)}</span>' for t, name in types),
           "</div>\n\n<h2>Properties</h2>\n", rows_markup, "\n"]
    out += [d + "\n" for d in details]
    if parts:
        out.append("<h2>Parts</h2>\n")
        out += [p + "\n" for p in parts]
    if related:
        out.append("<h2>Referenced by</h2>\n")
        for prop, name, links, inlines, more in related:
            out.append(f'<h3 title="{escape(prop)}">{escape(name)}</h3>\n')
            if links:
                out.append('<ul class="links">\n' + "".join(f"<li>{link}</li>\n" for link in links) + "</ul>\n")
            out += [i + "\n" for i in inlines]
            if more:
                out.append(f"<p>… and {more} more.</p>\n")
    return "".join(out)


def resource_page(title: str, jsonld: str, root: str, main: str) -> bytes:
    head = f'<script type="application/ld+json">\n{jsonld}\n</script>\n'
    nav = f'<a href="{escape(root)}">sosei: all resources</a>'
    return page(title, head, nav, main).encode("utf-8")

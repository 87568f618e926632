"""Nothing crashes: hostile strings in every field of every layout, through the whole pipeline.

The hypothesis strategies here are shared by the layouts (and by the other robustness tests): `hostile_text`
mixes what breaks naive code — controls, bidi overrides, lone surrogates, emoji and ZWJ sequences,
combining marks, IRI-reserved and HTML-special characters, path traversal, only spaces, very long runs —
with ordinary Japanese. For each layout the fields are found from its golden fixture (every cell whose text
ends up in a literal), and a hostile string is put into them. The pipeline (build.document_graph) must
then give either a graph or issues with locations — never an exception — and a graph must serialize to
dumps that pyoxigraph reads back to the same triples (the same strings), with HTML pages holding no markup
the strings brought in.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import lxml.html
import pyoxigraph as ox
import pytest
from golden_support import BASE, cases, layout_of, municipalities, spec_for
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from pipeline.documents import document_graph
from pipeline.extract import InputError
from pipeline.html import html_pages
from pipeline.normalize import NormalizeError
from pipeline.parse import LayoutError
from pipeline.publish import context_document, serialize, sorted_triples
from pipeline.records import Severity
from pipeline.uris import MAX_SEGMENT, Minter, mint_segment

# --- shared strategies ---------------------------------------------------------------------------

CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F]]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e",
        "\u200f", "\u061c"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
EMOJI = ["😀", "👩\u200d👩\u200d👧", "🇯🇵", "1\ufe0f\u20e3", "🏳️\u200d🌈"]
COMBINING = ["\u0301", "\u0308", "\u3099", "\u309a", "e\u0301", "か\u3099", "\u20dd"]
RESERVED = list("/?#[]@!$&'()*+,;=:%<>\"{}|\\^`~.") + ["%2F", "%00", "&amp;", "&#0;"]
TRAVERSAL = ["..", "../", "../../etc/passwd", "./", "..\\..\\", "/.", "...", "…"]
MARKUP = ['<i class="sosei-live">x</i>', "<script>sosei_live()</script>", "</script><b class=sosei-live>",
          "<!--", "]]>", "{{ sosei_live }}", "{% raw %}", "javascript:sosei_live()"]
ODD = ["\ue000", "\U000f0000", "\ufffd", "\ufffe", "\uffff", "\ufdd0", "\U0010fffd", "\u3000", "\u00a0",
       "\u2028", "\u2029", "ｱｲｳ", "１２３", "①", "Ⅻ", "㈱", "髙", "𠮷"]
SURROGATES = ["\ud800", "\udfff", "\udc80"]
JAPANESE = ["事業", "子育て支援", "旭川市", "まち・ひと・しごと", "(新)", "再掲", "小計", "合計", "基本目標"]

# What may sit inside a cell of a text extraction: no tab, line break or form feed (they are structure,
# fuzzed as bytes in test_front_ends.py), and nothing a UTF-8 file cannot hold (lone surrogates).
STRUCTURE = set("\t\n\r\f")


def hostile_atoms(*, encodable: bool = True) -> st.SearchStrategy[str]:
    atoms = CONTROLS + BIDI + ZERO_WIDTH + EMOJI + COMBINING + RESERVED + TRAVERSAL + MARKUP + ODD + JAPANESE
    if not encodable:
        atoms = atoms + SURROGATES
    atoms = [a for a in atoms if not set(a) & STRUCTURE]
    text = st.text(st.characters(blacklist_categories=("Cs",) if encodable else (),
                                 blacklist_characters="".join(STRUCTURE)), max_size=8)
    return st.one_of(st.sampled_from(atoms), text)


def hostile_text(*, encodable: bool = True, max_atoms: int = 8) -> st.SearchStrategy[str]:
    """A string made of hostile pieces; sometimes very long (a run of up to 5,000 characters)."""
    pieces = st.lists(hostile_atoms(encodable=encodable), min_size=1, max_size=max_atoms).map("".join)
    long = st.tuples(pieces, st.sampled_from(["あ", "a", " ", "-", "\u0301", "😀", "."]),
                     st.integers(90, 5_000)).map(lambda t: t[0] + t[1] * t[2])
    return st.one_of(pieces, pieces, pieces, long)


def any_text() -> st.SearchStrategy[str]:
    """Every string, lone surrogates included (what a minter may be handed by code, not by a file)."""
    return st.one_of(hostile_text(encodable=False), st.text())


# --- IRI minting is total ------------------------------------------------------------------------


@given(any_text())
@settings(max_examples=400, deadline=None)
def test_every_string_mints_a_valid_iri_or_a_clear_issue(name):
    try:
        minted = mint_segment(name)
    except NormalizeError as e:
        assert "empty IRI segment" in str(e)
        return
    seg = minted.segment
    ox.NamedNode(BASE + "municipality/012041/project/" + seg)  # raises on any invalid IRI
    assert "/" not in seg and "?" not in seg and "#" not in seg
    assert seg.strip(".") and seg not in (".", "..")
    assert len(seg) <= MAX_SEGMENT * 9  # percent-encoding may lengthen a prefix; never unbounded
    assert mint_segment(name) == minted  # deterministic
    if len(seg.split("-")[-1]) == 12 and any(code == "long-name" for code, _s, _m in minted.notes):
        assert len(seg) <= MAX_SEGMENT + 1
    for code, severity, message in minted.notes:
        assert "\n" not in message and code in ("control-characters", "long-name", "unreadable-name")


@pytest.mark.parametrize("name, segment", [
    ("発達\x01支援", "発達支援"),
    ("\u202e事業名\u202c", "事業名"),
    ("事業\u200b名", "事業名"),
    ("../../etc/passwd", "..-..-etc-passwd"),
    ("a/b?c#d[e]f@g", "a-b-c-d-e-f-g"),
    ("😀事業", "😀事業"),
    ("\ue000私用", "%EE%80%80私用"),
    ("か\u3099", "が"),
])
def test_hostile_names_give_these_segments(name, segment):
    assert mint_segment(name).segment == segment


@pytest.mark.parametrize("name", ["", " ", "\u3000\u3000", "\t\n", "\x01", "\u202e", "-", "/"])
def test_a_name_with_nothing_to_mint_from_is_a_clear_error(name):
    with pytest.raises(NormalizeError, match="empty IRI segment"):
        mint_segment(name)


def test_a_long_name_keeps_a_prefix_and_a_hash_and_is_reported():
    name = "あ" * 5_000
    minted = mint_segment(name)
    assert len(minted.segment) <= MAX_SEGMENT and minted.segment.startswith("あ" * 80)
    assert mint_segment(name + "い").segment != minted.segment  # the hash tells long names apart
    assert [code for code, _s, _m in minted.notes] == ["long-name"]
    assert "5000 characters" in minted.notes[0][2]


@pytest.mark.parametrize("name", ["..", ".", "...", "…"])
def test_dot_segments_never_reach_an_iri(name):
    minted = mint_segment(name)
    assert minted.segment.startswith("h-") and [c for c, _s, _m in minted.notes] == ["unreadable-name"]


def test_removed_controls_are_reported_through_the_minter():
    minter = Minter(BASE)
    iri = minter.project("012041", "発達\x07支援事業")
    assert str(iri).endswith("/project/発達支援事業")
    minter.project("012041", "発達\x07支援事業")  # the same name twice is reported once
    from pipeline.records import SourceRef

    issues = minter.take_issues(SourceRef("f.txt", "0" * 64))
    assert [(i.code, i.severity) for i in issues] == [("control-characters", Severity.WARNING)]
    assert "U+0007" in issues[0].message and "'発達\\x07支援事業'" in issues[0].message
    assert minter.take_issues(SourceRef("f.txt", "0" * 64)) == []


# --- hostile strings in every field of every layout, through the whole pipeline -------------------


def _text_cases() -> dict[str, Path]:
    """Per layout, its golden case read from text that builds without an error and has the most lines
    (a flattened edition, all on one line, has no separate cells to put strings into)."""
    out: dict[str, Path] = {}
    for case in cases():
        layout = layout_of(case)
        if not (case / "input.txt").is_file():
            continue
        lines = len(_lines(case))
        if layout in out and len(_lines(out[layout])) >= lines:
            continue
        _g, _doc, issues = document_graph(case / "input.txt", spec_for(case), municipalities(), BASE, validate=False)
        if not any(i.severity is Severity.ERROR for i in issues):
            out[layout] = case
    return out


_READABLE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fffA-Za-z]")
WORD = "ヰ検査語ヱ"  # in no fixture
MARK = "\x01" + WORD  # a free-text field takes a control character too (a vocabulary cell would not)


def _lines(case: Path) -> list[list[str]]:
    return [line.split("\t") for line in (case / "input.txt").read_text(encoding="utf-8").split("\n")]


TEXT_CASES = _text_cases()


def _with(case: Path, edits: dict[tuple[int, int], str], tmp: Path) -> Path:
    lines = _lines(case)
    for (i, j), extra in edits.items():
        lines[i][j] += extra
    path = tmp / "input.txt"
    path.write_bytes("\n".join("\t".join(cells) for cells in lines).encode("utf-8", "surrogatepass"))
    return path


def _literals(g) -> set[str]:
    return {str(o) for o in g.objects() if isinstance(o, Literal)}


@functools.cache
def fields(layout: str) -> tuple[tuple[int, int], ...]:
    """The cells of a layout's golden case whose text the pipeline publishes in a literal: appending a
    word to one leaves the build free of errors and the word in the graph."""
    import tempfile

    case = TEXT_CASES[layout]
    candidates = [(i, j) for i, cells in enumerate(_lines(case)) for j, c in enumerate(cells)
                  if _READABLE.search(c) and len(c.strip()) >= 2]
    step = max(1, len(candidates) // 40)  # at most ~40 probes per layout
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        for pos in candidates[::step]:
            path = _with(case, {pos: MARK}, Path(tmp))
            try:
                g, _doc, issues = document_graph(path, spec_for(case), municipalities(), BASE, validate=False)
            except LayoutError:  # a header cell, say: not a field
                continue
            if not any(i.severity is Severity.ERROR for i in issues) and any(MARK in s for s in _literals(g)):
                found.append(pos)
    return tuple(found)


LAYOUT_NAMES = sorted(TEXT_CASES)
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)  # a whole-pipeline run per example: shrinking is slow


def test_every_layout_has_fields_to_fuzz():
    from pipeline.layouts import LAYOUTS

    missing = sorted(set(LAYOUTS) - set(TEXT_CASES))
    assert not missing, f"layouts with no error-free text golden case to fuzz: {missing}"
    for layout in LAYOUT_NAMES:
        assert len(fields(layout)) >= 3, (layout, fields(layout))


def check_graph(g) -> None:
    """The dumps read back to the same triples (the same strings); the HTML pages hold no live markup."""
    triples = {(t.subject, t.predicate, t.object) for t in sorted_triples(g)}
    dumps = serialize(g)
    doc = json.loads(dumps["jsonld"])
    doc["@context"] = json.loads(context_document())["@context"]  # the shared context file, inline
    dumps["jsonld"] = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    for key, fmt in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)):
        back = {(q.subject, q.predicate, q.object) for q in ox.parse(dumps[key], format=fmt, base_iri=BASE)}
        assert back == triples, key
    store = ox.Store()
    graph = ox.NamedNode(BASE + "dataset/fuzz")
    store.bulk_load(dumps["nt"], format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    for name, data in html_pages(store, [graph.value], [], BASE).items():
        if not name.endswith(".html"):  # the Turtle and JSON-LD beside each page are data, not markup
            continue
        text = data.decode("utf-8")
        tree = lxml.html.fromstring(data)
        assert not tree.xpath("//*[contains(@class, 'sosei-live')]"), name
        for script in tree.xpath("//script"):
            assert script.get("type") == "application/ld+json", name
            assert "<" not in (script.text or ""), name
        assert "<script>sosei_live" not in text and "<i class=\"sosei-live\"" not in text, name


def run_hostile(layout: str, edits: dict[tuple[int, int], str], tmp: Path) -> None:
    case = TEXT_CASES[layout]
    path = _with(case, edits, tmp)
    try:
        g, _doc, issues = document_graph(path, spec_for(case), municipalities(), BASE)
    except (LayoutError, InputError) as e:  # no longer in its layout, or binary (NUL): exit 2, one line
        assert str(e).startswith("input.txt") and "\n" not in str(e)
        return
    for issue in issues:
        assert issue.source is not None and issue.source.path == "input.txt", issue
        assert "\n" not in str(issue) and "\r" not in str(issue), issue
    if any(i.severity is Severity.ERROR for i in issues):
        return
    check_graph(g)


@pytest.mark.parametrize("layout", LAYOUT_NAMES)
@given(data=st.data())
@settings(max_examples=15, deadline=None, phases=NO_SHRINK, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
def test_a_hostile_string_in_one_field(layout, data, tmp_path):
    pos = data.draw(st.sampled_from(fields(layout)), label="field")
    run_hostile(layout, {pos: data.draw(hostile_text(), label="text")}, tmp_path)


@pytest.mark.parametrize("layout", LAYOUT_NAMES)
@given(text=hostile_text(max_atoms=4))
@settings(max_examples=6, deadline=None, phases=NO_SHRINK, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
def test_a_hostile_string_in_every_field(layout, text, tmp_path):
    run_hostile(layout, {pos: text for pos in fields(layout)}, tmp_path)


@pytest.mark.parametrize("layout", LAYOUT_NAMES)
def test_control_characters_keep_the_label_and_are_reported(layout, tmp_path):
    """A control character and a bidi override in a field: the label keeps them, no IRI holds them, and
    the IRIs minted without them are reported. (A field that is a code or a vocabulary value may then be
    refused with a located error instead: that is reported, not published.)"""
    case = TEXT_CASES[layout]
    published = 0
    for pos in fields(layout)[:6]:
        path = _with(case, {pos: "\x01\u202e"}, tmp_path)
        g, _doc, issues = document_graph(path, spec_for(case), municipalities(), BASE)
        assert all(i.source is not None for i in issues)
        if any(i.severity is Severity.ERROR for i in issues):
            continue
        published += 1
        assert any("\x01\u202e" in s for s in _literals(g))
        assert not any("\x01" in t or "\u202e" in t for triple in g for t in triple if isinstance(t, URIRef))
        check_graph(g)
        for issue in issues:
            if issue.code == "control-characters":
                assert issue.severity is Severity.WARNING and "U+0001, U+202E" in issue.message
    assert published, f"no field of {layout} took a control character without an error"


def test_a_control_character_in_a_project_name_is_reported_and_annotated(tmp_path):
    """The crash of issue 13 (ValueError: Invalid IRI code point): now a warning, published with an
    annotation, the label as printed."""
    case = next(c for c in cases() if c.parent.parent.name == "strategy_project_list" and c.name == "basic")
    text = (case / "input.txt").read_text(encoding="utf-8").replace("発達支援相談事業", "発達\x07支援相談事業")
    (tmp_path / "input.txt").write_text(text, encoding="utf-8")
    g, _doc, issues = document_graph(tmp_path / "input.txt", spec_for(case), municipalities(), BASE)
    notes = [i for i in issues if i.code == "control-characters"]
    assert len(notes) == 1 and notes[0].severity is Severity.WARNING, [str(i) for i in issues]
    assert "U+0007" in notes[0].message and "発達\\x07支援相談事業" in notes[0].message
    assert not [i for i in issues if i.severity is Severity.ERROR]
    assert Literal("発達\x07支援相談事業", lang="ja") in set(g.objects())
    assert any(str(s).endswith("/project/発達支援相談事業") for s in g.subjects())
    assert any("U+0007" in str(o) for o in g.objects(None, None) if isinstance(o, Literal))  # the annotation
    check_graph(g)

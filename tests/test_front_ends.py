"""Front-end fuzzing: mutated bytes of every input format (truncations, bit flips, wrong encodings,
huge lines) give a graph, located issues (exit 1) or one line naming the file (exit 2) — never another
exception, never a hang (a PDF page has a time budget, extract_pdf.PAGE_SECONDS).

A front end is one entry of FORMATS: a seed document in that format and the layout it is in. A new front
end adds one entry (text, HTML, PDF, xlsx and CSV are here).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from golden_support import BASE, municipalities, spec_for

from pipeline.documents import document_graph
from pipeline.extract import InputError
from pipeline.parse import LayoutError

LAYOUTS = Path(__file__).resolve().parent.parent / "pipeline" / "layouts"
SEED = 13
MUTANTS = 12


@dataclass(frozen=True)
class Format:
    suffix: str
    case: Path  # a golden case: its case.toml gives the manifest fields
    seed: Callable[[Path], bytes]  # the seed document's bytes (tmp dir → bytes)


def _input(case: Path, name: str) -> Callable[[Path], bytes]:
    return lambda _tmp: (case / name).read_bytes()


def _pdf(case: Path) -> Callable[[Path], bytes]:
    def make(tmp: Path) -> bytes:
        from pdf_fixtures import strategy_list_pdf

        return strategy_list_pdf(tmp / "seed.pdf", (case / "input.txt").read_text(encoding="utf-8")).read_bytes()
    return make


def _xlsx(_tmp: Path) -> bytes:
    from national_list_fixtures import rows, xlsx_bytes

    return xlsx_bytes(rows(municipalities(), 20))  # merged 都道府県 cells included


STRATEGY = LAYOUTS / "strategy_project_list" / "fixtures" / "basic"
NATIONAL = LAYOUTS / "national_plan_list" / "fixtures" / "current-list"
FORMATS = {
    "text": Format(".txt", STRATEGY, _input(STRATEGY, "input.txt")),
    "html": Format(".html", LAYOUTS / "regional_plan_list" / "fixtures" / "asahikawa-page",
                   _input(LAYOUTS / "regional_plan_list" / "fixtures" / "asahikawa-page", "input.html")),
    "pdf": Format(".pdf", STRATEGY, _pdf(STRATEGY)),
    "xlsx": Format(".xlsx", NATIONAL, _xlsx),
    "csv": Format(".csv", NATIONAL, _input(NATIONAL, "input.csv")),
}


def mutants(data: bytes, rng: random.Random) -> list[tuple[str, bytes]]:
    """Deterministic mutations: truncations, bit flips, byte runs dropped or repeated, other encodings,
    a huge line, nothing at all."""
    out = [("empty", b""), ("one byte", data[:1]), ("half", data[: len(data) // 2])]
    for i in range(MUTANTS):
        kind = i % 4
        if kind == 0:
            cut = rng.randrange(1, len(data))
            out.append((f"truncated at {cut}", data[:cut]))
        elif kind == 1:
            b = bytearray(data)
            for _ in range(rng.randint(1, 20)):
                pos = rng.randrange(len(b))
                b[pos] ^= 1 << rng.randrange(8)
            out.append(("bit flips", bytes(b)))
        elif kind == 2:
            a = rng.randrange(len(data))
            b = min(len(data), a + rng.randint(1, 4096))
            out.append((f"bytes {a}-{b} dropped", data[:a] + data[b:]))
        else:
            a = rng.randrange(len(data))
            out.append((f"bytes from {a} repeated", data[:a] + data[a:a + 512] * 50 + data[a:]))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        for enc in ("utf-16", "euc-jp", "iso-2022-jp", "latin-1"):
            try:
                out.append((f"as {enc}", text.encode(enc, errors="replace")))
            except LookupError:
                pass
        out.append(("cp932 with a utf-8 BOM", b"\xef\xbb\xbf" + text.encode("cp932", errors="replace")))
    out.append(("a 2 MB line", data[: len(data) // 2] + b"\xe4\xba\x8b" * 700_000 + b"\n" + data[len(data) // 2:]))
    out.append(("a 2 MB line of tabs", data + b"\t" * 2_000_000 + b"\n"))
    return out


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_mutated_input_gives_a_graph_issues_or_one_line(name, tmp_path):
    fmt = FORMATS[name]
    spec = spec_for(fmt.case)
    rng = random.Random(f"{SEED}-{name}")
    outcomes = {"ok": 0, "issues": 0, "exit 2": 0}
    for what, data in mutants(fmt.seed(tmp_path), rng):
        path = tmp_path / f"input{fmt.suffix}"
        path.write_bytes(data)
        try:
            _g, _doc, issues = document_graph(path, replace(spec, file=path.name), municipalities(), BASE)
        except (InputError, LayoutError) as e:
            message = str(e)
            assert message.startswith(path.name) and "\n" not in message, (what, message)
            outcomes["exit 2"] += 1
            continue
        errors = [i for i in issues if i.severity.value == "error"]
        assert all(i.source is not None and "\n" not in str(i) for i in issues), what
        outcomes["issues" if errors else "ok"] += 1
    assert outcomes["exit 2"] >= 1, outcomes  # the empty file, at least


def test_a_page_that_takes_too_long_fails_with_one_line(tmp_path, monkeypatch):
    """A pathological page is bounded: it fails (exit 2, naming the page) instead of hanging the build."""
    import time

    import pipeline.extract_pdf as extract_pdf

    def forever(page):
        time.sleep(30)

    monkeypatch.setattr(extract_pdf, "PAGE_SECONDS", 0.2)
    monkeypatch.setattr(extract_pdf, "page_lines", forever)
    data = FORMATS["pdf"].seed(tmp_path)
    started = time.monotonic()
    with pytest.raises(InputError, match=r"^x\.pdf:p1: the page took longer than 0\.2 s to read"):
        extract_pdf.pdf_document(data, "x.pdf")
    assert time.monotonic() - started < 20

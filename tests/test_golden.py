"""Golden files: every case folder under pipeline/layouts/<layout>/fixtures/ is parsed, mapped and validated, and
its graph compared (by isomorphism, with a readable diff) and its issues compared (as text) to the
expected files. `pytest --update-golden` rewrites them; review the diff before committing.
"""

import pytest
from golden_support import cases, issue_lines, layout_of, readable_diff, run_case, write_expected
from rdflib import Graph
from rdflib.compare import isomorphic


@pytest.mark.parametrize("case", cases(), ids=lambda p: f"{layout_of(p)}/{p.name}")
def test_golden_case(case, update_golden):
    graph, issues = run_case(case)
    if update_golden or not (case / "expected.ttl").exists():
        write_expected(case, graph, issues)
        if not update_golden:
            pytest.fail(f"{case}: no expected files yet; wrote them, review and commit")
    expected = Graph().parse(case / "expected.ttl", format="turtle")
    assert isomorphic(expected, graph), readable_diff(expected, graph)
    assert issue_lines(issues) == (case / "expected-issues.txt").read_text(encoding="utf-8")


def test_there_are_golden_cases_for_every_layout():
    from pipeline.layouts import LAYOUTS

    covered = {layout_of(c) for c in cases()}
    assert covered >= set(LAYOUTS), f"layouts without golden cases: {set(LAYOUTS) - covered}"

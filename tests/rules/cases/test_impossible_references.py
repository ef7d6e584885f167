"""Impossible references, offline: data-driven cases for C310 (likely fabricated) and its neighbours.

A reference no canonical record matches is "likely fabricated" only when something in it cannot be
true: an identifier that cannot exist, or a date after the day of the check. Otherwise it is
"unverifiable" (C311), which is never an error.
"""
from __future__ import annotations

import pytest

from citekb.api import check_docs

TODAY = "2026-12-01"
DOC = "# Notes\n\nAs shown before [1].\n\n## References\n\n[1] {ref}\n"

CASES = [
    # (reference, expected code, a fragment of the message)
    ("J. Smith and L. Wang, \u201cScaling sparse experts,\u201d arXiv:2313.04567, 2023.", "C310", "cannot exist"),
    ("A. Rossi, \u201cEdge experts at scale,\u201d arXiv:2400.01234, 2024.", "C310", "cannot exist"),
    ("K. Ito, \u201cTiny routers,\u201d arXiv:1412.12345, 2014.", "C310", "cannot exist"),
    ("M. Chen, \u201cRecurrent sparse routers,\u201d arXiv:2703.01234, 2027.", "C310", "after today (2026-12-01)"),
    ("Smith, J. (2031). Quantum sparse experts for mobile inference. Journal of Edge AI, 4(2), 1-19.", "C310",
     "year 2031 is after today"),
    ("P. Novak, \u201cSparse routing revisited,\u201d arXiv:2305.01234, 2021.", "C310", "assigned after the entry's year 2021"),
    # possible, merely not in the canon
    ("L. Garc\u00eda, \u201cRouting for small devices,\u201d arXiv:2611.01234, 2026.", "C311", "could not be checked"),
    ("Okafor, O. (2026). Sparse experts in practice. Journal of Edge AI, 6(1), 1-12.", "C311", "could not be checked"),
    ("Kim, M. (2019). Experts on phones. https://doi.org/10.1145/3292500.3330701", "C311", "could not be checked"),
]


@pytest.mark.parametrize("ref,code,fragment", CASES, ids=[c[0][:40] for c in CASES])
def test_impossible_reference_cases(tmp_path, ref, code, fragment):
    (tmp_path / "citekb.toml").write_text(f'today = "{TODAY}"\n', encoding="utf-8")
    (tmp_path / "doc.md").write_text(DOC.format(ref=ref), encoding="utf-8")
    diagnostics, _, _ = check_docs([tmp_path / "doc.md"], canon_sources=[tmp_path], root=tmp_path)
    found = [d for d in diagnostics if d.code in ("C310", "C311")]
    assert [d.code for d in found] == [code], [str(d) for d in diagnostics]
    assert fragment in found[0].message
    assert found[0].location.line == 7


def test_a_known_work_dated_in_the_future_is_a_year_error_that_says_so(tmp_path):
    (tmp_path / "citekb.toml").write_text(f'today = "{TODAY}"\n', encoding="utf-8")
    (tmp_path / "references").mkdir()
    (tmp_path / "references" / "k.bib").write_text(
        "@article{hochreiter1997long, author = {Hochreiter, Sepp and Schmidhuber, J{\\\"u}rgen},\n"
        "  title = {Long Short-Term Memory}, journal = {Neural Computation}, year = {1997},\n"
        "  doi = {10.1162/neco.1997.9.8.1735}}\n", encoding="utf-8")
    ref = "S. Hochreiter and J. Schmidhuber, \u201cLong short-term memory,\u201d Neural Computation, 2029."
    (tmp_path / "doc.md").write_text(DOC.format(ref=ref), encoding="utf-8")
    diagnostics, _, _ = check_docs([tmp_path / "doc.md"], canon_sources=[tmp_path], root=tmp_path)
    years = [d for d in diagnostics if d.code == "C305"]
    assert len(years) == 1 and "year 2029, which is after today (2026-12-01); expected 1997" in years[0].message

"""check-doc on a held-out set of real documents, written without reading the code, scored once.

tests/realworld_heldout/ holds 25 real documents from 16 public repositories (14 English, 11
Chinese), the first line of every reference each really lists (counted by hand, `manifest.yaml`),
and the citation errors found in them by hand against first-party sources, with the references
checked and found correct (`errors.yaml`). The helper who built it saw neither `src/` nor the
engine's output. This test measures, per document and in total: reference lists found,
references found at their hand-counted lines, hand-found errors caught (any error or warning at
the reference), and false alarms on references checked correct (metadata findings only: authors,
year, title, venue, identifier, fabricated, retracted). Its floors are the figures of the
first scoring (2026-12-02), taken after one correction of the set itself (the LaTeX paper's
bibliography had been renamed, so its `\bibliography{refs}` found no file; it keeps its repository
names in a folder now, like the development corpus). Its misses have since been read to change the
engine (author lists before a quoted title: 308 -> 362 references, 1 -> 3 errors), so it is a development
set now: its floors only rise, and tests/realworld_heldout2 is the set scored once.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from realdocs import assert_located, assert_scores, manifest, score, totals

HERE = Path(__file__).resolve().parent / "realworld_heldout"
# First scoring 2026-12-02, raised since: the numbers below, never lowered.
FLOORS = {"lists_found": 24 / 24, "refs_found": 394 / 394, "errors_caught": 8 / 12}  # 4 -> 8 with the canon of 2026-12-03
CEILINGS = {"false_alarms_on_correct": 0 / 67}  # 1 -> 0: Łukasz folds to Lukasz (2026-12-03)


def report(s: dict) -> str:
    lines = ["# check-doc on the held-out real documents: results", "",
             "Scored once; see the docstring of tests/test_realworld_heldout.py. Regenerate with "
             "`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_realworld_heldout.py`.", "",
             *totals(s),
             "", "| document | references listed | found at their line | found elsewhere |", "|---|---:|---:|---:|"]
    lines += [f"| `{r['id']}` | {r['present']} | {r['found']} | {r['extra']} |" for r in s["rows"]]
    lines += ["", "Errors missed: " + (", ".join(f"`{d}:{n}`" for d, n in s["missed"]) or "none"),
              "", "False alarms: " + (", ".join(f"`{d}:{n}`" for d, n in s["alarms"]) or "none"), ""]
    return "\n".join(lines)


def test_heldout_real_documents_keep_their_first_scores():
    s = score(HERE)
    assert_scores(HERE, s, report(s), FLOORS, CEILINGS)


@pytest.mark.parametrize("doc", [d["id"] for d in manifest(HERE)])
def test_every_document_is_redistributable_and_located(doc):
    assert_located(HERE, doc)

"""Held-out corpus for `citekb check-doc`: how well the checker generalizes beyond the corpus it was tuned on.

tests/corpus_holdout/ was written without reading the engine's code or the tuned corpus: English and Chinese
documents in styles the tuned corpus may not use (IEEE, ACM, Springer LNCS and Nature numbered lists; APA 7,
Chicago and Harvard author-date; GB/T 7714-2015 numbered and author-year; Chinese prose with full-width
punctuation; natbib LaTeX with a .bib; pandoc Markdown with a .bib; plain text; standalone .bib files). Planted
errors and clean references are labelled by line in tests/corpus_holdout/labels.yaml, in the tuned corpus's
format. The labels are the truth; they are never adjusted to what the checker happens to find.

The measuring code is tests/test_corpus.py's own (labels, line normalisation, scoring, report), re-bound to the
held-out folder without touching that module. A held-out set gets looser bars than the tuned one: recall of
at least 0.80 per class and at most 5% false alarms on clean and unverifiable references.

Set UPDATE_GOLDEN=1 to rewrite tests/corpus_holdout/RESULTS.md with the current figures.
"""
from __future__ import annotations

import dataclasses
import os
import types
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

import test_corpus as tc

HOLDOUT = Path(__file__).resolve().parent / "corpus_holdout"
RESULTS = HOLDOUT / "RESULTS.md"
MIN_RECALL = 0.80
MAX_FALSE_ALARMS = 0.05

# test_corpus's functions read the module globals CORPUS and RESULTS; give copies of them a namespace of their
# own that points at the held-out folder, so that the tuned corpus's tests (and their cache) are unaffected.
_ns = dict(vars(tc))
_ns.update(CORPUS=HOLDOUT, RESULTS=RESULTS)


def _rebind(fn):
    return types.FunctionType(fn.__code__, _ns, fn.__name__, fn.__defaults__, fn.__closure__)


_load_labels_raw = _rebind(tc.load_labels)


def load_labels():
    """test_corpus's loader, with a label's `file:` (a companion .bib, relative to its document's folder, as
    labels.yaml specifies) turned into the corpus-relative path under which the findings are reported."""
    docs, labels = _load_labels_raw()
    out = []
    for lb in labels:
        if lb.file != lb.doc:
            near = (Path(lb.doc).parent / lb.file).as_posix()
            if (HOLDOUT / near).is_file():
                lb = dataclasses.replace(lb, file=near)
        out.append(lb)
    return docs, out


_ns["load_labels"] = load_labels
_normalizer = _ns["_normalizer"] = _rebind(tc._normalizer)
run_corpus = _ns["run_corpus"] = lru_cache(maxsize=1)(_rebind(tc.run_corpus.__wrapped__))
score = tc.score


def render(scores, docs) -> str:
    report = tc.render(scores, docs)
    return (report.replace("# check-doc regression corpus: results", "# check-doc held-out corpus: results", 1)
            .replace("Regenerate with `UPDATE_GOLDEN=1 pytest tests/test_corpus.py`.",
                     "Regenerate with `UPDATE_GOLDEN=1 pytest tests/test_corpus_holdout.py`. "
                     f"Bars: recall >= {MIN_RECALL} per class, false alarms <= {MAX_FALSE_ALARMS:.0%}.", 1))


def test_holdout_is_complete():
    """The held-out corpus meets its brief: languages, classes and sizes; every label on a non-blank line."""
    docs, labels = load_labels()
    assert len(docs) >= 16
    langs = Counter(d["language"] for d in docs)
    assert langs["en"] >= 8 and langs["zh"] >= 8, langs
    per_class = Counter(lb.cls for lb in labels)
    assert all(per_class[c] >= 6 for c in tc.ERROR_CLASSES), per_class
    assert per_class["clean"] + per_class["unverifiable"] >= 100, per_class
    for lang in ("en", "zh"):
        mine = Counter(lb.cls for lb in labels if lb.doc.startswith(f"{lang}/"))
        assert all(mine[c] >= 1 for c in tc.ERROR_CLASSES), (lang, mine)
    seen = set()
    for lb in labels:
        assert lb.cls in tc.ERROR_CLASSES + tc.CLEAN_CLASSES, lb
        text = (HOLDOUT / lb.file).read_text(encoding="utf-8").split("\n")
        assert 1 <= lb.line <= len(text) and text[lb.line - 1].strip(), lb
        assert (lb.file, lb.line) not in seen, f"two labels on {lb.file}:{lb.line}"
        seen.add((lb.file, lb.line))


# Measured once on the final corpus (tests/corpus_holdout/RESULTS.md): false alarms 8 of 164 (0.049) meet the bar,
# but recall is below 0.80 for author, year, title, venue, identifier, fabricated, misattributed and never-cited.
# Strict, so that the marker must go once the engine generalizes.
@pytest.mark.xfail(strict=True, reason="check-doc misses the held-out bars: recall < 0.80 for 8 of 11 classes "
                   "(misattributed 0.13, title 0.43, venue 0.56, never-cited 0.62, author 0.67, fabricated 0.67, "
                   "identifier 0.70, year 0.75); see tests/corpus_holdout/RESULTS.md")
def test_holdout_recall_and_false_alarms():
    docs, labels = load_labels()
    scores = score(labels, run_corpus())
    report = render(scores, docs)
    print("\n" + report)
    if os.environ.get("UPDATE_GOLDEN"):
        RESULTS.write_text(report, encoding="utf-8")
    low = {c: tc._ratio(scores.hit[c], scores.planted[c]) for c in tc.ERROR_CLASSES
           if scores.hit[c] < MIN_RECALL * scores.planted[c]}
    rate = len(scores.false_alarms) / scores.clean_total
    assert not low and rate <= MAX_FALSE_ALARMS, (
        f"recall below {MIN_RECALL}: {low}; false alarms {rate:.3f} (max {MAX_FALSE_ALARMS}); see the report above")

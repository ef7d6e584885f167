"""Development corpus for `citekb check-doc`: English and Chinese documents with planted errors.

tests/corpus_dev/ was written as a held-out corpus, without reading the engine's code or the tuned corpus
(tests/corpus/): IEEE, ACM, Springer LNCS and Nature numbered lists; APA 7, Chicago and Harvard author-date;
GB/T 7714-2015 numbered and author-year; Chinese prose with full-width punctuation; natbib LaTeX with a .bib;
pandoc Markdown with a .bib; plain text; standalone .bib files. Its misses were then read while the engine was
tuned, so it no longer measures generality: it is a development corpus, and the yardstick for real documents is
tests/realworld/ (tests/test_realworld.py). A corpus only tests generality if nobody reads its misses before the
code is frozen.

Planted errors and clean references are labelled by line in tests/corpus_dev/labels.yaml, in the tuned corpus's
format. The labels are the truth; they are never adjusted to what the checker happens to find.

The measuring code is tests/test_corpus.py's own (labels, line normalisation, scoring, report), re-bound to this
folder without touching that module. The test enforces per-class floors at the numbers the engine reached when
the corpus was renamed (planted cases found per class, and no false alarm on a clean or unverifiable
reference), so that it fails on a regression. Floors only rise; never lower one to let a change pass.

Set UPDATE_GOLDEN=1 to rewrite tests/corpus_dev/RESULTS.md with the current figures.
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import test_corpus as tc
from corpus_harness import bind

DEV = Path(__file__).resolve().parent / "corpus_dev"
RESULTS = DEV / "RESULTS.md"
# Planted cases found per class, measured when the corpus became a development corpus (RESULTS.md); a class's
# recall floor is this count over its planted cases. False alarms on clean and unverifiable references: 0 of 164.
MIN_FOUND = {"author": 8, "year": 11, "title": 6, "venue": 7, "identifier": 9, "fabricated": 10,
             "misattributed": 14, "unknown-key": 6, "number-range": 7, "never-cited": 8, "intext": 9}
MAX_FALSE_ALARMS = 0

_corpus = bind(DEV, RESULTS, title="check-doc development corpus",
               regenerate=f"Regenerate with `UPDATE_GOLDEN=1 pytest tests/test_corpus_dev.py`. Floors: planted cases found per class {MIN_FOUND}; false alarms <= {MAX_FALSE_ALARMS}.")
load_labels, run_corpus, score, render = _corpus.load_labels, _corpus.run_corpus, _corpus.score, _corpus.render


def test_dev_corpus_is_complete():
    """The development corpus meets its brief: languages, classes and sizes; every label on a non-blank line."""
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
        text = (DEV / lb.file).read_text(encoding="utf-8").split("\n")
        assert 1 <= lb.line <= len(text) and text[lb.line - 1].strip(), lb
        assert (lb.file, lb.line) not in seen, f"two labels on {lb.file}:{lb.line}"
        seen.add((lb.file, lb.line))


def test_dev_corpus_floors():
    """Per class, at least as many planted cases found as when the floors were set; no new false alarm."""
    docs, labels = load_labels()
    scores = score(labels, run_corpus())
    report = render(scores, docs)
    print("\n" + report)
    if os.environ.get("UPDATE_GOLDEN"):
        RESULTS.write_text(report, encoding="utf-8")
    assert set(MIN_FOUND) == set(tc.ERROR_CLASSES)
    low = {c: f"{scores.hit[c]} of {scores.planted[c]} (floor {n})" for c, n in MIN_FOUND.items() if scores.hit[c] < n}
    fa = len(scores.false_alarms)
    assert not low and fa <= MAX_FALSE_ALARMS, (
        f"below the per-class floors: {low}; false alarms {fa} of {scores.clean_total} (max {MAX_FALSE_ALARMS}); "
        "see the report above")

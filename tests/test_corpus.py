"""Regression corpus for `citekb check-doc`: per-class recall and precision, false alarms on clean references.

The corpus (tests/corpus, described in its README.md) holds English and Chinese documents in every
supported format, with planted errors and clean references labelled by line in labels.yaml. The
labels are the truth; they are never adjusted to what the checker happens to find.

Set UPDATE_GOLDEN=1 to rewrite tests/corpus/RESULTS.md with the current figures.
"""
from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from citekb.api import check_docs
from citekb.checks.diagnostic import Severity
from citekb.load.bibtex import load_bibtex

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
RESULTS = CORPUS / "RESULTS.md"

CLASS_OF = {"C304": "author", "C305": "year", "C306": "title", "C307": "venue", "C308": "identifier",
            "C310": "fabricated", "C309": "misattributed", "C301": "unknown-key", "C302": "number-range",
            "C303": "never-cited", "C312": "intext"}
ERROR_CLASSES = tuple(CLASS_OF.values())
CLEAN_CLASSES = ("clean", "unverifiable")
MIN_RECALL = 0.95
MAX_FALSE_ALARMS = 0.02


@dataclass(frozen=True)
class Label:
    doc: str
    file: str   # corpus-relative path of the file the line is in (the document or its .bib)
    line: int
    cls: str
    note: str = ""


@dataclass(frozen=True)
class Found:
    file: str
    line: int
    code: str
    severity: Severity
    message: str


def load_labels() -> tuple[list[dict], list[Label]]:
    data = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
    docs = data["documents"]
    labels = [Label(d["path"], item.get("file", d["path"]), int(item["line"]), item["class"], item.get("note", ""))
              for d in docs for item in d["labels"]]
    return docs, labels


def _entry_starts(bib: Path) -> list[tuple[int, int]]:
    """(first line, last line) of every entry of a .bib file of the corpus."""
    works, _, _ = load_bibtex(bib.read_text(encoding="utf-8"), bib.name)
    return [(w.location.line, w.end_line) for w in works]


def _normalizer():
    """Findings inside a BibTeX entry (its author or year field, say) count at the entry's first line."""
    spans: dict[str, list[tuple[int, int]]] = {}
    by_name: dict[str, str] = {}
    for bib in sorted(CORPUS.rglob("*.bib")):
        rel = bib.relative_to(CORPUS).as_posix()
        spans[rel] = _entry_starts(bib)
        by_name[bib.name] = rel
    for doc in sorted(CORPUS.rglob("*")):
        if doc.is_file() and doc.suffix != ".bib":
            by_name.setdefault(doc.name, doc.relative_to(CORPUS).as_posix())

    def normalize(path: str, line: int) -> tuple[str, int]:
        rel = by_name.get(Path(path).name, path)  # a document's .bib is reported by its file name
        for start, end in spans.get(rel, ()):
            if start <= line <= end:
                return rel, start
        return rel, line

    return normalize


@lru_cache(maxsize=1)
def run_corpus() -> tuple[Found, ...]:
    docs, _ = load_labels()
    diagnostics, _, _ = check_docs([CORPUS / d["path"] for d in docs], canon_sources=[ROOT], root=CORPUS)
    normalize = _normalizer()
    out = []
    for d in diagnostics:
        file, line = normalize(d.location.path, d.location.line)
        out.append(Found(file, line, d.code, d.severity, d.message))
    return tuple(out)


@dataclass(frozen=True)
class Scores:
    planted: Counter
    hit: Counter
    flagged: Counter       # distinct (file, line) findings of each class
    correct: Counter       # ... of which sit on a planted case of that class
    misses: tuple
    false_alarms: tuple
    spurious: tuple        # findings of a class at a line not planted with that class
    clean_total: int


def score(labels: list[Label], found: tuple[Found, ...]) -> Scores:
    at: dict[tuple[str, int], list[Found]] = defaultdict(list)
    for f in found:
        at[(f.file, f.line)].append(f)
    planted_at = {(lb.file, lb.line, lb.cls) for lb in labels if lb.cls in ERROR_CLASSES}
    planted, hit, misses = Counter(), Counter(), []
    for lb in labels:
        if lb.cls not in ERROR_CLASSES:
            continue
        planted[lb.cls] += 1
        here = at.get((lb.file, lb.line), [])
        if any(CLASS_OF.get(f.code) == lb.cls for f in here):
            hit[lb.cls] += 1
        else:
            misses.append((lb, tuple(here)))
    flagged, correct, spurious = Counter(), Counter(), []
    for file, line, cls in sorted({(f.file, f.line, CLASS_OF[f.code]) for f in found if f.code in CLASS_OF}):
        flagged[cls] += 1
        if (file, line, cls) in planted_at:
            correct[cls] += 1
        else:
            spurious.append((file, line, cls, tuple(f for f in at[(file, line)] if CLASS_OF.get(f.code) == cls)))
    false_alarms = []
    clean = [lb for lb in labels if lb.cls in CLEAN_CLASSES]
    for lb in clean:
        bad = tuple(f for f in at.get((lb.file, lb.line), []) if f.severity >= Severity.WARNING)
        if bad:
            false_alarms.append((lb, bad))
    return Scores(planted, hit, flagged, correct, tuple(misses), tuple(false_alarms), tuple(spurious), len(clean))


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def render(scores: Scores, docs: list[dict]) -> str:
    langs = Counter(d["language"] for d in docs)
    lines = ["# check-doc regression corpus: results", "",
             f"{len(docs)} documents ({langs['en']} English, {langs['zh']} Chinese); "
             f"{sum(scores.planted.values())} planted errors; {scores.clean_total} clean or unverifiable references.",
             "Regenerate with `UPDATE_GOLDEN=1 pytest tests/test_corpus.py`.", "",
             "| class | planted | found | recall | flagged | precision |", "|---|---:|---:|---:|---:|---:|"]
    for cls in ERROR_CLASSES:
        p, h, fl, c = scores.planted[cls], scores.hit[cls], scores.flagged[cls], scores.correct[cls]
        lines.append(f"| {cls} | {p} | {h} | {_ratio(h, p)} | {fl} | {_ratio(c, fl)} |")
    fa = len(scores.false_alarms)
    lines += ["", f"False alarms on clean and unverifiable references (any error or warning at their line): "
              f"{fa} of {scores.clean_total} ({_ratio(fa, scores.clean_total)}).", "", "## Misses", ""]
    for lb, here in scores.misses:
        said = "; ".join(f"{f.code}: {f.message}" for f in here) or "nothing"
        lines.append(f"- `{lb.file}:{lb.line}` planted {lb.cls} ({lb.note or 'no note'}); checker said: {said}")
    lines += ["", "## False alarms on clean references", ""]
    for lb, bad in scores.false_alarms:
        said = "; ".join(f"{f.code}: {f.message}" for f in bad)
        lines.append(f"- `{lb.file}:{lb.line}` {lb.cls}{' (' + lb.note + ')' if lb.note else ''}; checker said: {said}")
    lines += ["", "## Findings not on a planted case of their class", ""]
    for file, line, cls, fs in scores.spurious:
        lines.append(f"- `{file}:{line}` {cls}: " + "; ".join(f"{f.code}: {f.message}" for f in fs))
    return "\n".join(lines) + "\n"


def test_corpus_is_complete():
    """The corpus itself meets the brief: formats, languages, classes and sizes."""
    docs, labels = load_labels()
    assert len(docs) >= 24
    langs = Counter(d["language"] for d in docs)
    assert langs["en"] == langs["zh"]
    assert {d["format"] for d in docs} >= {"markdown-pandoc", "markdown-numbered", "markdown-authoryear",
                                           "latex-bibtex", "latex-thebibliography", "bibtex", "text-numbered",
                                           "text-authoryear"}
    per_class = Counter(lb.cls for lb in labels)
    assert all(per_class[c] >= 8 for c in ERROR_CLASSES), per_class
    assert per_class["clean"] >= 150
    for lang in ("en", "zh"):
        mine = Counter(lb.cls for lb in labels if lb.doc.startswith(f"{lang}/"))
        assert all(mine[c] >= 1 for c in ERROR_CLASSES), (lang, mine)
    seen = set()
    for lb in labels:
        assert lb.cls in ERROR_CLASSES + CLEAN_CLASSES, lb
        text = (CORPUS / lb.file).read_text(encoding="utf-8").split("\n")
        assert 1 <= lb.line <= len(text) and text[lb.line - 1].strip(), lb
        assert (lb.file, lb.line) not in seen, f"two labels on {lb.file}:{lb.line}"
        seen.add((lb.file, lb.line))


# The thresholds are the acceptance criterion. check-doc does not meet them yet (the misses and
# false alarms are listed in tests/corpus/RESULTS.md), so the test is an expected failure; strict, so
# that it fails loudly once the engine passes and the marker must go.
def test_corpus_recall_precision_and_false_alarms():
    docs, labels = load_labels()
    scores = score(labels, run_corpus())
    report = render(scores, docs)
    print("\n" + report)
    if os.environ.get("UPDATE_GOLDEN"):
        RESULTS.write_text(report, encoding="utf-8")
    low = {c: _ratio(scores.hit[c], scores.planted[c]) for c in ERROR_CLASSES
           if scores.hit[c] < MIN_RECALL * scores.planted[c]}
    rate = len(scores.false_alarms) / scores.clean_total
    assert not low and rate <= MAX_FALSE_ALARMS, (
        f"recall below {MIN_RECALL}: {low}; false alarms {rate:.3f} (max {MAX_FALSE_ALARMS}); see the report above")


@pytest.mark.parametrize("code", sorted(CLASS_OF))
def test_every_class_code_is_a_document_rule(code):
    from citekb.checks.registry import load_builtin_rules

    rules = load_builtin_rules()
    assert code in rules and rules[code].scope == "document"

"""tests/test_corpus.py's measuring code (labels, line normalisation, scoring, report) bound to another
corpus folder, for the development and the held-out corpora, without touching that module or its cache."""
from __future__ import annotations

import dataclasses
import types
from functools import lru_cache
from pathlib import Path

import test_corpus as tc


def bind(folder: Path, results: Path, *, title: str, regenerate: str) -> types.SimpleNamespace:
    """load_labels, run_corpus, score and render for `folder`. test_corpus's functions read the module
    globals CORPUS and RESULTS, so copies of them get a namespace of their own that points here."""
    ns = dict(vars(tc))
    ns.update(CORPUS=folder, RESULTS=results)

    def rebind(fn):
        return types.FunctionType(fn.__code__, ns, fn.__name__, fn.__defaults__, fn.__closure__)

    raw = rebind(tc.load_labels)

    def load_labels():
        """A label's `file:` (a companion .bib) may be relative to its document's folder, as labels.yaml
        allows; it becomes the corpus-relative path under which the findings are reported."""
        docs, labels = raw()
        out = []
        for lb in labels:
            if lb.file != lb.doc and not (folder / lb.file).is_file():
                near = (Path(lb.doc).parent / lb.file).as_posix()
                if (folder / near).is_file():
                    lb = dataclasses.replace(lb, file=near)
            out.append(lb)
        return docs, out

    def render(scores, docs) -> str:
        return (tc.render(scores, docs)
                .replace("# check-doc regression corpus: results", f"# {title}: results", 1)
                .replace("Regenerate with `UPDATE_GOLDEN=1 pytest tests/test_corpus.py`.", regenerate, 1))

    ns["load_labels"] = load_labels
    ns["_normalizer"] = rebind(tc._normalizer)
    run_corpus = ns["run_corpus"] = lru_cache(maxsize=1)(rebind(tc.run_corpus.__wrapped__))
    return types.SimpleNamespace(load_labels=load_labels, run_corpus=run_corpus, score=tc.score, render=render)

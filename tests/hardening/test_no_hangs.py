"""Hostile text must not hang a run: each case finishes within a generous bound (about ten times
what the linear code needs), so a regression fails instead of hanging. The bound is on the CPU
time of the CLI process, because this machine's wall clock depends on what else runs on it; the
subprocess timeout is the wall-clock guard. Speed targets themselves live in scripts/bench.py."""
from __future__ import annotations

import resource

from hardening_helpers import findings, messages, run_cli

CANON = ("@inproceedings{vaswani2017attention,\n  author = {Vaswani, Ashish and Shazeer, Noam},\n"
         "  title = {Attention Is All You Need},\n  booktitle = {Advances in Neural Information Processing Systems},\n"
         "  year = {2017},\n  url = {https://example.org/a},\n  introduces = {Transformer}\n}\n\n"
         "@inproceedings{bahdanau2015neural,\n  author = {Bahdanau, Dzmitry and Cho, Kyunghyun},\n"
         "  title = {Neural Machine Translation by Jointly Learning to Align and Translate},\n"
         "  booktitle = {International Conference on Learning Representations},\n  year = {2015},\n"
         "  url = {https://example.org/b}\n}\n")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(*args, cwd, bound: float):
    start = _cpu()
    proc = run_cli(*args, cwd=cwd, timeout=int(bound) * 6)
    spent = _cpu() - start
    assert spent < bound, f"took {spent:.1f} s of CPU (bound {bound} s)"
    return proc


def test_a_long_token_after_introduced_by(tmp_path):
    """The attribution pattern backtracked exponentially: 80 letters took 90 s, 3,000 took forever."""
    (tmp_path / "canon.bib").write_text(CANON)
    token = "x" * 3000
    (tmp_path / "doc.md").write_text(f"# T\n\nThe Transformer was introduced by {token} ;; [@bahdanau2015neural].\n\n"
                                     "The Transformer was introduced by Bahdanau and Cho [@bahdanau2015neural].\n")
    proc = _timed("check-doc", "doc.md", "--canon", "canon.bib", "-f", "json", cwd=tmp_path, bound=20)
    assert ("C309", "doc.md", 5) in findings(proc)  # the ordinary sentence after it is still judged
    assert any("credits 'transformer' to bahdanau2015neural" in m for m in messages(proc, "C309"))
    assert proc.returncode == 1


def test_five_thousand_cites_on_one_latex_line(tmp_path):
    """Each citation rescanned the whole line for sentence ends: quadratic, over a minute."""
    (tmp_path / "refs.bib").write_text(CANON)
    line = " ".join(["Shown. \\cite{vaswani2017attention}"] * 5000 + ["\\cite{nokey2020}"])
    (tmp_path / "paper.tex").write_text(f"\\documentclass{{article}}\n\\begin{{document}}\n{line}\n"
                                        "\\bibliography{refs}\n\\end{document}\n")
    proc = _timed("check-doc", "paper.tex", "--canon", "refs.bib", "-f", "json", cwd=tmp_path, bound=20)
    assert ("C301", "paper.tex", 3) in findings(proc)
    assert messages(proc, "C301") == ["[@nokey2020] has no entry in the bibliography"]
    assert proc.returncode == 1


def test_fmt_check_on_many_string_lines(tmp_path):
    """The diff of 10,000 `@string` lines, each now followed by a blank line, was quadratic."""
    bib = tmp_path / "strings.bib"
    bib.write_text("".join(f"@string{{s{i} = {{Value {i}}}}}\n" for i in range(10_000)))
    proc = _timed("fmt", "--check", str(bib), cwd=tmp_path, bound=15)
    assert proc.returncode == 1
    assert "1 file(s) would reformat, 0 unchanged" in proc.stderr
    assert proc.stdout.count("\n+\n") == 9_999  # one blank line added between each pair of @strings

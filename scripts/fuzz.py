"""Fuzz the loaders, `citekb fmt`, schema validation and the graph, configuration loading and the
document pipeline (parse and assess) for a fixed number of inputs.

Uses atheris (coverage-guided, libFuzzer) when it is installed, else hypothesis at scale. A crash
is any exception escaping a loader: bad input must come back as a located problem, never raise.
Each target runs in its own process so that one crash does not stop the others.

Usage: python scripts/fuzz.py [--runs 20000] [--engine atheris|hypothesis] [--targets a,b] [--out scripts/fuzz_results.md]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = ("bibtex", "yaml", "markdown", "latex", "text", "fmt-bibtex", "fmt-yaml", "validate", "config", "assess")
SEEDS = {
    "bibtex": ['@article{k, author = {M{\\"u}ller, J. and others}, title = "A {B} $x^2$", year = 2020, doi = {10.1/x}}\n'
               '@string{s = {x}}\n@preamble{"p"}\n@comment{c}\n% c\n@misc{k2, journal = s # " y"}\n'],
    "yaml": ["id: x\nname: X\nlicense: {id: MIT, commercial_use: yes}\nevidence:\n  - cite: k\n    stance: supports\n"
             "a: &a [1, 2]\nb: *a\n# c\n"],
    "markdown": ["# T\nAs shown [@smith2020; see @lee2019, p. 3] and (Smith et al., 2020) and [1].\n\n## References\n"
                 "[1] Smith, J. (2020). A title here. https://doi.org/10.1/x arXiv:2001.00001\n"],
    "latex": ["\\cite{a,b} \\citep[p.~1]{c}\n\\begin{thebibliography}{9}\n\\bibitem{a} A. B. Title. 2020.\n"
              "\\end{thebibliography}\n"],
    "text": ["Text [1], [2-3].\n\nReferences\n[1] “A quoted title here,” 2020.\n[2] 张三. 标题[J]. 2020.\n"],
}
SEEDS["fmt-bibtex"], SEEDS["fmt-yaml"] = SEEDS["bibtex"], SEEDS["yaml"]
SEEDS["validate"] = ["id: c\nstatement: s\ncriterion: cost\nfavours: open\nmagnitude: 9999999999999999999999\n"
                     "as_of: 2024\nevidence:\n  - 5\n  - cite: k\n    stance: supports\nweights: {cost: .nan}\n"
                     "parameters: {total: 7B}\norganization: [a, b]\n"]
SEEDS["config"] = ['select = ["R1", "R10l"]\nignore = ["C3"]\nseverity = { R101 = "warning" }\ntoday = "2026-01-02"\n'
                   'fail-on = ["mismatch"]\n[online]\ntimeout = 3\n']
SEEDS["assess"] = ["# T\nThe Transformer was introduced by Vaswani et al. [1] and BERT [2].\n\n## References\n"
                   "[1] Vaswani, A. (2017). Attention is all you need. arXiv:1706.03762\n[2] Devlin, J. (2019). BERT.\n"]


def target_function(name: str):
    """A function of one text that must never raise."""
    from citekb.fmt import format_bibtex
    from citekb.fmt_yaml import Unformattable, format_yaml
    from citekb.load.bibtex import load_bibtex
    from citekb.load.documents import load_document
    from citekb.load.yamlfile import load_yaml

    workdir = Path(tempfile.mkdtemp(prefix="citekb-fuzz-"))
    suffix = {"markdown": ".md", "latex": ".tex", "text": ".txt"}

    def document(text: str) -> None:
        path = workdir / f"doc{suffix[name]}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        load_document(path)

    def fmt(function, path):
        def run(text: str) -> None:
            try:
                once = function(text, path)
            except Unformattable:
                return
            assert function(once, path) == once, "a second fmt run changed the file"
        return run

    return {"bibtex": lambda t: load_bibtex(t, "f.bib"), "yaml": lambda t: load_yaml(t, "f.yaml"),
            "fmt-bibtex": fmt(format_bibtex, "f.bib"), "fmt-yaml": fmt(format_yaml, "kb/models/x.yaml"),
            "validate": validate_and_graph, "config": config(workdir), "assess": assess(workdir),
            }.get(name, document)


def validate_and_graph(text: str) -> None:
    """YAML -> every kind's schema -> the graph of what validation kept."""
    from citekb.graph.build import build_graph
    from citekb.kb import KnowledgeBase
    from citekb.load.schema import SPECS, validate
    from citekb.load.yamlfile import load_yaml

    data, _ = load_yaml(text, "f.yaml")
    if data is None:
        return
    for kind in SPECS:
        record, _ = validate(kind, data, "f.yaml")
        if record is not None:
            build_graph(KnowledgeBase(root=Path("."), records={kind: (record,)}))


def config(workdir: Path):
    from citekb.config import ConfigError, load_config

    def run(text: str) -> None:
        (workdir / "citekb.toml").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_config(workdir)
        except ConfigError:
            pass  # a located configuration error is the right answer to bad configuration
    return run


def assess(workdir: Path):
    """The document pipeline as check-doc runs it: parse, then assess against a small canon."""
    from citekb.checks.runner import check_document
    from citekb.config import Config
    from citekb.load.bibtex import load_bibtex
    from citekb.load.documents import load_document
    from citekb.resolve import Canon

    canon = Canon(tuple(load_bibtex("@article{vaswani2017attention, author = {Vaswani, Ashish}, title = {Attention Is "
                                    "All You Need}, year = 2017, eprint = {1706.03762}, introduces = {Transformer}}",
                                    "canon.bib")[0]))

    def run(text: str) -> None:
        path = workdir / "doc.md"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        found, _ = check_document(load_document(path), canon, Config())
        crashes = [d.message for d in found if d.code == "X001"]  # the runner turns a crash into X001
        if crashes:
            raise AssertionError(crashes[0])
    return run


def run_atheris(name: str, runs: int, crash_dir: Path) -> dict:
    import atheris

    with atheris.instrument_imports():
        function = target_function(name)
    corpus = Path(tempfile.mkdtemp(prefix=f"citekb-seed-{name}-"))
    for i, seed in enumerate(SEEDS[name]):
        (corpus / f"seed{i}").write_text(seed, encoding="utf-8")

    def one(data: bytes) -> None:
        function(data.decode("utf-8", errors="replace"))

    atheris.Setup([sys.argv[0], f"-runs={runs}", f"-artifact_prefix={crash_dir}/{name}-", "-max_len=4096",
                   "-rss_limit_mb=2048", "-timeout=20", str(corpus)], one)
    atheris.Fuzz()  # exits the process: 0 when all runs passed, non-zero on a crash
    return {}


def run_hypothesis(name: str, runs: int, crash_dir: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    function = target_function(name)
    alphabet = st.sampled_from(list("@{}()\"'=,#%\\$^_ \n\t\r[]:-&*!|>?~") + list("abkxyz019") + ["\x00", "é", "是", "\ufeff"])
    pieces = st.one_of(alphabet, st.sampled_from(SEEDS[name][0].split(" ")))

    @settings(max_examples=runs, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(pieces, max_size=200).map("".join))
    def fuzz(text):
        function(text)

    fuzz()


def child(name: str, runs: int, engine: str, crash_dir: Path) -> None:
    sys.setrecursionlimit(3000)
    (run_atheris if engine == "atheris" else run_hypothesis)(name, runs, crash_dir)


def parent(args) -> int:
    crash_dir = Path(tempfile.mkdtemp(prefix="citekb-crashes-"))
    rows = []
    for name in args.targets.split(","):
        start = time.monotonic()
        proc = subprocess.run([sys.executable, __file__, "--child", name, "--runs", str(args.runs), "--engine",
                               args.engine, "--crash-dir", str(crash_dir)], capture_output=True, text=True)
        crashes = sorted(p.name for p in crash_dir.glob(f"{name}-*"))
        failed = proc.returncode != 0
        tail = (proc.stderr.strip().splitlines() or [""])[-1][:160] if failed else ""
        rows.append({"target": name, "inputs": args.runs if not failed else _done(proc.stderr, args.runs),
                     "crashes": len(crashes) or int(failed), "seconds": round(time.monotonic() - start, 1),
                     "detail": tail})
        print(json.dumps(rows[-1]), flush=True)
    _report(rows, args, crash_dir)
    return 1 if any(r["crashes"] for r in rows) else 0


def _done(stderr: str, runs: int) -> int:
    import re

    found = re.findall(r"#(\d+)\s", stderr)
    return int(found[-1]) if found else runs


def _report(rows: list[dict], args, crash_dir: Path) -> None:
    lines = ["# Fuzzing results", "", f"Engine: {args.engine}; {args.runs} inputs per target (`python scripts/fuzz.py "
             f"--runs {args.runs} --engine {args.engine}`). A crash is an exception escaping a loader.", "",
             "| target | inputs | crashes | seconds |", "|---|---:|---:|---:|"]
    lines += [f"| {r['target']} | {r['inputs']} | {r['crashes']} | {r['seconds']} |" for r in rows]
    lines += ["", f"Total: {sum(r['inputs'] for r in rows)} inputs, {sum(r['crashes'] for r in rows)} crashes.", ""]
    details = [f"- {r['target']}: {r['detail']} (inputs in {crash_dir})" for r in rows if r["crashes"]]
    lines += (["Crashes:", *details, ""] if details else [])
    if args.out:
        Path(args.out).write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20000)
    try:
        import atheris  # noqa: F401
        default_engine = "atheris"
    except ImportError:
        default_engine = "hypothesis"
    ap.add_argument("--engine", choices=["atheris", "hypothesis"], default=default_engine)
    ap.add_argument("--out", default=str(Path(__file__).with_name("fuzz_results.md")))
    ap.add_argument("--targets", default=",".join(TARGETS), help="Comma-separated subset of: " + ", ".join(TARGETS))
    ap.add_argument("--child")
    ap.add_argument("--crash-dir", type=Path)
    args = ap.parse_args()
    os.environ.setdefault("CITEKB_CACHE_DIR", "off")
    if args.child:
        child(args.child, args.runs, args.engine, args.crash_dir)
        return 0
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())

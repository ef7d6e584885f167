"""Benchmark `citekb check` against bibtexparser's parse of the same file, in the same run.

Generates a synthetic but realistic knowledge base (BibTeX with accents, braces, @string macros,
long author lists, arXiv ids and DOIs; models and claims citing it) at several sizes, then measures
in fresh processes:

- parse-only: bibtexparser 2.x `parse_file` of the same .bib file, one process (the baseline);
- cold check: `citekb check` with an empty cache;
- warm check: `citekb check` again with nothing changed (content-keyed cache).

Results go to scripts/bench_results.md as ratios against the baseline measured in the same run.
Usage: python scripts/bench.py [--sizes 1000,10000,100000] [--out scripts/bench_results.md]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FAMILIES = ["Müller", "García", "Nguyễn", "Smith", "Zhang", "O'Neil", "van der Berg", "Kowalski", "Łukasiewicz",
            "Dubois", "Søren", "Li", "Wang", "Kim", "Rossi", "Novák", "Ozturk", "Yamada", "Ivanova", "Okafor"]
GIVEN = ["Anna", "José", "Wei", "Jean-Luc", "Zoë", "Ahmed", "Mia", "Kenji", "Olu", "Ivan", "Li", "Sofía"]
WORDS = ["learning", "neural", "sparse", "attention", "graph", "robust", "efficient", "language", "vision",
         "transformer", "diffusion", "reinforcement", "scaling", "open", "models", "data", "federated", "causal"]
VENUES = ["@string{neurips = {Advances in Neural Information Processing Systems}}",
          "@string{icml = {International Conference on Machine Learning}}"]


def entry(i: int, rng: random.Random) -> str:
    year = 2000 + i % 26
    n_auth = 60 if i % 500 == 0 else rng.randint(1, 8)
    authors = " and ".join(f"{rng.choice(FAMILIES)}, {rng.choice(GIVEN)}" for _ in range(n_auth))
    authors = authors.replace("Müller", "M{\\\"u}ller") if i % 7 == 0 else authors
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize()
    title = f"{{{title.split()[0]}}} " + " ".join(title.split()[1:]) + f" {i}"
    if i % 11 == 0:
        title += " with $\\alpha$-{Divergence}"
    kind = i % 3
    lines = [f"@{'inproceedings' if kind == 0 else 'article' if kind == 1 else 'misc'}{{w{i}key{year},",
             f"  author = {{{authors}}},", f"  title = {{{title}}},", f"  year = {year},"]
    if kind == 0:
        lines.append(f"  booktitle = {rng.choice(['neurips', 'icml'])},")
    elif kind == 1:
        lines.append("  journal = {Journal of Synthetic Research},")
    else:
        lines.append("  howpublished = {Web page},")
    if year >= 2008 and i % 2 == 0:
        lines.append(f"  eprint = {{{year % 100:02d}{1 + i % 12:02d}.{i % 10000:04d}{'' if year < 2015 else str(i % 10)}}}, archiveprefix = {{arXiv}},")
    lines.append(f"  doi = {{10.5555/synth.{i}}},")
    lines.append(f"  url = {{https://example.org/w/{i}}},")
    lines.append("  verified = {synthetic benchmark entry}")
    return "\n".join(lines) + "\n}\n"


def make_corpus(root: Path, n: int) -> Path:
    rng = random.Random(n)
    (root / "references").mkdir(parents=True)
    with open(root / "references" / "big.bib", "w", encoding="utf-8") as fh:
        fh.write("\n".join(VENUES) + "\n\n")
        for i in range(n):
            fh.write(entry(i, rng) + "\n")
    (root / "kb" / "organizations").mkdir(parents=True)
    (root / "kb" / "organizations" / "acme.yaml").write_text(
        "id: acme\nname: Acme\nkind: company\ncountry: US\nurl: https://example.org\n")
    for sub, count in (("models", max(n // 100, 5)), ("claims", max(n // 50, 5))):
        (root / "kb" / sub).mkdir(parents=True)
        for j in range(count):
            key = f"w{j * 7 % n}key{2000 + (j * 7 % n) % 26}"
            if sub == "models":
                text = (f"id: m{j}\nname: Model {j}\norganization: acme\nreleased: 2024-01-01\n"
                        "modality: {input: [text], output: [text]}\nparameters: {total: 7B}\n"
                        "access: open-weights-unrestricted\nlicense: {id: Apache-2.0, commercial_use: yes}\n"
                        f"weights: {{available: true}}\npaper: {key}\n")
            else:
                text = (f"id: c{j}\nstatement: Claim {j}.\ncriterion: cost\nfavours: open\nas_of: 2025-01-01\n"
                        f"evidence:\n  - {{cite: {key}, stance: supports}}\n")
            (root / "kb" / sub / f"{'m' if sub == 'models' else 'c'}{j}.yaml").write_text(text)
    return root / "references" / "big.bib"


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a child process."""
    wrapper = ("import resource, subprocess, sys, time, json;"
               "t = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
               "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))")
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, env=env, check=True)
    secs, mib = json.loads(out.stdout.strip().splitlines()[-1])
    return secs, mib


def run_size(n: int, workdir: Path) -> dict:
    root = workdir / f"kb{n}"
    bib = make_corpus(root, n)
    parse = [sys.executable, "-c", f"import bibtexparser; bibtexparser.parse_file({str(bib)!r})"]
    citekb = [sys.executable, "-m", "citekb", "check", str(root), "--format", "json", "-o", str(workdir / "out.json")]
    env = {**os.environ, "CITEKB_CACHE_DIR": str(workdir / f"cache{n}")}
    p_secs, p_mem = measure(parse)
    cold, cold_mem = measure(citekb, env)
    warm, warm_mem = measure(citekb, env)
    return {"n": n, "bytes": bib.stat().st_size, "parse": p_secs, "parse_mem": p_mem, "cold": cold,
            "cold_mem": cold_mem, "warm": warm, "warm_mem": warm_mem}


def table(rows: list[dict]) -> str:
    head = ("| works | .bib size | bibtexparser parse (s) | citekb cold check (s) | ratio | entries/s | "
            "warm re-check (s) | warm / parse | peak MiB parse / cold / warm |\n|---|---|---|---|---|---|---|---|---|\n")
    body = "".join(
        f"| {r['n']:,} | {r['bytes'] / 1e6:.1f} MB | {r['parse']:.2f} | {r['cold']:.2f} | {r['cold'] / r['parse']:.2f}x | "
        f"{r['n'] / r['cold']:,.0f} | {r['warm']:.2f} | {r['warm'] / r['parse']:.2f}x | "
        f"{r['parse_mem']:.0f} / {r['cold_mem']:.0f} / {r['warm_mem']:.0f} |\n" for r in rows)
    return head + body


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--out", default=str(Path(__file__).with_name("bench_results.md")))
    args = ap.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="citekb-bench-"))
    try:
        rows = [run_size(int(s), workdir) for s in args.sizes.split(",")]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = (f"# citekb check benchmark\n\nMeasured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, "
              f"Python {sys.version.split()[0]}. Each number is one run in a fresh process; ratios are against "
              "bibtexparser's parse of the same file measured in the same run.\n\n" + table(rows))
    Path(args.out).write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()

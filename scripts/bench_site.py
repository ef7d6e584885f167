"""Benchmark the site build on a synthetic 10,000-entity knowledge base.

Measures, on the same pages: citekb's generation (load + checks + render_all), the full
`mkdocs build` with our hooks, and MkDocs alone on the exported tree (no hooks), plus MkDocs
alone without the search plugin, so that the overhead of our generation and what dominates are
visible. Writes scripts/bench_site_results.md.

    .venv/bin/python scripts/bench_site.py [--entities 10000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "scripts" / "bench_site_results.md"
ACCESS = ("open-weights-unrestricted", "open-weights-restricted", "open-weights-noncommercial", "api", "hosted")
CRITERIA = ("capability", "customization", "cost", "data-privacy", "vendor-independence", "transparency")
NAV = [{"Home": "index.md"},
       {"Evidence": ["claims/index.md", "reviews/index.md", "briefs/index.md"]},
       {"Catalogue": ["models/index.md", "papers/index.md", "frameworks/index.md", "organizations/index.md"]},
       {"Explore": ["graph.md", "downloads.md", "tags.md"]},
       {"Health": ["health.md", "rules/index.md"]}]


def split(n: int) -> dict[str, int]:
    """How 10,000 entities divide: mostly works, models and claims, like the real KB."""
    shares = {"works": 0.40, "models": 0.25, "claims": 0.25, "frameworks": 0.04, "organizations": 0.04, "reviews": 0.02}
    out = {k: int(n * v) for k, v in shares.items()}
    out["works"] += n - sum(out.values())
    return out


def write_kb(root: Path, n: int) -> dict[str, int]:
    rnd = random.Random(7)
    counts = split(n)
    (root / "references").mkdir(parents=True)
    bib = []
    for i in range(counts["works"]):
        bib.append(f"@misc{{author{i}2020work{i},\n  author = {{Author{i}, Ann and Other, Bob}},\n"
                   f"  title = {{Synthetic Work Number {i} on Open Models}},\n  year = {{{2015 + i % 11}}},\n"
                   f"  howpublished = {{Synthetic}},\n  url = {{https://example.org/w/{i}}}\n}}\n")
    (root / "references" / "synthetic.bib").write_text("\n".join(bib), encoding="utf-8")
    kb = root / "kb"
    files: dict[str, str] = {}
    for i in range(counts["organizations"]):
        files[f"organizations/org-{i}.yaml"] = f"id: org-{i}\nname: Org {i}\nkind: company\ncountry: US\nurl: https://example.org/o/{i}\n"
    for i in range(counts["frameworks"]):
        files[f"frameworks/fw-{i}.yaml"] = (f"id: fw-{i}\nname: Framework {i}\nkind: library\norganization: org-{i % counts['organizations']}\n"
                                           f"license: MIT\nfirst_release: {2015 + i % 10}\nurl: https://example.org/f/{i}\n")
    for i in range(counts["models"]):
        work = f"author{i % counts['works']}2020work{i % counts['works']}"
        base = f"base_model: model-{i - 1}\n" if i % 5 == 4 else ""
        files[f"models/model-{i}.yaml"] = (
            f"id: model-{i}\nname: Model {i}\norganization: org-{i % counts['organizations']}\n"
            f"released: {{value: {2018 + i % 8}-0{1 + i % 9}, source: {work}}}\nmodality: {{input: [text], output: [text]}}\n"
            f"parameters: {{total: {1 + i % 70}B}}\naccess: {ACCESS[i % len(ACCESS)]}\n"
            f"license: {{id: Apache-2.0, commercial_use: yes}}\nweights: {{available: {str(i % 5 < 3).lower()}}}\n"
            f"paper: {work}\nframeworks: [fw-{i % counts['frameworks']}]\n{base}")
    for i in range(counts["claims"]):
        cites = "".join(f"  - cite: author{k}2020work{k}\n    stance: {s}\n    locator: section {j}\n"
                        for j, (k, s) in enumerate([(rnd.randrange(counts["works"]), "supports"),
                                                    (rnd.randrange(counts["works"]), "supports"),
                                                    (rnd.randrange(counts["works"]), "qualifies")]))
        files[f"claims/claim-{i}.yaml"] = (
            f"id: claim-{i}\nstatement: Synthetic claim {i} about the open and closed trade-off.\n"
            f"criterion: {CRITERIA[i % len(CRITERIA)]}\nfavours: {('open', 'closed', 'depends')[i % 3]}\nas_of: 2025-01-01\n"
            f"evidence:\n{cites}models: [model-{i % counts['models']}]\n")
    for i in range(counts["reviews"]):
        files[f"reviews/review-{i}.yaml"] = (
            f"id: review-{i}\ntitle: Reviewed article {i}\nassertions:\n  - subject: model-{i}\n    property: openness\n"
            f"    value: closed\nclaims:\n  - claim: claim-{i}\n    position: asserts\n")
    for rel, text in files.items():
        path = kb / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return counts


def write_config(root: Path, *, hooks: bool, search: bool = True) -> Path:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = NAV
    config["plugins"] = [p for p in config["plugins"] if search or p != "search"]
    if hooks:
        config["hooks"] = [str(ROOT / "scripts" / "mkdocs_hooks.py")]
    else:
        config.pop("hooks", None)
        config.pop("watch", None)
    name = f"mkdocs-{'hooks' if hooks else 'plain'}{'' if search else '-nosearch'}.yml"
    path = root / name
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


# Runs `mkdocs build` in a child that reports its own peak resident memory on its last stderr line.
_CHILD = """
import resource, sys
from mkdocs.__main__ import cli
try:
    cli(["build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]], standalone_mode=False)
finally:
    print("maxrss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def timed_build(config: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one `mkdocs build` (not strict: synthetic data)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(config), str(out)],
                          cwd=config.parent, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"mkdocs build failed:\n{proc.stderr[-3000:]}")
    rss = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("maxrss_kb ")]
    return seconds, int(rss[-1]) / 1024 if rss else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="build here and keep the files")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from citekb import api
    from citekb.site.export import hand_written
    from citekb.site.render import render_all

    work = args.keep or Path(tempfile.mkdtemp(prefix="citekb-bench-"))
    root = work / "repo"
    if root.exists():
        shutil.rmtree(root)
    counts = write_kb(root, args.entities)
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    (root / "docs" / "index.md").write_text("---\ntitle: Bench\ndescription: Synthetic KB\n---\n\n# Bench\n\n<!-- citekb:figures -->\n")

    t0 = time.perf_counter()
    result = api.check(root)
    t1 = time.perf_counter()
    hand, _ = hand_written(root / "docs")
    pages, data = render_all(result.kb, result.graph, result.diagnostics, extra_pages=hand)
    t2 = time.perf_counter()

    # The same pages on disk, for MkDocs alone.
    plain = work / "plain"
    if plain.exists():
        shutil.rmtree(plain)
    shutil.copytree(root / "docs" / "assets", plain / "docs" / "assets")
    for rel, text in pages.items():
        (plain / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (plain / "docs" / rel).write_text(text, encoding="utf-8")
    for rel, blob in data.items():
        (plain / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (plain / "docs" / rel).write_bytes(blob)

    full = timed_build(write_config(root, hooks=True), work / "site-full")
    alone = timed_build(write_config(plain, hooks=False), work / "site-plain")
    nosearch = timed_build(write_config(plain, hooks=False, search=False), work / "site-nosearch")
    report(args.entities, counts, len(pages), len(data), t1 - t0, t2 - t1, full, alone, nosearch)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def report(n, counts, n_pages, n_files, check_s, render_s, full, alone, nosearch) -> None:
    ours = check_s + render_s
    lines = [
        "# Site build benchmark", "",
        f"Synthetic knowledge base of {n:,} entities ({', '.join(f'{v:,} {k}' for k, v in counts.items())}), "
        f"{n_pages:,} pages and {n_files} data files. Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end (other jobs share the machine, "
        "so treat the numbers as ±20%). Produced by `scripts/bench_site.py`; one run each.", "",
        "| Step | Seconds | Peak memory |", "|---|---:|---:|",
        f"| citekb: load + checks (`api.check`) | {check_s:.1f} | |",
        f"| citekb: `render_all` (pages, downloads, graph layout) | {render_s:.1f} | |",
        f"| **citekb generation total** | **{ours:.1f}** | |",
        f"| `mkdocs build` with the hooks (everything) | {full[0]:.1f} | {full[1]:.0f} MB |",
        f"| MkDocs alone on the same pages (no hooks) | {alone[0]:.1f} | {alone[1]:.0f} MB |",
        f"| MkDocs alone, search plugin off | {nosearch[0]:.1f} | {nosearch[1]:.0f} MB |", "",
        f"Our generation is {100 * ours / full[0]:.0f}% of the full build; MkDocs itself (Markdown, templates, "
        f"writing files) dominates, and the search index accounts for about {100 * (alone[0] - nosearch[0]) / alone[0]:.0f}% "
        "of MkDocs' own time. Entity pages are not listed in the nav, so page size stays flat as the KB grows.", "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

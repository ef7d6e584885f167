"""Benchmark the local reference index: import 1,000,000 synthetic arXiv OAI snapshot records
(JSON lines, the real dump's field names) with bounded memory, then resolve 10,000 references.

    nice python scripts/bench_index.py [--records N] [--lookups N] [--out scripts/bench_index_results.md]

Records are generated deterministically (seeded) into a temporary directory, streamed into a fresh
index through `citekb.sources.index.importer.import_file` (the code `citekb index add` runs), and looked up
through `IndexSource`, the `resolve.Source` that `check-doc` uses: DOI, arXiv id, and title (with a
typo, guarded by an author). Id lookups are also timed on a 100,000-record index to show that their
cost does not grow with the index. No network.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from citekb.sources.index.importer import import_file
from citekb.sources.index.store import Index, IndexSource

SYLLABLES = ("ka ro mi su te na lo vi ze pa ri do ne gu sha tor lin mar quo ben fel dra ist ul "
             "ex on ar ic al ent ion ing ous ver pre con tra mul ser").split()
FAMILIES = [f"{a.capitalize()}{b}{c}" for a in SYLLABLES[:20] for b in SYLLABLES[5:15] for c in ("", "son", "ova", "er")]
GIVEN = ["Ana", "Bo", "Chen", "Dara", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jun", "Kiri", "Lena", "Mateo", "Nia"]


def record(i: int, rng: random.Random, vocab: list[str]) -> dict:
    month = i // 50_000  # 50,000 new-style ids a month from 2015-01: unique, like the real ones
    yy, mm = 15 + month // 12, 1 + month % 12
    arxiv = f"{yy:02d}{mm:02d}.{i % 50_000 + 1:05d}"
    title = " ".join(rng.choice(vocab) for _ in range(rng.randint(5, 11))).capitalize()
    people = [(rng.choice(FAMILIES), rng.choice(GIVEN)) for _ in range(rng.randint(1, 6))]
    return {"id": arxiv, "submitter": people[0][1], "title": title,
            "authors": ", ".join(f"{g} {f}" for f, g in people), "comments": None,
            "journal-ref": None, "doi": f"10.5555/bench.{i}" if i % 2 == 0 else None, "categories": "cs.LG",
            "abstract": "...", "versions": [{"version": "v1", "created": f"Mon, 1 Jan 20{yy:02d} 00:00:00 GMT"}],
            "update_date": f"20{yy:02d}-{mm:02d}-01", "authors_parsed": [[f, g, ""] for f, g in people]}


def generate(path: Path, n: int) -> None:
    rng = random.Random(7)
    vocab = [a + b + c for a in SYLLABLES for b in SYLLABLES[:24] for c in ("", "s", "al", "ing")]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(record(i, rng, vocab), separators=(",", ":")) + "\n")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def import_timed(index_path: Path, dump: Path) -> dict:
    samples = []

    def progress(records: int, done: int, size: int) -> None:
        if records % 100_000 == 0:
            samples.append((records, round(rss_mb(), 1)))
            print(f"  {records:,} records, RSS {samples[-1][1]} MB", file=sys.stderr)

    t = time.perf_counter()
    with Index(index_path, create=True) as idx:
        result = import_file(idx, dump, progress=progress)
    return {"seconds": time.perf_counter() - t, "records": result.records, "added": result.added, "rss": samples}


def queries(n_records: int, n: int) -> list[tuple[str, tuple]]:
    """A third by DOI, a third by arXiv id, a third by title with one typo and the first author."""
    rng, vocab = random.Random(7), [a + b + c for a in SYLLABLES for b in SYLLABLES[:24] for c in ("", "s", "al", "ing")]
    picks = set(random.Random(11).sample(range(n_records), n))
    out = []
    for i in range(n_records):
        rec = record(i, rng, vocab)
        if i not in picks:
            continue
        kind = len(out) % 3
        if kind == 0 and rec["doi"]:
            out.append(("doi", (rec["doi"],)))
        elif kind == 1:
            out.append(("arxiv", (rec["id"],)))
        else:
            t = rec["title"]
            typo = t[:5] + t[6:] if len(t) > 20 else t
            out.append(("title", (typo, (rec["authors_parsed"][0][0],))))
    return out


def lookups(index_path: Path, qs: list) -> dict:
    source = IndexSource(index_path)
    found, per_kind = 0, {}
    t0 = time.perf_counter()
    for kind, args in qs:
        t = time.perf_counter()
        hit = getattr(source, f"find_{kind}")(*args)
        found += hit is not None
        s, c = per_kind.get(kind, (0.0, 0))
        per_kind[kind] = (s + time.perf_counter() - t, c + 1)
    total = time.perf_counter() - t0
    return {"seconds": total, "found": found, "n": len(qs), "per_kind": per_kind}


def id_rate(index_path: Path, ids: list[str]) -> float:
    source = IndexSource(index_path)
    t = time.perf_counter()
    for d in ids:
        source.find_doi(d)
    return len(ids) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--lookups", type=int, default=10_000)
    ap.add_argument("--out", default=str(Path(__file__).with_name("bench_index_results.md")))
    ap.add_argument("--generate", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.generate:
        generate(Path(args.generate), args.records)
        return
    with tempfile.TemporaryDirectory(prefix="citekb-bench-") as tmp:
        tmp = Path(tmp)
        dump, small = tmp / "arxiv-metadata-oai-snapshot.json", tmp / "small.json"
        t = time.perf_counter()
        # generated in a child process, so that the import's peak RSS is the import's own
        subprocess.run([sys.executable, __file__, "--records", str(args.records), "--generate", str(dump)], check=True)
        gen = time.perf_counter() - t
        with open(dump, "rb") as src, open(small, "wb") as dst:
            for _, line in zip(range(100_000), src):
                dst.write(line)
        print(f"generated {args.records:,} records ({dump.stat().st_size / 1e6:.0f} MB) in {gen:.0f}s", file=sys.stderr)
        imp = import_timed(tmp / "big.sqlite", dump)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size = (tmp / "big.sqlite").stat().st_size
        qs = queries(args.records, args.lookups)
        look = lookups(tmp / "big.sqlite", qs)
        with Index(tmp / "small.sqlite", create=True) as idx:
            import_file(idx, small)
        dois = [f"10.5555/bench.{i}" for i in random.Random(3).sample(range(0, 100_000, 2), 5000)]
        small_rate, big_rate = id_rate(tmp / "small.sqlite", dois), id_rate(tmp / "big.sqlite", dois)
        write(Path(args.out), args, dump, gen, imp, peak, size, look, small_rate, big_rate)


def write(out: Path, args, dump, gen, imp, peak, size, look, small_rate, big_rate) -> None:
    kinds = "\n".join(f"| {k} | {c:,} | {c / s:,.0f} | {1000 * s / c:.2f} |" for k, (s, c) in sorted(look["per_kind"].items()))
    rss = ", ".join(f"{n // 1000:,}k: {mb:.0f} MB" for n, mb in imp["rss"][::2])
    text = f"""# Local index benchmark

Generated by `scripts/bench_index.py` (run with `nice`, on a shared 2-core machine: {platform.python_implementation()}
{platform.python_version()}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs). Numbers vary with the machine's load.

## Import

| what | value |
|---|---|
| format | arXiv OAI metadata snapshot, JSON lines ({dump.stat().st_size / 1e6:,.0f} MB, generated in {gen:.0f} s) |
| records | {imp['records']:,} (works added: {imp['added']:,}) |
| time | {imp['seconds']:,.0f} s |
| rate | {imp['records'] / imp['seconds']:,.0f} records/s |
| peak RSS of the importing process | {peak:,.0f} MB |
| RSS while importing (every 200k records) | {rss} |
| index size | {size / 1e6:,.0f} MB |

## Resolving {look['n']:,} references

| lookup | count | lookups/s | ms each |
|---|---|---|---|
{kinds}
| **all** | {look['n']:,} | **{look['n'] / look['seconds']:,.0f}** | {1000 * look['seconds'] / look['n']:.2f} |

Found: {look['found']:,} of {look['n']:,} (titles carry one typo and are guarded by the first author).

## Id lookups do not slow down as the index grows

| index size | DOI lookups/s |
|---|---|
| 100,000 records | {small_rate:,.0f} |
| {imp['records']:,} records | {big_rate:,.0f} |

An id lookup is one probe of a `WITHOUT ROWID` table keyed by the normalized identifier, then one
fetch by rowid. Strictly this is a B-tree, so its cost grows with the logarithm of the size (a level
or so between these two sizes, plus more cache misses); in practice it stays within a small factor
while the index grows tenfold. The id lookups of the mixed run above are slower than these because
they are the first to touch the index file (cold pages) and each builds a `Work` from its record.
Title lookups (FTS5 candidates, all words, else all but one to survive a typo, then rapidfuzz
re-ranking) dominate the mixed rate.
"""
    out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

"""Re-derive the real-document corpus (tests/realworld/docs/) from its provenance.

Each entry of tests/realworld/manifest.yaml names a public repository, a path and a commit. Given a local
mirror of each repository (a bare or normal git directory), this script reads the file at that commit with
`git show`, keeps the line ranges the manifest lists (`keep_lines`, 1-based and inclusive; absent = whole
file) and writes it to tests/realworld/docs/<id>. It documents where every document came from and lets a
reviewer check that no reference was edited; the tests never run it (they must work offline).

    python scripts/realworld_fetch.py --mirrors /path/to/mirrors [--check]

A repository `owner/name` is looked for at <mirrors>/owner+name/repo, <mirrors>/owner+name and
<mirrors>/owner/name. With --check, nothing is written: the script reports every document whose stored
copy differs from what its provenance gives.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "realworld"


def git_dir(mirrors: Path, repo: str) -> Path | None:
    owner, name = repo.split("/", 1)
    for cand in (mirrors / f"{owner}+{name}" / "repo", mirrors / f"{owner}+{name}", mirrors / owner / name):
        if cand.is_dir():
            return cand
    return None


def derive(gdir: Path, commit: str, path: str, keep_lines) -> str:
    """The document's text: the file at the commit, cut to the kept line ranges."""
    raw = subprocess.run(["git", f"--git-dir={gdir}", "show", f"{commit}:{path}"],
                         check=True, capture_output=True).stdout.decode("utf-8")
    if not keep_lines:
        return raw
    lines = raw.split("\n")
    kept: list[str] = []
    for first, last in keep_lines:
        kept.extend(lines[first - 1:last])
    return "\n".join(kept) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirrors", type=Path, required=True, help="folder holding the repositories' git mirrors")
    ap.add_argument("--check", action="store_true", help="compare with the stored copies; write nothing")
    args = ap.parse_args(argv)
    manifest = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
    bad = 0
    for doc in manifest["documents"]:
        gdir = git_dir(args.mirrors, doc["repository"])
        if gdir is None:
            print(f"{doc['id']}: no mirror of {doc['repository']} under {args.mirrors}", file=sys.stderr)
            bad += 1
            continue
        text = derive(gdir, doc["commit"], doc["path"], doc.get("keep_lines"))
        dest = CORPUS / "docs" / doc["id"]
        if args.check:
            if not dest.is_file() or dest.read_text(encoding="utf-8") != text:
                print(f"{doc['id']}: differs from {doc['repository']}@{doc['commit'][:12]}:{doc['path']}")
                bad += 1
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        print(f"{doc['id']} <- {doc['repository']}@{doc['commit'][:12]}:{doc['path']}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

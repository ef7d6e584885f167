"""Helpers for the CI-integration tests: throwaway git repositories and the citekb on PATH."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the test interpreter's venv: its `citekb` script is the one under test

GOOD_BIB = ("@misc{good2020work, author = {Good, Gina}, title = {A Good Work}, year = {2020},\n"
            "  howpublished = {Web page}, url = {https://example.org/good}}\n")
BAD_BIB = "@misc{bad, title = {No Author, No Year}}\n"
# An empty global git configuration of our own, not os.devnull: on one CI machine /dev/null had
# become a regular file with content, and every git call failed with "bad config line 1".
NO_GIT_CONFIG = Path(__file__).with_name("empty.gitconfig")


def env(**extra: str) -> dict[str, str]:
    """A reproducible environment: no user or system git configuration, a fixed identity."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    base.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=str(NO_GIT_CONFIG), GIT_AUTHOR_NAME="Test",
                GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
                GIT_COMMITTER_EMAIL="test@example.org", PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
                CITEKB_CACHE_DIR="off")
    base.update(extra)
    return base


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, env=env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def init_repo(path: Path, files: dict[str, str] | None = None, *, commit: bool = True) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    for rel, text in (files or {}).items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_text(text, encoding="utf-8")
    if commit:
        git(path, "add", "-A")
        git(path, "commit", "-q", "--allow-empty", "-m", "start")
    return path


def citekb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(BIN / "citekb"), *args], cwd=cwd, env=env(), capture_output=True, text=True)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc

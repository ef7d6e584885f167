"""Helpers for the hardening tests: run the real CLI in a subprocess and read its JSON findings."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
ROOT = Path(__file__).resolve().parents[2]

CANARY_ORG = ("id: canary\nname: Canary\nkind: company\ncountry: US\nurl: https://example.org\n"
              "parent: nobody\n")  # K202 on line 6 proves the good record next to a bad one was checked


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m citekb ARGS`; never a traceback, always within `timeout` seconds."""
    proc = subprocess.run([sys.executable, "-m", "citekb", *args], cwd=cwd or ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "CITEKB_CACHE_DIR": "off", **(env or {})})
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-3000:]
    return proc


def findings(proc: subprocess.CompletedProcess) -> set[tuple[str, str, int]]:
    """(code, path, line) of every finding in a `-f json` report."""
    return {(d["code"], d["location"]["path"], d["location"]["line"]) for d in json.loads(proc.stdout)}


def messages(proc: subprocess.CompletedProcess, code: str) -> list[str]:
    return [d["message"] for d in json.loads(proc.stdout) if d["code"] == code]

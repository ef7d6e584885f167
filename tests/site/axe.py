"""axe-core, the accessibility engine, installed from npm at test set-up into a cache outside the
repository (`CITEKB_TEST_TOOLS` or ~/.cache/citekb-test-tools), never committed, and run inside
the page under test (its script is injected inline, so the page makes no extra request)."""
from __future__ import annotations

from pathlib import Path

from npmtools import npm_packages

NPM = {"axe-core": "4.14.1"}
SERIOUS = ("serious", "critical")


def axe_script() -> Path:
    """axe.min.js of the pinned axe-core, installed once per machine (a few seconds)."""
    modules = npm_packages(NPM, "the accessibility tests need axe-core from npm", timeout=600)
    return modules / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    """axe's serious and critical violations on the page as it is now, one line each."""
    page.add_script_tag(content=axe_script().read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            for v in result["violations"] if v.get("impact") in SERIOUS]

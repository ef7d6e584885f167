"""Build hook: the wheel carries the shipped knowledge base as package data (`citekb/shipped_kb/`).

check-doc compares references against the works and models the project curates. An installed
citekb (pre-commit, the GitHub Action, `pip install citekb`) has no source tree to read them from,
so the build copies them into the package, where `citekb.api.bundled_kb_root()` finds them through
importlib.resources. Only the canonical records travel: references/*.bib and the model, framework
and organization records (claims, reviews and scenarios are the site's, not the checker's).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CANON = {"references": "*.bib", "kb/models": "*.yaml", "kb/frameworks": "*.yaml", "kb/organizations": "*.yaml"}


class BuildWithCanon(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        target = Path(self.build_lib) / "citekb" / "shipped_kb"
        shutil.rmtree(target, ignore_errors=True)
        for sub, pattern in CANON.items():
            files = sorted((HERE / sub).glob(pattern))
            if not files:
                raise SystemExit(f"citekb build: no {pattern} under {sub}/: the wheel would ship no canon")
            (target / sub).mkdir(parents=True, exist_ok=True)
            for path in files:
                shutil.copyfile(path, target / sub / path.name)


setup(cmdclass={"build_py": BuildWithCanon})

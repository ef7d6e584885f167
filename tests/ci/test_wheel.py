"""What users install: the built wheel, in a fresh venv outside the checkout, as pre-commit and the
Action install it. An editable install reads the source tree and hides missing package data; this
test does not. It needs the package index for the dependencies (pip's cache makes re-runs quick).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ci_helpers import ROOT

pytestmark = pytest.mark.slow

BUILD_INPUTS = ("src", "references", "kb", "setup.py", "pyproject.toml", "README.md", "MANIFEST.in")

# Two shipped works cited wrongly: a wrong year for one, wrong authors for the other.
PAPER = """# Notes

Transformers [1] and BERT [2] changed how NLP is done.

## References

1. Vaswani, A., Shazeer, N., Parmar, N., et al. (2019). Attention Is All You Need. In Advances in Neural Information Processing Systems.
2. Smith, J., & Miller, K. (2019). BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding. In Proceedings of NAACL-HLT.
"""


def _run(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A venv with the wheel built from this checkout installed (no extras); returns its bin/."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src-copy"  # build from a copy, so the checkout gets no build/ or egg-info
    src.mkdir()
    for name in BUILD_INPUTS:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(
            ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__", "*.egg-info")}
                                        if (ROOT / name).is_dir() else {}))
    built = _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", base / "dist", src, cwd=base)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next((base / "dist").glob("citekb-*.whl"))
    _run(sys.executable, "-m", "venv", base / "venv", cwd=base).check_returncode()
    pip = _run(base / "venv/bin/python", "-m", "pip", "install", "-q", wheel, cwd=base)
    assert pip.returncode == 0, pip.stderr[-3000:]
    return base / "venv" / "bin"


def _env(tmp: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp / "home"), "XDG_CACHE_HOME": str(tmp / "home/.cache"),
            "LANG": "C.UTF-8"}


def test_the_wheel_carries_the_canon_and_check_doc_finds_wrong_year_and_authors(installed, tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "paper.md").write_text(PAPER, encoding="utf-8")
    proc = _run(installed / "citekb", "check-doc", "paper.md", cwd=work, env=_env(tmp_path))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "paper.md:7:1: C305 [error] [1] matches vaswani2017attention" in out and "expected 2017" in out
    assert "paper.md:8:1: C304 [error] [2] matches devlin2019bert" in out
    assert "Traceback" not in out
    assert sorted(p.name for p in work.iterdir()) == ["paper.md"]  # nothing written beside the document


def test_the_canon_is_package_data_not_the_source_tree(installed, tmp_path):
    code = ("from citekb import api; r = api.bundled_kb_root(); "
            "print(r); print(len(list((r / 'references').glob('*.bib'))))")
    proc = _run(installed / "python", "-c", code, cwd=tmp_path, env=_env(tmp_path))
    root, n_bib = proc.stdout.split()
    assert "site-packages" in root and str(ROOT) not in root, proc.stdout
    assert int(n_bib) == len(list((ROOT / "references").glob("*.bib")))


def test_the_lean_install_checks_and_says_what_the_site_needs(installed, tmp_path):
    repo = tmp_path / "repo"
    (repo / "references").mkdir(parents=True)
    (repo / "references/refs.bib").write_text("@misc{bad, title = {No Author, No Year}}\n", encoding="utf-8")
    proc = _run(installed / "citekb", "check", cwd=repo, env=_env(tmp_path))
    assert proc.returncode == 1 and "R101" in proc.stdout, proc.stdout + proc.stderr
    site = _run(installed / "citekb", "site", "export", tmp_path / "out", cwd=repo, env=_env(tmp_path))
    assert site.returncode == 2, site.stdout + site.stderr
    assert "pip install 'citekb[site]'" in site.stderr and "Traceback" not in site.stderr
    helped = _run(installed / "citekb", "--help", cwd=repo, env=_env(tmp_path))
    assert helped.returncode == 0 and "(needs pip install 'citekb[site]')" in helped.stdout, helped.stderr

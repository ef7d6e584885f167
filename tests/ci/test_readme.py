"""The README's commands, run as written: the blocks it marks `<!-- readme-test: NAME -->`.

- main-job: `make serve` in a clean clone of the committed tree sets itself up, builds the site
  and serves it on the port asked for; a browser-less GET proves the home page is there.
- tests: the command CI runs (`.ci/run`) is the README's test command.
- tour: every line of the CLI tour runs in a copy of the repository with the documents it names,
  and ends with a documented outcome (0 clean or 1 findings), never a usage error or a traceback.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from ci_helpers import BIN, ROOT, env, git

README = (ROOT / "README.md").read_text(encoding="utf-8")
_BLOCK = re.compile(r"<!-- readme-test: ([\w-]+) -->\n```sh\n(.*?)```", re.S)
BLOCKS = {name: [ln.split("  #")[0].strip() for ln in body.splitlines() if ln.strip() and not ln.startswith("#")]
          for name, body in _BLOCK.findall(README)}

DOCS = {
    "article.md": "# A note\n\nTransformers [1] replaced recurrence.\n\n## References\n\n"
                  "1. Vaswani, A., Shazeer, N., et al. (2017). Attention Is All You Need. NeurIPS.\n",
    "paper.tex": "\\documentclass{article}\\begin{document}\nAs shown \\cite{vaswani2017attention}.\n"
                 "\\bibliography{refs}\\end{document}\n",
    "refs.bib": "@inproceedings{vaswani2017attention, author = {Vaswani, Ashish and Shazeer, Noam},\n"
                "  title = {Attention Is All You Need}, booktitle = {NeurIPS}, year = {2017}}\n",
    "notes.txt": "References\n[1] Brown, T. et al. Language Models are Few-Shot Learners. NeurIPS 2020.\n",
}


def test_the_readme_names_its_blocks():
    assert BLOCKS.get("main-job") == ["make serve"]
    assert BLOCKS.get("tests") == ["make test"]
    assert len(BLOCKS.get("tour", [])) >= 10


def test_ci_runs_the_readme_test_command():
    lines = [ln.strip() for ln in (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()]
    assert BLOCKS["tests"][0] in lines


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("tour") / "repo"
    keep = {"references", "kb", "docs", "mkdocs.yml", "pyproject.toml", "scripts"}
    dest.mkdir()
    for name in keep:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(ROOT / name, dest / name)
    for name, text in DOCS.items():
        (dest / name).write_text(text, encoding="utf-8")
    return dest


@pytest.mark.parametrize("line", BLOCKS.get("tour", []))
def test_every_tour_command_runs_as_written(line, repo_copy):
    args = shlex.split(line)
    assert args[0] == "citekb"
    proc = subprocess.run([str(BIN / "citekb"), *args[1:]], cwd=repo_copy, env=env(), capture_output=True,
                          text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode in (0, 1), f"{line}: exit {proc.returncode}\n{out[-2000:]}"
    assert "Traceback" not in out and "internal error" not in out.lower()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_make_serve_from_a_clean_clone_serves_the_site(tmp_path):
    if git(ROOT, "status", "--porcelain", "--untracked-files=no").strip() and os.environ.get("CI") != "true":
        pytest.skip("uncommitted changes: a clean clone would test the last commit, not this tree")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, env=env())
    port = _free_port()
    proc = subprocess.Popen(["make", "serve", f"PORT={port}"], cwd=clone, env=env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    log: list[str] = []
    try:
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            log.append(line)
            if f"Serving on http://127.0.0.1:{port}/" in line:
                break
        assert any(f"Serving on http://127.0.0.1:{port}/" in ln for ln in log), "".join(log[-60:])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
            assert page.status == 200 and "citekb" in page.read().decode("utf-8")
        # the site's build log: from `mkdocs serve` on (what pip and npm print while setting up
        # depends on the machine's package-index configuration, not on citekb)
        start = next((i for i, ln in enumerate(log) if "mkdocs serve" in ln), 0)
        build_log = "".join(log[start:])
        assert "exist in the docs directory, but are not included" not in build_log  # no wall of INFO lines
        assert len(log) - start < 80, build_log[-3000:]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)

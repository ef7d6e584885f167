"""The pre-commit hooks, run for real by pre-commit on a temporary repository.

pre-commit installs a `language: python` hook by pip-installing this repository and its
dependencies, which needs the package index. The main tests stay offline: they turn each hook of
our `.pre-commit-hooks.yaml` into a `repo: local` hook that runs the citekb under test, keeping
everything else (entry, files, types, pass_filenames, serial) exactly as users get it. The full
install from a git revision (it needs the package index) runs too, marked slow.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from ci_helpers import BAD_BIB, BIN, GOOD_BIB, ROOT, env, git, init_repo

pre_commit = pytest.importorskip("pre_commit")
MANIFEST = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
HOOKS = {h["id"]: h for h in MANIFEST}


def _no_install_language() -> str:
    from pre_commit.all_languages import languages

    return "unsupported" if "unsupported" in languages else "system"  # renamed in pre-commit 4.4


def local_hook(hook_id: str, **overrides) -> dict:
    hook = {**HOOKS[hook_id], "language": _no_install_language(), **overrides}
    hook.pop("minimum_pre_commit_version", None)
    hook["entry"] = hook["entry"].replace("citekb", str(BIN / "citekb"), 1)
    return hook


def write_config(repo: Path, hooks: list[dict]) -> None:
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def pre_commit_run(repo: Path, tmp_path: Path, *which: str) -> subprocess.CompletedProcess:
    git(repo, "add", "-A")
    which = which or ("--all-files",)
    return subprocess.run([str(BIN / "pre-commit"), "run", *which, "--color", "never"], cwd=repo,
                          env=env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home")),
                          capture_output=True, text=True)


def test_the_manifest_is_valid_for_pre_commit():
    proc = subprocess.run([str(BIN / "pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert set(HOOKS) == {"citekb-check", "citekb-check-doc"}
    assert all(h["language"] == "python" for h in MANIFEST)
    assert HOOKS["citekb-check"]["pass_filenames"] is False


def test_check_hook_fails_on_a_bad_bib_and_passes_once_fixed(tmp_path):
    repo = init_repo(tmp_path / "repo", {"references/refs.bib": GOOD_BIB + BAD_BIB}, commit=False)
    write_config(repo, [local_hook("citekb-check")])
    failed = pre_commit_run(repo, tmp_path)
    assert failed.returncode == 1, failed.stdout
    assert "citekb check" in failed.stdout and "Failed" in failed.stdout
    assert "references/refs.bib:3:1: R101 [error] @misc 'bad' has no year" in failed.stdout

    (repo / "references/refs.bib").write_text(GOOD_BIB, encoding="utf-8")
    passed = pre_commit_run(repo, tmp_path)
    assert passed.returncode == 0, passed.stdout
    assert "Passed" in passed.stdout


def test_check_hook_is_skipped_when_no_knowledge_base_file_is_staged(tmp_path):
    repo = init_repo(tmp_path / "repo", {"references/refs.bib": BAD_BIB, "script.py": "print('hello')\n"})
    write_config(repo, [local_hook("citekb-check")])
    (repo / "script.py").write_text("print('bye')\n", encoding="utf-8")
    proc = pre_commit_run(repo, tmp_path, "--files", "script.py")
    assert proc.returncode == 0 and "Skipped" in proc.stdout, proc.stdout


PAPER = "---\nbibliography: refs.bib\n---\n\nTransformers replaced recurrence [@{key}].\n"


def test_check_doc_hook_checks_the_staged_documents(tmp_path):
    canon = (ROOT / "tests/rules/C301/pass/refs.bib").read_text(encoding="utf-8")
    repo = init_repo(tmp_path / "repo", {"paper/refs.bib": canon, "notes.py": "x = 1\n",
                                         "paper/draft.md": PAPER.format(key="vaswani2017attenton")}, commit=False)
    write_config(repo, [local_hook("citekb-check-doc")])
    failed = pre_commit_run(repo, tmp_path)
    assert failed.returncode == 1, failed.stdout
    assert "paper/draft.md:5:" in failed.stdout and "C301" in failed.stdout
    assert "notes.py" not in failed.stdout  # only documents are handed to check-doc

    (repo / "paper/draft.md").write_text(PAPER.format(key="vaswani2017attention"), encoding="utf-8")
    passed = pre_commit_run(repo, tmp_path)
    assert passed.returncode == 0, passed.stdout


@pytest.mark.slow
def test_hooks_install_from_a_git_revision_of_this_repository(tmp_path):
    """pre-commit pip-installs this repository (not editable) into an environment of its own, as
    users get it; check-doc there must still know the shipped canon."""
    clone = tmp_path / "citekb"
    skip_at_root = {".venv", ".git", "site", "build", "dist", "tests", ".citekb-cache"}
    shutil.copytree(ROOT, clone, ignore=lambda d, names: [n for n in names if n in {"__pycache__", ".citekb-cache"}
                                                          or (Path(d) == ROOT and n in skip_at_root)
                                                          or n.endswith(".egg-info")])
    init_repo(clone)  # a commit of the working tree as it is now, for `rev`
    rev = git(clone, "rev-parse", "HEAD").strip()
    repo = init_repo(tmp_path / "repo", {"references/refs.bib": GOOD_BIB + BAD_BIB, "notes/paper.md": WRONG},
                     commit=False)
    config = {"repos": [{"repo": str(clone), "rev": rev,
                         "hooks": [{"id": "citekb-check"}, {"id": "citekb-check-doc"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    failed = pre_commit_run(repo, tmp_path)
    assert failed.returncode == 1 and "R101 [error] @misc 'bad' has no year" in failed.stdout, failed.stdout
    assert "C305 [error] [1] matches vaswani2017attention" in failed.stdout, failed.stdout
    assert "C304 [error] [2] matches devlin2019bert" in failed.stdout, failed.stdout
    (repo / "references/refs.bib").write_text(GOOD_BIB, encoding="utf-8")
    (repo / "notes/paper.md").write_text(WRONG.replace("(2019). Attention", "(2017). Attention")
                                         .replace("Smith, J., & Miller, K.", "Devlin, J., Chang, M.-W., Lee, K., & Toutanova, K."),
                                         encoding="utf-8")
    passed = pre_commit_run(repo, tmp_path)
    assert passed.returncode == 0, passed.stdout


WRONG = """# Notes

Transformers [1] and BERT [2] changed how NLP is done.

## References

1. Vaswani, A., Shazeer, N., Parmar, N., et al. (2019). Attention Is All You Need. In Advances in Neural Information Processing Systems.
2. Smith, J., & Miller, K. (2019). BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding. In Proceedings of NAACL-HLT.
"""

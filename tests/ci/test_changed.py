"""`citekb check --changed [REF]`: the whole KB is checked, findings in touched files are shown."""
from __future__ import annotations

import json

from ci_helpers import BAD_BIB, GOOD_BIB, citekb, git, init_repo


def _paths(proc) -> set[str]:
    return {d["location"]["path"] for d in json.loads(proc.stdout) if d["severity"] != "info"}


def test_default_shows_uncommitted_staged_and_untracked_files_only(tmp_path):
    repo = init_repo(tmp_path / "r", {"references/old.bib": BAD_BIB.replace("bad", "old"),
                                      "references/edited.bib": GOOD_BIB, "references/staged.bib": GOOD_BIB})
    (repo / "references/edited.bib").write_text(GOOD_BIB + BAD_BIB.replace("bad", "edited"), encoding="utf-8")
    (repo / "references/staged.bib").write_text(GOOD_BIB + BAD_BIB.replace("bad", "staged"), encoding="utf-8")
    git(repo, "add", "references/staged.bib")
    (repo / "references/new.bib").write_text(BAD_BIB.replace("bad", "new"), encoding="utf-8")

    everything = citekb("check", "--format", "json", cwd=repo)
    assert "references/old.bib" in _paths(everything)
    changed = citekb("check", "--changed", "--format", "json", cwd=repo)
    assert changed.returncode == 1
    assert _paths(changed) == {"references/edited.bib", "references/staged.bib", "references/new.bib"}
    assert "finding(s) elsewhere not shown" in changed.stderr


def test_a_clean_change_passes_even_if_the_rest_has_findings(tmp_path):
    repo = init_repo(tmp_path / "r", {"references/old.bib": BAD_BIB, "references/mine.bib": GOOD_BIB})
    (repo / "references/mine.bib").write_text(GOOD_BIB.replace("A Good Work", "A Good Work, Revised"),
                                              encoding="utf-8")
    assert citekb("check", cwd=repo).returncode == 1
    assert citekb("check", "--changed", cwd=repo).returncode == 0


def test_a_ref_compares_with_that_revision(tmp_path):
    repo = init_repo(tmp_path / "r", {"references/old.bib": BAD_BIB})
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "references/branch.bib").write_text(BAD_BIB.replace("bad", "branch"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "branch work")
    assert _paths(citekb("check", "--changed", "--format", "json", cwd=repo)) == set()  # nothing uncommitted
    since_main = citekb("check", "--changed=main", "--format", "json", cwd=repo)
    assert _paths(since_main) == {"references/branch.bib"}
    assert _paths(citekb("check", ".", "--changed", "main", "--format", "json", cwd=repo)) == {"references/branch.bib"}


def test_paths_are_relative_to_a_kb_in_a_subdirectory(tmp_path):
    repo = init_repo(tmp_path / "r", {"atlas/references/a.bib": GOOD_BIB, "atlas/references/b.bib": BAD_BIB})
    (repo / "atlas/references/a.bib").write_text(GOOD_BIB + BAD_BIB.replace("bad", "late"), encoding="utf-8")
    proc = citekb("check", "atlas", "--changed", "--format", "json", cwd=repo)
    assert _paths(proc) == {"references/a.bib"}


def test_a_repository_without_commits_counts_every_file_as_changed(tmp_path):
    repo = init_repo(tmp_path / "r", {"references/a.bib": BAD_BIB}, commit=False)
    assert _paths(citekb("check", "--changed", "--format", "json", cwd=repo)) == {"references/a.bib"}


def test_outside_git_or_with_a_bad_ref_the_message_says_what_to_do(tmp_path):
    plain = tmp_path / "plain"
    (plain / "references").mkdir(parents=True)
    (plain / "references/a.bib").write_text(BAD_BIB, encoding="utf-8")
    proc = citekb("check", "--changed", cwd=plain)
    assert proc.returncode == 2 and "--changed needs a git repository" in proc.stderr

    repo = init_repo(tmp_path / "r", {"references/a.bib": GOOD_BIB})
    bad = citekb("check", "--changed", "no-such-branch", cwd=repo)
    assert bad.returncode == 2 and "--changed no-such-branch:" in bad.stderr and "--changed=REF" in bad.stderr

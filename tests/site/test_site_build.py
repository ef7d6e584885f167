"""`mkdocs build --strict` on the fixture KB and on the shipped KB; hooks behaviour; the export command."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, fixture_repo, mkdocs_build

EXTERNAL_LOAD = re.compile(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', re.I)


def _read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_shipped_site_builds_strict_with_every_section(shipped_site):
    for rel in ("index.html", "claims/index.html", "models/index.html", "papers/index.html", "frameworks/index.html",
                "organizations/index.html", "reviews/index.html", "briefs/index.html", "health.html",
                "rules/index.html", "rules/K201.html", "downloads.html", "graph.html", "tags.html",
                "downloads/works.bib", "downloads/graph.json", "downloads/graph.graphml", "downloads/models.csv",
                "downloads/works.csl.json"):
        assert (shipped_site / rel).is_file(), rel


def test_site_loads_nothing_from_other_hosts(shipped_site):
    offenders = [p.relative_to(shipped_site).as_posix() for p in sorted(shipped_site.rglob("*.html"))
                 if EXTERNAL_LOAD.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.parametrize("which", ["fixture_site", "shipped_site"])
def test_every_page_has_a_title_and_a_description(request, which):
    site = request.getfixturevalue(which)
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        text = page.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+</title>", text), page
        assert re.search(r'<meta name="description" content="[^"]+"', text), page


def test_citations_in_hand_written_pages_link_to_work_pages(fixture_site):
    home = _read(fixture_site, "index.html")
    assert 'href="papers/lee2023closed.html"' in home
    assert "Lee et al. 2023" in home and "Smith and Doe 2020" in home
    assert 'id="references"' in home
    assert "[@notakey]" in home  # inline code is left alone


def test_unknown_citation_key_fails_the_build_with_file_and_line(tmp_path):
    repo = fixture_repo(tmp_path / "repo", extra_docs={"bad.md": "---\ntitle: Bad\ndescription: d\n---\n\n# Bad\n\nSee [@nosuch2020].\n"})
    result = mkdocs_build(repo / "mkdocs.yml", tmp_path / "out")
    assert result.returncode != 0
    assert "docs/bad.md:8: unknown citation key 'nosuch2020'" in result.stderr


def test_generated_pages_escape_user_text(fixture_site):
    work = _read(fixture_site, "papers/smith2020open.html")
    assert "<script>alert(1)</script>" not in work
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in work
    model = _read(fixture_site, "models/big-closed.html")
    assert "<b>Pro</b>" not in model and "&lt;b&gt;Pro&lt;/b&gt;" in model


def test_export_writes_the_same_tree_deterministically(cli, tmp_path):
    root = ROOT / "tests" / "site" / "fixture"
    outputs = []
    for name in ("a", "b"):
        code, _, err = cli("site", "export", str(tmp_path / name), "--root", str(root))
        assert code == 0, err
        outputs.append({p.relative_to(tmp_path / name).as_posix(): p.read_bytes()
                        for p in sorted((tmp_path / name).rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    assert "models/tiny-open.md" in outputs[0] and "downloads/works.bib" in outputs[0]
    assert b"[Lee et al\\. 2023](papers/lee2023closed.md)" in outputs[0]["index.md"]


def test_export_reports_unknown_citations_and_exits_1(cli, tmp_path):
    repo = fixture_repo(tmp_path / "repo", extra_docs={"bad.md": "# Bad\n\n[@nosuch2020]\n"})
    code, _, err = cli("site", "export", str(tmp_path / "out"), "--root", str(repo))
    assert code == 1
    assert "docs/bad.md:3: unknown citation key 'nosuch2020'" in err


def test_ci_keeps_the_screenshots_outside_the_committed_tree(artifacts):
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    found = re.search(r'export CITEKB_ARTIFACTS="\$\{CITEKB_ARTIFACTS:-\$PWD/([^}"]+)\}"', run)
    assert found and run.index("export CITEKB_ARTIFACTS") < run.index("make test")
    ignored = subprocess.run(["git", "check-ignore", "-q", f"{found.group(1)}/screenshots/home.png"], cwd=ROOT,
                             capture_output=True)
    if ignored.returncode == 128:  # not a git checkout (an unpacked archive): read .gitignore itself
        top = found.group(1).split("/")[0]
        ignored.returncode = 0 if f"/{top}/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split() else 1
    assert ignored.returncode == 0, f"{found.group(1)} is not gitignored: screenshots could be committed"
    assert artifacts.is_absolute() and ("CITEKB_ARTIFACTS" in os.environ or ROOT not in artifacts.parents)

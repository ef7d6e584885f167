"""The lockfile workflow end to end on recorded responses: `citekb lock --online` once, `citekb check`
offline in CI against the lock, `citekb lock --update` after an edit (docs/index-and-lock.md)."""
from __future__ import annotations

import json
from pathlib import Path

REFS = r"""@article{sadasivan2012methylphenidate,
  title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice},
  author = {Sadasivan, Shankar and Pond, Brooks B. and Pani, Amar K. and Qu, Chunxu and Jiao, Yun and Smeyne, Richard J.},
  journal = {PLoS ONE},
  year = {2012},
  doi = {10.1371/journal.pone.0033693},
}

@article{perkins2016games,
  title = {After the games are over: life-history trade-offs drive dispersal attenuation following range expansion},
  author = {Perkins, T. Alex and Boettiger, Carl and Phillips, Benjamin L.},
  journal = {Ecology and Evolution},
  year = {2016},
}

@misc{stanley2016heat,
  title = {Heat-bath random walks with Markov bases},
  author = {Stanley, Caprice and Windisch, Tobias},
  year = {2016},
  eprint = {1605.08386},
  archiveprefix = {arXiv},
}
"""


def _repo(tmp_path: Path, replay) -> Path:
    repo = tmp_path / "repo"
    (repo / "references").mkdir(parents=True)
    (repo / "references" / "refs.bib").write_text(REFS, encoding="utf-8")
    (repo / "citekb.toml").write_text(
        "[online]\n" f'crossref = "{replay.base}/crossref"\n' f'arxiv = "{replay.base}/arxiv"\n'
        'sources = ["crossref", "arxiv"]\nretries = 0\nbackoff = 0\ninterval = 0\ntimeout = 5\n', encoding="utf-8")
    replay.serve("/crossref/works/10.1371/journal.pone.0033693", "crossref/work-corrected.json")
    replay.serve("/crossref/works", "crossref/query-many-candidates.json")
    replay.serve("/arxiv/query", "arxiv/id-single.json")
    return repo


def test_lock_online_then_check_offline_then_update(replay, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("CITEKB_CACHE_DIR", "off")
    repo = _repo(tmp_path, replay)
    code, out, err = cli("lock", ".", "--online", "--date", "2026-11-20", cwd=repo)
    assert code == 0, err
    assert "+ sadasivan2012methylphenidate: resolved by crossref (https://doi.org/10.1371/journal.pone.0033693); " \
           "corrected 2012-05-08" in out
    lock = json.loads((repo / "citekb.lock").read_text())["entries"]
    assert lock["perkins2016games"]["record"]["doi"] == "10.1002/ece3.2314"  # the published version it cites
    assert lock["stanley2016heat"]["source"] == "arxiv (https://arxiv.org/abs/1605.08386)"
    assert lock["sadasivan2012methylphenidate"]["update"]["notice"].startswith("10.1371/annotation/")

    asked = len(replay.requests)
    code, out, _ = cli("check", ".", "--select", "C32", "--show-info", cwd=repo)  # CI: offline, from the lock
    assert len(replay.requests) == asked
    assert "C326 [info] sadasivan2012methylphenidate was corrected: correction on 2012-05-08" in out
    assert "C321" not in out and "C322" not in out and "C323" not in out

    bib = repo / "references" / "refs.bib"
    bib.write_text(REFS.replace("Stanley, Caprice and Windisch, Tobias", "Stanley, Caprice"), encoding="utf-8")
    code, out, _ = cli("check", ".", "--select", "C32", cwd=repo)
    assert "C322 [warning] stanley2016heat changed since it was locked on 2026-11-20" in out

    code, out, err = cli("lock", ".", "--online", "--update", "--date", "2026-11-21", cwd=repo)
    assert code == 0, err
    assert out.strip() == "~ stanley2016heat: entry changed since the last lock"
    assert [p for p, _, _ in replay.requests[asked:]] == ["/arxiv/query"]  # only the edited entry is asked for
    code, out, _ = cli("check", ".", "--select", "C32", cwd=repo)
    assert "C321 [error] stanley2016heat: author 'Stanley' differs from the locked canonical record " \
           "'Stanley, Windisch'" in out
    assert "C322" not in out


def test_lock_check_exits_1_when_the_kb_changed(replay, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("CITEKB_CACHE_DIR", "off")
    repo = _repo(tmp_path, replay)
    assert cli("lock", ".", "--online", "--date", "2026-11-20", cwd=repo)[0] == 0
    assert cli("lock", ".", "--online", "--check", "--date", "2026-11-20", cwd=repo)[0] == 0
    (repo / "references" / "refs.bib").write_text(REFS.replace("{2012}", "{2011}"), encoding="utf-8")
    assert cli("lock", ".", "--online", "--update", "--check", "--date", "2026-11-20", cwd=repo)[0] == 1


def test_a_retracted_work_is_reported_offline_from_the_lock(cli, tmp_path):
    """The lock of tests/rules/C325 records the retraction of Wakefield et al. (1998) in 2010."""
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).parents[1] / "rules" / "C325" / "fail", repo)
    code, out, _ = cli("check", ".", "--select", "C325", cwd=repo)
    assert code == 1
    assert "C325 [error] wakefield1998ileal is retracted: retraction on 2010-02-06 " \
           "(notice 10.1016/s0140-6736(10)60175-4), according to crossref (retraction-watch)" in out
    (repo / "doc.md").write_text(
        "Early reports linked the two [1].\n\n## References\n\n[1] Wakefield, A. J. et al. (1998). "
        "Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder "
        "in children. The Lancet.\n", encoding="utf-8")
    code, out, _ = cli("check-doc", "doc.md", "--canon", "citekb.lock", cwd=repo)
    assert code == 1
    assert "C327 [error] reference 1 is retracted: retraction on 2010-02-06" in out

"""Offline behaviour, pinned: with the sources unreachable nothing is called fabricated, the exit
code says "not checked" (3), and checking against the lockfile gives what the online run gave."""
from __future__ import annotations

import shutil
from pathlib import Path

from citekb import api

REFS = r"""@article{hochreiter1997long,
  title = {Long Short-Term Memory},
  author = {Hochreiter, Sepp and Schmidhuber, J{\"u}rgen},
  journal = {Neural Computation},
  year = {1995},
  doi = {10.1162/neco.1997.9.8.1735},
}

@inproceedings{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and others},
  year = {2017},
  eprint = {1706.03762},
  archiveprefix = {arXiv},
}

@article{lecun2015deep,
  title = {Deep Learning},
  author = {LeCun, Yann and Bengio, Yoshua and Hinton, Geoffrey},
  journal = {Nature},
  year = {2015},
  doi = {10.1038/nature14539},
}

@inproceedings{devlin2018bert,
  title = {{BERT}: Pre-training of Deep Bidirectional Transformers for Language Understanding},
  author = {Devlin, Jacob and Chang, Ming-Wei and Lee, Kenton and Toutanova, Kristina},
  booktitle = {NAACL},
  year = {2017},
}

@misc{nakamura2024sparse,
  title = {Sparse Mixture Routing for Frugal Inference},
  author = {Nakamura, Taro},
  year = {2024},
}

@misc{ghost2023,
  title = {Quantum Gradient Folding for Trillion-Token Pretraining},
  author = {Ghost, Casper},
  year = {2023},
  eprint = {2399.12345},
  archiveprefix = {arXiv},
}
"""
OTHER = """@article{kingma2015adam,
  title = {Adam: A Method for Stochastic Optimization},
  author = {Kingma, Diederik P. and Ba, Jimmy},
  journal = {ICLR},
  year = {2015},
}
"""


def _repo(tmp_path: Path, fake_api) -> tuple[Path, Path]:
    repo, canon = tmp_path / "repo", tmp_path / "canon"
    (repo / "references").mkdir(parents=True)
    (canon / "references").mkdir(parents=True)
    (repo / "references" / "refs.bib").write_text(REFS, encoding="utf-8")
    (canon / "references" / "other.bib").write_text(OTHER, encoding="utf-8")
    (repo / "citekb.toml").write_text(fake_api.config(), encoding="utf-8")
    return repo, canon


def _run(repo: Path, canon: Path, *, online: bool):
    diagnostics, assessments, _ = api.check_docs([repo / "references" / "refs.bib"], canon_sources=[canon],
                                                 root=repo, online=online)
    verdicts = {a.ref.id: a.verdict for doc in assessments for a in doc.references}
    return [(d.code, str(d.location), d.message) for d in diagnostics], verdicts


def test_offline_is_not_checked_never_fabricated_and_the_lock_replays_the_online_run(fake_api, tmp_path, cli,
                                                                                   monkeypatch):
    monkeypatch.setenv("CITEKB_CACHE_DIR", str(tmp_path / "cache"))  # outside the checked tree
    repo, canon = _repo(tmp_path, fake_api)
    online_findings, online_verdicts = _run(repo, canon, online=True)
    assert online_verdicts == {"hochreiter1997long": "mismatch", "vaswani2017attention": "verified",
                               "lecun2015deep": "verified", "devlin2018bert": "mismatch",
                               "nakamura2024sparse": "unverifiable", "ghost2023": "fabricated"}
    code, _, _ = cli("check-doc", "references/refs.bib", "--canon", str(canon), "--online", cwd=repo)
    assert code == 1

    code, out, err = cli("lock", ".", "--online", "--date", "2026-11-20", cwd=repo)
    assert code == 0, err
    assert "+ hochreiter1997long: resolved by crossref" in out
    locked = (repo / "citekb.lock").read_text()

    fake_api.stop()  # from here on, every source refuses connections
    cached = _run(repo, canon, online=True)  # answers cached on disk still count ...
    assert cached == (online_findings, online_verdicts)
    assert not (repo / ".citekb-cache").exists()  # nothing is written inside the checked tree
    shutil.rmtree(tmp_path / "cache" / "online")  # ... so forget them
    offline_findings, offline_verdicts = _run(repo, canon, online=True)
    assert "fabricated" not in offline_verdicts.values()
    assert not any(c == "C310" for c, _, _ in offline_findings)
    assert set(offline_verdicts.values()) == {"not-checked"}
    code, out, _ = cli("check-doc", "references/refs.bib", "--canon", str(canon), "--online", cwd=repo)
    assert code == 3
    assert "6 not-checked" in out  # the summary ends the text report

    lock_findings, lock_verdicts = _run(repo, repo / "citekb.lock", online=False)
    assert (lock_findings, lock_verdicts) == (online_findings, online_verdicts)

    shutil.rmtree(tmp_path / "cache" / "online", ignore_errors=True)  # a failure is never cached
    code, _, _ = cli("lock", ".", "--online", "--date", "2026-11-21", cwd=repo)
    assert code == 3  # fail closed; the previous lock entries are kept
    assert (repo / "citekb.lock").read_text() == locked


def test_check_compares_the_kb_with_the_lockfile_offline_and_deterministically(fake_api, tmp_path, cli):
    repo, _ = _repo(tmp_path, fake_api)
    assert cli("lock", ".", "--online", "--date", "2026-11-20", cwd=repo)[0] == 0
    fake_api.stop()
    first = cli("check", ".", "--select", "C32", cwd=repo)
    second = cli("check", ".", "--select", "C32", cwd=repo)
    assert first == second
    code, out, _ = first
    assert code == 1
    assert "references/refs.bib:5:1: C321 [error] hochreiter1997long: year '1995' differs" in out
    assert ("devlin2018bert: year '2017' differs from the locked canonical record '2019' "
            "(dblp (https://dblp.org/rec/conf/naacl/DevlinCLT19), 2026-11-20)") in out
    assert "lecun2015deep" not in out and "vaswani2017attention" not in out


def test_online_is_never_used_by_default(fake_api, tmp_path, cli):
    repo, canon = _repo(tmp_path, fake_api)
    _, verdicts = _run(repo, canon, online=False)
    assert fake_api.requests == []
    assert "not-checked" not in verdicts.values()
    code, _, err = cli("lock", ".", cwd=repo)
    assert code == 2 and "build an index" in err

"""Polite by default: cached answers expire (a 404 sooner), a run has a total deadline and resumes
from the cache, and settings are validated."""
from __future__ import annotations

import os
import time

import pytest

from citekb.sources import online
from citekb.sources.online.http import Http, Policy
from citekb.sources.online.sources import Crossref, Deadline


def _http(tmp_path, **policy) -> Http:
    return Http(Policy(**{"retries": 0, "backoff": 0, "interval": 0, "timeout": 5, **policy}), cache=tmp_path / "cache")


def _age(tmp_path, seconds: float) -> None:
    for f in (tmp_path / "cache").iterdir():
        past = time.time() - seconds
        os.utime(f, (past, past))


def test_a_cached_404_expires_before_a_cached_record(replay, tmp_path):
    replay.serve("/crossref/works/10.1371/notarealdoi", "crossref/work-not-found.json")
    replay.serve("/crossref/works/10.1371/journal.pone.0033693", "crossref/work-corrected.json")
    http = _http(tmp_path, ttl=30 * 86400, miss_ttl=86400)
    source = Crossref(f"{replay.base}/crossref", http)
    source.find_doi("10.1371/notarealdoi")
    source.find_doi("10.1371/journal.pone.0033693")
    assert len(replay.requests) == 2
    _age(tmp_path, 2 * 86400)  # two days later: the miss is stale, the record is not
    later = Crossref(f"{replay.base}/crossref", _http(tmp_path, ttl=30 * 86400, miss_ttl=86400))
    later.find_doi("10.1371/notarealdoi")
    later.find_doi("10.1371/journal.pone.0033693")
    assert [p for p, _, _ in replay.requests[2:]] == ["/crossref/works/10.1371/notarealdoi"]
    _age(tmp_path, 31 * 86400)  # a month on, a record may have been retracted since: ask again
    Crossref(f"{replay.base}/crossref", _http(tmp_path)).find_doi("10.1371/journal.pone.0033693")
    assert replay.requests[-1][0] == "/crossref/works/10.1371/journal.pone.0033693" and len(replay.requests) == 4


def test_past_the_deadline_nothing_is_asked_and_the_next_run_resumes(replay, tmp_path):
    replay.serve("/crossref/works/10.1371/journal.pone.0033693", "crossref/work-corrected.json")
    replay.serve("/crossref/works/10.1109/icdcsw.2003.1203662", "crossref/work-proceedings.json")
    now = [0.0]
    deadline = Deadline(10.0, clock=lambda: now[0])
    source = Crossref(f"{replay.base}/crossref", _http(tmp_path), deadline=deadline)
    assert source.find_doi("10.1371/journal.pone.0033693") is not None
    now[0] = 11.0
    assert source.find_doi("10.1109/icdcsw.2003.1203662") is None
    assert source.failures == 1 and len(replay.requests) == 1  # "not checked", not "not found"
    rerun = Crossref(f"{replay.base}/crossref", _http(tmp_path), deadline=Deadline(10.0))
    assert rerun.find_doi("10.1371/journal.pone.0033693").year == 2012  # from the cache
    assert rerun.find_doi("10.1109/icdcsw.2003.1203662") is not None
    assert [p for p, _, _ in replay.requests] == ["/crossref/works/10.1371/journal.pone.0033693",
                                                  "/crossref/works/10.1109/icdcsw.2003.1203662"]


def test_time_settings_are_read_and_validated(tmp_path):
    from citekb.config import ConfigError

    s = online.settings({"deadline": 60, "ttl": 2, "miss_ttl": 0.5, "contact": "me@example.org"}, root=tmp_path)
    assert (s.deadline, s.policy.ttl, s.policy.miss_ttl) == (60.0, 2 * 86400, 43200)
    assert online.settings({"deadline": 0}, root=tmp_path).deadline is None
    sources = online.build(s)
    assert {src.name: bool(src.contact) for src in sources} == {
        "crossref": True, "arxiv": False, "openalex": True, "dblp": False}  # mailto only where documented
    with pytest.raises(ConfigError):
        online.settings({"ttl": "a month"}, root=tmp_path)

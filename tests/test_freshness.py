"""Freshness as data (issue 15 §6): K221's age is configurable, and the shipped records are dated."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citekb import api
from citekb.config import ConfigError, load_config

from kbtest import ROOT, TODAY

K221_PASS = Path(__file__).parent / "rules" / "K221" / "pass"


def _stale(tmp_path: Path, options: str) -> list[str]:
    root = tmp_path / "repo"
    shutil.copytree(K221_PASS, root)
    (root / "pyproject.toml").write_text(f'[tool.citekb]\nextend-select = ["K221"]\n{options}', encoding="utf-8")
    diagnostics = api.check(root, today=TODAY).diagnostics
    return sorted(f"{d.location.path}:{d.location.line}" for d in diagnostics if d.code == "K221")


def test_a_stricter_window_flags_records_the_default_year_accepts(tmp_path):
    # The pass fixture's records were verified 2025-11-24 and in 2025-11: inside a year of TODAY.
    assert _stale(tmp_path / "default", "") == []
    flagged = _stale(tmp_path / "strict", "max-verified-age-days = 30\n")
    assert flagged == ["kb/models/model-month.yaml:10", "kb/models/model-old.yaml:10"]


def test_the_window_names_the_configured_age_in_its_fix(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(K221_PASS, root)
    (root / "pyproject.toml").write_text('[tool.citekb]\nextend-select = ["K221"]\nmax-verified-age-days = 30\n')
    fixes = {d.fix for d in api.check(root, today=TODAY).diagnostics if d.code == "K221"}
    assert fixes and all("30 days" in f for f in fixes)


@pytest.mark.parametrize("value", ["0", "-5", '"a year"', "true", "12.5"])
def test_a_bad_age_is_a_located_configuration_error(tmp_path, value):
    (tmp_path / "pyproject.toml").write_text(f"[tool.citekb]\n\nmax-verified-age-days = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml:3: \[tool.citekb\] max-verified-age-days"):
        load_config(tmp_path)


@pytest.fixture(scope="module")
def shipped():
    return api.check(ROOT).kb


@pytest.mark.parametrize("kind", ["model", "organization"])
def test_every_shipped_record_says_when_it_was_last_verified(shipped, kind):
    missing = [r.id for r in shipped.of(kind) if not r.get("last_verified")]
    assert missing == []

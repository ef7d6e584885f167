"""How old the site's data is: the as-of date and the KB commit every page and download carries.

Both are build inputs, so the same KB and the same inputs give byte-identical output: the as-of
date is `CITEKB_AS_OF` (YYYY-MM-DD) when set, else the day of the build (UTC); the commit is the
git short hash of the KB's repository, or "unknown" outside git. `render_all` never reads the
clock or git itself; the MkDocs hooks and `citekb site export` call `build_provenance`.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

ENV_AS_OF = "CITEKB_AS_OF"


class ProvenanceError(ValueError):
    """A build input that is not usable (a malformed CITEKB_AS_OF)."""


@dataclass(frozen=True)
class Provenance:
    as_of: dt.date
    commit: str = "unknown"
    licence: str = "NOASSERTION"  # SPDX id of the KB's licence (the repository's pyproject.toml)

    @property
    def line(self) -> str:
        return f"Data as of {self.as_of.isoformat()} · KB commit {self.commit}"


def git_short_hash(root: Path) -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    out = done.stdout.strip()
    return out if done.returncode == 0 and out and all(c in "0123456789abcdef" for c in out) else "unknown"


def as_of_from_env(environ=None, *, today: dt.date | None = None) -> dt.date:
    value = (environ if environ is not None else os.environ).get(ENV_AS_OF, "").strip()
    if not value:
        return today or dt.datetime.now(dt.timezone.utc).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ProvenanceError(f"{ENV_AS_OF}={value!r} is not a date: use YYYY-MM-DD, e.g. {ENV_AS_OF}=2026-01-31") from None


def licence_of(root: Path) -> str:
    """`[project] license` of the KB repository's pyproject.toml, else SPDX's NOASSERTION."""
    try:
        data = tomllib.loads((Path(root) / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "NOASSERTION"
    value = data.get("project", {}).get("license") if isinstance(data.get("project"), dict) else None
    value = value.get("text") if isinstance(value, dict) else value
    return value.strip() if isinstance(value, str) and value.strip() and len(value) < 100 else "NOASSERTION"


def build_provenance(root: Path, environ=None) -> Provenance:
    return Provenance(as_of_from_env(environ), git_short_hash(Path(root)), licence_of(Path(root)))


def default_provenance(kb) -> Provenance:
    """Without build inputs (a library call): the newest claim date, commit unknown. Never the clock."""
    dates = sorted(str(c.get("as_of"))[:10] for c in kb.of("claim") if c.get("as_of"))
    for text in reversed(dates):
        try:
            return Provenance(dt.date.fromisoformat(text))
        except ValueError:
            continue
    return Provenance(dt.date(2000, 1, 1))

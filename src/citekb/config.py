"""`[tool.citekb]` in pyproject.toml (or a `citekb.toml`): which rules run and how severe they are.

Every problem in the configuration is a `ConfigError` whose message names the file, the line of
the offending option and a fix; the CLI prints it and exits 2 (usage, configuration or
environment error).
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .checks.diagnostic import Severity


class ConfigError(Exception):
    """The configuration is invalid; the CLI exits 2 with this message."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()          # empty: every rule enabled by default
    extend_select: tuple[str, ...] = ()   # opt-in rules on top of the defaults
    ignore: tuple[str, ...] = ()
    severity: dict = field(default_factory=dict)  # code -> Severity
    references: str = "references"
    kb: str = "kb"
    docs: str = "docs"
    today: str | None = None              # ISO date used by date-dependent rules (tests, reproducibility)
    fail_on: tuple[str, ...] = ()         # check-doc verdict classes that fail a run (empty: the default)
    source: str = ""
    online: dict = field(default_factory=dict)  # [tool.citekb.online]: resolver settings (citekb.online)
    max_verified_age_days: int = 365      # K221: a record's last_verified older than this is stale

    def enabled(self, code: str, default_enabled: bool) -> bool:
        if any(code.startswith(p) for p in self.ignore):
            return False
        if self.select:
            return any(code.startswith(p) for p in self.select)
        return default_enabled or any(code.startswith(p) for p in self.extend_select)


_KNOWN = {"select", "extend-select", "ignore", "severity", "references", "kb", "docs", "today", "fail-on", "online",
          "max-verified-age-days"}
VERDICT_CLASSES = ("linkage", "mismatch", "misattributed", "fabricated", "unverifiable")


class _Where:
    """The configuration file and its text, to locate an option by its line."""

    def __init__(self, name: str, text: str = ""):
        self.name, self.lines = name, text.splitlines()

    def fail(self, option: str, message: str, fix: str) -> ConfigError:
        line = next((i for i, text in enumerate(self.lines, 1)
                     if re.match(rf"\s*[\"']?{re.escape(option)}[\"']?\s*=", text)), 0)
        at = f"{self.name}:{line}" if line else self.name
        return ConfigError(f"{at}: [tool.citekb] {option}: {message}. Fix: {fix}")


def _strings(value, name: str, where: _Where) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.fail(name, f"expected a list of rule codes, got {_kind(value)}",
                         f'write {name} = ["R101", "C3"]')
    unknown = unknown_selectors(value)
    if unknown:
        raise where.fail(name, f"unknown rule code or prefix {', '.join(map(repr, unknown))}",
                         "use codes listed by `citekb rules`")
    return tuple(v.strip().upper() for v in value)


def _kind(value) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def today_from(config: Config) -> dt.date:
    """The date date-dependent rules read: `today` in the configuration, else the clock's."""
    if config.today:
        return dt.date.fromisoformat(config.today)
    return dt.date.today()


def unknown_selectors(codes) -> list[str]:
    """Selectors that are no rule's code and no prefix of one: a typo must never select nothing."""
    codes = list(codes)
    if not codes:  # nothing to look up: the rule modules stay unimported (a warm re-check is mostly imports)
        return []
    from .checks.registry import load_builtin_rules

    known = tuple(load_builtin_rules())
    return [c for c in codes if not c.strip() or not any(k.startswith(c.strip().upper()) for k in known)]


def _severity(value, where: _Where) -> dict:
    if not isinstance(value, dict):
        raise where.fail("severity", f"expected a table of rule code = level, got {_kind(value)}",
                         'write severity = { R105 = "warning" }')
    out = {}
    for code, level in value.items():
        unknown = unknown_selectors([code])
        if unknown or not isinstance(level, str) or level.strip().upper() not in Severity.__members__:
            what = f"unknown rule code {code!r}" if unknown else f"level of {code} is {level!r}"
            raise where.fail("severity", what, "map a rule code to error, warning or info")
        out[code.strip().upper()] = Severity.parse(level)
    return out


def _today(value, where: _Where) -> str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()  # a TOML date literal: today = 2026-11-24
    try:
        return dt.date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise where.fail("today", f"{value!r} is not a date", 'write today = "2026-11-24" (YYYY-MM-DD)') from None


def from_mapping(table: dict, where: str | _Where) -> Config:
    where = where if isinstance(where, _Where) else _Where(where)
    if not isinstance(table, dict):
        raise where.fail("tool.citekb", f"expected a table, got {_kind(table)}", "write [tool.citekb] as a table")
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise where.fail(unknown[0], f"unknown option(s) {', '.join(unknown)}",
                         f"use only {', '.join(sorted(_KNOWN))}")
    raw_fail_on = table.get("fail-on", [])
    fail_on = tuple(str(v).lower() for v in raw_fail_on) if isinstance(raw_fail_on, list) else ("?",)
    if any(v not in VERDICT_CLASSES for v in fail_on):
        raise where.fail("fail-on", f"expected a list of {', '.join(VERDICT_CLASSES)}", 'write fail-on = ["mismatch"]')
    paths = {k: table[k] for k in ("references", "kb", "docs") if k in table}
    for k, v in paths.items():
        if not isinstance(v, str) or ".." in Path(v).parts or Path(v).is_absolute():
            raise where.fail(k, "must be a relative path inside the repository", f'write {k} = "{k}"')
    return Config(
        select=_strings(table.get("select", []), "select", where),
        extend_select=_strings(table.get("extend-select", []), "extend-select", where),
        ignore=_strings(table.get("ignore", []), "ignore", where),
        severity=_severity(table.get("severity", {}), where),
        today=_today(table["today"], where) if "today" in table else None, fail_on=fail_on,
        source=where.name, online=_online(table.get("online", {}), where),
        max_verified_age_days=_age(table.get("max-verified-age-days", 365), where), **paths)


def _age(value, where: _Where) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise where.fail("max-verified-age-days", f"expected a whole number of days above 0, got {value!r}",
                         "write max-verified-age-days = 365")
    return value


def _online(value, where: _Where) -> dict:
    if not isinstance(value, dict):
        raise where.fail("online", f"expected a table of resolver settings, got {_kind(value)}",
                         "write [tool.citekb.online] as a table")
    return dict(value)


def load_config(root: Path) -> Config:
    """Read `citekb.toml` or `pyproject.toml`'s `[tool.citekb]` from `root`; defaults when absent."""
    for name, table_path in (("citekb.toml", ()), ("pyproject.toml", ("tool", "citekb"))):
        path = root / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise ConfigError(f"{name}: cannot read configuration: {exc}") from None
        for part in table_path:
            data = data.get(part, {}) if isinstance(data, dict) else {}
        if data or name == "citekb.toml":
            return from_mapping(data, _Where(name, text))
    return Config()


def find_root(start: Path) -> Path | None:
    """The repository `start` is in: the nearest folder upwards with a `references/` or `kb/`
    folder, a `citekb.toml`, or a `[tool.citekb]` table, not looking past a git work tree's top."""
    for d in (start.resolve(), *start.resolve().parents):
        if (d / "references").is_dir() or (d / "kb").is_dir() or (d / "citekb.toml").is_file() or _has_table(d):
            return d
        if (d / ".git").exists():
            return None
    return None


def find_repo_root(start: Path) -> Path | None:
    """The nearest folder upwards from `start` with a `references/` or `kb/` folder (no other marker,
    no stop at a git work tree's top): where check-doc, the index and fmt look for a repository."""
    for d in (start.resolve(), *start.resolve().parents):
        if (d / "references").is_dir() or (d / "kb").is_dir():
            return d
    return None


def _has_table(d: Path) -> bool:
    try:
        return "[tool.citekb" in (d / "pyproject.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False

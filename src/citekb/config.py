"""`[tool.citekb]` in pyproject.toml (or a `citekb.toml`): which rules run and how severe they are."""
from __future__ import annotations

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

    def enabled(self, code: str, default_enabled: bool) -> bool:
        if any(code.startswith(p) for p in self.ignore):
            return False
        if self.select:
            return any(code.startswith(p) for p in self.select)
        return default_enabled or any(code.startswith(p) for p in self.extend_select)


_KNOWN = {"select", "extend-select", "ignore", "severity", "references", "kb", "docs", "today", "fail-on", "online"}
VERDICT_CLASSES = ("linkage", "mismatch", "misattributed", "fabricated", "unverifiable")


def _strings(value, name: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{name}' must be a list of rule codes")
    return tuple(v.strip().upper() for v in value)


def from_mapping(table: dict, where: str) -> Config:
    unknown = set(table) - _KNOWN
    if unknown:
        raise ConfigError(f"{where}: unknown option(s) {', '.join(sorted(unknown))} in [tool.citekb]")
    severity = {}
    for code, level in (table.get("severity") or {}).items():
        try:
            severity[code.upper()] = Severity.parse(str(level))
        except KeyError:
            raise ConfigError(f"{where}: severity of {code} must be error, warning or info, not {level!r}") from None
    fail_on = tuple(str(v).lower() for v in table.get("fail-on", []))
    bad = [v for v in fail_on if v not in VERDICT_CLASSES]
    if bad or not isinstance(table.get("fail-on", []), list):
        raise ConfigError(f"{where}: 'fail-on' takes a list of {', '.join(VERDICT_CLASSES)}")
    paths = {k: table[k] for k in ("references", "kb", "docs") if k in table}
    for k, v in paths.items():
        if not isinstance(v, str) or ".." in Path(v).parts or Path(v).is_absolute():
            raise ConfigError(f"{where}: '{k}' must be a relative path inside the repository")
    return Config(
        select=_strings(table.get("select", []), "select", where),
        extend_select=_strings(table.get("extend-select", []), "extend-select", where),
        ignore=_strings(table.get("ignore", []), "ignore", where),
        severity=severity, today=str(table["today"]) if "today" in table else None, fail_on=fail_on,
        source=where, online=_online(table.get("online", {}), where), **paths)


def _online(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'online' must be a table of resolver settings")
    return dict(value)


def load_config(root: Path) -> Config:
    """Read `citekb.toml` or `pyproject.toml`'s `[tool.citekb]` from `root`; defaults when absent."""
    for name, table_path in (("citekb.toml", ()), ("pyproject.toml", ("tool", "citekb"))):
        path = root / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise ConfigError(f"{name}: cannot read configuration: {exc}") from None
        for part in table_path:
            data = data.get(part, {}) if isinstance(data, dict) else {}
        if data or name == "citekb.toml":
            return from_mapping(data, name)
    return Config()

"""Run the enabled rules over a knowledge base and return sorted diagnostics.

The runner stamps each finding with its rule's code, name and (configured) severity, applies the
suppressions written in the files, reports unused or unreasoned suppressions, and turns a rule
that crashes into an internal-error diagnostic instead of a traceback.
"""
from __future__ import annotations

import datetime as dt
import logging
import traceback
from dataclasses import dataclass

import networkx as nx

from ..config import Config
from ..graph.build import build_graph
from ..kb import KnowledgeBase
from ..model import Location
from .diagnostic import Diagnostic, Finding, Severity
from .registry import REGISTRY, Rule, load_builtin_rules
from .suppress import Suppression, covers, expired, expiry, find_suppressions

log = logging.getLogger(__name__)
RUNNER_CODES = ("S001", "S002", "S003", "X001")


@dataclass(frozen=True)
class CheckContext:
    config: Config
    today: dt.date
    graph: nx.MultiDiGraph


def today_from(config: Config) -> dt.date:
    if config.today:
        return dt.date.fromisoformat(config.today)
    return dt.date.today()


def _stamp(rule: Rule, finding: Finding, config: Config, severity: Severity | None = None) -> Diagnostic:
    severity = config.severity.get(rule.code, severity or rule.severity)
    loc = finding.location
    loc = Location(loc.path, max(loc.line, 1), max(loc.column, 1))  # editors and SARIF count from 1
    return Diagnostic(rule.code, rule.name, severity, finding.message, finding.fix, loc)


def _internal(rule: Rule, exc: BaseException) -> Diagnostic:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    log.debug("rule %s crashed", rule.code, exc_info=exc)
    return Diagnostic("X001", "internal-error", Severity.ERROR,
                      f"rule {rule.code} ({rule.name}) crashed: {type(exc).__name__}: {exc}{where}",
                      "This is a bug in citekb; please report it with the input that triggers it.",
                      Location("<citekb>", 1, 1))


def run_rules(kb: KnowledgeBase, config: Config, *, today: dt.date | None = None,
              graph: nx.MultiDiGraph | None = None) -> list[Diagnostic]:
    """All findings of the enabled rules, before suppressions, in rule order."""
    rules = load_builtin_rules()
    ctx = CheckContext(config, today or today_from(config), graph if graph is not None else build_graph(kb))
    out: list[Diagnostic] = []
    for code, rule in rules.items():
        if (code in RUNNER_CODES or rule.func is None or rule.scope != "kb"
                or not config.enabled(code, rule.default_enabled)):
            continue
        try:
            out.extend(_stamp(rule, f, config) for f in rule.func(kb, ctx))
        except Exception as exc:  # a crashing rule must not take the run down with it
            out.append(_internal(rule, exc))
    return out


def _expired(s: Suppression) -> Finding:
    codes = ", ".join(s.codes) or "nothing"
    if expiry(s) is None:
        return Finding(s.location, f"suppression of {codes} has an unreadable expiry 'until={s.until}', "
                       "so it no longer applies", "Write the last day it applies as until=YYYY-MM-DD.")
    return Finding(s.location, f"suppression of {codes} expired after {s.until}; what it hid is reported again",
                   "Fix the finding, or renew the suppression with a new date and say why it is still needed.")


def apply_suppressions(files, diagnostics: list[Diagnostic], config: Config, *,
                       today: dt.date | None = None) -> list[Diagnostic]:
    """Drop findings covered by a reasoned, unexpired suppression in `files`; report bad, expired
    or unused ones."""
    suppressions: list[Suppression] = [s for f in files for s in find_suppressions(f.path, f.text, f.kind)]
    today = today or today_from(config)
    live = [bool(s.reason) and not expired(s, today) for s in suppressions]
    used: set[int] = set()
    kept = []
    for d in diagnostics:
        hit = [i for i, s in enumerate(suppressions) if live[i] and covers(s, d.code, d.location)]
        used.update(hit)
        if not hit:
            kept.append(d)
    meta = REGISTRY
    for i, s in enumerate(suppressions):
        if not s.reason and config.enabled("S001", True):
            kept.append(_stamp(meta["S001"], Finding(
                s.location, f"suppression of {', '.join(s.codes) or 'nothing'} gives no reason",
                "Say why after the bracket: `citekb: ignore[CODE] -- reason`."), config))
        elif not live[i]:
            if config.enabled("S003", True):
                kept.append(_stamp(meta["S003"], _expired(s), config))
        elif i not in used and config.enabled("S002", True):
            unknown = [c for c in s.codes if c not in meta]
            what = f"unknown rule code(s) {', '.join(unknown)}" if unknown else "no finding"
            kept.append(_stamp(meta["S002"], Finding(
                s.location, f"suppression of {', '.join(s.codes) or 'nothing'} matches {what}",
                "Remove the stale suppression."), config))
    return kept


def run_checks(kb: KnowledgeBase, config: Config | None = None, *, today: dt.date | None = None,
               graph: nx.MultiDiGraph | None = None) -> list[Diagnostic]:
    """Check a loaded knowledge base: rules, then suppressions, sorted by (path, line, code)."""
    config = config or Config()
    today = today or today_from(config)
    found = apply_suppressions(kb.files, run_rules(kb, config, today=today, graph=graph), config, today=today)
    return sorted(set(found), key=lambda d: d.sort_key)

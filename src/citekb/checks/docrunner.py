"""`citekb check-doc`: assess documents against canonical records and report with the registry.

The verdict policy (`fail-on` in `[tool.citekb]`) decides which verdict classes count: a class
outside the policy is reported as info, so it never fails a run; "unverifiable" is outside it
unless the user puts it in.
"""
from __future__ import annotations

import datetime as dt

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..kb import SourceFile
from ..load.documents import Document, load_document
from ..model import Location
from ..resolve import Canon
from .assess import DocAssessment, assess_document
from .diagnostic import Diagnostic, Severity
from .registry import load_builtin_rules
from .rules.citations import VERDICT_CLASS
from .runner import _internal, _stamp, apply_suppressions

DEFAULT_FAIL_ON = ("linkage", "mismatch", "misattributed", "fabricated")
KIND_OF = {"markdown": "markdown", "latex": "bibtex", "bibtex": "bibtex", "text": "yaml"}


@dataclass(frozen=True)
class DocContext:
    assessment: DocAssessment
    canon: Canon
    config: Config


def _severity(code: str, default: Severity, fail_on: tuple[str, ...]) -> Severity:
    klass = VERDICT_CLASS.get(code)
    if klass is None:
        return default
    if klass not in fail_on:
        return Severity.INFO
    return Severity.ERROR if klass == "unverifiable" else default


def _today(config: Config) -> dt.date:
    """`today` from the configuration (reproducible runs), else the calendar date."""
    try:
        return dt.date.fromisoformat(config.today) if config.today else dt.date.today()
    except (TypeError, ValueError):  # a bad value is reported when the configuration loads
        return dt.date.today()


def check_document(doc: Document, canon: Canon, config: Config) -> tuple[list[Diagnostic], DocAssessment]:
    try:
        assessment = assess_document(doc, canon, today=_today(config))
    except Exception as exc:  # our bug, not the user's: report it and keep going with the next file
        crash = Diagnostic("X001", "internal-error", Severity.ERROR,
                           f"checking {doc.path} crashed: {type(exc).__name__}: {exc}",
                           "This is a bug in citekb; please report it with the document.", Location(doc.path, 1, 1))
        return [crash], DocAssessment(doc)
    ctx = DocContext(assessment, canon, config)
    fail_on = config.fail_on or DEFAULT_FAIL_ON
    out: list[Diagnostic] = []
    rules = load_builtin_rules()
    for code, rule in rules.items():
        if rule.scope != "document" or not config.enabled(code, rule.default_enabled):
            continue
        try:
            sev = _severity(code, rule.severity, fail_on)
            out.extend(_stamp(rule, f, config, sev) for f in rule.func(ctx))
        except Exception as exc:  # a crashing rule becomes an internal error, not a traceback
            out.append(_internal(rule, exc))
    out.extend(load_diagnostics(doc.problems, config))  # of the document or the .bib it names
    files = [SourceFile(doc.path, KIND_OF.get(doc.kind, "yaml"), doc.text)]
    return sorted(set(apply_suppressions(files, out, config)), key=lambda d: d.sort_key), assessment


def load_diagnostics(problems, config: Config) -> list[Diagnostic]:
    """Load problems (of a document, its .bib, or a --canon file) as diagnostics of their L rules."""
    from .diagnostic import Finding

    rules = load_builtin_rules()
    return [_stamp(rules[p.code], Finding(p.location, p.message, p.fix), config) for p in problems
            if p.code in rules and rules[p.code].scope == "kb" and config.enabled(p.code, rules[p.code].default_enabled)]


def check_documents(paths: list[Path], canon: Canon, config: Config, *, root: Path | None = None):
    """Diagnostics of every document (sorted) and the per-document assessments."""
    diagnostics: list[Diagnostic] = []
    assessments: list[DocAssessment] = []
    for path in paths:
        display = _display(path, root)
        doc = load_document(path, display=display)
        found, assessment = check_document(doc, canon, config)
        diagnostics.extend(found)
        assessments.append(assessment)
    return sorted(diagnostics, key=lambda d: d.sort_key), assessments


def _display(path: Path, root: Path | None) -> str:
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return path.as_posix()

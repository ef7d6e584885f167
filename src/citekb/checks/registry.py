"""The rule registry. A rule is a self-describing record; the registry checks its invariants at
import, so a rule with a malformed code, a reused name or a missing doc section cannot ship.

Built-in rules register through the same `@rule` decorator a third-party module would use; the
explicit list `BUILTIN_MODULES` says which modules are loaded.
"""
from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .diagnostic import Diagnostic, Severity

CODE_RE = re.compile(r"^[A-Z]\d{3}$")
NAME_RE = re.compile(r"^[a-z]+(?:-[a-z0-9]+)+$")
SECTIONS = ("What it checks", "Why it matters", "Example", "Fix")
FAMILIES = {"L": "load", "R": "record hygiene", "K": "knowledge-base integrity", "C": "citations",
            "A": "assertions and claims", "G": "graph", "S": "suppressions", "X": "internal"}
BUILTIN_MODULES = (
    "citekb.checks.rules.load",
    "citekb.checks.rules.hygiene",
    "citekb.checks.rules.integrity",
    "citekb.checks.rules.meta",
    "citekb.checks.rules.linkage",
    "citekb.checks.rules.metadata",
    "citekb.checks.rules.existence",
    "citekb.checks.rules.consistency",
    "citekb.checks.rules.attribution",
    "citekb.checks.rules.assertions",
    "citekb.checks.rules.lock",
    "citekb.checks.rules.sources",
    "citekb.checks.rules.keys",
)


class RegistryError(Exception):
    """A rule definition breaks an invariant; this is a bug in the rule, not in user data."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    sections: dict
    func: Callable[..., Iterable[Diagnostic]] | None
    default_enabled: bool = True
    scope: str = "kb"  # kb: `citekb check`; document: `citekb check-doc`
    over: str = "document"  # document rules: called once per document, or once per "reference"

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]

    def doc(self, section: str) -> str:
        return self.sections[section]


REGISTRY: dict[str, Rule] = {}


def parse_doc(doc: str) -> tuple[str, dict[str, str]]:
    """Split a rule docstring into its summary line and the fixed sections."""
    text = inspect.cleandoc(doc or "")
    summary, _, body = text.partition("\n")
    sections: dict[str, str] = {}
    current = None
    for line in body.splitlines():
        header = line.rstrip(":").strip()
        if header in SECTIONS and line.rstrip().endswith(":"):
            current = header
            sections[current] = ""
        elif current:
            sections[current] += line + "\n"
    return summary.strip(), {k: inspect.cleandoc(v) if v.strip() else "" for k, v in sections.items()}


def register(rule_: Rule) -> Rule:
    if not CODE_RE.match(rule_.code) or rule_.code[0] not in FAMILIES:
        raise RegistryError(f"malformed rule code {rule_.code!r}")
    if not NAME_RE.match(rule_.name):
        raise RegistryError(f"rule {rule_.code}: name {rule_.name!r} is not kebab-case")
    if rule_.code in REGISTRY and REGISTRY[rule_.code].func is not rule_.func:
        raise RegistryError(f"rule code {rule_.code} is already registered")
    if any(r.name == rule_.name and r.code != rule_.code for r in REGISTRY.values()):
        raise RegistryError(f"rule name {rule_.name!r} is already used")
    if rule_.over not in ("document", "reference") or rule_.over == "reference" and rule_.scope != "document":
        raise RegistryError(f"rule {rule_.code}: over={rule_.over!r} needs scope 'document'")
    missing = [s for s in SECTIONS if not rule_.sections.get(s)]
    if missing or not rule_.summary:
        raise RegistryError(f"rule {rule_.code}: docstring lacks {', '.join(missing) or 'a summary'}")
    REGISTRY[rule_.code] = rule_
    return rule_


def rule(code: str, name: str, severity: str, *, default_enabled: bool = True, scope: str = "kb",
         over: str = "document"):
    """Register a rule: `f(kb, ctx)` for the KB scope; for the document scope `f(doc_ctx)`, or
    `f(resolution, doc_ctx)` once per reference with `over="reference"`."""

    def wrap(func):
        summary, sections = parse_doc(func.__doc__)
        register(Rule(code, name, Severity.parse(severity), summary, sections, func, default_enabled, scope, over))
        return func

    return wrap


def load_builtin_rules(extra: Iterable[str] = ()) -> dict[str, Rule]:
    for module in (*BUILTIN_MODULES, *extra):
        importlib.import_module(module)
    return dict(sorted(REGISTRY.items()))


def get_rule(code_or_name: str) -> Rule | None:
    rules = load_builtin_rules()
    wanted = code_or_name.strip()
    return rules.get(wanted.upper()) or next((r for r in rules.values() if r.name == wanted.lower()), None)

"""Rule metadata as data: what `rules --format json`, `explain --format json` and SARIF show."""
from __future__ import annotations

from ..paths import page_path

# Where the published site keeps the rule reference (GitHub Pages of the citekb repository).
DOCS_URL = "https://citekb.github.io/citekb/"
SECTIONS = ("What it checks", "Why it matters", "Example", "Fix")


def help_uri(code: str) -> str:
    """The rule's page in the published rule reference (the site is built without directory URLs)."""
    return DOCS_URL + page_path("rule", code).removesuffix(".md") + ".html"


def as_dict(rule) -> dict:
    """One rule with its full explanation, keys in a fixed order."""
    return {
        "code": rule.code, "name": rule.name, "severity": str(rule.severity), "family": rule.family,
        "scope": rule.scope, "default_enabled": rule.default_enabled, "summary": rule.summary,
        "explanation": {section.lower().replace(" ", "_"): rule.doc(section) for section in SECTIONS},
        "url": help_uri(rule.code),
    }


def explain_text(rule) -> str:
    out = [f"{rule.code} {rule.name} [{rule.severity}] ({rule.family})\n\n{rule.summary}\n"]
    for section in SECTIONS:
        body = rule.doc(section)
        if section == "Example":
            body = "\n".join("    " + line for line in body.splitlines())
        out.append(f"{section}:\n{body}\n")
    out.append(f"More: {help_uri(rule.code)}\n")
    return "\n".join(out)


def listing_text(rules) -> str:
    return "".join(f"{r.code}  {r.name:<28} {str(r.severity):<8} {r.summary}"
                   f"{'' if r.default_enabled else ' (opt-in)'}\n" for r in rules)

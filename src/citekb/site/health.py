"""The citation-health page (findings by rule and by file) and the rule reference from the registry."""
from __future__ import annotations

from collections import Counter, defaultdict

from ..checks.diagnostic import Diagnostic, Severity
from ..checks.registry import Rule, load_builtin_rules
from ..paths import link, page_path
from .context import SiteContext
from .refs import fence
from .text import cell, front_matter, md, plural, prose, table

HEALTH = "health.md"
RULES = "rules/index.md"


def _rule_link(path: str, code: str, rules: dict[str, Rule]) -> str:
    return f"[{code}]({link(path, page_path('rule', code))})" if code in rules else md(code)


def _source_pages(ctx: SiteContext) -> dict[int, str]:
    """The site page of the record or work each finding is about (by object id), when there is one."""
    out: dict[int, str] = {}
    for key, ds in sorted(ctx.by_work.items()):
        out.update((id(d), page_path("work", key)) for d in ds)
    for (kind, ident), ds in sorted(ctx.by_record.items()):
        page = ctx.node_page(f"{kind}:{ident}")
        if page:
            out.update((id(d), page) for d in ds)
    return out


def health_page(ctx: SiteContext) -> str:
    rules = load_builtin_rules()
    diags = ctx.diagnostics
    sev = Counter(d.severity for d in diags)
    words = {Severity.ERROR: ("error", "errors"), Severity.WARNING: ("warning", "warnings"),
             Severity.INFO: ("informational note", "informational notes")}
    summary = ", ".join(plural(sev[s], *words[s]) for s in words)
    parts = [front_matter("Citation health", f"Results of the citation checks on the knowledge base: {summary}."),
             "# Citation health\n\n",
             f"The site is built from the same check results that CI runs (`citekb check`): {md(summary)}. "
             f"Every rule is explained in the [rule reference]({link(HEALTH, RULES)}).\n\n"]
    serious = sev[Severity.ERROR] + sev[Severity.WARNING]
    if not serious:
        notes = f" {plural(len(diags), 'informational note is', 'informational notes are')} listed below." if diags else ""
        parts.append(f'!!! success "No errors or warnings"\n\n    Every citation resolves and every record is complete.{notes}\n\n')
        if not diags:
            return "".join(parts)
    else:
        parts.append('!!! warning "Open findings"\n\n    Pages of records with open errors or warnings carry a notice, '
                     "and decision briefs do not lean on works with open findings.\n\n")
    by_rule = Counter(d.code for d in diags)
    rows = [[_rule_link(HEALTH, code, rules), md(diags_named(diags, code)), md(str(rules[code].severity) if code in rules else "?"),
             str(n)] for code, n in sorted(by_rule.items())]
    parts.append("## By rule\n\n" + table(["Rule", "Name", "Default severity", "Findings"], rows) + "\n")
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diags:
        by_file[d.location.path].append(d)
    rows = [[md(f), str(len(ds)), str(sum(d.severity == Severity.ERROR for d in ds)),
             str(sum(d.severity == Severity.WARNING for d in ds))] for f, ds in sorted(by_file.items())]
    parts.append("## By file\n\n" + table(["File", "Findings", "Errors", "Warnings"], rows) + "\n")
    parts.append("## All findings\n\n")
    pages = _source_pages(ctx)
    for f, ds in sorted(by_file.items()):
        parts.append(f"### {md(f)}\n\n")
        rows = []
        for d in ds:
            page = pages.get(id(d))
            where = f"[line {d.location.line}]({link(HEALTH, page)})" if page else f"line {d.location.line}"
            rows.append([where, _rule_link(HEALTH, d.code, rules), md(str(d.severity)), md(d.message), cell(d.fix)])
        parts.append(table(["Where", "Rule", "Severity", "Finding", "Fix"], rows) + "\n")
    return "".join(parts)


def diags_named(diags, code: str) -> str:
    return next((d.name for d in diags if d.code == code), "")


def rules_index(ctx: SiteContext) -> str:
    rules = load_builtin_rules()
    counts = Counter(d.code for d in ctx.diagnostics)
    rows = [[f"[{r.code}]({link(RULES, page_path('rule', r.code))})", md(r.name), md(r.family), md(str(r.severity)),
             prose(r.summary) + ("" if r.default_enabled else " *(opt-in)*"), str(counts[r.code])] for r in rules.values()]
    return (front_matter("Rule reference", f"The {len(rules)} checks citekb runs on a knowledge base: what each checks, why, an example and the fix.")
            + "# Rule reference\n\n"
            + f"{plural(len(rules), 'rule')}, generated from the rule registry (`citekb rules`, `citekb explain CODE`). "
            f"Current results: [citation health]({link(RULES, HEALTH)}).\n\n"
            + table(["Code", "Name", "Family", "Severity", "Summary", "Open findings"], rows))


def rule_page(ctx: SiteContext, r: Rule) -> tuple[str, str]:
    path = page_path("rule", r.code)
    n = sum(1 for d in ctx.diagnostics if d.code == r.code)
    parts = [front_matter(f"{r.code} {r.name}", f"{r.code} ({r.severity}): {r.summary}", tags=[f"rule: {r.family}"]),
             f"# {r.code} {md(r.name)}\n\n",
             f"[Rule reference]({link(path, RULES)}) › {r.code} · family: {md(r.family)} · default severity: "
             f"**{r.severity}**{'' if r.default_enabled else ' · opt-in'} · open findings in this KB: "
             f"[{n}]({link(path, HEALTH)})\n\n{prose(r.summary)}\n\n"]
    for section in ("What it checks", "Why it matters", "Example", "Fix"):
        body = r.doc(section)
        text = fence(body) if section == "Example" else "\n\n".join(prose(p) for p in body.split("\n\n"))
        parts.append(f"## {section}\n\n{text}\n\n")
    return path, "".join(parts)

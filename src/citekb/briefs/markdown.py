"""A brief as Markdown, bottom line first. Pure: (Brief, KB, commit, links) -> text."""
from __future__ import annotations

from ..kb import KnowledgeBase
from ..model import CRITERION_TITLES
from .brief import Brief
from .candidates import RANKING, Candidate
from .evidence import ScoredClaim, label
from .options import TITLES
from .values import DIRECT

METHOD_KEY = "keeney1993decisions"   # the MAVT reference the method follows
CANDIDATE_TITLES = {"self-hosted": "Open weights, self-hosted", "hosted-open": "Open weights through a hosted API",
                    "closed-api": "Closed, through an API or a private deployment"}
from .sections import bottom_line, caveats, sensitivity_section
from .text import Links, anchor, esc, md_link, num, pct, reference, source_link


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out + [""]


def scenario_section(b: Brief) -> list[str]:
    s = b.scenario
    out = ["## Scenario and constraints", "", esc(s.get("description")), ""]
    for label, value in (("Sector", s.get("sector")), ("Stakeholders", ", ".join(s.get("stakeholders") or ())),
                         ("Tags (matched against claim conditions)", ", ".join(s.get("tags") or ()))):
        if value:
            out.append(f"- **{label}:** {esc(value)}")
    expected = s.get("expected") or ()
    if expected:
        agrees = "agrees with" if b.verdict.winner in expected else "differs from"
        out.append(f"- **Answer stated in the scenario before scoring:** {esc(', '.join(expected))} "
                   f"(this brief {agrees} it)")
        if s.get("notes"):
            out.append(f"- **Its reasoning:** {esc(s.get('notes'))}")
    out.append("")
    rows = [[f"`{name}`", esc(text)] for name, text in b.constraints.describe()]
    out += _table(["Hard constraint", "Meaning"], rows) if rows else ["No hard constraints.", ""]
    rows = [[f"`{name}`", esc(text)] for name, text in b.operations.describe(b.params)]
    out += _table(["What the team can operate", "Value"], rows)
    derived = sorted(set(b.tags) - set(s.get("tags") or ()))
    if derived:
        out += [f"Tags derived from these numbers: {esc(', '.join(derived))}.", ""]
    rows = []
    for o in b.options:
        status = "knocked out: " + esc("; ".join(o.knocked_out)) if o.knocked_out else "considered"
        rows.append([f"**{esc(o.title)}** (`{o.id}`)", esc(o.description), status])
    return out + _table(["Option", "What it means", "Status"], rows)


def criteria_section(b: Brief) -> list[str]:
    p = b.params
    rows = []
    for c in b.weighted:
        e = b.evidence[c]
        ev = label(e.mass, p["evidence_label"], ("limited", "medium", "robust"))
        ag = label(e.agreement, p["agreement_label"], ("low", "medium", "high")) if e.pos + e.neg else "n/a"
        n = len(e.scored)
        rows.append([esc(CRITERION_TITLES[c]), f"{b.importance[c]:g}", pct(b.weights[c]),
                     f"{ev} ({e.mass:.2f}, {n} claim{'' if n == 1 else 's'})", ag,
                     num(e.net, places=2) + (" contested" if e.contested else "")])
    out = ["## Criteria and weights", "",
           "Importance is the scenario's 0-3 rating; the weight is importance divided by the total. Net "
           "evidence runs from -1 (all evidence favours closed) to +1 (all favours open).", ""]
    out += _table(["Criterion", "Importance", "Weight", "Evidence (mass, scored claims)", "Agreement",
                   "Net evidence"], rows)
    zero = [CRITERION_TITLES[c] for c in b.importance if b.importance[c] == 0]
    if zero:
        out += [f"Not weighed in this scenario: {esc(', '.join(zero))}.", ""]
    return out


def scorecard_section(b: Brief) -> list[str]:
    header = ["Criterion", "Weight"] + [esc(TITLES[o.id]) + ("" if o.available else " (out)") for o in b.options]
    rows = [[esc(CRITERION_TITLES[c]), pct(b.weights[c])] + [num(b.scores[o.id][c], signed=False) for o in b.options]
            for c in b.weighted]
    rows.append(["**Total**", "100%"] + [f"**{num(b.totals[o.id], signed=False)}**" for o in b.options])
    return (["## Scorecard", "",
             "Each cell is the option's value on one criterion, from 0 to 1 (0.5: no evidence either way), "
             "computed from the evidence about that option; the total is the weighted sum. Knocked-out "
             "options are shown for comparison only.", ""] + _table(header, rows))


def _claim_label(s: ScoredClaim, links: Links) -> str:
    """The statement, linked to the claim page; in a standalone file the row is the anchor."""
    target = links.claim(s.id)
    label = esc(s.claim.get("statement"))
    if (target or "").startswith("#"):
        return f'<a id="{anchor("claim", s.id)}"></a>{label}'
    return md_link(label, target)


def _claim_cell(s: ScoredClaim, links: Links) -> str:
    cites = ", ".join(md_link(esc(k), links.work(k)) for k in sorted({e["cite"] for e in s.claim.evidence}))
    note = " (evidence mostly contradicts it: counts for the other side)" if s.flipped else ""
    return f"{_claim_label(s, links)} *w {s.weight:.3f}*{note} · {cites}"


def evidence_section(b: Brief, links: Links) -> list[str]:
    out = ["## Evidence by criterion", "",
           "Each row links to the claim and to the works it cites; *w* is the claim's weight in this "
           "scenario (magnitude x strength x source quality x verification x recency x applicability).", ""]
    for c in b.weighted:
        e = b.evidence[c]
        flag = ", contested" if e.contested else ""
        out += [f"### {esc(CRITERION_TITLES[c])}", "",
                f"Importance {b.importance[c]:g}, net evidence {num(e.net, places=2)}{flag}.", ""]
        scored = e.scored
        opens = [s for s in scored if s.direction > 0]
        closeds = [s for s in scored if s.direction < 0]
        if opens or closeds:
            rows = [[_claim_cell(opens[i], links) if i < len(opens) else "",
                     _claim_cell(closeds[i], links) if i < len(closeds) else ""]
                    for i in range(max(len(opens), len(closeds)))]
            out += _table(["Favours open", "Favours closed"], rows)
        middle = [s for s in scored if s.direction == 0]
        if middle:
            out += ["Neither side, or it depends:", ""]
            out += [f"- {_claim_cell(s, links)}" for s in middle] + [""]
        reached = [f"{o} for {b.tallies[o][c].pro:.2f}, against {b.tallies[o][c].con:.2f}" for o in DIRECT
                   if b.tallies[o][c].pro or b.tallies[o][c].con]
        if reached:
            out += ["Evidence reaching each option: " + esc("; ".join(reached)) + ".", ""]
        unscored = [s for s in e.claims if s.weight == 0]
        if unscored:
            out += ["Shown but not scored (weight 0):", ""]
            out += [f"- {_claim_label(s, links)} (scores 0: {esc(s.excluded)})" for s in unscored] + [""]
        if not e.claims:
            out += ["No claim in the knowledge base bears on this criterion yet: an evidence gap.", ""]
    return out


def _candidate_row(i: int, cand: Candidate, links: Links) -> list[str]:
    m = cand.model
    name = md_link(esc(m.name), links.model(m.id))
    if (links.model(m.id) or "").startswith("#"):
        name = f'<a id="{anchor("model-" + cand.option, m.id)}"></a>{esc(m.name)}'
    facts = "; ".join(f"{esc(f.label)}: {esc(f.value)}" + (f" ({source_link(f.source, links)})" if f.source else "")
                      for f in cand.facts)
    if cand.retires:
        facts = f"**scheduled for retirement ({esc(cand.retires)})**; " + facts
    return [str(i), name, facts]


def candidates_section(b: Brief, kb: KnowledgeBase, links: Links) -> list[str]:
    out = ["## Candidate models", "",
           "Models in the knowledge base that pass the hard constraints: task and modality, licence terms "
           "(commercial use, user caps, territorial exclusions, excluded uses), memory at the scenario's "
           "precision or at a published quantized release, and lifecycle (retired models are never proposed). "
           "Ranked by: " + ", then ".join(RANKING) + ". Estimated memory is parameters x bits / 8 x "
           f"{float(b.params['memory_overhead']):g} (an assumption for runtime memory).", ""]
    limit = int(b.params["max_candidates"])
    for option, title in CANDIDATE_TITLES.items():
        cands = b.candidates[option]
        out += [f"### {title}", ""]
        if option == "closed-api":
            out += ["Which of these a cloud offers in a private tenancy or region is not recorded in the "
                    "knowledge base; ask the vendor.", ""]
        if option == "hosted-open":
            out += ["Which inference providers serve each model is not recorded; memory does not apply.", ""]
        users = {"self-hosted": ("self-hosted", "hybrid"), "hosted-open": ("hosted-open",),
                 "closed-api": ("closed-api", "closed-private", "hybrid")}[option]
        if all(b.option(x).knocked_out for x in users):
            out += ["None proposed: every option that would use these models is knocked out ("
                    + esc("; ".join(b.option(option).knocked_out)) + ").", ""]
            continue
        if not cands:
            out += ["No model in the knowledge base meets the constraints.", ""]
            continue
        rows = [_candidate_row(i, cand, links) for i, cand in enumerate(cands[:limit], 1)]
        out += _table(["#", "Model", "Cited facts"], rows)
        if len(cands) > limit:
            out += [f"{len(cands) - limit} more meet the constraints.", ""]
    notable = [r for r in b.rejections if r.option != "hosted-open" and r.reason not in ("retired",)
               and not r.reason.startswith(("does ", "access is api"))]
    retired = sorted({r.model_id for r in b.rejections if r.reason == "retired"})
    if notable:
        out += ["Not proposed: " + "; ".join(f"{esc(r.model_id)} ({esc(r.reason)})" for r in notable) + ".", ""]
    if retired:
        out += ["Retired, never proposed: " + esc(", ".join(retired)) + ".", ""]
    return out


def references_section(b: Brief, kb: KnowledgeBase, links: Links) -> list[str]:
    keys = {METHOD_KEY} if METHOD_KEY in kb.work_by_key else set()
    for c in b.weighted:
        for s in b.evidence[c].claims:
            keys.update(e["cite"] for e in s.claim.evidence if e.get("cite"))
    for cand in (x for cands in b.candidates.values() for x in cands):
        keys.update(f.source for f in cand.facts if f.source and not f.source.startswith("http"))
    out = ["## References", ""]
    out += [f'- <a id="{anchor("ref", k)}"></a>{reference(kb.work_by_key.get(k), k, links)}' for k in sorted(keys)]
    return out + [""]


def provenance_section(b: Brief, kb: KnowledgeBase, commit: str, links: Links) -> list[str]:
    n = sum(len(b.evidence[c].claims) for c in b.evidence)
    method = md_link(esc("Keeney and Raiffa"), links.work(METHOD_KEY) if METHOD_KEY in kb.work_by_key else None)
    return ["## Validity and provenance", "",
            f"- **As of:** {b.as_of.isoformat()} (evidence cut-off; recency is measured to this date)",
            f"- **Valid until:** {b.valid_until.isoformat()} (after {b.params['validity_months']} months, or "
            "earlier when a top claim falls below half weight; laws in force do not age)"
            + (" **— expired**" if b.expired else ""),
            f"- **Knowledge base commit:** `{esc(commit)}`",
            f"- **Method:** version {esc(b.params['method_version'])}, parameters `{b.params.digest}` "
            "(sha256 of parameters.yaml, first 12 digits)",
            f"- **Claims read:** {n}; scenario file `{esc(b.scenario.location.path)}`", "",
            "How the score is computed: additive multi-attribute value theory, the weighted sum of "
            f"per-criterion values of {method}. Each claim weighs magnitude x strength x source quality x "
            "verification x recency (halving every half-life of its criterion; laws in force do not decay) "
            "x applicability (the share of its conditions that hold in this scenario; none holding: out of "
            "scope, weight 0); the same measurement cited by several claims counts once. A claim is "
            "evidence about the options it names, or that its deployment conditions name, or that sit on "
            "the side it favours; each option's value on a criterion is 0.5 + 0.5 x (for - against) / "
            "(for + against + prior mass). The hybrid combines the self-hosted and closed-API values by a "
            "stated rule per criterion. Options the team would run itself keep a share of their value on "
            "time to deploy, support and cost that grows with the team's readiness (staff, GPUs, on-call). Every number is in the "
            "parameter file named above; the methodology page gives the formulas.", "",
            "Re-issue the brief with a new as-of date rather than editing it; revisit it when a claim on a "
            "weighted criterion is added or superseded, or a candidate's licence or lifecycle changes.", ""]


def render_markdown(b: Brief, kb: KnowledgeBase, *, commit: str, links: Links, front: str = "") -> str:
    parts = [front + f"# Decision brief: {esc(b.scenario.name)}", ""]
    if b.expired:
        parts += [f"> **Expired.** This brief was valid until {b.valid_until.isoformat()}; it is "
                  f"{b.today.isoformat()}. Re-issue it with a current as-of date before relying on it.", ""]
    parts += [f"Scenario `{esc(b.id)}` · as of {b.as_of.isoformat()} · valid until {b.valid_until.isoformat()} · "
              f"KB commit `{esc(commit[:12])}` · method {esc(b.params['method_version'])}", ""]
    for block in (bottom_line(b), scenario_section(b), criteria_section(b), scorecard_section(b),
                  evidence_section(b, links), caveats(b), candidates_section(b, kb, links),
                  sensitivity_section(b), provenance_section(b, kb, commit, links), references_section(b, kb, links)):
        parts.extend(block)
    text = "\n".join(parts)
    return text.rstrip("\n") + "\n"

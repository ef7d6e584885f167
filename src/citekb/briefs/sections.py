"""The prose sections of a brief: bottom line, caveats, sensitivity. Wording is fixed vocabulary."""
from __future__ import annotations

from ..model import CRITERIA, CRITERION_TITLES
from .brief import Brief
from .options import CATEGORY, SHORT
from .text import esc, num, pct

STRENGTH_WORDS = {"Recommend": "We recommend", "Suggest": "We suggest (conditionally)",
                  "No preference": "The evidence gives no preference; decide by the hard constraints and a pilot. "
                                   "Leading by a small margin:"}


def _name(oid: str | None) -> str:
    return SHORT.get(oid or "", "none")


def flip_sentence(b: Brief) -> str:
    """The smallest single change that changes the winner, in words."""
    best = None
    for t in b.tipping:
        for bound, word in ((t.down, "falls to"), (t.up, "rises to")):
            if bound is None:
                continue
            gap = abs(bound[0] - t.importance)
            cand = (gap, t.criterion, word, bound)
            if best is None or cand[:2] < best[:2]:
                best = cand
    parts = []
    if best is not None:
        gap, c, word, (value, new) = best
        parts.append(f"the importance of {CRITERION_TITLES[c].lower()} {word} {value:g} (now "
                     f"{b.importance[c]:g}): then {_name(new)} wins")
    parts += [f"claim {esc(f.what)} is left out: then {_name(f.new_winner)} wins" for f in b.claim_flips[:2]]
    for f in b.constraint_flips:
        if f.change == "lifted":
            parts.append(f"the knock-out of {_name(f.new_winner)} is lifted ({esc(f.what)}): it scores higher")
        else:
            parts.append(f"{esc(f.what)} becomes a constraint: then {_name(f.new_winner)} wins")
    if not parts:
        return ("No single importance change on the 0-3 scale, no single strong claim left out and no "
                "constraint added or lifted changes the winner.")
    return "It flips if " + "; or if ".join(parts) + "."


def _y_statement(b: Brief) -> str:
    v = b.verdict
    top = ", ".join(CRITERION_TITLES[c].lower() for c in b.weighted[:3])
    row = b.scores[v.winner]
    worst = min(b.weighted, key=lambda c: (b.weights[c] * row[c], c), default=None)
    text = f"In the context of {esc(b.scenario.name.rstrip('.'))}, weighing most {esc(top)}, the evidence favours " \
           f"**{_name(v.winner)}**"
    if v.runner_up:
        text += f" over {_name(v.runner_up)}"
    if worst is not None and row[worst] < 0.5:
        text += f", accepting its weaker position on {CRITERION_TITLES[worst].lower()}"
    return text + "."


def bottom_line(b: Brief) -> list[str]:
    v = b.verdict
    out = ["## Bottom line", ""]
    if v.winner is None:
        return out + ["**No option survives the hard constraints**; see the scenario section.", ""]
    out += [f"**{STRENGTH_WORDS[v.strength]} {_name(v.winner)}** (`{v.winner}`; {CATEGORY[v.winner]}).", "",
            f"- **Strength:** {v.strength}",
            f"- **Confidence:** {v.confidence} (margin {num(v.margin, signed=False)}"
            + (f" over {_name(v.runner_up)}" if v.runner_up else ", the only option left")
            + f"; evidence covers {pct(v.coverage)} of the weight; "
            f"{pct(v.contested_share)} of the weight is contested)",
            "- **Scores (0 to 1):** " + ", ".join(f"{o} {num(u, signed=False)}" for o, u in b.ranked),
            f"- **What would flip it:** {flip_sentence(b)}"]
    out_options = [o for o in b.options if o.knocked_out]
    if out_options:
        out.append("- **Knocked out:** " + "; ".join(f"{o.id} ({esc('; '.join(o.knocked_out))})" for o in out_options))
    return out + ["", _y_statement(b), ""]


def caveats(b: Brief) -> list[str]:
    out = ["## Conflicts and caveats", ""]
    items = []
    for c in b.weighted:
        e = b.evidence[c]
        if e.contested:
            items.append(f"**{esc(CRITERION_TITLES[c])} is contested**: claims for open weigh {e.pos:.2f}, for "
                         f"closed {e.neg:.2f}. No side is picked: the criterion carries its net "
                         f"({num(e.net, places=2)}) and lowers confidence. Sources often differ in metric, "
                         "population or date; read both columns.")
        if e.mass < float(b.params["min_evidence_mass"]):
            items.append(f"**{esc(CRITERION_TITLES[c])}** weighs {pct(b.weights[c])} but has little scored "
                         f"evidence (mass {e.mass:.2f}): an evidence gap to fill.")
        for s in e.claims:
            if s.flipped:
                items.append(f"Claim {esc(s.id)} favours {s.claim.favours}, but most of its evidence contradicts "
                             "it, so it counts for the other side.")
    unscored = sorted((s for c in b.weighted for s in b.evidence[c].claims if s.weight == 0), key=lambda s: s.id)
    if unscored:
        items.append(f"{len(unscored)} claim(s) on weighted criteria are shown but score 0: "
                     + "; ".join(f"{esc(s.id)} ({esc(s.excluded)})" for s in unscored) + ".")
    if b.option("hybrid").available and b.constraints.data_stays:
        items.append("The hybrid sends the closed API only work that touches no protected data "
                     f"(public share {_share(b)}); protected data stays on the self-hosted model.")
    if b.constraints.budget_usd_month is not None or b.constraints.max_latency_ms is not None:
        items.append("Budget and latency: not scored: the knowledge base holds no prices or latencies "
                     "to check them against.")
    if not b.operations.given:
        items.append("Team capacity (ML engineers, GPUs, on-call, deadline, volume) is not given: not scored.")
    scope = sorted(s.id for c in CRITERIA for s in b.evidence[c].claims if (s.excluded or "").startswith("out of scope"))
    if scope:
        items.append(f"{len(scope)} claim(s) are out of scope for this scenario and weigh nothing: "
                     + esc(", ".join(scope)) + ".")
    return out + [f"- {i}" for i in items] + [""]


def _share(b: Brief) -> str:
    rho = b.operations.public_share
    return f"{rho:g}" if rho is not None else f"{float(b.params['default_public_share']):g}, assumed"



def _bound(bound: tuple[float, str] | None, op: str) -> str:
    return f"{op} {bound[0]:g}: {bound[1]}" if bound else "no flip"


def sensitivity_section(b: Brief) -> list[str]:
    out = ["## Sensitivity", ""]
    if b.verdict.winner is None:
        return out + ["Not computed: no option survives the hard constraints.", ""]
    rows = []
    for t in b.tipping:
        if t.importance == 0 and t.up is None:
            continue
        rows.append([esc(CRITERION_TITLES[t.criterion]), f"{t.importance:g}", _bound(t.down, "at or below"),
                     _bound(t.up, "at or above")])
    out += ["Importance (0-3) of one criterion at which another option overtakes the winner, all else equal:", ""]
    out += ["| Criterion | Importance now | Lowering it | Raising it |", "|---|---|---|---|"]
    out += ["| " + " | ".join(r) + " |" for r in rows] + [""]
    if b.step_flips:
        out += ["One step up or down changes the winner: " + "; ".join(
            f"{CRITERION_TITLES[f.what].lower()} {f.change} gives {f.new_winner}" for f in b.step_flips) + "."]
    else:
        out += ["No single importance moved one step up or down changes the winner."]
    if b.claim_flips:
        out += ["", "Leaving out one of the strongest claims changes the winner: " + "; ".join(
            f"{esc(f.what)} gives {f.new_winner}" for f in b.claim_flips) + "."]
    else:
        out += ["", "Leaving out any one of the " + str(len(b.top_claims)) + " strongest claims keeps the winner."]
    if b.constraint_flips:
        out += ["", "Constraints that change the winner: " + "; ".join(
            f"{esc(f.what)} {f.change} gives {f.new_winner}" for f in b.constraint_flips) + "."]
    else:
        out += ["", "No knock-out lifted and no constraint added (data on premises, offline, open licence) "
                    "changes the winner."]
    return out + [""]

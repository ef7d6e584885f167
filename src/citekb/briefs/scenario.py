"""Reading a user's scenario file, and the checks a brief needs beyond the schema.

Schema mistakes (unknown criterion, negative weight, bad field) come from the same loader the KB
uses, so they carry `path:line`. On top of that a brief needs at least one positive weight and at
least one option that survives the hard constraints; both are reported at the offending line.
"""
from __future__ import annotations

from pathlib import Path

from ..kb import KnowledgeBase
from ..load.bibtex import decode_bytes
from ..load.schema import validate
from ..load.yamlfile import load_yaml
from ..checks.diagnostic import Diagnostic
from ..model import Location, Record
from .brief import default_as_of
from .candidates import find_candidates
from .constraints import Constraints, Operations
from .options import decide_options
from .params import Parameters

MAX_BYTES = 1024 * 1024


def read_scenario(path: str | Path, *, display: str | None = None) -> tuple[Record | None, list[Diagnostic]]:
    """Parse and validate one scenario file; problems are located, nothing raises on bad input."""
    path = Path(path)
    rel = display or path.as_posix()
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic("L007", f"cannot read file: {exc.strerror or exc}", Location(rel, 0))]
    if len(data) > MAX_BYTES:
        return None, [Diagnostic("L007", f"file is larger than {MAX_BYTES} bytes", Location(rel, 0))]
    text, problems = decode_bytes(data, rel)
    doc, p = load_yaml(text, rel)
    problems.extend(p)
    if doc is None:
        if not problems:
            problems.append(Diagnostic("L005", "empty scenario file", Location(rel, 0)))
        return None, problems
    record, p = validate("scenario", doc, rel)
    problems.extend(p)
    return record, problems


def brief_problems(scenario: Record, kb: KnowledgeBase, params: Parameters, as_of=None) -> list[Diagnostic]:
    """Mistakes that make a brief meaningless: no positive weight, or no option left standing."""
    problems = []
    weights = scenario.get("weights") or {}
    if not any(v > 0 for v in weights.values()):
        problems.append(Diagnostic(
            "B001", "every criterion weighs 0, so no option can be preferred", scenario.loc("weights"),
            "Give at least one criterion an importance from 1 to 3."))
    c = Constraints.of(scenario)
    cands, _ = find_candidates(kb, c, params, as_of or default_as_of())
    counts = {o: len(v) for o, v in cands.items()}
    counts["closed-private"] = counts["closed-api"]
    options = decide_options(c, Operations.of(scenario), counts, params)
    if not any(o.available for o in options):
        reasons = "; ".join(f"{o.id}: {', '.join(o.knocked_out)}" for o in options)
        problems.append(Diagnostic(
            "B002", f"no option can meet these constraints ({reasons})", scenario.loc("constraints"),
            "Relax a constraint (allowed options, memory, license, task or modality) or add a model that meets them."))
    return problems

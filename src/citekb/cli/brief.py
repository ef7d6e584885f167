"""`citekb brief`: write a decision brief for one scenario file, or for every shipped scenario.

Exit codes: 0 written; 1 the scenario is valid but no option can meet its constraints; 2 usage
error (bad arguments, a scenario file with schema mistakes or no positive weight, bad parameters).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .. import api, atomic
from ..briefs import brief_problems, default_as_of, evaluate, kb_commit, load_parameters, read_scenario, render_brief
from ..briefs.params import ParameterError
from ..config import ConfigError
from ..exitcode import Exit
from ..paths import slug

EXIT_INFEASIBLE, EXIT_USAGE = Exit.FINDINGS, Exit.ERROR  # what a brief's exit codes mean


def _write(text: str, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(target, text)
    except OSError as exc:
        raise click.ClickException(f"cannot write {target}: {exc.strerror or exc}") from None


def _as_of(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"'{text}' is not a date like 2026-06-30", param_hint="--as-of") from None


def _report(problems) -> None:
    for p in problems:
        click.echo(f"{p.location}: error: {p.message}" + (f"\n  fix: {p.fix}" if p.fix else ""), err=True)


def _load(root: str, params_path: str | None):
    if not Path(root).is_dir():
        raise click.UsageError(f"knowledge-base root is not a directory: {root}")
    try:
        params = load_parameters(params_path)
        result = api.check(root)
    except (ParameterError, ConfigError) as exc:
        raise click.UsageError(str(exc)) from None
    return result, params


@click.command("brief")
@click.argument("scenario", required=False, type=click.Path(dir_okay=False))
@click.option("--all", "all_", is_flag=True, help="Write a brief for every shipped scenario (kb/scenarios/).")
@click.option("-o", "--output", type=click.Path(), help="Output file (one scenario; default stdout) or directory "
              "(--all; default build/briefs).")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True,
              help="Markdown, or a standalone HTML file (inline CSS, no external assets).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="Evidence cut-off and date of the brief; default: today.")
@click.option("--root", default=".", show_default=True, type=click.Path(), help="Knowledge-base repository.")
@click.option("--params", "params_path", type=click.Path(dir_okay=False),
              help="Scoring parameter file (default: the documented citekb/briefs/parameters.yaml).")
def brief(scenario: str | None, all_: bool, output: str | None, fmt: str, as_of: str | None, root: str,
          params_path: str | None) -> Exit:
    """Decide open weights, closed API or hybrid for SCENARIO.yaml, from the KB's cited claims.

    Exit codes: 0 written; 1 no option can meet the scenario's constraints; 2 usage error or a
    scenario file with mistakes (each reported as path:line).
    """
    if bool(scenario) == all_:
        raise click.UsageError("give either a SCENARIO file or --all")
    day = _as_of(as_of)
    result, params = _load(root, params_path)
    kb = result.kb
    today = default_as_of()
    day = day or today
    commit = kb_commit(kb.root)
    if all_:
        out_dir = Path(output or "build/briefs")
        scenarios = sorted(kb.of("scenario"), key=lambda s: s.id)
        failed = 0
        for s in scenarios:
            problems = brief_problems(s, kb, params, day)
            if problems:
                _report(problems)
                failed += 1
                continue
            b = evaluate(s, kb, result.diagnostics, params=params, as_of=day, today=today)
            _write(render_brief(b, kb, commit=commit, fmt=fmt), out_dir / f"{slug(s.id)}.{fmt}")
        click.echo(f"wrote {len(scenarios) - failed} brief(s) to {out_dir}/", err=True)
        return EXIT_INFEASIBLE if failed else Exit.CLEAN
    record, problems = read_scenario(scenario)
    if record is None or problems:
        _report(problems)
        return EXIT_USAGE
    problems = brief_problems(record, kb, params, day)
    if problems:
        _report(problems)
        return EXIT_USAGE if any(p.code == "B001" for p in problems) else EXIT_INFEASIBLE
    b = evaluate(record, kb, result.diagnostics, params=params, as_of=day, today=today)
    text = render_brief(b, kb, commit=commit, fmt=fmt)
    if not output or output == "-":
        click.echo(text, nl=False)
    else:
        _write(text, Path(output))
    return Exit.CLEAN

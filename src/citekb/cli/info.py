"""`citekb rules`, `explain` and `stats`: what citekb checks, and what a knowledge base holds."""
from __future__ import annotations

import json

import click

from .. import api
from ..checks.registry import get_rule, load_builtin_rules
from ..exitcode import Exit
from ..report import rules as ruleinfo
from .common import load_config, root_of

# `--json` was the first spelling; it stays as an alias of `--format json`.
info_format = (click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                            show_default=True, help="Output format."),
               click.option("--json", "as_json", is_flag=True, help="Same as --format json (kept for old scripts)."))


def _formats(command):
    for option in reversed(info_format):
        command = option(command)
    return command


def _dump(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.command()
@_formats
def rules(fmt: str, as_json: bool) -> Exit:
    """List every rule: code, name, default severity, summary (json: with the explanation)."""
    all_rules = list(load_builtin_rules().values())
    if as_json or fmt == "json":
        _dump([ruleinfo.as_dict(r) for r in all_rules])
    else:
        click.echo(ruleinfo.listing_text(all_rules), nl=False)
    return Exit.CLEAN


@click.command()
@click.argument("code")
@_formats
def explain(code: str, fmt: str, as_json: bool) -> Exit:
    """Explain a rule: what it checks, why it matters, an example, and the fix."""
    rule = get_rule(code)
    if rule is None:
        raise click.UsageError(f"unknown rule '{code}'; see `citekb rules`")
    if as_json or fmt == "json":
        _dump(ruleinfo.as_dict(rule))
    else:
        click.echo(ruleinfo.explain_text(rule), nl=False)
    return Exit.CLEAN


@click.command()
@click.argument("path", default=".", type=click.Path())
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Read the configuration (where references/, kb/ and docs/ are) from FILE.")
@_formats
def stats(path: str, config_path: str | None, fmt: str, as_json: bool) -> Exit:
    """Count the works, models, frameworks, organizations, claims, reviews and scenarios."""
    root = root_of(path)
    kb, _ = api.load(root, load_config(root, config=config_path))
    counts = kb.counts()
    newest = _newest_model(kb)
    if as_json or fmt == "json":
        out = {**counts, **({"newest_model": {"id": newest[1], "released": newest[0]}} if newest else {})}
        click.echo(json.dumps(out, indent=2, sort_keys=True))
        return Exit.CLEAN
    width = max(map(len, counts))
    for name, n in counts.items():
        click.echo(f"{name:<{width}}  {n:>6}")
    if newest:  # how current the KB is: the question a reader asks before trusting the counts
        click.echo(f"newest model released {newest[0]}: {newest[1]}")
    return Exit.CLEAN


def _newest_model(kb) -> tuple[str, str] | None:
    """(release date, id) of the most recently released model; dates may be a year, a month or a day."""
    dated = [(str(r.value("released")), r.id) for r in kb.of("model") if r.value("released")]
    return max(dated) if dated else None

"""The `citekb` command: parse arguments, call one API function, render, exit 0/1/2."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from . import __version__, api, atomic
from .checks.registry import get_rule, load_builtin_rules
from .config import Config, ConfigError, find_root, unknown_selectors
from .report import FORMATS, render

EXIT_USAGE = 2


class Failure(click.ClickException):
    """A configuration or environment problem: message on stderr, exit code 2."""

    exit_code = EXIT_USAGE


def _write(text: str, output: str | None) -> None:
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(target, text)
    except OSError as exc:
        raise Failure(f"cannot write {output}: {exc.strerror or exc}") from None


def _root(path: str) -> Path:
    """The repository PATH is in (found upwards, so a subfolder works); exit 2 when there is none."""
    given = Path(path)
    if not given.exists():
        raise click.UsageError(f"path does not exist: {path}")
    start = given if given.is_dir() else given.parent
    root = find_root(start)
    if root is None:
        raise Failure(f"{start.resolve()}: no references/ or kb/ folder here or above it, so there is nothing to "
                      "check; run citekb in a repository with references/*.bib or kb/**/*.yaml, or pass its path")
    return root if root != start.resolve() else start


def _config(root: Path, select: tuple[str, ...], ignore: tuple[str, ...]) -> Config:
    try:
        config = api.load_config(root)
    except ConfigError as exc:
        raise Failure(str(exc)) from None
    if select or ignore:
        unknown = unknown_selectors([*select, *ignore])
        if unknown:  # a typo must never mean "check nothing"
            raise click.UsageError(f"unknown rule code or prefix {', '.join(map(repr, unknown))} "
                                   "in --select/--ignore; see `citekb rules`")
        config = Config(**{**config.__dict__, "select": tuple(s.strip().upper() for s in select) or config.select,
                           "ignore": config.ignore + tuple(i.strip().upper() for i in ignore)})
    return config


def _changed_files(root: Path, ref: str) -> set[str]:
    """Paths under `root` (relative to it) that `git diff REF` touches, plus untracked files."""
    import subprocess

    def git(*args: str) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        except OSError as exc:
            raise Failure(f"--changed needs git: {exc.strerror or exc}") from None

    if git("rev-parse", "--is-inside-work-tree").returncode != 0:
        raise Failure(f"--changed needs a git repository, and {root.resolve()} is not inside one")
    if ref == "HEAD" and git("rev-parse", "--verify", "-q", "HEAD").returncode != 0:
        diff = git("ls-files", "-z")  # no commit yet: every tracked file is new
    else:
        diff = git("diff", "--name-only", "--relative", "-z", ref, "--")
    if diff.returncode != 0:
        raise Failure(f"--changed {ref}: {diff.stderr.strip() or 'git diff failed'} "
                      "(give a revision as --changed=REF, after PATH)")
    untracked = git("ls-files", "--others", "--exclude-standard", "-z")
    return {p for p in (diff.stdout + untracked.stdout).split("\0") if p}


def _shown(diagnostics, *, root: Path, baseline_file: str | None, write_baseline: str | None,
           changed: str | None = None) -> list:
    """The findings to report under --write-baseline, --changed and --baseline (in that order)."""
    from .checks import baseline

    if write_baseline:
        _write(baseline.render(diagnostics), write_baseline)
        click.echo(f"wrote {len(diagnostics)} finding(s) to {write_baseline}", err=True)
        sys.exit(api.exit_code([d for d in diagnostics if d.code in baseline.NEVER_BASELINED]))
    if changed is not None:
        touched = _changed_files(root, changed)
        kept = baseline.in_paths(diagnostics, touched)
        click.echo(f"--changed {changed}: {len(touched)} file(s) touched; "
                   f"{len(diagnostics) - len(kept)} finding(s) elsewhere not shown", err=True)
        diagnostics = kept
    if not baseline_file:
        return diagnostics
    try:
        known = baseline.parse(Path(baseline_file).read_text(encoding="utf-8"), where=baseline_file)
    except OSError as exc:
        raise Failure(f"cannot read baseline {baseline_file}: {exc.strerror or exc} "
                      f"(create it with --write-baseline {baseline_file})") from None
    except (baseline.BaselineError, UnicodeDecodeError) as exc:
        raise Failure(str(exc)) from None
    result = baseline.compare(diagnostics, known)
    fixed = f"; {result.fixed} baselined finding(s) are gone (shrink it with --write-baseline)" if result.fixed else ""
    click.echo(f"baseline {baseline_file}: {len(result.new)} new finding(s), {result.known} known not shown{fixed}",
               err=True)
    return list(result.new)


_BASELINE_OPTIONS = (
    click.option("--baseline", "baseline_file", type=click.Path(), metavar="FILE",
                 help="Show and fail only on findings not in FILE (a `--format json` report)."),
    click.option("--write-baseline", type=click.Path(), metavar="FILE",
                 help="Write the current findings to FILE as the baseline, then exit 0."),
)


def _baseline_options(command):
    for option in reversed(_BASELINE_OPTIONS):
        command = option(command)
    return command


class LazyGroup(click.Group):
    """Commands whose modules are heavy (the site pulls in pandas) are imported when used, so that
    `citekb check` in a pre-commit hook does not pay for them."""

    lazy = {
        "site": "citekb.site.export:site",
        "brief": "citekb.briefs.command:brief",
        "fmt": "citekb.fmt:fmt",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            import importlib

            module, attr = self.lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citekb")
@click.option("-v", "--verbose", count=True, help="Log more (repeat for debug output).")
def main(verbose: int) -> None:
    """citekb: check citations and build the open-vs-closed evidence atlas.

    Run `citekb check` in a repository with references/*.bib, kb/**/*.yaml and docs/*.md.
    """
    logging.basicConfig(level=logging.WARNING - 10 * verbose, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)


@main.command()
@click.argument("path", default=".", type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(), help="Write the report to a file instead of stdout.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--select", multiple=True, help="Only run these rule codes or prefixes (repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes (repeatable).")
@click.option("--show-info/--hide-info", default=False, help="List info findings in text output.")
@_baseline_options
@click.option("--changed", is_flag=False, flag_value="HEAD", default=None, metavar="[REF]",
              help="Check everything, report only findings in files that `git diff REF` touches "
                   "(default HEAD: uncommitted, staged and untracked files). Write --changed=REF.")
def check(path: str, fmt: str, output: str | None, strict: bool, select, ignore, show_info: bool,
          baseline_file: str | None = None, write_baseline: str | None = None, changed: str | None = None) -> None:
    """Check the knowledge base at PATH (default: the current repository).

    Exit codes: 0 clean, 1 errors (or warnings with --strict), 2 usage, configuration or
    internal error.
    """
    root = _root(path)
    config = _config(root, select, ignore)
    if not (root / config.references).is_dir() and not (root / config.kb).is_dir():
        raise Failure(f"{root.resolve()}: neither {config.references}/ nor {config.kb}/ exists, so there is nothing "
                      "to check (set references and kb under [tool.citekb] if they live elsewhere)")
    if sys.stderr.isatty():
        click.echo(f"checking {root.resolve()} ...", err=True)
    result = api.check(root, config=config)
    shown = _shown(result.diagnostics, root=root, baseline_file=baseline_file, write_baseline=write_baseline,
                   changed=changed)
    _write(render(fmt, shown, show_info=show_info), output)
    sys.exit(api.exit_code(shown, strict=strict))


@main.command()
@click.argument("path", default=".", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print counts as JSON.")
def stats(path: str, as_json: bool) -> None:
    """Count the works, models, frameworks, organizations, claims, reviews and scenarios."""
    root = _root(path)
    kb, _ = api.load(root, _config(root, (), ()))
    counts = kb.counts()
    if as_json:
        click.echo(json.dumps(counts, indent=2, sort_keys=True))
        return
    width = max(map(len, counts))
    for name, n in counts.items():
        click.echo(f"{name:<{width}}  {n:>6}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the rules as JSON.")
def rules(as_json: bool) -> None:
    """List every rule: code, name, default severity, summary."""
    all_rules = load_builtin_rules()
    if as_json:
        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": str(r.severity),
                                "family": r.family, "default_enabled": r.default_enabled,
                                "summary": r.summary} for r in all_rules.values()], indent=2))
        return
    for r in all_rules.values():
        flag = "" if r.default_enabled else " (opt-in)"
        click.echo(f"{r.code}  {r.name:<28} {str(r.severity):<8} {r.summary}{flag}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain a rule: what it checks, why it matters, an example, and the fix."""
    r = get_rule(code)
    if r is None:
        raise click.UsageError(f"unknown rule '{code}'; see `citekb rules`")
    click.echo(f"{r.code} {r.name} [{r.severity}] ({r.family})\n\n{r.summary}\n")
    for section in ("What it checks", "Why it matters", "Example", "Fix"):
        body = r.doc(section)
        if section == "Example":
            body = "\n".join("    " + line for line in body.splitlines())
        click.echo(f"{section}:\n{body}\n")


@main.command()
@click.argument("path", default=".", type=click.Path())
@click.option("--export", "fmt", type=click.Choice(["graphml", "gexf", "json"]), required=True,
              help="Graph file format.")
@click.option("-o", "--output", type=click.Path(), help="Output file (default: stdout).")
def graph(path: str, fmt: str, output: str | None) -> None:
    """Export the knowledge graph (nodes: works, models, claims, ...; edges: typed relations)."""
    root = _root(path)
    kb, _ = api.load(root, _config(root, (), ()))
    _write(api.export_graph(api.build_graph(kb), fmt), output)


@main.command()
@click.option("--out", "out_dir", type=click.Path(), default="schemas", show_default=True,
              help="Directory for <kind>.schema.json files.")
def schema(out_dir: str) -> None:
    """Write JSON Schemas for the YAML kinds, for editor completion and validation."""
    from .load.schema import SPECS, json_schema

    for kind in SPECS:
        _write(json.dumps(json_schema(kind), indent=2, sort_keys=True) + "\n", str(Path(out_dir) / f"{kind}.schema.json"))
    click.echo(f"wrote {len(SPECS)} schemas to {out_dir}/", err=True)


def run() -> None:
    """Console entry point: a bug in citekb is a short message and exit 2, never a traceback."""
    try:
        main(standalone_mode=True, prog_name="citekb")
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        logging.getLogger(__name__).debug("internal error", exc_info=exc)
        click.echo(f"citekb: internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in citekb; please report it with the input that triggers it "
                   "(run with -vv to see the details).", err=True)
        sys.exit(EXIT_USAGE)


from .index.command import exit_code as _resolved_exit_code, resolver_options as _resolver_options  # noqa: E402


@main.command("check-doc")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--canon", "canon", multiple=True, type=click.Path(exists=True),
              help="Canonical records: a KB directory, a .bib file or a citekb.lock (repeatable). "
                   "Default: this repository's KB and the KB shipped with citekb.")
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="Write the report to a file.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--fail-on", "fail_on", multiple=True,
              type=click.Choice(["linkage", "mismatch", "misattributed", "fabricated", "unverifiable"]),
              help="Verdict classes that fail the run (repeatable; default: all but unverifiable).")
@click.option("--diff", "show_diff", is_flag=True, help="Print suggested corrections as a unified diff (never writes files).")
@click.option("--show-info/--hide-info", default=False, help="List info findings (e.g. unverifiable) in text output.")
@_baseline_options
@_resolver_options
def check_doc(files, canon, fmt, output, strict, fail_on, show_diff, show_info,
              baseline_file=None, write_baseline=None, index_path=None, online=False) -> None:
    """Check the citations of documents others wrote: Markdown, LaTeX, BibTeX or plain text.

    Each reference is verified, mismatched (with the differing fields), likely fabricated, or
    unverifiable (no canonical record: info, not an error, by default). Works offline.
    """
    for f in files:
        if not Path(f).is_file():
            raise click.UsageError(f"not a file: {f}")
    root = Path.cwd()
    config = _config(api.find_repo_root(root) or root, (), ())
    if fail_on:
        config = Config(**{**config.__dict__, "fail_on": tuple(fail_on)})
    diagnostics, assessments, used = api.check_docs(list(files), canon_sources=list(canon) or None,
                                                    config=config, root=root, index=index_path, online=online)
    diagnostics = _shown(diagnostics, root=root, baseline_file=baseline_file, write_baseline=write_baseline)
    if show_diff:
        from .report.diff import suggest

        for a in assessments:
            issues = [i for r in a.references for i in r.issues] + a.intext
            click.echo(suggest(a.doc.text, a.doc.path, issues), nl=False)
    else:
        _write(render(fmt, diagnostics, show_info=show_info), output)
        if fmt == "text" and not output:
            totals = {k: sum(a.counts()[k] for a in assessments) for k in ("verified", "mismatch", "fabricated", "unverifiable", "not-checked")}
            click.echo("References: " + ", ".join(f"{v} {k}" for k, v in totals.items()), err=True)
    sys.exit(_resolved_exit_code(diagnostics, strict=strict))


from .index.command import index as _index_command  # noqa: E402  (local reference index: index add|stats|lookup)

main.add_command(_index_command)

from .index.command import lock as _lock_command  # noqa: E402  (citekb.lock: resolve the KB once, check offline)

main.add_command(_lock_command)

"""Options shared by `check` and `check-doc`, and the one way both end: render, summarize, exit.

Where the summary goes (the rule ruff follows too): in text format it is the last line of the
report, wherever the report goes. In a machine format (json, github, sarif, junit, gitlab) written
to stdout, it goes to stderr so that stdout stays parseable; written to a file with -o, the
summary is printed on stdout. --quiet drops it, and the progress lines, everywhere.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import click

from ..checks.diagnostic import Diagnostic
from ..exitcode import Exit, for_diagnostics
from ..report import FORMATS, render
from ..report.text import counts
from .common import to_stdout, write


def _stack(*options):
    def apply(command):
        for option in reversed(options):
            command = option(command)
        return command
    return apply


format_option = click.option(
    "-f", "--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
    help="Report format: text, json, github (workflow annotations), sarif (code scanning), "
         "junit (test dashboards), gitlab (GitLab Code Quality), diff (the suggested corrections as a "
         "unified diff; never writes files).")

report_options = _stack(
    format_option,
    click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
                 help="Write the report to FILE instead of stdout (- is stdout). A failed write exits 2."),
    click.option("--strict", is_flag=True,
                 help="Warnings fail too: exit 1, and they are errors in sarif, github, junit and gitlab."),
    click.option("--show-info/--hide-info", default=False, show_default=True,
                 help="Report info findings (text, github, sarif, junit, gitlab; json always has them)."),
    click.option("--exit-zero", is_flag=True,
                 help="Exit 0 even when findings fail the run (errors exit 2 and 'not checked' 3 as usual)."),
    click.option("-q", "--quiet", is_flag=True, help="Print the report only: no summary, no progress."),
    click.option("--statistics", is_flag=True,
                 help="Print how many findings each rule has instead of the findings (text or json)."),
)

selection_options = _stack(
    click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
                 help="Read the configuration from FILE (citekb.toml, or a pyproject.toml's [tool.citekb]) "
                      "instead of the repository's."),
    click.option("--select", multiple=True, metavar="CODE",
                 help="Only run these rule codes or prefixes (repeatable); replaces the configured selection."),
    click.option("--extend-select", multiple=True, metavar="CODE",
                 help="Also run these rules, e.g. opt-in ones (repeatable); adds to the configuration."),
    click.option("--ignore", multiple=True, metavar="CODE", help="Skip these rule codes or prefixes (repeatable)."),
)

baseline_options = _stack(
    click.option("--baseline", "baseline_file", type=click.Path(), metavar="FILE",
                 help="Show and fail only on findings not in FILE (a `--format json` report)."),
    click.option("--write-baseline", type=click.Path(), metavar="FILE",
                 help="Write the current findings to FILE as the baseline, then exit 0."),
)


@dataclass(frozen=True)
class Report:
    """How a run is reported: the values of `report_options`."""

    fmt: str = "text"
    output: str | None = None
    strict: bool = False
    show_info: bool = False
    exit_zero: bool = False
    quiet: bool = False
    statistics: bool = False

    @classmethod
    def of(cls, kwargs: dict) -> "Report":
        """Take the report options out of a command's keyword arguments."""
        return cls(**{k: kwargs.pop(k) for k in ("fmt", "output", "strict", "show_info", "exit_zero",
                                                  "quiet", "statistics")})

    def note(self, text: str) -> None:
        """A side remark (baseline counts, --changed): stderr, unless --quiet."""
        if not self.quiet:
            click.echo(text, err=True)


def statistics(diagnostics: list[Diagnostic], fmt: str) -> str:
    """Findings per rule, most first (ruff's --statistics)."""
    import json

    counts = Counter((d.code, d.name, str(d.severity)) for d in diagnostics)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt == "json":
        return json.dumps([{"code": c, "name": n, "severity": s, "count": k} for (c, n, s), k in rows],
                          indent=2) + "\n"
    return "".join(f"{k:>5}  {c}  {n} [{s}]\n" for (c, n, s), k in rows)


def finish(report: Report, diagnostics: list[Diagnostic], *, extra_summary: str = "",
           sources: dict[str, str] | None = None) -> Exit:
    """Render the report, place the summary, and return the exit code. `sources` (path -> text)
    are the checked files, for the renderers that show edits in place (diff)."""
    return emit(report, *rendered(report, diagnostics, extra_summary=extra_summary, sources=sources))


def _usable(report: Report) -> None:
    if report.statistics and report.fmt not in ("text", "json"):
        raise click.UsageError("--statistics works with --format text or json")


def spec(report: Report) -> dict:
    """Every report option the rendering reads (the output path only as 'is it stdout'): a cached
    report is reused only under the same spec. A usage error is raised here, before any cache is read."""
    _usable(report)
    return {"fmt": report.fmt, "strict": report.strict, "show_info": report.show_info,
            "exit_zero": report.exit_zero, "quiet": report.quiet, "statistics": report.statistics,
            "stdout": to_stdout(report.output)}


def emit(report: Report, body: str, line: str, code: int) -> Exit:
    """Write a rendered report and its summary line where they go; the run's exit code."""
    write(body, report.output)
    if line:
        click.echo(line, err=to_stdout(report.output))
    return Exit(code)


def rendered(report: Report, diagnostics: list[Diagnostic], *, extra_summary: str = "",
             sources: dict[str, str] | None = None) -> tuple[str, str, int]:
    """The report body, the summary line printed beside it ("" when it is part of the body or
    --quiet) and the exit code."""
    _usable(report)
    if report.statistics:
        body = statistics(diagnostics, report.fmt)
    else:
        body = render(report.fmt, diagnostics, show_info=report.show_info, strict=report.strict,
                      summary=not report.quiet, sources=sources or {})
    line = "" if report.quiet else _summary(report, diagnostics, extra_summary)
    if line and report.fmt == "text":  # part of the report; the renderer wrote "Found ..." itself
        tail = line if report.statistics else extra_summary
        body, line = body + (tail + "\n" if tail else ""), ""
    code = for_diagnostics(diagnostics, strict=report.strict)
    return body, line, int(Exit.CLEAN if report.exit_zero and code == Exit.FINDINGS else code)


def _summary(report: Report, diagnostics: list[Diagnostic], extra: str) -> str:
    hidden = "" if report.show_info or report.fmt == "json" else " (info hidden; --show-info to list)"
    return "\n".join([f"Found {counts(diagnostics)}{hidden}."] + ([extra] if extra else []))

"""`citekb check` (the knowledge base) and `citekb check-doc` (documents others wrote)."""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from .. import api
from ..exitcode import Exit
from .resolving import resolver_options
from . import documents, selection
from .common import Failure, load_config, root_of
from .options import Report, baseline_options, emit, finish, rendered, report_options, selection_options, spec


@click.command()
@click.argument("path", default=".", type=click.Path())
@report_options
@selection_options
@baseline_options
@click.option("--changed", is_flag=False, flag_value="HEAD", default=None, metavar="[REF]",
              help="Check everything, report only findings in files that `git diff REF` touches "
                   "(default HEAD: uncommitted, staged and untracked files). Write --changed=REF.")
def check(path: str, *, config_path, select, extend_select, ignore, baseline_file=None,
          write_baseline=None, changed=None, **kwargs) -> Exit:
    """Check the knowledge base at PATH (default: the current repository).

    Exit codes: 0 clean, 1 findings that fail the run (errors, or warnings too with --strict),
    2 usage, configuration or environment error, 3 something could not be checked.
    """
    report = Report.of(kwargs)
    root = root_of(path)
    config = load_config(root, config=config_path, select=select, extend_select=extend_select, ignore=ignore)
    if not (root / config.references).is_dir() and not (root / config.kb).is_dir():
        raise Failure(f"{root.resolve()}: neither {config.references}/ nor {config.kb}/ exists, so there is nothing "
                      "to check (set references and kb under [tool.citekb] if they live elsewhere)")
    if sys.stderr.isatty() and not report.quiet:
        click.echo(f"checking {root.resolve()} ...", err=True)
    options = spec(report)  # a usage error before any work
    key = api.result_key(root, config)
    plain = not (write_baseline or changed is not None or baseline_file)  # the report is the run's alone
    if plain and (hit := api.cached_report(key, options)) is not None:
        return emit(report, *hit)
    diagnostics = api.check_diagnostics(root, config=config, key=key)
    if plain:
        body, line, code = rendered(report, diagnostics)
        api.keep_report(key, options, body, line, code)
        return emit(report, body, line, code)
    if write_baseline:
        return selection.write_baseline(diagnostics, write_baseline, report)
    if changed is not None:
        diagnostics = selection.only_changed(diagnostics, root, changed, report)
    if baseline_file:
        diagnostics = selection.not_in_baseline(diagnostics, baseline_file, report)
    return finish(report, diagnostics)


def _diff_format(report: Report) -> Report:
    """--diff is --format diff; with another explicit format it would be ambiguous."""
    source = click.get_current_context().get_parameter_source("fmt")
    if report.fmt not in ("text", "diff") or report.fmt == "text" and source != click.core.ParameterSource.DEFAULT:
        raise click.UsageError(f"--diff is --format diff; it cannot be combined with --format {report.fmt}")
    return replace(report, fmt="diff")


VERDICTS = ("verified", "mismatch", "fabricated", "unverifiable", "not-checked")


@click.command("check-doc")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--canon", "canon", multiple=True, type=click.Path(exists=True),
              help="Canonical records: a KB directory, a .bib file or a citekb.lock (repeatable). "
                   "Default: this repository's KB and the KB shipped with citekb.")
@click.option("--stdin-filename", metavar="NAME", default=None,
              help="With FILE `-`: the name the document from stdin is reported under; its suffix "
                   "(.md, .tex, .bib, .txt) says how it is read (default: Markdown, reported as `-`).")
@report_options
@selection_options
@click.option("--fail-on", "fail_on", multiple=True,
              type=click.Choice(["linkage", "mismatch", "misattributed", "fabricated", "unverifiable"]),
              help="Verdict classes that fail the run (repeatable; default: all but unverifiable).")
@click.option("--diff", "show_diff", is_flag=True,
              help="Same as --format diff: the suggested corrections as a unified diff (to stdout or -o FILE; "
                   "never writes the checked files).")
@baseline_options
@resolver_options
def check_doc(files, *, canon, stdin_filename, config_path, select, extend_select, ignore, fail_on,
              show_diff, baseline_file=None, write_baseline=None, index_path=None, online=False,
              **kwargs) -> Exit:
    """Check the citations of documents others wrote: Markdown, LaTeX, BibTeX or plain text.

    FILES are documents, directories (every .md, .markdown, .qmd, .rmd, .tex, .ltx, .bib and .txt
    file below, hidden folders skipped) or `-` for stdin. Each reference is verified, mismatched
    (with the differing fields), likely fabricated, or unverifiable (no canonical record: info, not
    an error, by default). Works offline.
    """
    report = Report.of(kwargs)
    if show_diff:
        report = _diff_format(report)
    root = Path.cwd()
    config = load_config(api.find_repo_root(root) or root, config=config_path, select=select,
                         extend_select=extend_select, ignore=ignore)
    if fail_on:
        config = replace(config, fail_on=tuple(fail_on))
    with documents.inputs(files, stdin_filename) as (paths, rename):
        diagnostics, assessments, _ = api.check_docs(paths, canon_sources=list(canon) or None, config=config,
                                                     root=root, index=index_path, online=online)
        diagnostics = rename(diagnostics)
        texts = {rename.path(a.doc.path): a.doc.text for a in assessments}
    if write_baseline:
        return selection.write_baseline(diagnostics, write_baseline, report)
    if baseline_file:
        diagnostics = selection.not_in_baseline(diagnostics, baseline_file, report)
    totals = {k: sum(a.counts()[k] for a in assessments) for k in VERDICTS}
    return finish(report, diagnostics, extra_summary="References: " + ", ".join(f"{v} {k}" for k, v in totals.items()),
                  sources=_sources(texts, diagnostics, root))


def _sources(texts: dict[str, str], diagnostics, root: Path) -> dict[str, str]:
    """The text of every file an edit applies to: the documents, and a .bib a document names."""
    out = dict(texts)
    for path in sorted({d.edit.location.path for d in diagnostics if d.edit is not None} - set(out)):
        try:
            out[path] = (root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # a file that cannot be read has no diff; its findings stand
            continue
    return out

"""`citekb fmt`: normalize BibTeX and YAML records in place (the formatting itself: citekb.fmt)."""
from __future__ import annotations

from pathlib import Path

import click

from .. import api, atomic
from ..exitcode import Exit
from ..fmt import Outcome, discover, format_file, unified_diff
from ..fmt_yaml import MissingDependency


def _default_paths() -> list[Path]:
    root = api.find_repo_root(Path.cwd()) or Path.cwd()
    config = api.load_config(root)
    return [p for p in (root / config.references, root / config.kb) if p.exists()]


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--check", "check_only", is_flag=True, help="Print a diff of what would change and exit 1; write nothing.")
def fmt(paths: tuple[str, ...], check_only: bool) -> Exit:
    """Normalize BibTeX (.bib) and YAML records: field order, key style, whitespace.

    PATHS are files or folders (default: this repository's references/ and kb/). Every field,
    comment, @string and @preamble survives; a second run changes nothing. A file that does not
    parse cleanly is reported (path:line) and left untouched. Exit codes: 0 done (or nothing to
    change with --check), 1 files would change (--check) or could not be formatted, 2 a file could
    not be read or written.
    """
    for p in paths:
        if not Path(p).exists():
            raise click.UsageError(f"path does not exist: {p}")
    files = discover([Path(p) for p in paths] if paths else _default_paths())
    try:
        status = _run(files, check_only=check_only)
    except MissingDependency as exc:
        click.echo(f"error: {exc}", err=True)
        status = Exit.ERROR
    return Exit(status)


def _run(files: list[Path], *, check_only: bool) -> Exit:
    changed = failed = broken = 0
    for path in files:
        name = _display(path)
        try:
            out = format_file(path, name)
        except OSError as exc:
            click.echo(f"{name}: cannot read file: {exc.strerror or exc}", err=True)
            broken += 1
            continue
        for p in out.problems:
            click.echo(f"{p.location}: {p.code} {p.message} (not formatted)", err=True)
        if out.after is None:
            failed += 1
        elif out.after != out.before:
            failed_write = _apply(path, name, out, check_only)
            changed += 1 - failed_write
            broken += failed_write
    verb = "would reformat" if check_only else "reformatted"
    click.echo(f"{changed} file(s) {verb}, {len(files) - changed - failed - broken} unchanged"
               + (f", {failed + broken} not formatted" if failed + broken else ""), err=True)
    return Exit.ERROR if broken else Exit.FINDINGS if failed or (check_only and changed) else Exit.CLEAN


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _apply(path: Path, name: str, out: Outcome, check_only: bool) -> int:
    if check_only:
        click.echo(unified_diff(out.before, out.after, name), nl=False)
        return 0
    try:
        atomic.write_text(path, out.after)
    except OSError as exc:
        click.echo(f"{name}: cannot write file: {exc.strerror or exc}; the file is unchanged", err=True)
        return 1
    click.echo(f"reformatted {name}", err=True)
    return 0


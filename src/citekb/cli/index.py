"""`citekb index add|stats|lookup`: build and query the local reference index."""
from __future__ import annotations

import errno
import json
import sqlite3
import sys
import time
from pathlib import Path

import click

from .. import api, atomic
from .. import normalize as nz
from ..exitcode import Exit
from ..sources.index.formats import FORMATS, FormatError
from ..sources.index.importer import import_file
from ..sources.index.store import DEFAULT_PATH, Index, IndexSource, IndexUnavailable
from .resolving import INDEX_OPTION, Unusable, resolver_options


def default_index_path(start: Path | None = None) -> Path:
    start = start or Path.cwd()
    return (api.find_repo_root(start) or start) / DEFAULT_PATH


def _progress(name: str):
    started = time.monotonic()
    tty = sys.stderr.isatty()

    def show(records: int, done: int, size: int) -> None:
        pct = 100.0 * done / size if size else 100.0
        rate = records / max(time.monotonic() - started, 1e-6)
        line = f"{name}: {records:,} records, {pct:5.1f}% ({rate:,.0f} records/s)"
        click.echo(("\r" + line) if tty else line, err=True, nl=not tty)

    return show


@click.group("index")
def index() -> None:
    """The local reference index: canonical records from bibliographic dumps, consulted after the KB."""


@index.command("add")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["auto", *FORMATS, "crossref-jsonl", "csl-jsonl"]),
              default="auto", show_default=True, help="Dump format (auto: from the name and first bytes).")
@click.option("--batch", type=click.IntRange(100, 1_000_000), default=5000, show_default=True,
              help="Records per transaction (also the resume granularity).")
@INDEX_OPTION
def add(files, fmt: str, batch: int, index_path: str | None) -> None:
    """Import dumps (DBLP XML, arXiv OAI JSON lines, OpenAlex JSON lines, Crossref JSON, BibTeX,
    CSL-JSON; .gz too). Re-running an interrupted import continues where it stopped."""
    path = Path(index_path) if index_path else default_index_path()
    try:
        with Index(path, create=True) as idx:
            for f in files:
                result = import_file(idx, f, fmt=fmt, batch=batch, progress=_progress(Path(f).name))
                if sys.stderr.isatty():
                    click.echo("", err=True)
                if result.skipped:
                    click.echo(f"{f}: already imported ({result.records:,} records)")
                    continue
                resumed = f", resumed after {result.resumed_at:,}" if result.resumed_at else ""
                click.echo(f"{f}: {result.format}, {result.added:,} works added{resumed}")
    except (IndexUnavailable, FormatError) as exc:
        raise Unusable(str(exc)) from None
    except (OSError, sqlite3.Error) as exc:
        raise Unusable(_io_failure(path, exc)) from None


def _io_failure(path: Path, exc: Exception) -> str:
    """A full disk or a read-only folder while importing: every committed batch stays in."""
    if isinstance(exc, OSError) and exc.errno not in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS):
        return f"{exc.filename or path}: {exc.strerror or exc}"
    why = exc.strerror if isinstance(exc, OSError) else str(exc)
    return (f"{path}: cannot write the index ({why}); the batches imported before were kept. "
            "Free some disk space and run the same command again to resume")


@index.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@INDEX_OPTION
def stats(as_json: bool, index_path: str | None) -> None:
    """Count the works and identifiers in the index, per imported file."""
    try:
        with Index(Path(index_path) if index_path else default_index_path()) as idx:
            counts = idx.stats()
    except IndexUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(counts, indent=2, sort_keys=True))
        return
    for name in ("works", "dois", "arxiv_ids", "isbns"):
        click.echo(f"{name:<10} {counts[name]:>12,}")
    for f in counts["files"]:
        state = "complete" if f["done"] else "partial (run `citekb index add` again to resume)"
        click.echo(f"  {f['path']}  {f['format']}  {f['records']:,} records  {state}")


@index.command("lookup")
@click.argument("query")
@click.option("--author", "authors", multiple=True, help="An author's family name (guards fuzzy title matches).")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@INDEX_OPTION
def lookup(query: str, authors, as_json: bool, index_path: str | None) -> Exit:
    """Find a work by DOI, arXiv id, ISBN or title. Exit 1 when nothing matches."""
    try:
        source = IndexSource(Path(index_path) if index_path else default_index_path())
    except IndexUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    work = find(source, query, tuple(authors))
    if work is None:
        click.echo(f"no match for {query!r}", err=True)
        return Exit.FINDINGS
    record = {"title": work.title, "authors": work.raw_fields.get("author", ""), "year": work.year,
              "venue": work.venue, "doi": work.doi, "arxiv": work.arxiv, "isbn": work.isbn,
              "source": work.fields.get("source", "")}
    if as_json:
        click.echo(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False))
        return Exit.CLEAN
    for k, v in record.items():
        if v:
            click.echo(f"{k:<8} {v}")
    return Exit.CLEAN


def find(source, query: str, authors: tuple[str, ...] = ()):
    """A query is an identifier when it parses as one, otherwise a title."""
    for kind, norm in (("doi", nz.doi), ("arxiv", nz.arxiv), ("isbn", nz.isbn)):
        value = norm(query)
        if value:
            return getattr(source, f"find_{kind}")(value)
    return source.find_title(query, authors)


@click.command("lock")
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--date", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="As-of date recorded for new or changed entries (default: [tool.citekb] today, else today).")
@click.option("--check", "dry", is_flag=True, help="Write nothing; exit 1 if the lockfile would change.")
@click.option("--update", "incremental", is_flag=True,
              help="Resolve only entries added, edited or not checked since the last lock; keep the rest as locked.")
@resolver_options
def lock(path: str, as_of, dry: bool, incremental: bool, index_path: str | None, online: bool) -> Exit:
    """Resolve every work of PATH's references/*.bib through the index (and, with --online, the
    online resolvers) and write citekb.lock; print what changed since the last lock.

    Exit codes: 0 written, 1 would change (--check), 2 no usable source, 3 some works were not
    checked because a source did not answer (their previous lock entries are kept).
    """
    from ..sources.lockfile import FILENAME, dumps

    run = api.lock(Path(path), index=Path(index_path) if index_path else None, online=online,
                   as_of=as_of.date() if as_of else None, incremental=incremental)
    if run is None:
        raise Unusable("nothing to resolve against: build an index (`citekb index add`) or pass --online")
    for line in run.changes:
        click.echo(line)
    counts = {s: sum(e.status == s for e in run.entries.values()) for s in ("resolved", "unresolved", "not-checked")}
    click.echo(f"{FILENAME}: {len(run.entries)} works, " + ", ".join(f"{v} {k}" for k, v in counts.items())
               + f"; {len(run.changes)} change(s)"
               + (f"; {len(run.unchecked)} not checked this run" if run.unchecked else ""), err=True)
    if dry:
        return Exit.FINDINGS if run.changes else Exit.CLEAN
    if run.changes or not run.target.is_file():
        try:
            atomic.write_text(run.target, dumps(run.entries))
        except OSError as exc:
            raise click.ClickException(f"cannot write {run.target}: {exc.strerror or exc}") from None
    return Exit.NOT_CHECKED if run.unchecked else Exit.CLEAN

"""`citekb site export DIR`: the site's Markdown tree and data files, for any static-site engine."""
from __future__ import annotations

import click

from .. import api
from ..config import ConfigError
from ..exitcode import Exit
from ..site.export import ExportError  # the site's modules (pandas) load with the command, as before
from .common import Failure


@click.group()
def site() -> None:
    """The published site (build and serve it with `make site` / `make serve`)."""


@site.command("export")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--root", default=".", type=click.Path(exists=True, file_okay=False), show_default=True,
              help="Repository with references/, kb/ and docs/.")
def export(out_dir: str, root: str) -> Exit:
    """Write every page (generated and hand-written, citations resolved) and the data files to OUT_DIR."""
    try:
        errors = api.export_site(root, out_dir)
    except ConfigError as exc:
        raise Failure(str(exc)) from None
    except ExportError as exc:
        raise (click.UsageError if exc.usage else Failure)(str(exc)) from None
    for line in errors:
        click.echo(line, err=True)
    return Exit.FINDINGS if errors else Exit.CLEAN

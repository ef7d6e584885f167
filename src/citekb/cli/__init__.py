"""The `citekb` command: one module per command group; each parses, calls one API function,
renders, and returns a code from `citekb.exitcode.Exit`, which `run` turns into the exit status.

check.py: check, check-doc · info.py: rules, explain, stats · export.py: graph, schema ·
lazily imported: index.py (index, lock), site.py, brief.py, fmt.py.
"""
from __future__ import annotations

import errno
import importlib
import logging
import sys

import click

from .. import __version__
from ..exitcode import Exit
from .check import check, check_doc
from .common import Failure  # noqa: F401  (re-exported for command modules elsewhere)
from .export import graph, schema
from .info import explain, rules, stats

EXTRAS = {"pandas": "site", "pyarrow": "site", "mkdocs": "site", "material": "site"}  # module -> extra


class Group(click.Group):
    """Commands whose modules are heavy (the site pulls in pandas) are imported when used, so that
    `citekb check` in a pre-commit hook does not pay for them. A command's return value is its
    exit code, in standalone mode (tests, CliRunner) as well as under `run`."""

    lazy = {
        "site": "citekb.cli.site:site",
        "brief": "citekb.cli.brief:brief",
        "fmt": "citekb.cli.fmt:fmt",
        "index": "citekb.cli.index:index",
        "lock": "citekb.cli.index:lock",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            module, attr = self.lazy[name].split(":")
            try:
                self.add_command(getattr(importlib.import_module(module), attr), name)
            except ModuleNotFoundError as exc:
                top = (exc.name or "").split(".")[0]
                if top not in EXTRAS:
                    raise
                self.add_command(_needs_extra(name, exc.name or top, EXTRAS[top]), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            code = super().invoke(ctx)
        except click.ClickException as exc:
            # click's default code 1 would read as "findings"; a command's own error (a failed
            # write, an unusable index) is an environment error whichever module raised it
            if exc.exit_code == 1:
                exc.exit_code = int(Exit.ERROR)
            raise
        if isinstance(code, int) and code:
            raise click.exceptions.Exit(int(code))
        return code


def _needs_extra(name: str, module: str, extra: str) -> click.Command:
    """Stands in for a command whose extra is not installed: `citekb --help` still lists every
    command, and running this one (with any arguments) says what to install, exit 2."""
    message = f"'citekb {name}' needs {module}, which checking alone does not install: pip install 'citekb[{extra}]'"

    def refuse(args) -> None:
        raise Failure(message)

    return click.Command(name, callback=refuse, params=[click.Argument(["args"], nargs=-1, type=click.UNPROCESSED)],
                         help=message, short_help=f"(needs pip install 'citekb[{extra}]')", add_help_option=False,
                         context_settings={"ignore_unknown_options": True, "allow_extra_args": True})


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="citekb")
@click.option("-v", "--verbose", count=True, help="Log more (repeat for debug output).")
@click.option("--cache-dir", type=click.Path(file_okay=False), envvar="CITEKB_CACHE_DIR",
              help="Where parse results, findings and rendered reports are cached (JSON data), or 'off'. "
                   "Default: the user's cache directory, never the checked tree. Also $CITEKB_CACHE_DIR.")
def main(verbose: int, cache_dir: str | None) -> None:
    """citekb: check citations and build the open-vs-closed evidence atlas.

    Run `citekb check` in a repository with references/*.bib, kb/**/*.yaml and docs/*.md.
    Exit codes of every command: 0 clean, 1 findings, 2 usage, configuration or environment
    error (a failed write too), 3 something could not be checked. Every option and shell
    completion: the command-line reference (docs/cli.md).
    """
    logging.basicConfig(level=logging.WARNING - 10 * verbose, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    if cache_dir:
        import os

        os.environ["CITEKB_CACHE_DIR"] = cache_dir  # read where the cache is opened, deep in loading


for _command in (check, check_doc, rules, explain, stats, graph, schema):
    main.add_command(_command)


def run() -> None:
    """Console entry point: every way of ending maps to the exit-code contract, and a bug in
    citekb is a short message and exit 2, never a traceback."""
    sys.exit(int(_run()))


def _run() -> int:
    try:
        return main(standalone_mode=False, prog_name="citekb") or Exit.CLEAN
    except click.ClickException as exc:  # usage errors, Failure, and commands' own ClickExceptions
        exc.show()
        return Exit.ERROR
    except click.Abort:
        click.echo("Aborted!", err=True)
        return Exit.INTERRUPTED
    except KeyboardInterrupt:
        return Exit.INTERRUPTED
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # the reader of stdout went away (`citekb rules | head`)
            return Exit.ERROR
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"citekb: {where}{exc.strerror or exc}", err=True)
        return Exit.ERROR
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        logging.getLogger(__name__).debug("internal error", exc_info=exc)
        click.echo(f"citekb: internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in citekb; please report it with the input that triggers it "
                   "(run with -vv to see the details).", err=True)
        return Exit.ERROR

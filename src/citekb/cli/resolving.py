"""`--index PATH` and `--online`, the options of a command that resolves references.

Kept apart from `cli/index.py` so that loading the `check` commands does not import the index,
the lockfile and the online resolvers: they load when a command that resolves runs.
"""
from __future__ import annotations

import functools

import click

from ..sources import INDEX_FILE
from ..exitcode import Exit

INDEX_OPTION = click.option("--index", "index_path", type=click.Path(dir_okay=False), default=None,
                            help=f"Index file (default: {INDEX_FILE} in the repository root).")


class Unusable(click.ClickException):
    """An index, lockfile or resolver setting that cannot be used: message, exit code 2."""

    exit_code = int(Exit.ERROR)


def resolver_options(func):
    """`--index PATH` and `--online` for a command that resolves references; the command's
    unusable-index, bad-lockfile and bad-setting errors become a message and exit 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from ..config import ConfigError
        from ..sources.index.store import IndexUnavailable
        from ..sources.lockfile import LockError

        try:
            return func(*args, **kwargs)
        except (IndexUnavailable, ConfigError, LockError) as exc:
            raise Unusable(str(exc)) from None

    wrapper = click.option("--online", is_flag=True,
                           help="Also ask Crossref, arXiv, OpenAlex and DBLP (never by default). "
                                "Unreachable sources give 'not checked' and exit code 3.")(wrapper)
    return INDEX_OPTION(wrapper)

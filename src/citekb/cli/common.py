"""What the commands share: errors that exit 2, writing a report, finding the configuration."""
from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import click

from .. import api, atomic
from ..config import Config, ConfigError, find_root, from_mapping, unknown_selectors
from ..exitcode import Exit


class Failure(click.ClickException):
    """A configuration or environment problem: message on stderr, exit code 2."""

    exit_code = int(Exit.ERROR)


def write(text: str, output: str | None) -> None:
    """`text` to stdout (no OUTPUT or `-`) or atomically to the file OUTPUT; failure exits 2."""
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(target, text)
    except OSError as exc:
        raise Failure(f"cannot write {output}: {exc.strerror or exc}") from None


def to_stdout(output: str | None) -> bool:
    return not output or output == "-"


def root_of(path: str) -> Path:
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


def config_file(path: str) -> Config:
    """`--config FILE`: a citekb.toml (the whole file is the table) or a pyproject.toml
    ([tool.citekb])."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise Failure(f"cannot read configuration {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise Failure(f"{path}: cannot read configuration: {exc}") from None
    if file.name == "pyproject.toml":
        data = data.get("tool", {}).get("citekb", {}) if isinstance(data.get("tool"), dict) else {}
    try:
        return from_mapping(data, path)
    except ConfigError as exc:
        raise Failure(str(exc)) from None


def load_config(root: Path, *, config: str | None = None, select=(), extend_select=(), ignore=()) -> Config:
    """The configuration of `root` (or of `--config FILE`) with the command-line selection on top:
    --select replaces the configured selection, --extend-select and --ignore add to it."""
    if config:
        base = config_file(config)
    else:
        try:
            base = api.load_config(root)
        except ConfigError as exc:
            raise Failure(str(exc)) from None
    unknown = unknown_selectors([*select, *extend_select, *ignore])
    if unknown:  # a typo must never mean "check nothing"
        raise click.UsageError(f"unknown rule code or prefix {', '.join(map(repr, unknown))} "
                               "in --select/--extend-select/--ignore; see `citekb rules`")
    upper = lambda codes: tuple(c.strip().upper() for c in codes)  # noqa: E731
    return replace(base, select=upper(select) or base.select,
                   extend_select=base.extend_select + upper(extend_select),
                   ignore=base.ignore + upper(ignore))

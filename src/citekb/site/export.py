"""`citekb site export DIR`: write the site's Markdown tree and data files for any static-site engine."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import atomic

from .. import api
from ..config import ConfigError
from .citations import unknown_citations
from .provenance import ProvenanceError, build_provenance
from .render import render_all


def hand_written(docs: Path) -> tuple[dict[str, str], list[Path]]:
    """Hand-written Markdown pages ({path: text}) and the other files (assets) under docs/."""
    pages, assets = {}, []
    if docs.is_dir():
        for p in sorted(docs.rglob("*")):
            if p.is_file():
                rel = p.relative_to(docs).as_posix()
                if p.suffix == ".md":
                    pages[rel] = p.read_text(encoding="utf-8")
                else:
                    assets.append(p)
    return pages, assets


def _write(out: Path, rel: str, data: bytes) -> None:
    target = (out / rel).resolve()
    if not target.is_relative_to(out.resolve()):  # paths come from paths.slug, but never trust a path
        raise click.ClickException(f"refusing to write outside {out}: {rel}")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic.write_bytes(target, data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {target}: {exc.strerror or exc}") from None


@click.group()
def site() -> None:
    """The published site (build and serve it with `make site` / `make serve`)."""


@site.command("export")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--root", default=".", type=click.Path(exists=True, file_okay=False), show_default=True,
              help="Repository with references/, kb/ and docs/.")
def export(out_dir: str, root: str) -> None:
    """Write every page (generated and hand-written, citations resolved) and the data files to OUT_DIR."""
    try:
        config = api.load_config(Path(root))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    result = api.check(root, config=config)
    docs = Path(root) / config.docs
    pages, assets = hand_written(docs)
    unknown = [u for rel, text in pages.items() for u in unknown_citations(result.kb, f"{config.docs}/{rel}", text)]
    if unknown:
        for u in unknown:
            click.echo(f"error: {u}", err=True)
        sys.exit(1)
    try:
        provenance = build_provenance(Path(root))
    except ProvenanceError as exc:
        raise click.UsageError(str(exc)) from None
    generated, data = render_all(result.kb, result.graph, result.diagnostics, extra_pages=pages, provenance=provenance)
    out = Path(out_dir)
    for rel, text in generated.items():
        _write(out, rel, text.encode("utf-8"))
    for rel, blob in data.items():
        _write(out, rel, blob)
    for asset in assets:
        _write(out, asset.relative_to(docs).as_posix(), asset.read_bytes())
    click.echo(f"wrote {len(generated)} pages, {len(data)} data files and {len(assets)} assets to {out}/", err=True)



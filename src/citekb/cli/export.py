"""`citekb graph` and `citekb schema`: files for other tools (graph viewers, YAML editors)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .. import api
from ..exitcode import Exit
from .common import load_config, root_of, write


@click.command()
@click.argument("path", default=".", type=click.Path())
@click.option("--export", "fmt", type=click.Choice(["graphml", "gexf", "json"]), required=True,
              help="Graph file format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Output file (default: stdout). A failed write exits 2.")
def graph(path: str, fmt: str, output: str | None) -> Exit:
    """Export the knowledge graph (nodes: works, models, claims, ...; edges: typed relations)."""
    root = root_of(path)
    kb, _ = api.load(root, load_config(root))
    write(api.export_graph(api.build_graph(kb), fmt), output)
    return Exit.CLEAN


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="schemas", show_default=True,
              help="Directory for <kind>.schema.json files.")
def schema(out_dir: str) -> Exit:
    """Write JSON Schemas for the YAML kinds, for editor completion and validation (docs/kb-format.md)."""
    from ..load import series
    from ..load.schema import SPECS, json_schema

    schemas = {kind: json_schema(kind) for kind in SPECS} | {"series": series.json_schema()}
    for kind, body in schemas.items():
        write(json.dumps(body, indent=2, sort_keys=True) + "\n", str(Path(out_dir) / f"{kind}.schema.json"))
    click.echo(f"wrote {len(schemas)} schemas to {out_dir}/", err=True)
    return Exit.CLEAN

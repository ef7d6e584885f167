"""Build the site with Zensical, Material for MkDocs' successor engine, from the same sources.

MkDocs with Material stays the default engine while it is maintained. Zensical reads `mkdocs.yml`
but runs no MkDocs hooks, so this script hands it what the hooks would have produced: it exports
the generated site as Markdown (`citekb site export`), writes a config derived from `mkdocs.yml`
(the same theme, nav and Markdown extensions; no `hooks`, no `watch`, and no `offline` plugin, whose
Zensical version loads a script from a CDN), and runs `zensical build`.

Usage: python scripts/zensical_build.py [--out build/zensical]   (the site lands in OUT/site)
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DROPPED_PLUGINS = {"offline"}


def zensical_config(mkdocs_yml: Path) -> dict:
    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    for key in ("hooks", "watch"):
        config.pop(key, None)
    config["plugins"] = [p for p in config.get("plugins", [])
                         if (p if isinstance(p, str) else next(iter(p))) not in DROPPED_PLUGINS]
    config.update(docs_dir="docs", site_dir="site")
    return config


def build(out: Path) -> int:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    bin_dir = Path(sys.executable).parent
    export = subprocess.run([str(bin_dir / "citekb"), "site", "export", str(out / "docs")], cwd=ROOT)
    if export.returncode != 0:
        return export.returncode
    (out / "mkdocs.yml").write_text(yaml.safe_dump(zensical_config(ROOT / "mkdocs.yml"), sort_keys=False,
                                                   allow_unicode=True), encoding="utf-8")
    zensical = shutil.which("zensical", path=str(bin_dir)) or shutil.which("zensical")
    if zensical is None:
        print("zensical is not installed: pip install -e '.[zensical]'", file=sys.stderr)
        return 2
    return subprocess.run([zensical, "build"], cwd=out).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "zensical")
    return build(parser.parse_args().out.resolve())


if __name__ == "__main__":
    sys.exit(main())

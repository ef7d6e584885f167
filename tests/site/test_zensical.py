"""The second engine: the shipped site also builds with Zensical, with the same pages, links that
resolve, and nothing loaded from another host (the MkDocs build is held to the same bar here)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitecrawl import crawl

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
_REMOTE_LOAD = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(?:https?:)?//[^"]*"', re.I)


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    pytest.importorskip("zensical")
    out = tmp_path_factory.mktemp("zensical") / "build"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "zensical_build.py"), "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return out / "site"


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def _remote_loads(site: Path) -> list[str]:
    return [f"{p.relative_to(site)}: {m.group(0)}" for p in sorted(site.rglob("*.html"))
            for m in _REMOTE_LOAD.finditer(p.read_text(encoding="utf-8", errors="replace"))]


def test_zensical_builds_the_same_pages_as_mkdocs(zensical_site, shipped_site):
    assert _pages(zensical_site) == _pages(shipped_site)
    assert len(_pages(zensical_site)) > 500


def test_zensical_site_has_no_broken_links(zensical_site):
    checked, broken = crawl(zensical_site)
    assert checked > 1000
    assert broken == [], "\n".join(f"{b.page}: {b.link} ({b.reason})" for b in broken[:50])


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_no_page_loads_anything_from_another_host(engine, request):
    site = request.getfixturevalue("shipped_site" if engine == "mkdocs" else "zensical_site")
    assert _remote_loads(site) == []

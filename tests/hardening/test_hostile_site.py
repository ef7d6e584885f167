"""A knowledge base full of HTML, JavaScript, Markdown and template syntax builds a site where all
of it renders as text: in a real browser (Debian's chromium through Playwright) no injected script
runs on any page, and no generated file lands outside the output directory.
"""
from __future__ import annotations

import functools
import http.server
import html.parser
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path, PurePosixPath

import pytest
import yaml

from citekb import api
from citekb.site import render_site
from hardening_helpers import ROOT

FIXTURE = ROOT / "tests" / "site" / "fixture"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PWN = "window.__pwned=1"

HOSTILE_BIB = r"""
@misc{evil2024xss,
  author        = {Eve<img src=x onerror="window.__pwned=1">, Mallory and {<script>window.__pwned=1</script>}},
  title         = {<script>window.__pwned=1</script> <svg onload="window.__pwned=1"> [click](javascript:window.__pwned=1) *bold* | pipe},
  howpublished  = {<iframe src="javascript:window.__pwned=1"></iframe>},
  year          = {2024},
  url           = {https://example.org/evil"onmouseover="window.__pwned=1},
  verified      = {<b onmouseover="window.__pwned=1">hover</b>}
}

@misc{../../../outside,
  author        = {Traversal, Tom},
  title         = {A Key With Path Separators},
  year          = {2024},
  url           = {https://example.org/traversal}
}
"""

HOSTILE_CLAIM = """id: hostile-claim
statement: "<script>window.__pwned=1</script> {{ 7*7 }} {% raw %} ${7*7} <img src=x onerror=window.__pwned=1> [x](javascript:window.__pwned=1)"
criterion: customization
favours: open
strength: weak
confidence: low
as_of: 2024-07-01
scope: "</td></tr></table><script>window.__pwned=1</script>"
evidence:
  - cite: evil2024xss
    stance: supports
    locator: "<a href='javascript:window.__pwned=1'>here</a>"
    note: "{{ config }} <style>body{display:none}</style> <!-- comment --> --> <script>window.__pwned=1</script>"
models: [tiny-open]
"""

HOSTILE_ORG = """id: acme
name: "Acme <script>window.__pwned=1</script> {{ 7*7 }}"
kind: lab
country: US
url: https://example.org/acme
aliases: ["<img src=x onerror=window.__pwned=1>"]
notes: "javascript:window.__pwned=1 {% include 'x' %}"
"""


def _hostile_repo(dest: Path) -> Path:
    shutil.copytree(FIXTURE, dest)
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    with open(dest / "references" / "works.bib", "a", encoding="utf-8") as fh:
        fh.write(HOSTILE_BIB)
    (dest / "kb" / "claims" / "hostile-claim.yaml").write_text(HOSTILE_CLAIM, encoding="utf-8")
    (dest / "kb" / "organizations" / "acme.yaml").write_text(HOSTILE_ORG, encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    config["hooks"] = [str(ROOT / "scripts" / "mkdocs_hooks.py")]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("hostile")
    repo = _hostile_repo(base / "repo")
    out = repo / "built"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CITEKB_CACHE_DIR": "off"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(repo / "mkdocs.yml"), "-d", str(out)],
                          capture_output=True, text=True, env=env, cwd=repo, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return base, out


def test_generated_paths_never_escape_the_output_directory(hostile):
    base, out = hostile
    result = api.check(base / "repo")
    assert "../../../outside" in result.kb.work_by_key
    for path in render_site(result.kb, result.graph, result.diagnostics):
        p = PurePosixPath(path)
        assert not p.is_absolute() and ".." not in p.parts, path
    built = {p.resolve() for p in out.rglob("*")}
    assert all(p.is_relative_to(out.resolve()) for p in built)
    assert sorted(p.name for p in base.iterdir()) == ["repo"]  # nothing written next to the repository
    assert [p for p in base.rglob("outside*") if not p.is_relative_to(out)] == []


def test_payloads_are_escaped_in_the_html(hostile):
    _, out = hostile
    pages = {p: p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    assert any("&lt;script&gt;window.__pwned=1&lt;/script&gt;" in t for t in pages.values())
    for path, text in pages.items():
        assert _live_payloads(text) == [], path


class _LiveFinder(html.parser.HTMLParser):
    """Elements a browser would act on: event-handler attributes, javascript: URLs, script bodies."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if (name.startswith("on") and "__pwned" in value) or (name in ("href", "src") and value.startswith("javascript:")):
                self.found.append(f"<{tag} {name}={value[:60]}>")
        if tag in ("iframe", "style") and "__pwned" in str(attrs):
            self.found.append(f"<{tag}>")

    def handle_data(self, data):
        if self._in_script and "__pwned" in data:
            self.found.append(f"<script>{data[:60]}")

    def handle_endtag(self, tag):
        self._in_script = False


def _live_payloads(text: str) -> list[str]:
    finder = _LiveFinder()
    finder.feed(text)
    return finder.found


browser_needed = pytest.mark.skipif(not CHROMIUM.exists() and os.environ.get("CI") != "true",
                                    reason="needs Debian's chromium at /usr/bin/chromium (required in CI)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@browser_needed
def test_no_injected_script_runs_in_a_browser(hostile):
    from playwright.sync_api import sync_playwright

    _, out = hostile
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    fired: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page()
            page.on("dialog", lambda d: (fired.append(f"dialog: {d.message}"), d.dismiss()))
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            for rel in pages:
                page.goto(base + rel, wait_until="load")
                page.mouse.move(200, 200)
                page.hover("body")
                if page.evaluate("window.__pwned !== undefined"):
                    fired.append(rel)
            evil = [rel for rel in pages if "evil2024xss" in rel]
            page.goto(base + evil[0])
            visible = page.inner_text("body")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert fired == []
    assert len(pages) > 10
    assert "<script>window.__pwned=1</script>" in visible  # shown as text, not run

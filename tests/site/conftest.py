"""Site tests: build the site (fixture KB and shipped KB) once per session and serve it locally."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixture"
CHROMIUM = Path("/usr/bin/chromium")
_SHOTS: dict[str, Path] = {}


@pytest.fixture(scope="session", autouse=True)
def artifacts(tmp_path_factory) -> Path:
    """Where the browser tests save their screenshots: $CITEKB_ARTIFACTS (.ci/run points it at
    build/artifacts, which CI keeps), else a directory under pytest's own temporary directory;
    never inside the committed tree."""
    chosen = os.environ.get("CITEKB_ARTIFACTS")
    out = Path(chosen).resolve() if chosen else tmp_path_factory.getbasetemp() / "artifacts"
    _SHOTS["dir"] = out / "screenshots"
    return out


def shot(pg, name: str, *, full: bool = True, element=None) -> Path:
    """A PNG of the page (or of one element) for a reader to look at, named after what it shows."""
    _SHOTS["dir"].mkdir(parents=True, exist_ok=True)
    path = _SHOTS["dir"] / f"{name}.png"
    # An element's picture is taken with the sticky header out of the way, or it would cover the top.
    opts = {"style": ".md-header, .md-tabs { visibility: hidden !important; }"} if element else {"full_page": full}
    (element or pg).screenshot(path=str(path), timeout=90000, **opts)
    assert path.stat().st_size > 1000, f"{path}: an empty screenshot"
    return path


def node_modules() -> None:
    """The site bundles Cytoscape.js from node_modules (`make test` runs `npm ci`; so does this,
    for a bare `pytest`)."""
    if (ROOT / "node_modules" / "cytoscape" / "package.json").is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is missing: the site bundles Cytoscape.js from npm (scripts/install-browser.sh installs npm)")
    proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]


def mkdocs_build(config: Path, out: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    node_modules()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
                          capture_output=True, text=True, env=env, cwd=config.parent)


def fixture_repo(dest: Path, *, extra_docs: dict[str, str] | None = None) -> Path:
    """A copy of the fixture KB with the shipped mkdocs.yml (minus the nav, which names shipped pages)."""
    shutil.copytree(FIXTURE, dest)
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    for rel, text in (extra_docs or {}).items():
        (dest / "docs" / rel).write_text(text, encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    config["hooks"] = [str(ROOT / "scripts" / "mkdocs_hooks.py")]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    repo = fixture_repo(tmp_path_factory.mktemp("fixture") / "repo")
    out = repo / "built"
    result = mkdocs_build(repo / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(directory) -> base URL of a local HTTP server for that directory (127.0.0.1 only)."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


# Browser fixtures (Debian's chromium through Playwright), shared by the browser test modules.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("CI=true but /usr/bin/chromium is missing: scripts/install-browser.sh must install it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def guarded_page(browser, **context_options):
    """(context, page) where the page records console errors (`pg.console_errors`) and refuses, and
    records (`pg.offsite`), any request off 127.0.0.1: the site must work offline."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context_options})
    pg = context.new_page()
    pg.console_errors, pg.offsite = [], []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))

    def guard(route):
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            pg.offsite.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    return context, pg


@pytest.fixture
def page(browser):
    """A guarded desktop page (see `guarded_page`)."""
    context, pg = guarded_page(browser)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def fixture_url(fixture_site, serve):
    return serve(fixture_site)


@pytest.fixture(scope="module")
def shipped_url(shipped_site, serve):
    return serve(shipped_site)



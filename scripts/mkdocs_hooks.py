"""MkDocs hooks: hand citekb's generated pages to MkDocs. The pages themselves come from
`citekb.site.render_all`, which knows nothing about MkDocs; this file only wires it in.

- on_config: put the data's as-of date and KB commit in the footer of every page; drop the
  offline plugin's CDN polyfill; load the knowledge base next to mkdocs.yml and run the checks
  (once per build, so `mkdocs serve` picks up edits under kb/ and references/, which mkdocs.yml watches).
- on_files: fail on an unknown `[@key]` in a hand-written page (file and line), then add every
  generated page and data file as a generated File.
- on_page_markdown: hand-written pages get their citations linked (and the home its figures), and
  every page's title, description and tags are made HTML-safe: Material writes them unescaped
  into `<title>`, `<meta>`, the nav and the tag list, so this is the boundary where they become HTML.
- on_post_page: name the theme's search dialog for screen readers (Material leaves it unnamed).

Icons are the theme's own SVGs (`:material-check:` through pymdownx.emoji with Material's icon
index, all bundled with the theme); the extension is configured here, not in mkdocs.yml, so that
mkdocs.yml stays plain YAML that other tools (Zensical, the tests) can read.
"""
from __future__ import annotations

import html
import json
import logging
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

from citekb import api
from citekb.site import render_all, safe_meta, unknown_citations
from citekb.site.provenance import ProvenanceError, build_provenance
from citekb.site.render import PageConflict
from citekb.site.vendor import VendorMissing, vendor_files

log = logging.getLogger("mkdocs.hooks.citekb")
_state: dict = {}


@event_priority(-100)  # after Material's offline plugin, whose polyfill list we trim
def on_config(config):
    # The offline plugin adds a polyfill from unpkg.com (for search from file://); the site must
    # load nothing from elsewhere, so it goes. Search works whenever the site is served over HTTP.
    config.extra["polyfills"] = [u for u in config.extra.get("polyfills", []) if "://" not in u]
    root = Path(config.config_file_path).resolve().parent
    _state.clear()
    _state["root"] = root
    _state["result"] = api.check(root)
    try:
        _state["provenance"] = build_provenance(root)
    except ProvenanceError as exc:
        raise PluginError(str(exc)) from None
    # The theme's footer, on every page: how old the data is and which KB commit it comes from.
    line = html.escape(_state["provenance"].line)
    config["copyright"] = f"{config['copyright']} · {line}" if config.get("copyright") else line
    _icons(config)
    return config


def _icons(config) -> None:
    from material.extensions import emoji

    if "pymdownx.emoji" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.emoji")
    config.mdx_configs.setdefault("pymdownx.emoji", {"emoji_index": emoji.twemoji, "emoji_generator": _offline_svg})


_THEME_ICONS = (":material-", ":fontawesome-", ":octicons-", ":simple-")


def _offline_svg(index, shortname, alias, uc, alt, title, category, options, md):
    """The theme's bundled icons inline; any other shortcode (a `:100:` in some text) stays as it was
    written, because pymdownx would draw it as an image fetched from a CDN and the site is offline."""
    from material.extensions import emoji
    from pymdownx.emoji import to_alt

    if shortname.startswith(_THEME_ICONS):
        return emoji.to_svg(index, shortname, alias, uc, alt, title, category, options, md)
    return to_alt(index, shortname, alias, uc, alt, title, category, options, md)


def on_files(files, config):
    result, root = _state["result"], _state["root"]
    docs = Path(config.docs_dir).resolve()
    prefix = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else docs.as_posix()
    hand = {f.src_uri: Path(f.abs_src_path).read_text(encoding="utf-8") for f in files.documentation_pages()}
    unknown = [u for path, text in sorted(hand.items()) for u in unknown_citations(result.kb, f"{prefix}/{path}", text)]
    if unknown:
        raise PluginError("unknown citation keys:\n" + "\n".join(map(str, unknown)))
    try:
        pages, data = render_all(result.kb, result.graph, result.diagnostics, extra_pages=hand,
                                 provenance=_state["provenance"])
    except PageConflict as exc:
        raise PluginError(f"{prefix}/{exc.path}:1: this hand-written page has the path of a page the site "
                          "generates; rename or move it") from None
    _state["hand"] = {path: pages[path] for path in hand}
    for path, text in pages.items():
        if path not in hand:
            # MkDocs shows a front matter it cannot parse as page text, Markdown links and all:
            # fail the build instead of publishing that.
            if text.startswith("---\n") and not get_data(text)[1]:
                raise PluginError(f"{path}: the generated front matter is not valid YAML (a bug in citekb)")
            files.append(File.generated(config, path, content=text))
    try:
        data.update(vendor_files(root))
    except VendorMissing as exc:
        raise PluginError(str(exc)) from None
    for path, blob in data.items():
        files.append(File.generated(config, path, content=blob))
    log.info("citekb: %d generated pages, %d data files", len(pages) - len(hand), len(data))
    return files


def on_page_markdown(markdown, page, config, files):
    page.meta.update(safe_meta(page.meta))
    text = _state.get("hand", {}).get(page.file.src_uri)
    return markdown if text is None else get_data(text)[0]


_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def _based(output: str, base: str) -> str:
    """The 404 page is served at any missing address, at any depth, so its relative links (the
    theme's assets and nav included: the offline plugin makes them relative) must start from the
    site's base path: a <base> element does that for the whole page."""
    output = output.replace("<head>", f'<head>\n<base href="{html.escape(base)}">', 1)
    # The theme's scripts resolve its search index against the page address, not <base>.
    return output.replace('"base": "."', json.dumps({"base": base})[1:-1], 1)


def on_post_page(output, page, config):
    output = output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Search the site">', 1)
    if page.file.src_uri == "404.md":
        output = _based(output, (urlsplit(config.site_url or "/").path or "/").rstrip("/") + "/")
    return output

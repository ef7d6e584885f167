"""A crawler over a built site: every internal link, script, stylesheet and anchor must resolve."""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        target = a.get(LINK_ATTRS.get(tag, ""))
        if target:
            self.links.append(target)
        if a.get("data-src"):
            self.links.append(a["data-src"])


@dataclass(frozen=True)
class Broken:
    page: str
    link: str
    reason: str


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def crawl(site: Path) -> tuple[int, list[Broken]]:
    """(number of links checked, broken ones) for every HTML page under `site`."""
    site = site.resolve()
    parsed: dict[Path, _Page] = {}
    broken: list[Broken] = []
    checked = 0

    def page_of(path: Path) -> _Page:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        for link in page_of(html).links:
            scheme = urlsplit(link).scheme
            if scheme or link.startswith(("//", "mailto:", "javascript:", "data:")):
                continue  # external: the site never loads these, and links out are not ours to check
            checked += 1
            url, fragment = urldefrag(link)
            path_part = unquote(urlsplit(url).path)
            base = site if path_part.startswith("/") else html.parent  # root-absolute: 404.html uses them
            target = html if not path_part else (base / path_part.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(site) or not target.is_file():
                broken.append(Broken(rel, link, "missing file"))
            elif fragment and target.suffix == ".html" and unquote(fragment) not in page_of(target).ids:
                broken.append(Broken(rel, link, "missing anchor"))
    return checked, broken

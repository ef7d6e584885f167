"""No broken internal links or anchors anywhere in the built site (fixture KB and shipped KB)."""
from __future__ import annotations

from sitecrawl import crawl


def test_fixture_site_has_no_broken_links_or_anchors(fixture_site):
    checked, broken = crawl(fixture_site)
    assert checked > 100
    assert broken == []


def test_shipped_site_has_no_broken_links_or_anchors(shipped_site):
    checked, broken = crawl(shipped_site)
    assert checked > 1000
    assert broken == [], "\n".join(f"{b.page}: {b.link} ({b.reason})" for b in broken[:50])

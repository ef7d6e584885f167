"""A brief as one self-contained HTML file: inline CSS, no scripts, no external assets.

The Markdown renderer writes it (with in-file anchors instead of site links) and Python-Markdown,
already installed with MkDocs, turns it into HTML; user text was escaped before that step.
"""
from __future__ import annotations

import html

import markdown

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b;
  max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem}
h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
th,code{background:#f3f3f3}
code{padding:0 .2rem}
a{color:#0b57d0}
@media print{body{max-width:none;margin:0}a{color:inherit}}
""".strip()


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5:]
    return text


def render_html(markdown_text: str, *, title: str) -> str:
    body = markdown.markdown(_strip_front_matter(markdown_text), extensions=["tables"], output_format="html")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n")

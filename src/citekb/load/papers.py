"""Paper lists found by their structure, not by the words of a heading.

Awesome lists, survey READMEs and seminar pages list papers under topic headings ("## Surveys",
"## 综述") or none: numbered items with a bold title and italic authors, bullets with a linked
title, table rows whose cell links the paper. An item reads as a reference when it begins with its
title (linked or bold) or its authors ("Wang et al.") and links a paper (a scholarly host of
data/headings.yaml, or a PDF). Prose bullets do not: they begin with words ("Read [the paper](...)"),
or link no paper. Sub-bullets and URL lines with no title of their own (`- [code](...)`) belong to
the item above.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

import yaml

LIST_ITEM = re.compile(r"^\s*(?:\[\d{1,4}\]|［\d{1,4}］|\d{1,4}[.)、]\s|[-*+]\s)")
_MARKER = re.compile(r"^\s*(?:\d{1,4}[.)、]|[-*+])\s+")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_ROW = re.compile(r"^\s*\|.*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()\s]*\)")
_LINK = re.compile(r"(?<!!)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((https?://[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)\)")
_URL = re.compile(r"https?://[^\s<>()\[\]|]+")
# What may stand before the title: a date "(2023-01)", "**[2026.05.14]**", or a label "Paper:", "**GPT-3**:"
_DATE = r"\s*(?:[(\[]\s*[\d./\- ]{4,12}\s*[)\]]|\*\*\[?[\d./\- ]{4,12}\]?\*\*)"
_LABEL = r"\s*(?:\*\*[^*:：\[\]]{1,30}\*\*\s*[:：]|\*\*[^*\[\]]{1,30}[:：]\*\*|[A-Za-z][\w .\-]{0,29}[:：])"
_PREFIX = re.compile(rf"^(?:{_DATE})*\s*(?P<label>{_LABEL})?\s*")
_BOLD = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)")
# Authors first, then a title: "Wang et al. ESRL: ...", "Xie and Schwertfeger. Empowering ...", "Hongbin Na. CBT-LLM"
# (never "Dasgupta et al. 2023 presents", which is prose citing a work)
_NAME = r"[A-Z][\w'’\-]+"
_AUTHORS_START = re.compile(rf"^(?:{_NAME}\s+){{0,2}}{_NAME}(?:\s+et\s+al\.|\s+(?:and|&)\s+{_NAME}\.|\.)\s+(?!\(?\d{{4}})[A-Z\"“]")
# A whole author list first, then a quoted or linked title (bold names allowed): "Ada Lovelace, Alan M. Turing,
# and Grace van der Berg. "[Title](...)."", "Belrose, et al. "[Title](...)."", or an APA list with its year
# in parentheses before a plain title: "Vaswani, A., Shazeer, N., et al. (2017). Title." One letter-run a token,
# split only at spaces and commas, so a long list that does not match fails in linear time.
_TOKEN = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]*\.?"  # a capital with or without an accent: "Íñigo"
_PARTICLE = r"(?:van|von|der|den|de|da|del|della|di|du|dos|le|la|bin|al)"
_PERSON = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_TOKEN}){{0,4}}"
_AUTHOR_LIST = re.compile(
    rf"^{_PERSON}(?:\s*,\s*(?:(?:and|&)\s+)?{_PERSON}){{0,99}}(?:\s*,?\s*(?:and|&)\s+{_PERSON})?"
    r"(?P<etal>\s*,?\s*et\s+al\.?)?\s*(?:[.,:]?\s*[\"“\[]|\(\s*(?:19|20)\d{2}[a-z]?\s*\)\s*[.,:]?\s*[A-Z\"“\[])")
_LABELLED_TITLE = re.compile(r"([^\[\]()。；;!?]{10,300}?)[.。]?\s*\[\[?(?:pdf|paper|arxiv|论文)\]\(", re.I)
_BOLD_LINK = re.compile(r"(?:\*\*|__)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((https?://[^\s()]+)\)(?:\*\*|__)")
_PROSE_RUN = re.compile(r"(?:\b[a-z][a-z'’\-]*\b[\s,;]+){7}[a-z]")
_CITATION_TEXT = re.compile(r"^[^(（]*\bet\s+al\b|\(?(?:19|20)\d{2}\)?\s*$")  # "(Sennrich et al.)" after a title is no citation
_LINK_WORD = re.compile(r"(?i)pdf|paper|code|arxiv|project|github|homepage|blog|website|link|demo|data(?:set)?|"
                        r"models?|video|slides|poster|html|abs|openreview|url|论文|代码|[🔗📄]")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_NAME_DASH = re.compile(r"\s*(?:$|[-–—:]\s|\(|and\s+\[)")  # after a linked name: nothing, a dash, or a second paper


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The package's list vocabulary: heading words, their prefixes and suffixes, paper hosts."""
    text = resources.files("citekb").joinpath("data/headings.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _alternatives(rows: list[dict]) -> str:
    words = sorted((r["word"] for r in rows), key=len, reverse=True)  # the longest first: 引用文献 before 引用
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@lru_cache(maxsize=1)
def heading_re() -> re.Pattern:
    """A heading or bold label that is a reference-list name and nothing else."""
    v = vocabulary()
    return re.compile(rf"^\s{{0,3}}(?:#{{1,6}}\s*)?(?:[^\w\s*]{{1,3}}\s*)?(?:\*\*)?\s*"
                      rf"(?:(?:{_alternatives(v['prefixes'])})\s+)?({_alternatives(v['words'])})"
                      rf"(?:\s*(?:/|and|&|与|和)\s*(?:{_alternatives(v['suffixes'])}))?"
                      r"\s*[:：]?\s*(?:\*\*)?\s*[:：]?\s*$", re.I)


@lru_cache(maxsize=1)
def _hosts() -> tuple[str, ...]:
    return tuple(r["host"] for r in vocabulary()["paper_hosts"])


def is_paper_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed address in someone's README is not a paper
        return False
    host = (parts.hostname or "").lower()
    return parts.path.lower().endswith(".pdf") or any(host == h or host.endswith("." + h) for h in _hosts())


def _words(text: str) -> int:
    text = re.sub(r"[*_`]", " ", text)
    return len(text.split()) + len(re.findall(r"[\u4e00-\u9fff]", text)) // 3


def is_attachment(line: str) -> bool:
    """A sub-bullet or URL line with no title of its own (`- [code](...)`, a bare URL): part of the item above."""
    if not line[:1].isspace():
        return False
    rest = _IMAGE.sub(" ", _MARKER.sub("", line))
    if any(_words(m.group(1)) > 2 for m in _LINK.finditer(rest)):
        return False
    rest = _URL.sub(" ", _LINK.sub(" ", rest))
    return _words(re.sub(r"[^\w\s]", " ", rest)) < 3 and not _YEAR.search(rest)


def _has_paper(text: str) -> bool:
    return any(is_paper_url(u) for u in _URL.findall(text))


def _describes(rest: str) -> bool:
    """Text right after a title that runs in sentences (eight lowercase words in a row) describes the work:
    a glossary or a news item, not a reference. Author lists and venues never do."""
    return bool(_PROSE_RUN.search(re.split(r"\[|https?://|\s[-–—]\s", rest, maxsplit=1)[0]))  # notes after links or a dash are notes


def _begins_with_authors(body: str) -> bool:
    """A list of two or more names (or one with "et al.") before the title."""
    m = _AUTHOR_LIST.match(re.sub(r"\*\*|__", "", body))
    return bool(m) and (bool(m.group("etal")) or bool(re.search(r",|\band\b|&", m.group(0)[:-1])))


def _begins_with_title(body: str) -> bool:
    body = _IMAGE.sub(" ", body).lstrip()
    if _begins_with_authors(body):
        return bool(_YEAR.search(body))
    if _AUTHORS_START.match(re.sub(f"^(?:{_DATE})*\\s*", "", body)):
        return bool(_YEAR.search(body))
    prefix = _PREFIX.match(body)
    rest = body[prefix.end():]
    link = _LINK.match(rest) or _BOLD_LINK.match(rest)
    if link:  # a linked title, not a linked citation "[Ma et al. (2023)](...)"; a short name ("[ELMo](arXiv)")
        # only where it links the paper itself, not a repository or a page about it
        return ((_words(link.group(1)) >= 3 or (is_paper_url(link.group(2)) and _NAME_DASH.match(rest[link.end():])))
                and not _CITATION_TEXT.search(link.group(1))
                and not _describes(rest[link.end():]))
    bold = _BOLD.match(rest)
    if bold:
        return (_words(bold.group(1)) >= 3 and not bold.group(1).rstrip().endswith((":", "："))
                and not _describes(rest[bold.end():]))
    # after a label ("**GPT-3**: Language Models are Few-Shot Learners. [[paper](...)]"), a plain title
    # that a paper link follows directly
    title = _LABELLED_TITLE.match(rest)
    return bool(prefix.group("label")) and bool(title) and _words(title.group(1)) >= 3 and not _describes(rest)


def plain(text: str) -> str:
    """An item as a reference's text: no images or emphasis, link texts kept, their addresses at the end
    (so that the names after a title follow it, as in "Title. Ada Lovelace, Alan Turing. Venue 2020.")."""
    urls: list[str] = []

    def keep(m: re.Match) -> str:
        urls.append(m.group(2))
        return "" if _LINK_WORD.fullmatch(m.group(1).strip("[] ")) else m.group(1)

    out = _LINK.sub(keep, _IMAGE.sub(" ", text))
    out = re.sub(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)", "", out)
    out = re.sub(r"\[\s*\]|\(\s*\)", " ", out)
    return " ".join((out + " " + " ".join(urls)).split())


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def _row_text(row: str) -> str | None:
    """A table row that links a paper: the cell with the link, and a date cell if there is one."""
    cells = _cells(row)
    paper = next((c for c in cells if any(is_paper_url(m.group(2)) for m in _LINK.finditer(c))), None)
    if paper is None:
        return None
    date = next((c for c in cells if re.fullmatch(r"[\d/.\- ]{4,10}|[A-Z][a-z]{2,8}\.? \d{4}", c) and _YEAR.search(c)), "")
    return f"{paper} {date}".strip()


def _blocks(lines: list[str], skip: set[int]) -> list[tuple[int, str]]:
    """(0-based line, text) of each list item with its attached lines, and of each table row, outside code."""
    out: list[tuple[int, str]] = []
    current: tuple[int, list[str]] | None = None
    fenced = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced, current = not fenced, None
            continue
        if fenced or i in skip:
            current = None
            continue
        if current and line.strip() and (is_attachment(line) or (line[:1].isspace() and not LIST_ITEM.match(line))):
            current[1].append(line.strip())
            out[-1] = (current[0], " ".join(current[1]))
            continue
        if LIST_ITEM.match(line):
            current = (i, [line.strip()])
            out.append((i, ""))
        elif _TABLE_ROW.match(line) and not _TABLE_RULE.match(line):
            current = None
            out.append((i, "|" + line.strip()))
        elif line.strip():
            current = None
        if current and current[0] == i:
            out[-1] = (i, current[1][0])
    return out


MIN_ITEMS = 3  # one paper link in a README is a link; a run of them is a list


def paper_items(lines: list[str], skip: set[int]) -> list[tuple[int, str]]:
    """(1-based line, reference text) of the items that read as references, outside the lines in `skip`."""
    found = []
    for i, text in _blocks(lines, skip):
        if text.startswith("|"):
            row = _row_text(text[1:])
            if row:
                found.append((i + 1, plain(row)))
            continue
        body = _MARKER.sub("", text, count=1)
        if _has_paper(body) and _begins_with_title(body):
            found.append((i + 1, plain(body)))
    return found if len(found) >= MIN_ITEMS else []

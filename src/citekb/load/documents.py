"""Documents others wrote -> in-text citations + references, each with a 1-based location.

Markdown (pandoc `[@key]` citations, or numbered / author-year prose with a reference list),
LaTeX (`\\cite` family with the `.bib` it names, a `.bbl`, or `thebibliography`), BibTeX files on
their own, and plain text. English and Chinese punctuation are both understood.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import normalize as nz
from ..checks.diagnostic import Diagnostic
from ..model import Location, Work
from .bibtex import decode_bytes, load_bibtex, size_problem
from .refparse import Signals, parse_reference, strip_number

MAX_DOC_BYTES = 64 * 1024 * 1024
REF_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}\s*)?(?:[^\w\s*]{1,3}\s*)?(?:\*\*)?\s*(?:key\s+|selected\s+|further\s+)?"
                         r"(references|bibliography|works cited|literature cited|sources|further reading|reading list|"
                         r"参考文献|参考资料|引用文献|文献|引用|引文|延伸阅读|文章末尾引用)"
                         r"(?:\s*(?:/|and|&|与|和)\s*(?:papers|readings|resources|links|论文|资料))?"
                         r"\s*[:：]?\s*(?:\*\*)?\s*[:：]?\s*$", re.I)
LIST_ITEM = re.compile(r"^\s*(?:\[\d{1,4}\]|［\d{1,4}］|\d{1,4}[.)、]\s|[-*+]\s)")
PANDOC_GROUP = re.compile(r"\[([^\[\]]*?@[^\[\]]*?)\](?!\()")
PANDOC_KEY = re.compile(r"(?<![\w@.\-])-?@([A-Za-z0-9_][\w\u0300-\u036f:.#$%&+?<>~/\-]*[\w\u0300-\u036f])")
NUM_CITE = re.compile(r"(?<![\]!\\])[\[［](\d{1,4}(?:\s*[,，、–—\-]\s*\d{1,4})*)[\]］](?![\(:［\[])")
ETAL = r"(?:\s+et\s*al\.?|\s*等人?|\s+and\s+colleagues)"
SURNAME = r"(?:[A-Z][\w'’\-]+|[\u4e00-\u9fff]{1,4})"
PAIR = rf"{SURNAME}(?:\s*[,，]\s*{SURNAME}){{0,4}}(?:[,，]?\s*(?:&|and|和|与|、)\s*{SURNAME})?"
AY_PAREN = re.compile(rf"[\(（]((?:(?:see|e\.g\.,?|cf\.)\s+)?{PAIR}(?:{ETAL})?\s*[,，]?\s*(?:19|20)\d{{2}}[a-z]?"
                      rf"(?:\s*[;；]\s*{PAIR}(?:{ETAL})?\s*[,，]?\s*(?:19|20)\d{{2}}[a-z]?)*)[\)）]")
AY_ONE = re.compile(rf"({PAIR})({ETAL})?\s*[,，]?\s*((?:19|20)\d{{2}})([a-z]?)")
AY_NARRATIVE = re.compile(rf"(?<![\w\u4e00-\u9fff])({PAIR})({ETAL})?\s*[\(（]((?:19|20)\d{{2}})([a-z]?)[\)）]")
AY_CJK_PAREN = re.compile(r"[（(]([\u4e00-\u9fff]{2,24}?)(等人?)?\s*[,，]\s*((?:19|20)\d{2})([a-z]?)[)）]")
AY_CJK_NARRATIVE = re.compile(r"([\u4e00-\u9fff]{2,12}?)(等人?)?\s*[（(]((?:19|20)\d{2})([a-z]?)[)）]")
TEX_CITE = re.compile(r"\\(?:[a-zA-Z]*cite[a-zA-Z]*|nocite)\*?(?:\[[^\]]*\]){0,2}\{([^}]*)\}")
TEX_BIB = re.compile(r"\\(?:bibliography|addbibresource)(?:\[[^\]]*\])?\{([^}]*)\}")
# natbib's optional label wraps lines and holds braces ("[{Hu et~al.(2022)Hu, Shen, and\n Chen}]"); a key never spans lines
BIBITEM = re.compile(r"\\bibitem\s*(?:\[(?:[^\[\]{}]|\{[^{}]*\})*\])?\s*\{([^}\n]*)\}")
QUOTE = re.compile(r"[\"“]([^\"“”]{8,300})[\"”]|《([^》]{1,200})》|‘([^‘’]{8,300})’|(?<!\w)'([^']{8,300})'(?!\w)")


@dataclass(frozen=True)
class Reference:
    """One entry of the document's bibliography."""

    id: str
    location: Location
    signals: Signals
    work: Work | None = None  # set when the reference came from BibTeX

    @property
    def label(self) -> str:
        return f"[{self.id}]" if self.id.isdigit() else f"'{self.id}'"


@dataclass(frozen=True)
class InText:
    """One citation in the running text."""

    kind: str  # key | number | authoryear
    target: str
    location: Location
    sentence: str = ""
    author: str | None = None
    year: int | None = None
    etal: bool = False
    left: str = ""   # the sentence before the citation marker
    right: str = ""  # the sentence after it
    linked: bool = False  # the citation is the text of a link to its source: "[Ma et al. (2023)](url)"


@dataclass
class Document:
    path: str
    kind: str
    references: list[Reference] = field(default_factory=list)
    citations: list[InText] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    text: str = ""
    listed: set[str] = field(default_factory=set)  # ids of entries shown for citing, not cited (a README's BibTeX)


_BOUNDARY = re.compile(r"(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bvs)(?<!\bFig)(?<!\bpp)(?<!\bNo)"
                       r"(?<!\b[A-Z])[.!?]\s+(?=[A-Z\u4e00-\u9fff\"“(\[])|[。！？]")


SENTENCE_REACH = 300  # characters either side of a citation that can belong to its sentence


def _context(line: str, start: int, end: int, bounds: list[int] | None = None) -> dict:
    """Sentence, and the parts of it before and after the citation marker line[start:end]."""
    if bounds is None:
        bounds = [m.end() for m in _BOUNDARY.finditer(line)]
    i = bisect.bisect_right(bounds, start)
    s0 = max(bounds[i - 1] if i else 0, start - SENTENCE_REACH)
    j = bisect.bisect_left(bounds, end)
    s1 = min(bounds[j] if j < len(bounds) else len(line), end + SENTENCE_REACH)
    return {"sentence": line[s0:s1].strip(), "left": line[s0:start], "right": line[end:s1]}


_ARXIVISH = re.compile(r"^(?:arxiv:)?(?:\d{4}\.\d+|[a-z\-]+(?:\.[a-z]{2})?/\d+)(?:v\d+)?$", re.I)


def _arxiv_eprint(w: Work) -> str | None:
    """The entry's eprint when it claims to be an arXiv id: its archive prefix says arXiv, or there is
    no prefix and it has an arXiv id's shape. A PubMed id or a ChinaXiv id is another archive's."""
    eprint = (w.raw_fields.get("eprint") or "").strip()
    prefix = (w.fields.get("archiveprefix") or w.fields.get("eprinttype") or "").strip().lower()
    if not eprint or prefix not in ("", "arxiv"):
        return None
    return eprint if prefix == "arxiv" or _ARXIVISH.match(eprint) else None


def _nfc(key: str) -> str:
    """Keys compare in NFC, so that `müller2019` typed with a combining diaeresis finds its entry."""
    return unicodedata.normalize("NFC", key)


def _works_to_refs(works: list[Work]) -> list[Reference]:
    refs = []
    for w in works:
        authors = " and ".join(p.display for p in w.authors)
        text = f"{authors}. {w.title}. {w.venue} {w.year or ''}"
        sig = Signals(text=text, title=w.title or None, author_text=authors, year=w.year,
                      years=(w.year,) if w.year else (), doi=w.doi or w.raw_fields.get("doi"),
                      arxiv=w.arxiv, arxiv_raw=_arxiv_eprint(w), isbn=w.isbn, url=w.url,
                      etal=any(p.is_others for p in w.authors), venue_text=w.venue,
                      names=tuple(p.family for p in w.authors if not p.is_others))
        refs.append(Reference(_nfc(w.key), w.location, sig, w))
    return refs


def _load_bib(path: Path, rel: str, doc: Document) -> list[Reference]:
    try:
        too_big = size_problem(path.stat().st_size, rel)
        if too_big:
            doc.problems.append(too_big)
            return []
        text, problems = decode_bytes(path.read_bytes(), rel)
    except OSError as exc:
        doc.problems.append(Diagnostic("L007", f"cannot read {rel}: {exc.strerror or exc}", Location(doc.path, 0)))
        return []
    works, p, _ = load_bibtex(text, rel)
    doc.problems.extend(problems + p)
    return _works_to_refs(works)


def _reference_sections(lines: list[str]) -> list[int]:
    """Indexes of the reference-list headings (or bold labels such as `📚 **References**:`), outside code."""
    found, fenced = [], False
    for i, line in enumerate(lines):
        if re.match(r"^\s*(```|~~~)", line):
            fenced = not fenced
        elif not fenced and REF_HEADING.match(line.strip()):
            found.append(i)
    return found


_YEARISH = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _starts_item(line: str, previous: str) -> bool:
    """An unmarked line starts a new reference when both it and the previous line read as whole
    references (each has a year, the previous one ends like a sentence, this one is not indented)."""
    if not previous or line.startswith((" ", "\t")):
        return False
    ends = previous.rstrip().endswith((".", "。", ")", "）", "]", "］")) or re.search(r"https?://\S+$", previous)
    return bool(ends) and bool(_YEARISH.search(line)) and bool(_YEARISH.search(previous))


def _list_items(lines: list[str], start: int, path: str, *, bullets_only: bool = False) -> list[tuple[int, str]]:
    """Reference items after a heading: list items, paragraphs separated by blank lines, or one
    reference per line when the lines each read as a whole reference. After a bold label rather than
    a heading (`bullets_only`), the list ends at the first line that is not part of it."""
    items: list[tuple[int, str]] = []
    current: list[str] = []
    first = 0
    previous = ""
    for i in range(start, len(lines)):
        line = lines[i]
        if re.match(r"^\s{0,3}#{1,6}\s", line) and i > start:
            break
        if bullets_only and line.strip() and not LIST_ITEM.match(line) and not line.startswith((" ", "\t")):
            break
        if LIST_ITEM.match(line) or (not line.strip()) or (current and _starts_item(line, previous)):
            if current:
                items.append((first, " ".join(current)))
            current = [re.sub(r"^\s*[-*+]\s", "", line).strip()] if line.strip() else []
            first = i + 1
        else:
            if not current:
                first = i + 1
            current.append(line.strip())
        previous = line if line.strip() else ""
    if current:
        items.append((first, " ".join(current)))
    return [(n, t) for n, t in items if len(t) > 15]


def _is_label(line: str) -> bool:
    """A bold paragraph label (`📚 **References**:`) rather than a heading or a plain heading line."""
    return not line.lstrip().startswith("#") and ("**" in line or line.rstrip().endswith((":", "：")))


MAX_REFERENCES = 10_000


def _plain_references(lines: list[str], path: str, doc: Document | None = None) -> tuple[list[Reference], int]:
    starts = _reference_sections(lines)
    start = starts[-1] if starts else None
    if start is None:
        # no heading: a trailing run of numbered items is the bibliography
        i = len(lines)
        while i > 0 and (not lines[i - 1].strip() or re.match(r"^\s*(?:\[\d+\]|［\d+］|\d+[.)、]\s)", lines[i - 1])
                         or (lines[i - 1].startswith("  ") and i < len(lines))):
            i -= 1
        if not any(re.match(r"^\s*(?:\[\d+\]|［\d+］)", l) for l in lines[i:]):
            return [], len(lines)
        start = i - 1
    refs = []
    items = [item for head in (starts or [start]) for item in
             _list_items(lines, head + 1, path, bullets_only=head in starts and _is_label(lines[head]))]
    for n, (lineno, text) in enumerate(items, 1):
        if n > MAX_REFERENCES:  # stop rather than crawl, and say so: the rest is never checked in silence
            if doc is not None:
                doc.problems.append(Diagnostic(
                    "L007", f"the reference list has more than {MAX_REFERENCES:,} entries; this entry and those "
                    "after it were not checked", Location(path, lineno),
                    "Split the document, or check the reference list as a .bib file."))
            break
        number, _ = strip_number(text)
        refs.append(Reference(number or f"ref{n}", Location(path, lineno), parse_reference(text)))
    return refs, start


MAX_LINE = 4000


def _windows(line: str) -> list[tuple[int, str]]:
    """Very long lines are scanned in windows cut at spaces, so that no regex sees megabytes."""
    if len(line) <= MAX_LINE:
        return [(0, line)]
    out, start = [], 0
    while start < len(line):
        end = min(len(line), start + MAX_LINE)
        cut = line.rfind(" ", start + MAX_LINE // 2, end) if end < len(line) else end
        end = cut if cut > start else end
        out.append((start, line[start:end]))
        start = end
    return out


def _prose_citations(lines: list[str], end: int, path: str, *, pandoc: bool, bare: bool = False) -> list[InText]:
    """Citations in the text before the reference list. `bare`: also pandoc's bare `@key` form, which
    only a document that declares a bibliography means (elsewhere `@name` is a handle or an address)."""
    out: list[InText] = []
    fenced = False
    for i, whole in enumerate(lines[:end]):
        for offset, line in _windows(whole):
            fenced = _scan_line(line, i, offset, path, pandoc, fenced, out, bare)
    return out


_LINK_TEXT = re.compile(r"\[([^\[\]]{1,300})\]\(")


def _scan_line(line: str, i: int, offset: int, path: str, pandoc: bool, fenced: bool, out: list[InText],
               bare: bool = False) -> bool:
    """Citations of one line (window); returns the fenced-code state after it."""
    if offset == 0 and re.match(r"^\s*(```|~~~)", line):
        return not fenced
    if fenced:
        return fenced
    clean = re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), line)
    loc = lambda pos: Location(path, i + 1, offset + pos + 1)  # noqa: E731
    bounds = [m.end() for m in _BOUNDARY.finditer(clean)]
    ctx = lambda a, b: _context(clean, a, b, bounds)  # noqa: E731
    if pandoc:
        taken = []
        for g in PANDOC_GROUP.finditer(clean):
            taken.append(g.span())
            for m in PANDOC_KEY.finditer(g.group(1)):
                out.append(InText("key", _nfc(m.group(1)), loc(g.start()), **ctx(g.start(), g.end())))
        for m in PANDOC_KEY.finditer(clean) if bare else ():
            if not any(a <= m.start() < b for a, b in taken) and not re.match(r"[\w./:\[]", clean[m.start() - 1: m.start()] or " "):
                out.append(InText("key", _nfc(m.group(1)), loc(m.start()), **ctx(m.start(), m.end())))
    for m in NUM_CITE.finditer(clean):
        for number in _expand_numbers(m.group(1)):
            out.append(InText("number", str(number), loc(m.start()), **ctx(m.start(), m.end())))
    links = [m.span(1) for m in _LINK_TEXT.finditer(clean)]
    out.extend(replace(c, linked=True) if any(a <= c.location.column - 1 - offset < b for a, b in links) else c
               for c in _author_year(clean, loc, ctx))
    return fenced


def _expand_numbers(group: str) -> list[int]:
    nums: list[int] = []
    for part in re.split(r"\s*[,，、]\s*", group):
        bounds = re.split(r"\s*[–—\-]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit() and int(bounds[1]) - int(bounds[0]) < 200:
            nums.extend(range(int(bounds[0]), int(bounds[1]) + 1))
        elif part.isdigit():
            nums.append(int(part))
    return nums


def _author_year(line: str, loc, ctx=None) -> list[InText]:
    ctx = ctx or (lambda x, y: _context(line, x, y))
    out = []
    spans: list[tuple[int, int]] = []

    def add(m, author: str, year: str, etal) -> None:
        out.append(InText("authoryear", "", loc(m.start()), author=author, year=int(year), etal=bool(etal),
                          **ctx(m.start(), m.end())))

    for m in AY_PAREN.finditer(line):
        spans.append(m.span())
        for one in AY_ONE.finditer(m.group(1)):
            add(m, _first_surname(one.group(1)), one.group(3), one.group(2))
    for m in AY_NARRATIVE.finditer(line):
        if re.fullmatch(r"[A-Z]{2,}", m.group(1)) and not m.group(2):
            continue  # an acronym with a year, "ICML (2026)", is a venue or a model, not an author
        if not any(x <= m.start() < y for x, y in spans):
            spans.append(m.span())
            add(m, _first_surname(m.group(1)), m.group(3), m.group(2))
    # Chinese names and institutions run into the preceding characters ("参考邱锡鹏（2020）"): the
    # captured text ends with the name, and matching compares by suffix
    for rx in (AY_CJK_PAREN, AY_CJK_NARRATIVE):
        for m in rx.finditer(line):
            if not any(x <= m.start() < y or x < m.end() <= y for x, y in spans):
                spans.append(m.span())
                add(m, m.group(1), m.group(3), m.group(2))
    return out


def _first_surname(pair: str) -> str:
    return re.split(r"\s*(?:&|\band\b|和|与|、|,|，)\s*", pair.strip())[0]


def parse_markdown(text: str, path: str, base: Path) -> Document:
    doc = Document(path, "markdown", text=text)
    lines = text.splitlines()
    fm = re.match(r"^---\n(.*?)\n---", text, re.S)
    if fm:
        for m in re.finditer(r"^bibliography:\s*\[?([^\]\n]+)\]?\s*$", fm.group(1), re.M):
            for name in (n.strip().strip("'\"") for n in m.group(1).split(",")):
                doc.references.extend(_bib_file(base, name, doc))
    end = len(lines)
    declared = bool(fm and re.search(r"^(?:bibliography|references):", fm.group(1), re.M))
    if not doc.references:
        doc.references, end = _plain_references(lines, path, doc)
        shown = _fenced_bibtex(lines, path, doc)
        doc.references += shown
        doc.listed = {r.id for r in shown}
    doc.citations = _prose_citations(lines, end, path, pandoc=True, bare=declared)
    return doc


_FENCE_OPEN = re.compile(r"^\s*(```|~~~)\s*([\w+-]*)")
_ENTRY_START = re.compile(r"^\s*@[A-Za-z]+\s*[{(]")


def _fenced_bibtex(lines: list[str], path: str, doc: Document) -> list[Reference]:
    """BibTeX entries in fenced code blocks (a README's "Citation" block, a paper list kept as
    BibTeX): a ```bibtex block, or any fenced block whose first line opens an entry."""
    from .bibcache import shift_lines

    refs: list[Reference] = []
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip().startswith(m.group(1))), len(lines))
        body = lines[i + 1:end]
        first = next((ln for ln in body if ln.strip()), "")
        if m.group(2).lower() in ("bib", "bibtex", "biblatex") or _ENTRY_START.match(first):
            works, problems, _ = load_bibtex("\n".join(body), path)
            works, problems = shift_lines(works, problems, i + 1)
            doc.problems.extend(problems)
            refs.extend(_works_to_refs(works))
        i = end + 1
    return refs


def _bib_file(base: Path, name: str, doc: Document, line: int = 1) -> list[Reference]:
    target = (base / name).resolve()
    if not name.endswith(".bib"):
        target = target.with_name(target.name + ".bib") if not target.exists() else target
    if not target.is_file():
        doc.problems.append(Diagnostic("C301", f"bibliography file '{name}' not found", Location(doc.path, line),
                                        "Fix the path of the bibliography file."))
        return []
    rel = target.name if target.parent == base.resolve() else str(target)
    return _load_bib(target, rel, doc)


def parse_latex(text: str, path: str, base: Path, stem: str) -> Document:
    doc = Document(path, "latex", text=text)
    body = re.sub(r"(?<!\\)%.*", "", text)
    for m in TEX_BIB.finditer(body):
        line = body.count("\n", 0, m.start()) + 1  # comments were cut to line ends, so lines still match
        for name in (n.strip() for n in m.group(1).split(",") if n.strip()):
            doc.references.extend(_bib_file(base, name if name.endswith(".bib") else name + ".bib", doc, line))
    if not doc.references and (base / f"{stem}.bbl").is_file():
        bbl = (base / f"{stem}.bbl").read_text(encoding="utf-8", errors="replace")
        doc.references = _bibitems(bbl, f"{stem}.bbl")
    if not doc.references:
        doc.references = _bibitems(text, path)
    for i, line in enumerate(body.splitlines()):
        bounds = [m.end() for m in _BOUNDARY.finditer(line)]  # once per line, not once per citation
        ctx = lambda a, b, line=line, bounds=bounds: _context(line, a, b, bounds)  # noqa: E731
        for m in TEX_CITE.finditer(line):
            for key in (k.strip() for k in m.group(1).split(",") if k.strip() not in ("", "*")):  # \nocite{*}: all
                doc.citations.append(InText("key", _nfc(key), Location(path, i + 1, m.start() + 1),
                                            **ctx(m.start(), m.end())))
        for c in _author_year(line, lambda pos, i=i: Location(path, i + 1, pos + 1), ctx):
            doc.citations.append(c)
    return doc


def _bibitems(text: str, path: str) -> list[Reference]:
    refs = []
    matches = list(BIBITEM.finditer(text))
    line, counted = 1, 0
    for j, m in enumerate(matches):
        end = matches[j + 1].start() if j + 1 < len(matches) else text.find("\\end{thebibliography}", m.end())
        chunk = text[m.end(): end if end != -1 else len(text)]
        blocks = [b.strip() for b in chunk.split("\\newblock")]
        if len(blocks) >= 3 and blocks[1]:  # authors \newblock title \newblock venue: quote the title
            chunk = f"{blocks[0]} \u201c{blocks[1].rstrip('.')}\u201d. " + " ".join(blocks[2:])
        chunk = re.sub(r"\\newblock|\\em\b|\\emph|\\textit|\\textbf|\\bibinfo\{[^}]*\}", " ", chunk)
        chunk = nz.latex_to_text(chunk.replace("~", " "))
        line, counted = line + text.count("\n", counted, m.start()), m.start()  # lines so far, counted once
        refs.append(Reference(_nfc(m.group(1).strip()), Location(path, line), parse_reference(chunk)))
    return refs


def load_document(path: str | Path, *, display: str | None = None) -> Document:
    """Read and parse one document; problems (unreadable, too large) come back in `problems`."""
    path = Path(path)
    rel = display or path.as_posix()
    doc = Document(rel, "text")
    try:
        size = path.stat().st_size
        too_big = size_problem(size, rel) if path.suffix.lower() == ".bib" else None
        if too_big:
            doc.problems.append(too_big)
            return doc
        if size > MAX_DOC_BYTES:
            doc.problems.append(Diagnostic("L007", f"document is {size} bytes; the limit is {MAX_DOC_BYTES}",
                                            Location(rel, 1), "Split the document."))
            return doc
        text, problems = decode_bytes(path.read_bytes(), rel)
    except OSError as exc:
        doc.problems.append(Diagnostic("L007", f"cannot read file: {exc.strerror or exc}", Location(rel, 1),
                                        "Check the path and permissions."))
        return doc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    suffix = path.suffix.lower()
    if suffix == ".bib":
        works, p, _ = load_bibtex(text, rel)
        doc = Document(rel, "bibtex", _works_to_refs(works), [], problems + p, text)
    elif suffix in (".tex", ".ltx"):
        doc = parse_latex(text, rel, path.parent, path.stem)
        doc.problems[:0] = problems
    elif suffix == ".bbl":  # a compiled bibliography given alone
        doc = Document(rel, "latex", _bibitems(text, rel), [], problems, text)
    elif suffix in (".md", ".markdown", ".qmd", ".rmd", ".mdx"):
        doc = parse_markdown(text, rel, path.parent)
        doc.problems[:0] = problems
    else:
        lines = text.splitlines()
        doc = Document(rel, "text", problems=problems, text=text)
        doc.references, end = _plain_references(lines, rel, doc)
        doc.citations = _prose_citations(lines, end, rel, pandoc=False)
    return doc

"""Documents others wrote -> in-text citations + references, each with a 1-based location.

Markdown (pandoc `[@key]` citations, or numbered / author-year prose with a reference list),
LaTeX (`\\cite` family with the `.bib` it names, a `.bbl`, or `thebibliography`), BibTeX files on
their own, and plain text. English and Chinese punctuation are both understood.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from pathlib import Path

from .. import normalize as nz
from ..model import Location, LoadProblem, Work
from .bibtex import decode_bytes, load_bibtex, size_problem
from .doctypes import Document, InText, Reference
from .refparse import Signals, parse_reference
from .reflist import LIST_ITEM, MAX_REFERENCES, REF_HEADING, reference_list  # noqa: F401  (re-exported)

MAX_DOC_BYTES = 64 * 1024 * 1024
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
BIBITEM = re.compile(r"\\bibitem(?:\[[^\]\n]*\])?\{([^}\n]*)\}")  # a key never spans lines
QUOTE = re.compile(r"[\"“]([^\"“”]{8,300})[\"”]|《([^》]{1,200})》|‘([^‘’]{8,300})’|(?<!\w)'([^']{8,300})'(?!\w)")


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
                      arxiv=w.arxiv, arxiv_raw=w.raw_fields.get("eprint"), isbn=w.isbn, url=w.url,
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
        doc.problems.append(LoadProblem("L007", f"cannot read {rel}: {exc.strerror or exc}", Location(doc.path, 0)))
        return []
    works, p, _ = load_bibtex(text, rel)
    doc.problems.extend(problems + p)
    return _works_to_refs(works)


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


def _prose_citations(lines: list[str], end: int, path: str, *, pandoc: bool) -> list[InText]:
    out: list[InText] = []
    fenced = False
    for i, whole in enumerate(lines[:end]):
        for offset, line in _windows(whole):
            fenced = _scan_line(line, i, offset, path, pandoc, fenced, out)
    return out


def _scan_line(line: str, i: int, offset: int, path: str, pandoc: bool, fenced: bool, out: list[InText]) -> bool:
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
        for m in PANDOC_KEY.finditer(clean):
            if not any(a <= m.start() < b for a, b in taken) and not re.match(r"[\w.]", clean[m.start() - 1: m.start()] or " "):
                out.append(InText("key", _nfc(m.group(1)), loc(m.start()), **ctx(m.start(), m.end())))
    for m in NUM_CITE.finditer(clean):
        for number in _expand_numbers(m.group(1)):
            out.append(InText("number", str(number), loc(m.start()), **ctx(m.start(), m.end())))
    out.extend(_author_year(clean, loc, ctx))
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
    if not doc.references:
        doc.references, end = reference_list(lines, path, doc)
    doc.citations = _prose_citations(lines, end, path, pandoc=True)
    return doc


def _bib_file(base: Path, name: str, doc: Document, line: int = 1) -> list[Reference]:
    target = (base / name).resolve()
    if not name.endswith(".bib"):
        target = target.with_name(target.name + ".bib") if not target.exists() else target
    if not target.is_file():
        doc.problems.append(LoadProblem("C301", f"bibliography file '{name}' not found", Location(doc.path, line),
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
            for key in (k.strip() for k in m.group(1).split(",") if k.strip()):
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
        chunk = re.sub(r"\\newblock|\\em\b|\\emph|\\textit|\\textbf|\\bibinfo\{[^}]*\}", " ", chunk)
        chunk = nz.latex_to_text(chunk.replace("~", " "))
        line, counted = line + text.count("\n", counted, m.start()), m.start()  # lines so far, counted once
        refs.append(Reference(m.group(1).strip(), Location(path, line), parse_reference(chunk)))
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
            doc.problems.append(LoadProblem("L007", f"document is {size} bytes; the limit is {MAX_DOC_BYTES}",
                                            Location(rel, 1), "Split the document."))
            return doc
        text, problems = decode_bytes(path.read_bytes(), rel)
    except OSError as exc:
        doc.problems.append(LoadProblem("L007", f"cannot read file: {exc.strerror or exc}", Location(rel, 1),
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
    elif suffix in (".md", ".markdown", ".qmd", ".rmd"):
        doc = parse_markdown(text, rel, path.parent)
        doc.problems[:0] = problems
    else:
        lines = text.splitlines()
        doc = Document(rel, "text", problems=problems, text=text)
        doc.references, end = reference_list(lines, rel, doc)
        doc.citations = _prose_citations(lines, end, rel, pandoc=False)
    return doc

"""Property-based tests (hypothesis) of the normalizers, the resolver and the loaders."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from citekb import normalize as nz
from citekb.fmt import format_bibtex
from citekb.fmt_yaml import Unformattable, format_yaml
from citekb.load.bibtex import load_bibtex
from citekb.load.documents import Reference
from citekb.load.refparse import parse_reference
from citekb.load.yamlfile import load_yaml
from citekb.model import Location
from citekb.resolve import Canon, resolve

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
latexish = st.lists(st.sampled_from(list("ab Z{}\\$^_~'\"`=.,-&%#@uvHckrd0123\n") + ["\\'", "\\\"", "{\\", "$\\alpha$"]),
                    max_size=60).map("".join)


@SETTINGS
@given(text)
def test_normalizers_never_raise_and_are_idempotent(value):
    for f in (nz.doi, nz.arxiv, nz.isbn):
        once = f(value)
        assert once is None or f(once) == once
    assert nz.fold(nz.fold(value)) == nz.fold(value)
    assert nz.year(value) is None or 1000 <= nz.year(value) <= 9999


@SETTINGS
@given(latexish)
def test_latex_to_text_never_raises_and_leaves_no_braces(value):
    out = nz.latex_to_text(value)
    assert "{" not in out and "}" not in out
    assert out == out.strip()


@SETTINGS
@given(st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, blacklist_characters="\\{}$~^_%&#"), max_size=60))
def test_fold_of_full_width_equals_fold_of_ascii(ascii_text):
    # LaTeX's special characters are left out: an ASCII backslash starts a macro, a full-width one is text
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in ascii_text)  # U+FF01..U+FF5E mirror ASCII 0x21..0x7E
    assert nz.fold(full_width) == nz.fold(ascii_text)


@SETTINGS
@given(st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ éüÅ", min_size=1, max_size=40))
def test_fold_ignores_case_and_accents(value):
    stripped = "".join(c for c in unicodedata.normalize("NFD", value) if not unicodedata.combining(c))
    assert nz.fold(value.upper()) == nz.fold(value.lower()) == nz.fold(stripped.lower())


@SETTINGS
@given(st.integers(1, 9999), st.text("abcdefghijklmnopqrstuvwxyz0123456789.-()/", min_size=1, max_size=30))
def test_doi_forms_agree(prefix, suffix):
    raw = f"10.{prefix:04d}/{suffix}"
    assume(not raw.endswith("."))
    canonical = nz.doi(raw)
    assert canonical is not None
    assert nz.doi("https://doi.org/" + raw.upper()) == canonical == nz.doi("doi: " + raw)


@SETTINGS
@given(st.integers(15, 29), st.integers(1, 12), st.integers(0, 99999), st.integers(1, 9))
def test_arxiv_versions_and_prefixes_agree(yy, mm, number, version):
    raw = f"{yy:02d}{mm:02d}.{number:05d}"
    assert nz.arxiv(raw) == nz.arxiv(f"arXiv:{raw}v{version}") == nz.arxiv(f"https://arxiv.org/abs/{raw}") == raw


@SETTINGS
@given(st.text("0123456789", min_size=9, max_size=9))
def test_isbn10_and_its_isbn13_agree(digits):
    check = (11 - sum((10 - i) * int(c) for i, c in enumerate(digits)) % 11) % 11
    isbn10 = digits + ("X" if check == 10 else str(check))
    isbn13 = nz.isbn(isbn10)
    assert isbn13 is not None and nz.isbn(isbn13) == isbn13 and nz.isbn(isbn13[:3] + "-" + isbn13[3:]) == isbn13


WORDS = ["sparse", "attention", "graph", "robust", "efficient", "language", "vision", "scaling", "open",
         "diffusion", "causal", "federated", "kernel", "bandit", "quantum", "protein", "speech", "memory"]
FAMILIES = ["Müller", "García", "Smith", "Zhang", "Okafor", "Rossi", "Novák", "Yamada", "Kowalski", "Dubois"]


@st.composite
def works(draw):
    n = draw(st.integers(2, 6))
    out = []
    for i in range(n):
        title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=9))).capitalize() + f" {i}"
        authors = draw(st.lists(st.sampled_from(FAMILIES), min_size=1, max_size=4, unique=True))
        year = draw(st.integers(1990, 2025))
        out.append((f"w{i}", title, authors, year))
    return out


@SETTINGS
@given(works(), st.data())
def test_a_reference_built_from_a_work_resolves_to_that_work(entries, data):
    bib = "\n".join(f"@misc{{{k}, author = {{{' and '.join(a + ', Jo' for a in au)}}}, title = {{{t}}}, "
                    f"year = {{{y}}}, url = {{https://example.org/{k}}}}}" for k, t, au, y in entries)
    loaded, problems, _ = load_bibtex(bib, "canon.bib")
    assert not problems
    canon = Canon(tuple(loaded))
    key, title, authors, year = data.draw(st.sampled_from(entries))
    style = data.draw(st.sampled_from(["apa", "quoted"]))
    names = ", ".join(f"{a}, J." for a in authors)
    text = f"{names} ({year}). {title}. Example Press." if style == "apa" else f'{names}, "{title}," {year}.'
    ref = Reference("1", Location("doc.md", 1), parse_reference(text))
    work, how, _ = resolve(canon, ref)
    assert work is not None and work.key == key, (text, how)


bib_chunks = st.sampled_from(["@misc{k,", "@article{", "title = {", "}", "{", "\"", ",", " = ", "\n", "@string{s = {x}}",
                              "@comment{", "% c\n", "author = {A and B}", "year = 2020", "#", "s", "@preamble{\"x\"}",
                              "\\'e", "$x$", "\r\n", "\ufeff", "\x00", "é", "@", "(", ")"])


@SETTINGS
@given(st.lists(bib_chunks, max_size=40).map("".join))
def test_random_bibtex_never_raises_and_problems_are_located_in_the_file(text):
    works, problems, _ = load_bibtex(text, "f.bib")
    n_lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for p in problems:
        assert 0 <= p.location.line <= n_lines
    for w in works:
        assert 1 <= w.location.line <= n_lines


@SETTINGS
@given(st.lists(bib_chunks, max_size=40).map("".join))
def test_fmt_of_random_bibtex_is_stable_or_refused(text):
    try:
        once = format_bibtex(text, "f.bib")
    except Unformattable:
        return
    assert format_bibtex(once, "f.bib") == once


yaml_chunks = st.sampled_from(["id: x\n", "a: 1\n", "- ", "  ", "&a ", "*a", "[", "]", "{", "}", ": ", "\n",
                               "!!python/object:os.system ", "!tag ", "'", "\"", "#c\n", "---\n", "<<: *a\n", "\t",
                               "? ", "b", "2023-01-01", "~", "|\n", ">-\n", "é", "\x00", "\ufeff"])


@SETTINGS
@given(st.lists(yaml_chunks, max_size=40).map("".join))
def test_random_yaml_never_raises_and_problems_are_located_in_the_file(text):
    _, problems = load_yaml(text, "f.yaml")
    for p in problems:
        assert 0 <= p.location.line <= text.count("\n") + 2


@SETTINGS
@given(st.lists(yaml_chunks, max_size=30).map("".join))
def test_fmt_of_random_yaml_is_stable_or_refused(text):
    try:
        once = format_yaml(text, "kb/models/x.yaml")
    except Unformattable:
        return
    assert format_yaml(once, "kb/models/x.yaml") == once


@pytest.mark.parametrize("written,plain", [("Łukasz Kaiser", "Lukasz Kaiser"), ("Søren Kierkegaard", "Soren Kierkegaard"),
                                           ("Đorđe", "Dorde"), ("Æsir", "Aesir"), ("Straße", "Strasse")])
def test_fold_reads_letters_without_combining_marks_as_their_plain_letters(written, plain):
    # NFD leaves ł, ø, đ, æ whole; a reference that writes the name without the diacritic is the same name
    assert nz.fold(written) == nz.fold(plain)

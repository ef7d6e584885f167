"""Each matching threshold of data/thresholds.toml, with a case on both sides of it."""
from __future__ import annotations

from types import SimpleNamespace

from rapidfuzz import fuzz

from citekb import data
from citekb import normalize as nz
from citekb.checks.rules import attribution as at
from citekb.load.bibtex import load_bibtex
from citekb.resolve import Canon
from citekb.sources.compare import title_matches

BIB = ("@inproceedings{ho2020denoising, author = {Ho, Jonathan}, title = {Denoising Diffusion Probabilistic Models},"
       " year = 2020, introduces = {DDPM}}\n"
       "@misc{short2020, author = {Short, Sam}, title = {Deep Nets}, year = 2020}\n")
WORKS = load_bibtex(BIB, "canon.bib")[0]
CANON = Canon(tuple(WORKS))


def _spaceless(a: str, b: str) -> float:
    return fuzz.ratio(nz.fold(a).replace(" ", ""), nz.fold(b).replace(" ", ""))


def test_same_title_passes_a_typo_and_fails_a_changed_word():
    same = data.threshold("title", "same")
    work = WORKS[0]
    typo, changed = "Denoising Difusion Probabilistic Models", "Denoising Diffusion Probabilistic Methods"
    assert _spaceless(typo, work.title) >= same > _spaceless(changed, work.title)
    assert title_matches(typo, work) and not title_matches(changed, work)


def test_fuzzy_title_matches_above_the_score_and_not_below():
    fuzzy = data.threshold("title", "fuzzy")
    close, far = "Denoising Diffusion Probabilistic Model", "Denoising Diffusion Implicit Models"
    assert fuzz.ratio(nz.fold(close), nz.fold(WORKS[0].title)) >= fuzzy > fuzz.ratio(nz.fold(far), nz.fold(WORKS[0].title))
    assert CANON.by_title_text(close)[0] is WORKS[0]
    assert CANON.by_title_text(far)[0] is None


def test_titles_shorter_than_the_minimum_never_match_fuzzily():
    assert len(nz.fold("Deep Net")) < data.threshold("title", "fuzzy_min_length")
    assert CANON.by_title_text("Deep Net")[0] is None  # one letter from "Deep Nets", but too short to trust
    assert CANON.by_title_text("Deep Nets")[0] is WORKS[1]  # exact titles of any length match


def test_a_quoted_title_belongs_to_a_citation_within_reach():
    reach = data.threshold("attribution", "quote_reach")
    near = SimpleNamespace(left="“Denoising Diffusion Probabilistic Models”" + " " * reach, right="")
    far = SimpleNamespace(left="“Denoising Diffusion Probabilistic Models”" + " " * (reach + 1), right="")
    assert at.nearest_title(near) == "Denoising Diffusion Probabilistic Models"
    assert at.nearest_title(far) is None


def test_a_passive_credit_reaches_back_a_few_words():
    reach = data.threshold("attribution", "passive_reach")

    def cite(n_words: int):
        return SimpleNamespace(left="DDPM " + "very " * n_words + "was proposed by ", right="")

    assert at.credited_concept(cite(reach), CANON) is not None  # the name, then `reach` words, then the verb
    assert at.credited_concept(cite(reach + 1), CANON) is None


def test_other_title_tells_a_subtitle_from_another_paper():
    limit = data.threshold("identifier", "other_title")
    title = "Learned routers for sparse experts"
    subtitle, other = "Learned routers for sparse experts: extended version", "Distilling experts into dense students"
    assert fuzz.token_set_ratio(nz.fold(title), nz.fold(subtitle)) >= limit > fuzz.token_set_ratio(nz.fold(title), nz.fold(other))

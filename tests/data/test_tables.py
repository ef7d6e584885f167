"""Every row of the package's data tables (src/citekb/data/*.toml) has a case that exercises it."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from citekb import data
from citekb.checks.rules import attribution as at
from citekb.sources.compare import venue_families, venue_family

HERE = Path(__file__).parent
VENUE_CASES = yaml.safe_load((HERE / "venues.yaml").read_text(encoding="utf-8"))
VERB_FORMS = yaml.safe_load((HERE / "attribution.yaml").read_text(encoding="utf-8"))["verbs"]


def test_every_venue_family_has_cases_and_every_case_names_a_family():
    names = [name for name, _ in data.venues()]
    assert len(names) == len(set(names))
    assert set(VENUE_CASES) - {None} == set(names)


@pytest.mark.parametrize("family,text", [(f, t) for f, texts in VENUE_CASES.items() for t in texts])
def test_venue_text_reads_as_its_family(family, text):
    assert venue_family(text) == family, venue_families(text)


def test_every_verb_has_a_case():
    assert set(VERB_FORMS["en"]) == set(data.words("verbs", "en"))
    assert set(VERB_FORMS["zh"]) == set(data.words("verbs", "zh"))


@pytest.mark.parametrize("form", sorted(VERB_FORMS["en"].values()))
def test_english_verbs_credit_actively_and_passively(form):
    assert at.ACTIVE.match(f" {form} the Transformer")
    assert at.PASSIVE.search(f"the Transformer was {form} by ")
    assert not at.ACTIVE.match(f" used the Transformer, which someone {form}")


@pytest.mark.parametrize("verb", data.words("verbs", "zh"))
def test_chinese_verbs_credit_actively_and_passively(verb):
    assert at.ACTIVE.match(f"{verb}了 Transformer")
    assert at.ZH_VERB_AFTER.match(verb) and at.PASSIVE_ZH.search("Transformer 由")


@pytest.mark.parametrize("lead", data.words("leads", "en") + data.words("leads", "zh"))
def test_lead_words_may_stand_between_citation_and_verb(lead):
    assert at.ACTIVE.match(f", {lead} proposed the Transformer")
    assert at.ACTIVE.match(f"{lead}提出")


@pytest.mark.parametrize("head", data.words("heads", "en") + data.words("heads", "zh"))
def test_head_nouns_may_stand_between_contribution_and_citation(head):
    left = f"the Transformer {head} "
    assert at.ADJACENT.search(left).start() == len("the Transformer")
    assert at.ADJACENT.search("the Transformer was fast ").start() == len("the Transformer was fast")


@pytest.mark.parametrize("aux", data.words("passive", "en"))
def test_english_passive_auxiliaries(aux):
    m = at.PASSIVE.search(f"the Transformer {aux} proposed by ")
    assert m and m.start() == len("the Transformer ")


@pytest.mark.parametrize("word", data.words("passive", "zh"))
def test_chinese_passive_openers(word):
    m = at.PASSIVE_ZH.search(f"Transformer {word}由")
    assert m and m.group(0).startswith(word)


@pytest.mark.parametrize("word", data.words("referents", "zh"))
def test_chinese_passive_referents(word):
    assert at.PASSIVE_ZH.search(f"Transformer 由{word}").group(0) == f"由{word}"


@pytest.mark.parametrize("word", data.words("adverbs", "zh"))
def test_chinese_adverbs_before_the_verb(word):
    assert at.ZH_VERB_AFTER.match(f"{word}提出") and not at.ZH_VERB_AFTER.match(f"{word}使用")

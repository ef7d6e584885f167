"""Walkthrough pages of reviewed documents: sections from locators, verdicts computed from the claims' evidence."""
from __future__ import annotations

import datetime as dt
import re
import shutil

import yaml

from citekb import api
from citekb.site.article_review import section_of
from citekb.site.render import render_all

from conftest import FIXTURE, ROOT

TODAY = dt.date(2026, 11, 24)
SEED = "seed-open-closed-commercialization"


def _pages(root):
    result = api.check(root, today=TODAY)
    return render_all(result.kb, result.graph, result.diagnostics)[0]


def _fixture_with(tmp_path, claims):
    """The fixture KB with the blog-post review taking the given claim positions."""
    root = tmp_path / "kb-copy"
    shutil.copytree(FIXTURE, root)
    path = root / "kb" / "reviews" / "blog-post.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["claims"] = claims
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return _pages(root)


def _verdicts(text: str) -> list[str]:
    return re.findall(r"Verdict · 结论: :material-[a-z-]+: \*\*([^*]+)\*\*", text)


def test_fixture_review_gets_a_walkthrough_linked_from_the_index():
    pages = _pages(FIXTURE)
    text = pages["reviews/walkthrough/blog-post.md"]
    # closed-leads-at-release has supporting evidence and the post asserts it.
    assert _verdicts(text) == ["supported"]
    assert "](../../claims/closed-leads-at-release.md)" in text
    assert "](../reviews/walkthrough/blog-post.md)" in pages["reviews/index.md"]


def test_denying_a_supported_claim_is_contradicted_and_a_missing_claim_has_no_evidence(tmp_path):
    pages = _fixture_with(tmp_path, [
        {"claim": "closed-leads-at-release", "position": "denies", "locator": "section 2 (背景), sentence 1"},
        {"claim": "no-such-claim", "position": "asserts", "locator": "section 1, sentence 3"},
    ])
    text = pages["reviews/walkthrough/blog-post.md"]
    assert _verdicts(text) == ["no evidence in the KB", "contradicted"]  # section 1 comes before section 2
    assert '## Section 2 <span lang="zh">背景</span>' in text
    # The evidence that supports the claim is listed as evidence against the document.
    assert "Against it (1):" in text and "For what the document says" not in text


def test_sections_sort_numerically_and_other_locators_keep_their_order():
    assert section_of("section 10.2, item 1", 0).order > section_of("section 9.3", 1).order
    assert section_of("section 8.1 (研究成果总结), sentence 2", 0).title == "研究成果总结"
    first, second = section_of("opening section, paragraph 2", 0), section_of("closing remarks", 1)
    assert (first.key, second.key) == ("opening section", "closing remarks") and first.order < second.order


def test_every_proposition_of_the_business_sections_of_the_second_seed_has_a_verdict():
    review = yaml.safe_load((ROOT / "kb" / "reviews" / f"{SEED}.yaml").read_text(encoding="utf-8"))
    wanted = [p for p in review["claims"] if re.match(r"section (2|3\.3|8|9)\b", p["locator"])]
    assert len(wanted) >= 40
    text = _pages(ROOT)[f"reviews/walkthrough/{SEED}.md"]
    for sec in ("2.1", "2.2", "2.3", "3.3", "8.1", "8.2", "8.3", "8.4", "9.1", "9.2", "9.3"):
        assert f"## Section {sec.replace('.', chr(92) + '.')}" in text, sec
    verdicts = _verdicts(text)
    assert len(verdicts) == len(review["claims"])
    assert set(verdicts) <= {"supported", "contradicted", "contested", "qualified only", "no evidence in the KB"}
    # The article's slip about GPT-3 shows as a disagreement with the KB's access record.
    assert re.search(r"\[GPT\\-3[^]]*\]\(\.\./\.\./models/gpt-3\.md\) \| openness \| open \| closed \| :material-close-circle: \*\*disagrees\*\*", text)


def test_curator_text_is_escaped_on_the_walkthrough(tmp_path):
    pages = _fixture_with(tmp_path, [{"claim": "closed-leads-at-release", "position": "asserts",
                                      "locator": "section 1 (<script>x</script>)",
                                      "note": '<img src=x onerror="alert(1)">'}])
    text = pages["reviews/walkthrough/blog-post.md"]
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text and "&lt;img" in text

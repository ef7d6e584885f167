"""A reviewed document walked through section by section: each proposition beside the KB's verdict and evidence.

The curator records what the document asserts (claim positions and assertions, each with a locator);
nothing here is typed in. A position's verdict comes from the stances of its claim's evidence, turned
round when the document denies the claim; an assertion's verdict is the checker's own comparison
(rule A401). Sections come from the locators: `section 8.1 (title), sentence 2` files the proposition
under 8.1, and any other locator under the text before its first comma.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..checks.rules.assertions import agrees, kb_value
from ..graph.build import node_id
from ..model import Record
from ..paths import link, page_path, slug
from .context import SiteContext
from .refs import short_label
from .text import attr, cell, front_matter, md, plural, table

INDEX = "reviews/index.md"
# Labels in English and Chinese: the reviewed documents are often Chinese, and so are their readers.
VERDICTS = {
    "supported": ("supported", "有证据支持", "the KB's evidence backs what the document says"),
    "contradicted": ("contradicted", "与证据相反", "the KB's evidence goes against what the document says"),
    "contested": ("contested", "证据不一", "the KB holds evidence both for and against"),
    "qualified": ("qualified only", "仅有限定性证据", "the KB's evidence only limits or conditions the point"),
    "none": ("no evidence in the KB", "知识库中无证据", "the KB holds no evidence on this proposition"),
}
ASSERTION_VERDICTS = {"agrees": ("agrees", "一致"), "disagrees": ("disagrees", "不一致"),
                      "unchecked": ("not checkable", "无法核对")}
# The theme's own icons (Material's bundled SVGs, via pymdownx.emoji), beside the words they stand for.
ICONS = {"supported": "check-circle", "agrees": "check-circle", "contradicted": "close-circle",
         "disagrees": "close-circle", "contested": "scale-balance", "qualified only": "minus-circle",
         "no evidence in the KB": "help-circle", "not checkable": "help-circle"}
_SECTION = re.compile(r"^\s*section\s+(\d+(?:\.\d+)*)\s*(?:\(([^)]*)\))?", re.IGNORECASE)


def walkthrough_path(review_id: str) -> str:
    # A subfolder: review ids cannot contain '/', so no review page can take this path.
    return f"reviews/walkthrough/{slug(review_id)}.md"


@dataclass(frozen=True)
class Section:
    key: str             # '8.1', or the locator text before its first comma
    order: tuple         # numbered sections first, in numeric order; the rest as they appear
    title: str = ""


def section_of(locator: str | None, seen: int) -> Section:
    text = str(locator or "").strip()
    m = _SECTION.match(text)
    if m:
        return Section(m.group(1), (0, tuple(int(p) for p in m.group(1).split("."))), (m.group(2) or "").strip())
    head = text.split(",")[0].strip() or "no locator"
    return Section(head, (1, (seen,)))


def position_verdict(claim: Record | None, position: str) -> tuple[str, list, list, list]:
    """(verdict, evidence for the document, evidence against it, qualifying evidence)."""
    evidence = list(claim.get("evidence") or ()) if claim is not None else []
    backs, against, qualifying = [], [], []
    for item in evidence:
        stance = item.get("stance")
        if stance == "qualifies":
            qualifying.append(item)
        elif (stance == "supports") == (position != "denies"):
            backs.append(item)
        elif stance in ("supports", "contradicts"):
            against.append(item)
    if backs and against:
        verdict = "contested"
    elif backs or against:
        verdict = "supported" if backs else "contradicted"
    else:
        verdict = "qualified" if qualifying else "none"
    return verdict, backs, against, qualifying


def assertion_verdict(ctx: SiteContext, a) -> tuple[str, str | None]:
    subject = ctx.kb.entity(str(a.get("subject", "")))
    if subject is None:
        return "unchecked", None
    actual, _ = kb_value(ctx.kb, subject, str(a.get("property", "")))
    if actual is None:
        return "unchecked", None
    return ("agrees" if agrees(str(a["property"]), str(a.get("value", "")), actual, ctx.kb) else "disagrees"), str(actual)


def _label(pair: tuple[str, str]) -> str:
    icon = f":material-{ICONS[pair[0]]}: " if pair[0] in ICONS else ""
    return f'{icon}**{md(pair[0])}** · <span lang="zh">{md(pair[1])}</span>'


def _evidence(ctx: SiteContext, path: str, heading: str, items: list) -> str:
    if not items:
        return ""
    lines = [f"    - {heading} ({len(items)}):"]
    for item in items:
        key = str(item.get("cite", ""))
        work = ctx.kb.work_by_key.get(key)
        ref = f"[{md(short_label(work))}]({link(path, page_path('work', key))})" if work else f"{md(key)} *(not in the references)*"
        where = f" ({md(item['locator'])})" if item.get("locator") else ""
        note = f": {md(item['note'])}" if item.get("note") else ""
        lines.append(f"        - {ref}{where}{note}")
    return "\n".join(lines) + "\n"


def _position_block(ctx: SiteContext, path: str, p) -> tuple[str, str]:
    claim_id = str(p.get("claim", ""))
    claim = ctx.kb.get("claim", claim_id)
    position = str(p.get("position", "asserts"))
    verdict, backs, against, qualifying = position_verdict(claim, position)
    english, chinese, _ = VERDICTS[verdict]
    where = md(p.get("locator")) if p.get("locator") else "no locator"
    note = f" {md(p.get('note'))}" if p.get("note") else ""
    lines = [f"- *{where}*: the document **{md(position)}** {ctx.node_link(path, node_id('claim', claim_id))}.{note}",
             f"    - Verdict · 结论: {_label((english, chinese))}"]
    if claim is not None:
        lines.append(f"    - KB claim: favours *{md(claim.get('favours'))}*, strength {cell(claim.get('strength'))}, "
                     f"evidence as of {cell(claim.get('as_of'))}.")
    block = "\n".join(lines) + "\n" + _evidence(ctx, path, "For what the document says", backs)
    block += _evidence(ctx, path, "Against it", against) + _evidence(ctx, path, "Qualifying", qualifying)
    return verdict, block


def _assertion_rows(ctx: SiteContext, path: str, items) -> tuple[Counter, str]:
    counts, rows = Counter(), []
    for a in items:
        verdict, actual = assertion_verdict(ctx, a)
        counts[verdict] += 1
        subject = str(a.get("subject"))
        entity = ctx.kb.entity(subject)
        node = node_id(entity.kind if entity else "model", subject)
        rows.append([ctx.node_link(path, node), md(a.get("property")), md(a.get("value")), cell(actual),
                     _label(ASSERTION_VERDICTS[verdict])])
    header = ["Subject · 对象", "Property · 属性", "The document says · 原文", "The KB says · 知识库", "Verdict · 结论"]
    return counts, table(header, rows) + "\n" if rows else ""


def _sections(review: Record) -> list[tuple[Section, list, list]]:
    found: dict[str, tuple[Section, list, list]] = {}
    for kind, items in (("claims", review.get("claims") or ()), ("assertions", review.get("assertions") or ())):
        for item in items:
            sec = section_of(item.get("locator"), len(found))
            entry = found.setdefault(sec.key, (sec, [], []))
            if sec.title and not entry[0].title:
                entry = found[sec.key] = (sec, entry[1], entry[2])
            (entry[1] if kind == "claims" else entry[2]).append(item)
    return sorted(found.values(), key=lambda e: e[0].order)


def _title(review: Record) -> str:
    lang = str(review.get("language") or "")
    text = md(review.get("title") or review.id)  # span content is still Markdown: escape it as such
    return f'<span lang="{attr(lang)}">{text}</span>' if lang and lang != "en" else md(review.get("title") or review.id)


def _legend() -> str:
    rows = [[_label((e, c)), md(meaning)] for e, c, meaning in VERDICTS.values()]
    return table(["Verdict · 结论", "Meaning"], rows) + "\n"


def walkthrough_page(ctx: SiteContext, review: Record) -> tuple[str, str]:
    path = walkthrough_path(review.id)
    verdicts: Counter = Counter()
    agreement: Counter = Counter()
    body = []
    for sec, positions, assertions in _sections(review):
        heading = f"Section {sec.key}" if sec.order[0] == 0 else sec.key
        title = f' <span lang="{attr(review.get("language") or "zh")}">{md(sec.title)}</span>' if sec.title else ""
        body.append(f"## {md(heading)}{title}\n\n")
        for p in positions:
            verdict, block = _position_block(ctx, path, p)
            verdicts[verdict] += 1
            body.append(block)
        if positions:
            body.append("\n")
        if assertions:
            counts, text = _assertion_rows(ctx, path, assertions)
            agreement.update(counts)
            body.append("What the document says about models and tools in this section:\n\n" + text)
    summary = ", ".join(f"{verdicts[k]} {VERDICTS[k][0]}" for k in VERDICTS if verdicts[k]) or "none"
    checked = f"{agreement['agrees']} agree with the KB, {agreement['disagrees']} disagree"
    desc = (f"Section-by-section fact-check of {review.get('title') or review.id}: "
            f"{plural(sum(verdicts.values()), 'proposition')} ({summary}); assertions: {checked}.")
    parts = [front_matter(f"Walkthrough: {review.get('title') or review.id}", desc[:300], tags=["review"]),
             f"# Walkthrough · 逐节核查: {_title(review)}\n\n",
             f"[Reviewed documents]({link(path, INDEX)}) › [{md(review.id)}]({link(path, page_path('review', review.id))}) "
             "› walkthrough\n\n",
             f"**{plural(sum(verdicts.values()), 'proposition')}** taken up by the KB ({md(summary)}); "
             f"of {plural(sum(agreement.values()), 'assertion')} about models and tools, {md(checked)}.\n\n",
             _legend(), *body]
    if review.get("notes"):
        parts.append(f"## Notes · 备注\n\n{md(review.get('notes'))}\n")
    return path, "".join(parts)


def walkthrough_pages(ctx: SiteContext) -> dict[str, str]:
    """A walkthrough for every review that takes a position on at least one claim."""
    return dict(walkthrough_page(ctx, r) for r in ctx.kb.of("review") if r.get("claims"))


def index_section(ctx: SiteContext) -> str:
    """The list appended to the reviews index, so that each walkthrough is one click away."""
    reviews = sorted((r for r in ctx.kb.of("review") if r.get("claims")), key=lambda r: r.id)
    if not reviews:
        return ""
    lines = ["\n## Section-by-section walkthroughs · 逐节核查\n\n"]
    for r in reviews:
        counts = Counter(position_verdict(ctx.kb.get("claim", str(p.get("claim", ""))), str(p.get("position")))[0]
                         for p in r.get("claims") or ())
        summary = ", ".join(f"{counts[k]} {VERDICTS[k][0]}" for k in VERDICTS if counts[k])
        lines.append(f"- [{_title(r)}]({link(INDEX, walkthrough_path(r.id))}): {md(summary)}\n")
    return "".join(lines)

"""Share of first-party sources behind model facts in kb/models (issue 15, section 5).

A *fact* is one sourced field of a model record: released, access, parameters, license, weights,
context_window, and each pricing / quantized item, lifecycle and license_terms. Its source is its
own `source:` or, failing that, the record-level `source:`. A source is

- first-party: a BibTeX key (a paper or report in references/), or a URL on the developer's own
  site, its own GitHub or Hugging Face organization, a licence text's home, arXiv or a standards
  body (FIRST_PARTY_HOSTS / FIRST_PARTY_OWNERS below); for a pricing item, also the hosting
  provider's own price or model page (HOST_PRICE_PAGES);
- aggregator: a URL whose host is on the shipped list src/citekb/data/aggregators.txt;
- other: anything else (printed, so a reviewer can classify it).

Run: python scripts/source_share.py [kb/models]
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
FACTS = ("released", "access", "parameters", "license", "weights", "context_window", "lifecycle",
         "license_terms")
LISTS = ("pricing", "quantized", "snapshots")
FIRST_PARTY_HOSTS = {
    "openai.com", "platform.openai.com", "developers.openai.com", "platform.claude.com", "claude.com", "cdn.openai.com", "anthropic.com", "docs.anthropic.com",
    "docs.claude.com", "assets.anthropic.com", "ai.google.dev", "deepmind.google", "blog.google",
    "developers.generativeai.google", "ai.googleblog.com", "research.google", "cloud.google.com",
    "ai.meta.com", "llama.meta.com", "llama.com", "ai.facebook.com", "dl.fbaipublicfiles.com",
    "mistral.ai", "docs.mistral.ai", "legal.mistral.ai", "deepseek.com", "api-docs.deepseek.com",
    "qwenlm.github.io", "qwen.ai", "alibabacloud.com", "moonshot.ai", "platform.moonshot.ai",
    "x.ai", "docs.x.ai", "microsoft.com", "azure.microsoft.com", "nvidia.com", "developer.nvidia.com",
    "build.nvidia.com", "allenai.org", "ibm.com", "cohere.com", "docs.cohere.com", "stability.ai",
    "databricks.com", "tii.ae", "falconllm.tii.ae", "zhipuai.cn", "z.ai", "docs.z.ai", "bigcode-project.org",
    "minimax.io", "minimaxi.com", "eleuther.ai", "apache.org", "opensource.org", "spdx.org",
    "creativecommons.org", "arxiv.org", "doi.org", "bigscience.huggingface.co", "segment-anything.com",
    "developers.googleblog.com", "help.openai.com",
}
# Organizations' own accounts on code and model hosts: github.com/<owner>, huggingface.co/<owner>.
FIRST_PARTY_OWNERS = {
    "openai", "meta-llama", "facebookresearch", "google", "google-research", "google-deepmind",
    "google-t5", "qwenlm", "qwen", "deepseek-ai", "mistralai", "tiiuae", "stabilityai", "allenai",
    "eleutherai", "microsoft", "databricks", "cohereforai", "coherelabs", "01-ai", "thudm", "zai-org",
    "xai-org", "nvidia", "moonshotai", "bigcode", "bigscience", "kingoflolz", "ibm-granite",
    "minimax-ai", "anthropics", "bigcode-project", "apple", "tencent", "tencent-hunyuan", "baidu", "bytedance-seed",
    "stability-ai", "nvidia-nemo", "openmdw",
}
CODE_HOSTS = {"github.com", "huggingface.co", "raw.githubusercontent.com"}
# Hosting providers' own price and model pages: first-party for the price they charge (a pricing fact),
# not for facts about the model itself.
HOST_PRICE_PAGES = {
    "developers.cloudflare.com", "console.groq.com", "groq.com", "together.ai", "docs.together.ai",
    "fireworks.ai", "docs.fireworks.ai", "deepinfra.com", "docs.aws.amazon.com", "aws.amazon.com",
}


def aggregators() -> set[str]:
    path = ROOT / "src" / "citekb" / "data" / "aggregators.txt"
    if not path.is_file():
        return set()
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _on(host: str, domains: set[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def classify(source: str, aggs: set[str], field: str = "") -> str:
    if not source.startswith(("http://", "https://")):
        return "first-party"  # a BibTeX key: the paper or report itself
    host = _host(source)
    if _on(host, aggs):
        return "aggregator"
    if field.startswith("pricing") and _on(host, HOST_PRICE_PAGES):
        return "first-party"
    if host in CODE_HOSTS:
        parts = [p for p in urlsplit(source).path.split("/") if p]
        if parts and parts[0] == "spaces":
            parts = parts[1:]
        return "first-party" if parts and parts[0].lower() in FIRST_PARTY_OWNERS else "other"
    return "first-party" if _on(host, FIRST_PARTY_HOSTS) else "other"


def facts(data: dict):
    default = data.get("source")
    for name in FACTS:
        value = data.get(name)
        if value is None:
            continue
        own = value.get("source") if isinstance(value, dict) else None
        yield name, own or default
    for name in LISTS:
        for i, item in enumerate(data.get(name) or ()):
            yield f"{name}.{i}", (item.get("source") if isinstance(item, dict) else None) or default


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else ROOT / "kb" / "models"
    aggs = aggregators()
    counts: Counter = Counter()
    others: Counter = Counter()
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, source in facts(data):
            if not source:
                counts["unsourced"] += 1
                continue
            kind = classify(str(source), aggs, name)
            counts[kind] += 1
            if kind != "first-party":
                others[(kind, _host(str(source)) or str(source))] += 1
    sourced = sum(v for k, v in counts.items() if k != "unsourced")
    share = counts["first-party"] / sourced if sourced else 0.0
    print(f"model facts with a source: {sourced} (unsourced: {counts['unsourced']})")
    for kind in ("first-party", "aggregator", "other"):
        print(f"  {kind}: {counts[kind]}")
    print(f"first-party share: {share:.1%}")
    for (kind, host), n in sorted(others.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"    {kind:10} {n:3} {host}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

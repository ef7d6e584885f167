"""Broken and hostile input: every case gives a located message and exit 1, never a traceback, in
bounded time, and the good entry or record next to the bad one is still loaded and checked.

Each case runs the real CLI in a subprocess on a small repository built from tests/hardening/corpus/.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citekb.kb import load_kb
from citekb.load.bibcache import Cache
from hardening_helpers import CANARY_ORG, CORPUS, findings, messages, run_cli
from citekb.load.persons import work_authors

# file -> (expected (code, line) findings in that file, line of the canary entry's R102 finding)
BIB_CASES = {
    "unbalanced_braces.bib": ({("L001", 1)}, 11),
    "missing_comma.bib": ({("L001", 2)}, 12),
    "duplicate_key.bib": ({("L002", 8)}, 19),
    "duplicate_field.bib": ({("L003", 1)}, 13),
    "string_preamble_comment.bib": (set(), 20),
    "non_utf8.bib": ({("L007", 2)}, 12),
    "bom.bib": (set(), 12),
    "crlf.bib": (set(), 12),
    "mixed_endings.bib": (set(), 12),
    "latex_titles.bib": (set(), None),
}


def _bib_repo(tmp_path: Path, name: str) -> Path:
    (tmp_path / "references").mkdir()
    shutil.copy(CORPUS / "bib" / name, tmp_path / "references" / name)
    return tmp_path


@pytest.mark.parametrize("name", sorted(BIB_CASES))
def test_bad_bibtex_is_located_and_the_rest_is_checked(tmp_path, name):
    expected, canary_line = BIB_CASES[name]
    proc = run_cli("check", str(_bib_repo(tmp_path, name)), "-f", "json", "--select", "L", "--select", "R102")
    found = {(code, line) for code, path, line in findings(proc) if path == f"references/{name}"}
    assert expected <= found
    assert {c for c, _ in found} - {"R102"} == {c for c, _ in expected}  # nothing else is reported
    if canary_line:
        assert ("R102", canary_line) in found  # the good entry next to the bad one was loaded and checked
    assert proc.returncode == (1 if expected or canary_line else 0)


def test_missing_comma_names_the_field_that_swallowed_the_next_one(tmp_path):
    proc = run_cli("check", str(_bib_repo(tmp_path, "missing_comma.bib")), "-f", "json", "--select", "L001")
    assert messages(proc, "L001") == ["field 'author' of 'nocomma2020': text follows its value "
                                      "('title = {Missing Comma After the Author}'); is a comma missing?"]


def test_strings_preambles_comments_bom_and_line_endings_load_correctly(tmp_path):
    for name in ("string_preamble_comment.bib", "bom.bib", "crlf.bib", "mixed_endings.bib", "latex_titles.bib"):
        shutil.copy(CORPUS / "bib" / name, (tmp_path / "references").mkdir(exist_ok=True) or tmp_path / "references")
    kb = load_kb(tmp_path, cache=Cache(None))
    works = kb.work_by_key
    assert works["macro2017"].fields["booktitle"] == "Advances in Neural Information Processing Systems"
    assert works["bom2021"].location.line == 1  # the BOM is not part of the first key
    assert (works["crlf2021"].location.line, works["mixed2021"].location.line) == (1, 1)
    assert works["accents2020"].title == "Naïve Café Æsthetics and α-β Pruning in O(n2) Time: Bold 𝒳 & Co."
    assert [p.family for p in work_authors(works["accents2020"])] == ["Müller", "Łukasz", "Schölkopf", "Erdős"]
    assert works["mathbomb2020"].title  # pathological LaTeX decodes to something, without raising
    assert not [p for p in kb.problems if p.code != "L007"]


def test_ten_thousand_authors(tmp_path):
    authors = " and ".join(f"Author{i:05d}, Given" for i in range(10_000))
    (tmp_path / "references").mkdir()
    (tmp_path / "references" / "big.bib").write_text(
        f"@misc{{crowd2020,\n  author = {{{authors}}},\n  title = {{A Paper With Ten Thousand Authors}},\n"
        f"  year = {{2020}},\n  url = {{https://example.org/crowd}}\n}}\n", encoding="utf-8")
    proc = run_cli("check", str(tmp_path), "-f", "json", "--select", "L", "--select", "R102", timeout=120)
    assert proc.returncode == 0 and findings(proc) == set()
    work = load_kb(tmp_path, cache=Cache(None)).works[0]
    assert len(work_authors(work)) == 10_000 and work_authors(work)[-1].family == "Author09999"


# YAML cases: file -> expected (code, line) findings; each file sits next to the canary organization.
YAML_CASES = {
    "syntax_error.yaml": {("L004", 4)},
    "duplicate_keys.yaml": {("L003", 6)},
    "wrong_types.yaml": {("L005", 2), ("L005", 3), ("L005", 5), ("L005", 6)},
    "unknown_fields.yaml": {("L005", 6), ("L005", 7)},
    "custom_tags.yaml": {("L004", 2)},
    "local_tag.yaml": {("L004", 2)},
    "alias_bomb.yaml": {("L004", 11)},
    "path_traversal_id.yaml": {("L005", 1)},
    "slash_id.yaml": {("L005", 1), ("L005", 6)},
    "deep_nesting.yaml": {("L004", 6)},
    "very_deep_nesting.yaml": {("L004", 6)},
    "bad_bytes.yaml": {("L007", 2)},
    "empty.yaml": {("L005", 1)},
    "not_a_mapping.yaml": {("L005", 1)},
    "multi_doc.yaml": {("L004", 3)},
    "tab_indent.yaml": {("L004", 5)},
    "control_char.yaml": {("L004", 2)},  # found by the fuzzer: PyYAML's reader raised before parsing
}


@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_bad_yaml_is_located_and_the_rest_is_checked(tmp_path, name):
    orgs = tmp_path / "kb" / "organizations"
    orgs.mkdir(parents=True)
    shutil.copy(CORPUS / "yaml" / name, orgs / name)
    (orgs / "canary.yaml").write_text(CANARY_ORG, encoding="utf-8")
    proc = run_cli("check", str(tmp_path), "-f", "json", "--select", "L", "--select", "K202")
    found = findings(proc)
    assert {(c, line) for c, p, line in found if p.endswith(name)} == YAML_CASES[name]
    assert ("K202", "kb/organizations/canary.yaml", 6) in found
    assert proc.returncode == 1


def test_yaml_messages_speak_the_curators_language(tmp_path):
    orgs = tmp_path / "kb" / "organizations"
    orgs.mkdir(parents=True)
    for name in ("wrong_types.yaml", "custom_tags.yaml", "not_a_mapping.yaml"):
        shutil.copy(CORPUS / "yaml" / name, orgs / name)
    proc = run_cli("check", str(tmp_path), "-f", "json", "--select", "L")
    text = "\n".join(messages(proc, "L005") + messages(proc, "L004"))
    assert "name: expected text, got a list" in text
    assert "tag '!!python/object/apply:os.system' is not allowed" in text
    assert "must hold one mapping, not a list" in text
    assert "LineList" not in text and "LineDict" not in text


def test_custom_tags_never_run_code(tmp_path):
    marker = Path("/tmp/citekb-pwned")
    marker.unlink(missing_ok=True)
    orgs = tmp_path / "kb" / "organizations"
    orgs.mkdir(parents=True)
    shutil.copy(CORPUS / "yaml" / "custom_tags.yaml", orgs / "custom_tags.yaml")
    run_cli("check", str(tmp_path))
    assert not marker.exists()


DOC_CASES = {
    "malformed.md": {("C301", 7)},
    "malformed.tex": {("C301", 6), ("C301", 7)},
    "malformed.txt": {("C302", 1)},
}


@pytest.mark.parametrize("name", sorted(DOC_CASES))
def test_malformed_citations_in_documents(tmp_path, name):
    proc = run_cli("check-doc", str(CORPUS / "docs" / name), "--canon", str(CORPUS / "docs" / "canon.bib"),
                   "-f", "json", cwd=tmp_path)
    found = {(code, line) for code, path, line in findings(proc)}
    assert DOC_CASES[name] <= found
    assert proc.returncode == 1


def test_bibliography_item_key_does_not_swallow_the_next_line(tmp_path):
    proc = run_cli("check-doc", str(CORPUS / "docs" / "malformed.tex"), "--canon", str(CORPUS / "docs" / "canon.bib"),
                   "-f", "json", cwd=tmp_path)
    assert not [m for m in messages(proc, "C303") if "thebibliography" in m]


@pytest.mark.slow
def test_a_200_mb_file_is_refused_with_a_located_message_in_bounded_memory(tmp_path):
    """Generated at test time (never committed). Peak RSS of the CLI is measured in a subprocess."""
    refs = tmp_path / "references"
    refs.mkdir()
    entry = ("@misc{{bulk{0},\n  author        = {{Doe, Jane and M{{\\\"u}}ller, J{{\\\"o}}rg}},\n"
             "  title         = {{Bulk Entry Number {0}}},\n  year          = {{2020}},\n"
             "  url           = {{https://example.org/{0}}}\n}}\n\n")
    with open(refs / "big.bib", "w", encoding="utf-8") as fh:
        written, i = 0, 0
        while written < 200 * 2**20:
            chunk = "".join(entry.format(n) for n in range(i, i + 10_000))
            fh.write(chunk)
            written, i = written + len(chunk), i + 10_000
    shutil.copy(CORPUS / "bib" / "bom.bib", refs / "small.bib")
    probe = ("import resource, subprocess, sys; p = subprocess.run([sys.executable, '-m', 'citekb', 'check', sys.argv[1],"
             " '-f', 'json', '--select', 'L', '--select', 'R102'], capture_output=True, text=True);"
             " sys.stdout.write(p.stdout); sys.stderr.write(p.stderr);"
             " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(p.returncode)")
    proc = run_cli_probe(probe, tmp_path)
    peak_kib = int(proc.stderr.strip().splitlines()[-1])
    assert peak_kib < 2 * 2**20  # 2 GiB
    found = findings(proc)
    assert ("L007", "references/big.bib", 1) in found
    assert ("R102", "references/small.bib", 12) in found  # the small file next to it is still checked
    assert "limited to 64 MiB" in " ".join(messages(proc, "L007"))
    assert proc.returncode == 1


def run_cli_probe(probe: str, repo: Path):
    import os
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", probe, str(repo)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CITEKB_CACHE_DIR": "off"})
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc

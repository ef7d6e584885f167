"""No silent pass: what citekb cannot or did not check is said, with a location and a non-zero exit
code; it is never an empty report and exit 0."""
from __future__ import annotations

import os
import shutil
import unicodedata

from hardening_helpers import CORPUS, findings, messages, run_cli
from kbtest import write_tree

BIB = ("@misc{doe2020work,\n  author = {Doe, Jane},\n  title = {A Work},\n  year = {2020},\n"
       "  doi = {not-a-doi}\n}\n")  # R102 on line 5: proves the file was read and checked


def test_check_in_a_subfolder_finds_the_repository_upwards(tmp_path):
    write_tree(tmp_path, {"references/a.bib": BIB, "kb/models/README.txt": "notes\n"})
    proc = run_cli("check", "-f", "json", "--select", "R102", cwd=tmp_path / "kb" / "models")
    assert findings(proc) == {("R102", "references/a.bib", 5)}
    assert proc.returncode == 1


def test_a_tree_with_no_references_and_no_kb_exits_2(tmp_path):
    (tmp_path / ".git").mkdir()  # the search upwards stops at the top of a work tree
    (tmp_path / "notes.md").write_text("nothing to check\n")
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 2
    assert "no references/ or kb/ folder here or above it, so there is nothing to check" in proc.stderr


def test_configured_folders_that_do_not_exist_exit_2(tmp_path):
    (tmp_path / "citekb.toml").write_text('references = "bib"\n')
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 2 and "neither bib/ nor kb/ exists, so there is nothing to check" in proc.stderr


def test_an_unknown_rule_selector_exits_2_naming_it(tmp_path):
    write_tree(tmp_path, {"references/a.bib": BIB})
    proc = run_cli("check", str(tmp_path), "--select", "R10l")
    assert proc.returncode == 2 and "unknown rule code or prefix 'R10l' in --select/--extend-select/--ignore" in proc.stderr
    proc = run_cli("check", str(tmp_path), "--ignore", "Z9")
    assert proc.returncode == 2 and "'Z9'" in proc.stderr


def test_an_unknown_rule_selector_in_the_config_exits_2_with_its_line(tmp_path):
    write_tree(tmp_path, {"references/a.bib": BIB, "citekb.toml": '# rules\nextend-select = ["R109", "R10l"]\n'})
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 2
    assert "citekb.toml:2: [tool.citekb] extend-select: unknown rule code or prefix 'R10l'" in proc.stderr


def test_parse_errors_in_canon_files_are_reported(tmp_path):
    (tmp_path / "canon.bib").write_text("@misc{broken,\n  title = {Unclosed\n\n@misc{fine2020, author = {A, B}, "
                                        "title = {Fine}, year = 2020}\n")
    (tmp_path / "doc.md").write_text("# T\n\nText [@fine2020].\n")
    proc = run_cli("check-doc", "doc.md", "--canon", "canon.bib", "-f", "json", cwd=tmp_path)
    assert ("L001", "canon.bib", 1) in findings(proc)
    assert proc.returncode == 1


def test_a_reference_list_is_never_cut_silently(tmp_path):
    refs = "".join(f"[{i}] Doe, J. (2020). Study number {i} of many things. Example Press.\n" for i in range(1, 10_003))
    (tmp_path / "doc.txt").write_text("Text [1].\n\nReferences\n" + refs)
    proc = run_cli("check-doc", "doc.txt", "-f", "json", "--canon", str(CORPUS / "docs" / "canon.bib"),
                   "--fail-on", "linkage", cwd=tmp_path, timeout=300)
    assert ("L007", "doc.txt", 10_004) in findings(proc)  # reference 10,001 is on line 10,004
    assert messages(proc, "L007") == ["the reference list has more than 10,000 entries; this entry and those "
                                      "after it were not checked"]
    assert proc.returncode == 1


def test_links_out_of_the_repository_and_fifos_are_reported_not_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.bib").write_text("@misc{secret2020, title = {Secret}, year = 2020}\n")
    repo = write_tree(tmp_path / "repo", {"references/a.bib": BIB})
    os.symlink(outside / "secret.bib", repo / "references" / "secret.bib")
    os.symlink(outside, repo / "references" / "more")
    os.mkfifo(repo / "references" / "pipe.bib")
    os.symlink(repo / "references" / "a.bib", repo / "references" / "alias.bib.txt")  # not a .bib: ignored
    proc = run_cli("check", str(repo), "-f", "json", "--select", "L007", "--select", "R102", timeout=60)
    assert findings(proc) == {("L007", "references/secret.bib", 1), ("L007", "references/more", 1),
                              ("L007", "references/pipe.bib", 1), ("R102", "references/a.bib", 5)}
    text = " ".join(messages(proc, "L007"))
    assert f"references/secret.bib is a link to {outside / 'secret.bib'}, outside the repository" in text
    assert "references/pipe.bib is a FIFO (named pipe), not a regular file; it was not read" in text
    assert "secret2020" not in proc.stdout
    assert proc.returncode == 1


def test_recursive_string_definitions_are_reported(tmp_path):
    bib = ('@string{venue = short # " Conference"}\n@string{short = venue}\n@string{self = self}\n'
           '@string{fine = {Fine}}\n\n' + BIB)
    proc = run_cli("check", str(write_tree(tmp_path, {"references/a.bib": bib})), "-f", "json", "--select", "L001")
    assert findings(proc) == {("L001", "references/a.bib", 1), ("L001", "references/a.bib", 3)}
    assert sorted(messages(proc, "L001")) == [
        "@string 'self' refers to itself (self -> self); it can never be expanded",
        "@string 'venue' refers to itself (venue -> short -> venue); it can never be expanded"]


def _entry(key: str, title: str, n: int) -> str:
    return (f"@misc{{{key},\n  author = {{Smith, Ann}},\n  title = {{{title}}},\n  year = {{2020}},\n"
            f"  url = {{https://example.org/{n}}}\n}}\n\n")


def test_keys_that_differ_only_by_invisible_or_confusable_characters(tmp_path):
    bib = (_entry("smith2020deep", "Deep", 1) + _entry("smith2020d\u0435ep", "Deeper", 2)          # Cyrillic е
           + _entry("lee2021wide", "Wide", 3) + _entry("lee2021\u200bwide", "Wider", 4)           # zero-width space
           + _entry("kim2022bidi\u202e", "Bidi", 5)                                             # right-to-left override
           + _entry("müller2019nfc", "NFC", 6) + _entry(unicodedata.normalize("NFD", "müller2019nfc"), "NFD", 7))
    proc = run_cli("check", str(write_tree(tmp_path, {"references/a.bib": bib})), "-f", "json", "--select", "R110")
    lines = sorted(line for _, _, line in findings(proc))
    assert lines == [8, 22, 29, 43]
    text = "\n".join(messages(proc, "R110"))
    assert "key 'smith2020d\\u0435ep' looks the same as 'smith2020deep' (references/a.bib:1)" in text
    assert "key 'lee2021\\u200bwide' contains U+200B ZERO WIDTH SPACE" in text
    assert "key 'kim2022bidi\\u202e' contains U+202E RIGHT-TO-LEFT OVERRIDE" in text
    assert "key 'mu\\u0308ller2019nfc' looks the same as 'müller2019nfc'" in text
    assert proc.returncode == 1


def test_a_citation_typed_in_nfd_resolves_to_an_nfc_key(tmp_path):
    (tmp_path / "canon.bib").write_text(_entry("müller2019deep", "Deep Learning of Many Things at Once", 1))
    (tmp_path / "doc.md").write_text(f"# T\n\nAs shown [@{unicodedata.normalize('NFD', 'müller2019deep')}].\n")
    proc = run_cli("check-doc", "doc.md", "--canon", "canon.bib", "-f", "json", cwd=tmp_path)
    assert findings(proc) == set() and proc.returncode == 0
    kb_page = write_tree(tmp_path / "repo", {"references/a.bib": _entry("müller2019deep", "Deep", 1),
                                             "docs/page.md": f"See [@{unicodedata.normalize('NFD', 'müller2019deep')}].\n"})
    proc = run_cli("check", str(kb_page), "-f", "json", "--select", "K201")
    assert findings(proc) == set() and proc.returncode == 0


def test_fixtures_dir_is_clean_of_leftovers(tmp_path):
    shutil.rmtree(tmp_path, ignore_errors=True)  # nothing above leaves FIFOs in the source tree
    assert not any(p.is_fifo() for p in CORPUS.rglob("*"))

"""Bad input that used to reach users as "internal error ... this is a bug in citekb": each case is
now a located message (file, line, what is wrong, how to fix it) with the documented exit code
(1 a finding, 2 a usage, configuration or environment problem).

Each case runs the real CLI in a subprocess on a small repository written by the test.
"""
from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys

from hardening_helpers import findings, messages, run_cli
from kbtest import write_tree

ORG = "id: acme\nname: Acme\nkind: company\ncountry: US\nurl: https://example.org\n"
BIB = ("@misc{doe2020work,\n  author = {Doe, Jane},\n  title = {A Work},\n  year = {2020},\n"
       "  url = {https://example.org/a}\n}\n")
CLAIM = ("id: c\nstatement: Open models are cheaper.\ncriterion: cost\nfavours: open\nas_of: 2025-04\n"
         "evidence:\n  - cite: doe2020work\n    stance: supports\n")
MODEL = ("id: m\nname: M\norganization: acme\nreleased: 2023-09-27\nmodality: {input: [text], output: [text]}\n"
         "parameters: {total: 7B}\naccess: open-weights-unrestricted\nlicense: {id: MIT, commercial_use: yes}\n"
         "weights: {available: true}\n")
SCENARIO = "id: s\ntitle: S\ndescription: D\nweights:\n  capability: 3\n  cost: 1\n"


def _repo(tmp_path, files: dict | None = None):
    return write_tree(tmp_path, {"references/a.bib": BIB, "kb/organizations/acme.yaml": ORG, **(files or {})})


def _check(root, *args):
    return run_cli("check", str(root), "-f", "json", *args)


def test_a_400_digit_number_in_a_claim(tmp_path):
    root = _repo(tmp_path, {"kb/claims/c.yaml": CLAIM.replace("as_of", "magnitude: " + "9" * 400 + "\nas_of")})
    proc = _check(root, "--select", "L")
    assert ("L005", "kb/claims/c.yaml", 5) in findings(proc)
    assert messages(proc, "L005") == ["magnitude: a 400-digit number is out of range (at most 1e+15)"]
    assert proc.returncode == 1


def test_a_400_digit_parameter_count_in_a_model(tmp_path):
    root = _repo(tmp_path, {"kb/models/m.yaml": MODEL.replace("7B", "9" * 400)})
    proc = _check(root, "--select", "L")
    assert ("L005", "kb/models/m.yaml", 6) in findings(proc)
    assert proc.returncode == 1


def test_a_number_too_long_for_python_is_a_yaml_problem(tmp_path):
    root = _repo(tmp_path, {"kb/organizations/acme.yaml": ORG + "notes: " + "9" * 5000 + "\n"})
    proc = _check(root, "--select", "L")
    assert ("L004", "kb/organizations/acme.yaml", 6) in findings(proc)
    assert "has 5000 characters; it is too long to read" in messages(proc, "L004")[0]


def test_an_evidence_list_with_a_non_mapping_item(tmp_path):
    claim = CLAIM.replace("evidence:\n", "evidence:\n  - just a sentence\n")
    proc = _check(_repo(tmp_path, {"kb/claims/c.yaml": claim}), "--select", "L", "--select", "K")
    assert findings(proc) == {("L005", "kb/claims/c.yaml", 7)}
    assert messages(proc, "L005") == ["evidence.0: expected a mapping, got text"]
    assert proc.returncode == 1


def test_refs_after_a_dropped_item_still_name_their_item(tmp_path):
    claim = CLAIM.replace("evidence:\n", "evidence:\n  - 42\n") + "  - cite: nobody2020\n    stance: qualifies\n"
    root = _repo(tmp_path, {"kb/claims/c.yaml": claim})
    graph = json.loads(run_cli("graph", str(root), "--export", "json").stdout)
    stances = sorted((e["target"], e.get("stance")) for e in graph["edges"] if e.get("key") == "evidence")
    assert stances == [("work:doe2020work", "supports"), ("work:nobody2020", "qualifies")]
    proc = _check(root, "--select", "K201")
    assert findings(proc) == {("K201", "kb/claims/c.yaml", 10)}


def test_nan_and_inf_in_a_scenario(tmp_path):
    scenario = SCENARIO.replace("capability: 3", "capability: .nan").replace("cost: 1", "cost: .inf")
    proc = _check(_repo(tmp_path, {"kb/scenarios/s.yaml": scenario + "constraints:\n  max_memory_gb: .NaN\n"}), "--select", "L")
    assert findings(proc) == {("L005", "kb/scenarios/s.yaml", n) for n in (5, 6, 8)}
    assert "weights.capability: expected a finite number, got nan" in messages(proc, "L005")
    assert proc.returncode == 1


def test_a_date_that_is_not_a_date_in_the_config(tmp_path):
    root = _repo(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n\n[tool.citekb]\ntoday = "yesterday"\n'})
    proc = run_cli("check", str(root))
    assert proc.returncode == 2
    assert "pyproject.toml:5: [tool.citekb] today: 'yesterday' is not a date. Fix: write today = " in proc.stderr


def test_a_severity_list_in_the_config(tmp_path):
    root = _repo(tmp_path, {"citekb.toml": 'select = ["R"]\nseverity = ["R101", "warning"]\n'})
    proc = run_cli("check", str(root))
    assert proc.returncode == 2
    assert ("citekb.toml:2: [tool.citekb] severity: expected a table of rule code = level, got a list. "
            "Fix: write severity = { R105 = \"warning\" }") in proc.stderr


def test_a_severity_level_that_does_not_exist(tmp_path):
    proc = run_cli("check", str(_repo(tmp_path, {"citekb.toml": 'severity = { R101 = "loud" }\n'})))
    assert proc.returncode == 2 and "citekb.toml:1: [tool.citekb] severity: level of R101 is 'loud'" in proc.stderr


def _lock(root, record) -> None:
    entry = {"hash": "sha256:0", "status": "resolved", "source": "index", "checked": "2026-01-01", "record": record}
    (root / "citekb.lock").write_text(json.dumps({"citekb-lock": 1, "entries": {"doe2020work": entry}}, indent=2))


def test_a_lockfile_record_of_the_wrong_type(tmp_path):
    root = _repo(tmp_path)
    _lock(root, {"id": "doe2020work", "title": "A Work", "authors": 5})
    proc = _check(root, "--select", "C323")
    assert findings(proc) == {("C323", "citekb.lock", 4)}
    assert messages(proc, "C323") == ["entry 'doe2020work': record.authors must be a list of names; "
                                      "re-create it with `citekb lock`"]
    (root / "doc.md").write_text("Text [@doe2020work].\n")
    proc = run_cli("check-doc", str(root / "doc.md"), "--canon", str(root / "citekb.lock"), cwd=root)
    assert proc.returncode == 2
    assert "citekb.lock:4: entry 'doe2020work': record.authors must be a list of names" in proc.stderr


def test_a_lockfile_record_that_is_not_an_object(tmp_path):
    root = _repo(tmp_path)
    _lock(root, ["A Work"])
    proc = _check(root, "--select", "C323")
    assert messages(proc, "C323") == ["entry 'doe2020work': 'record' must be an object; re-create it with `citekb lock`"]


def test_a_malformed_record_in_an_index_dump_names_its_number(tmp_path):
    good = {"display_name": "A title that is long enough", "publication_year": 2020, "authorships": []}
    bad = {**good, "authorships": [5]}
    dump = tmp_path / "works.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in (good, good, bad)) + "\n")
    proc = run_cli("index", "add", str(dump), "--index", str(tmp_path / "i.sqlite"), "--format", "openalex-jsonl")
    assert proc.returncode == 2
    assert f"{dump}: record 3: malformed record: a field has an unexpected type or shape" in proc.stderr


def test_a_crossref_item_of_the_wrong_shape_names_its_number(tmp_path):
    dump = tmp_path / "crossref.json"
    dump.write_text(json.dumps({"items": [{"title": ["Fine title here"]}, {"title": ["Other"], "issued": "2020"}]}))
    proc = run_cli("index", "add", str(dump), "--index", str(tmp_path / "i.sqlite"), "--format", "crossref-json")
    assert proc.returncode == 2 and f"{dump}: record 2: malformed record" in proc.stderr


def test_a_full_disk_during_index_add(tmp_path):
    """The index may not grow past 300 kB (RLIMIT_FSIZE): writes fail as they would on a full disk."""
    dump = tmp_path / "works.jsonl"
    rows = ({"display_name": f"A fairly long title number {i} about things", "publication_year": 2020,
             "doi": f"10.1000/{i}", "authorships": [{"author": {"display_name": "Jane Doe"}}]} for i in range(4000))
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows))

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    proc = subprocess.run([sys.executable, "-m", "citekb", "index", "add", str(dump), "--index", str(tmp_path / "i.sqlite"),
                           "--batch", "500"], capture_output=True, text=True, timeout=120, preexec_fn=small_disk)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.returncode == 2
    assert "i.sqlite: cannot write the index" in proc.stderr and "run the same command again to resume" in proc.stderr


def test_a_hand_written_page_at_a_generated_path(tmp_path):
    root = _repo(tmp_path, {"docs/health.md": "# My own health page\n"})
    proc = run_cli("site", "export", str(tmp_path / "out"), "--root", str(root))
    assert proc.returncode == 1
    assert ("docs/health.md:1: this hand-written page has the path of a page the site generates; "
            "rename or move it") in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_key_too_long_for_a_file_name(tmp_path):
    key = "doe2020" + "x" * 293
    root = _repo(tmp_path, {"references/a.bib": BIB.replace("doe2020work", key)})
    proc = _check(root, "--select", "R111")
    assert findings(proc) == {("R111", "references/a.bib", 1)}
    assert messages(proc, "R111") == [f"key '{key[:40]}...' is 300 characters long; keys are limited to 100"]
    assert proc.returncode == 1

"""End-to-end CLI behaviour: exit codes, formats, determinism, no tracebacks."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kbtest import ROOT, write_tree

EVERYTHING = Path(__file__).parent / "fixtures" / "everything"
CLEAN = Path(__file__).parent / "rules" / "K202" / "pass"


def run(*args, cwd=ROOT):
    proc = subprocess.run([sys.executable, "-m", "citekb", *args], cwd=cwd, capture_output=True, text=True)
    assert "Traceback" not in proc.stderr + proc.stdout
    return proc


def test_check_reports_every_problem_and_exits_1():
    proc = run("check", str(EVERYTHING))
    assert proc.returncode == 1
    assert "references/l001-refs.bib:1:1: L001 [error]" in proc.stdout
    assert "kb/claims/claim-with-typo.yaml:7:1: K201 [error]" in proc.stdout
    assert "help:" in proc.stdout


def test_check_on_a_clean_kb_exits_0():
    proc = run("check", str(CLEAN))
    assert proc.returncode == 0, proc.stdout
    assert "Found 0 error(s), 0 warning(s)" in proc.stdout


def test_two_runs_are_byte_identical():
    a = run("check", str(EVERYTHING), "--format", "json").stdout
    b = run("check", str(EVERYTHING), "--format", "json").stdout
    assert a == b and json.loads(a)


def test_strict_fails_on_warnings(tmp_path):
    write_tree(tmp_path, {"references/a.bib": "% citekb: ignore[R105] -- stale\n@misc{a2020b, author = {A, B}, "
                                               "title = {T}, year = 2020, url = {https://example.org}}\n",
                          "docs/index.md": "[@a2020b]\n"})
    assert run("check", str(tmp_path)).returncode == 0
    assert run("check", str(tmp_path), "--strict").returncode == 1


def test_bad_configuration_exits_2_with_a_message(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": "[tool.citekb]\nselcet = ['R101']\n"})
    proc = run("check", str(tmp_path))
    assert proc.returncode == 2
    assert "unknown option(s) selcet" in proc.stderr


def test_missing_path_and_unknown_rule_are_usage_errors():
    assert run("check", "/no/such/dir").returncode == 2
    proc = run("explain", "Z999")
    assert proc.returncode == 2 and "unknown rule" in proc.stderr


def test_explain_prints_the_four_sections():
    out = run("explain", "R108").stdout
    for section in ("What it checks:", "Why it matters:", "Example:", "Fix:"):
        assert section in out


def test_rules_lists_every_rule_code():
    from citekb.checks.registry import load_builtin_rules

    out = run("rules").stdout
    assert all(code in out for code in load_builtin_rules())


def test_output_file_is_written(tmp_path):
    target = tmp_path / "out" / "report.sarif"
    proc = run("check", str(EVERYTHING), "--format", "sarif", "-o", str(target))
    assert proc.returncode == 1 and json.loads(target.read_text())["version"] == "2.1.0"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_graph_export(fmt, tmp_path):
    target = tmp_path / f"g.{fmt}"
    assert run("graph", str(CLEAN), "--export", fmt, "-o", str(target)).returncode == 0
    text = target.read_text()
    assert "model:tiny-model" in text
    assert run("graph", str(CLEAN), "--export", fmt).stdout == text


def test_stats_counts_records():
    data = json.loads(run("stats", str(CLEAN), "--json").stdout)
    assert data["models"] == 1 and data["organizations"] == 1


def test_schemas_validate_a_real_record(tmp_path):
    import jsonschema
    import yaml

    assert run("schema", "--out", str(tmp_path)).returncode == 0
    schema = json.loads((tmp_path / "model.schema.json").read_text())
    record = yaml.safe_load((CLEAN / "kb/models/tiny-model.yaml").read_text().replace("2024-01-15", "'2024-01-15'"))
    jsonschema.validate(record, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**record, "acess": "api"}, schema)


def test_check_doc_exit_codes_and_summary(tmp_path):
    doc = Path(__file__).parent / "rules" / "C304" / "fail"
    proc = run("check-doc", "doc.md", "--canon", ".", cwd=doc)
    assert proc.returncode == 1
    assert "C304 [error]" in proc.stdout and "References: 0 verified, 1 mismatch" in proc.stdout  # the summary is part of a text report
    ok = Path(__file__).parent / "rules" / "C304" / "pass"
    assert run("check-doc", "doc.md", "--canon", ".", cwd=ok).returncode == 0


def test_check_doc_diff_suggests_without_writing(tmp_path):
    src = Path(__file__).parent / "rules" / "C305" / "fail"
    before = (src / "doc.md").read_text()
    proc = run("check-doc", "doc.md", "--canon", ".", "--diff", cwd=src)
    assert "-Vaswani, A., Shazeer, N., Parmar, N., et al. (2019)." in proc.stdout
    assert "+Vaswani, A., Shazeer, N., Parmar, N., et al. (2020)." not in proc.stdout
    assert "+Vaswani, A., Shazeer, N., Parmar, N., et al. (2017)." in proc.stdout
    assert (src / "doc.md").read_text() == before


def test_unverifiable_is_never_an_error_by_default():
    src = Path(__file__).parent / "rules" / "C311" / "fail"
    assert run("check-doc", "doc.md", "--canon", ".", cwd=src).returncode == 0
    assert run("check-doc", "doc.md", "--canon", ".", "--fail-on", "unverifiable", cwd=src).returncode == 1


def test_check_doc_rejects_a_missing_file():
    assert run("check-doc", "/no/such/file.md").returncode == 2


def test_published_schemas_are_up_to_date(tmp_path):
    """schemas/ is generated from the same definitions as validation; drift fails CI."""
    assert run("schema", "--out", str(tmp_path)).returncode == 0
    shipped = ROOT / "schemas"
    generated = sorted(p.name for p in tmp_path.iterdir())
    assert generated == sorted(p.name for p in shipped.iterdir())
    for name in generated:
        assert (tmp_path / name).read_text() == (shipped / name).read_text(), f"run `citekb schema --out schemas` ({name})"


def test_venue_families_cover_common_venues_and_publisher_mentions():
    from citekb.sources.compare import venue_families

    assert venue_families("Proceedings of NAACL-HLT, Minneapolis: Association for Computational Linguistics") == ["NAACL"]
    assert venue_families("In Proc. ICASSP 2023") == ["ICASSP"]
    assert venue_families("IEEE Transactions on Pattern Analysis and Machine Intelligence") == ["TPAMI"]
    assert venue_families("Medical Image Computing and Computer-Assisted Intervention (MICCAI)") == ["MICCAI"]
    assert venue_families("Journal of Synthetic Research") == []


# --- command-line conventions (issue 17): every command, the ruff way ---------------------------

C304 = Path(__file__).parent / "rules" / "C304" / "fail"


def test_version_short_and_long():
    from citekb import __version__

    assert run("-V").stdout == run("--version").stdout == f"citekb, version {__version__}\n"


def test_check_doc_reads_stdin_under_the_given_name():
    text = (C304 / "doc.md").read_text(encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "citekb", "check-doc", "-", "--canon", ".",
                           "--stdin-filename", "notes/draft.md"], cwd=C304, input=text, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "notes/draft.md:7:1: C304 [error]" in proc.stdout and "stdin" not in proc.stdout
    plain = subprocess.run([sys.executable, "-m", "citekb", "check-doc", "-", "--canon", "."], cwd=C304,
                           input=text, capture_output=True, text=True)
    assert "-:7:1: C304 [error]" in plain.stdout


def test_check_doc_takes_a_directory_and_refuses_an_empty_one(tmp_path):
    proc = run("check-doc", ".", "--canon", ".", cwd=C304)
    assert proc.returncode == 1 and "doc.md:7:1: C304" in proc.stdout
    (tmp_path / "empty").mkdir()
    proc = run("check-doc", str(tmp_path / "empty"))
    assert proc.returncode == 2 and "no documents" in proc.stderr


def test_exit_zero_quiet_and_statistics():
    proc = run("check", str(EVERYTHING), "--exit-zero", "--quiet")
    assert proc.returncode == 0 and "Found" not in proc.stdout + proc.stderr and "K201" in proc.stdout
    stats = run("check", str(EVERYTHING), "--statistics")
    assert stats.returncode == 1
    assert any(line.split()[1:3] == ["K201", "unknown-citation-key"] for line in stats.stdout.splitlines() if line.strip())
    counts = json.loads(run("check", str(EVERYTHING), "--statistics", "-f", "json").stdout)
    report = json.loads(run("check", str(EVERYTHING), "-f", "json").stdout)
    assert sum(c["count"] for c in counts) == len(report)
    assert run("check", str(EVERYTHING), "--statistics", "-f", "sarif").returncode == 2


def test_config_file_and_extend_select_on_the_command_line(tmp_path):
    write_tree(tmp_path, {"references/a.bib": "@misc{a2020b, author = {A, B}, title = {T}, year = 2020, "
                                               "url = {https://example.org}}\n", "docs/index.md": "[@a2020b]\n"})
    assert "R109" not in run("check", str(tmp_path)).stdout  # opt-in
    assert "R109" in run("check", str(tmp_path), "--extend-select", "R109").stdout
    (tmp_path / "strict.toml").write_text('extend-select = ["R109"]\n')
    assert "R109" in run("check", str(tmp_path), "--config", str(tmp_path / "strict.toml")).stdout
    (tmp_path / "bad.toml").write_text('selcet = ["R109"]\n')
    proc = run("check", str(tmp_path), "--config", str(tmp_path / "bad.toml"))
    assert proc.returncode == 2 and "unknown option(s) selcet" in proc.stderr


@pytest.mark.parametrize("command", [("rules",), ("stats", str(CLEAN)), ("explain", "R108")])
def test_format_json_everywhere_and_the_old_json_flag_is_an_alias(command):
    new = run(*command, "--format", "json")
    assert new.returncode == 0 and json.loads(new.stdout)
    assert run(*command, "--json").stdout == new.stdout


def test_rules_json_carries_the_explanation():
    rules = json.loads(run("rules", "-f", "json").stdout)
    r108 = next(r for r in rules if r["code"] == "R108")
    assert set(r108["explanation"]) == {"what_it_checks", "why_it_matters", "example", "fix"}
    assert r108["url"].endswith("/rules/R108.html")
    assert json.loads(run("explain", "R108", "-f", "json").stdout) == r108


def test_summary_goes_with_the_report_or_to_stderr_beside_a_machine_format(tmp_path):
    text = run("check", str(EVERYTHING))
    assert text.stdout.rstrip().splitlines()[-1].startswith("Found ") and "Found" not in text.stderr
    machine = run("check", str(EVERYTHING), "-f", "sarif")
    assert json.loads(machine.stdout) and machine.stderr.startswith("Found ")
    to_file = run("check", str(EVERYTHING), "-f", "sarif", "-o", str(tmp_path / "r.sarif"))
    assert to_file.stdout.startswith("Found ") and to_file.stderr == ""
    doc = run("check-doc", "doc.md", "--canon", ".", "-f", "json", cwd=C304)
    assert json.loads(doc.stdout) and "References: 0 verified, 1 mismatch" in doc.stderr


def test_a_failed_write_exits_2_for_every_command(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    target = str(blocker / "out.txt")  # a path under a regular file: the write fails
    for args in (("check", str(EVERYTHING), "-o", target), ("graph", str(CLEAN), "--export", "json", "-o", target),
                 ("check-doc", "doc.md", "--canon", ".", "-o", target), ("schema", "--out", target)):
        proc = run(*args, cwd=C304)
        assert proc.returncode == 2 and "cannot write" in proc.stderr, args


def test_every_command_answers_help_with_its_options_documented():
    from click import Context

    from citekb.cli import main

    ctx = Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        for param in command.params:
            if getattr(param, "hidden", False) or param.param_type_name != "option":
                continue
            assert param.help, f"citekb {name} {param.opts[0]} has no help text"


def test_cli_reference_page_is_up_to_date():
    """docs/cli.md is generated from the commands; drift fails CI (like schemas/)."""
    from citekb.cli.reference import render

    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert page == render(), "run `python -m citekb.cli.reference docs/cli.md`"
    for option in ("--exit-zero", "--statistics", "--stdin-filename", "--extend-select", "--config", "-V"):
        assert f"`{option}`" in page


def test_shell_completion_works_as_documented():
    import os

    env = {**os.environ, "_CITEKB_COMPLETE": "bash_complete", "COMP_WORDS": "citekb check --for", "COMP_CWORD": "2"}
    proc = subprocess.run([sys.executable, "-m", "citekb"], env=env, capture_output=True, text=True)
    assert proc.returncode == 0 and "plain,--format" in proc.stdout
    assert "_CITEKB_COMPLETE=bash_source citekb" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def test_nocite_star_is_not_a_key_named_star(tmp_path):
    write_tree(tmp_path, {"paper.tex": "\\documentclass{article}\\begin{document}\n\\nocite{*}\n"
                                       "\\bibliography{refs}\n\\end{document}\n",
                          "refs.bib": "@misc{a2020b, author = {A, B}, title = {T}, year = 2020, url = {https://example.org}}\n"})
    proc = run("check-doc", "paper.tex", "--canon", "refs.bib", "-f", "json", cwd=tmp_path)
    report = json.loads(proc.stdout)
    assert proc.returncode == 0 and not any(d["code"] == "C301" or "*" in d["message"] for d in report), report


def test_stats_says_how_current_the_kb_is():
    text = run("stats", str(CLEAN)).stdout
    data = json.loads(run("stats", str(CLEAN), "--json").stdout)
    assert data["newest_model"]["id"] == "tiny-model" and data["newest_model"]["released"]
    assert f"newest model released {data['newest_model']['released']}: tiny-model" in text

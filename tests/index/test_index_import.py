"""The local index: real dump formats in, canonical records out, resumable, consulted after the KB."""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from citekb.sources.index import Index, IndexSource
from citekb.sources.index.formats import FormatError, detect
from citekb.sources.index.importer import import_file
from citekb.load.persons import work_authors

DATA = Path(__file__).parent / "data"


@pytest.fixture
def index(tmp_path):
    path = tmp_path / "idx.sqlite"
    with Index(path, create=True) as idx:
        for f in sorted(DATA.iterdir()):
            import_file(idx, f)
    return IndexSource(path)


@pytest.mark.parametrize("name, fmt", [("dblp.xml", "dblp-xml"), ("arxiv.jsonl", "arxiv-oai-jsonl"),
                                       ("openalex.jsonl", "openalex-jsonl"), ("crossref.json", "crossref-json"),
                                       ("refs.bib", "bibtex"), ("refs.csl.json", "csl-json")])
def test_formats_are_detected_from_name_and_first_bytes(name, fmt):
    assert detect(name, (DATA / name).read_bytes()[:65536]) == fmt


def test_ids_resolve_in_every_format(index):
    assert index.find_doi("10.1162/neco.1997.9.8.1735").title == "Long Short-Term Memory"       # Crossref / DBLP <ee>
    assert index.find_arxiv("1810.04805").year == 2018                                           # DBLP CoRR <ee>
    assert index.find_arxiv("hep-th/9901001").venue == "Phys. Lett. B 450 (1999) 1-10"            # arXiv journal-ref
    assert index.find_doi("10.1038/nature14539").venue == "Nature"                                # OpenAlex
    assert index.find_isbn("9780262035613").fields["source"] == "csl-json"                        # CSL-JSON
    assert index.find_doi("10.1109/cvpr.2016.90").year == 2016                                    # BibTeX
    assert index.find_doi("10.1/none") is None


def test_records_keep_authors_in_bibtex_name_syntax(index):
    lstm = index.find_doi("10.1162/neco.1997.9.8.1735")
    assert [p.family for p in work_authors(lstm)] == ["Hochreiter", "Schmidhuber"]
    bloom = index.find_title("BLOOM: A 176B-Parameter Open-Access Multilingual Language Model", ())
    assert work_authors(bloom)[0].literal and work_authors(bloom)[0].family == "BigScience Workshop"
    assert bloom.arxiv == "2211.05100"


def test_dblp_entities_markup_and_person_pages(index):
    lstm = next(w for w in [index.find_title("Long Short-Term Memory", ("Hochreiter",))] if w)
    assert lstm.title == "Long Short-Term Memory"
    hit = index.find_title("Home Page", ())
    assert hit is None  # <www> person pages are not works


def test_titles_are_found_despite_case_accents_and_typos_but_guarded_by_authors(index):
    assert index.find_title("attention is all you need", ()).arxiv == "1706.03762"
    assert index.find_title("Atention Is All You Need", ("Vaswani",)).arxiv == "1706.03762"
    assert index.find_title("Atention Is All You Need", ("Smith",)) is None
    assert index.find_title("A completely different paper on routing", ()) is None


def test_interrupted_import_resumes_without_duplicates(tmp_path):
    lines = [json.dumps({"id": f"2101.{i:05d}", "title": f"Synthetic paper number {i} on sparse routing",
                         "authors_parsed": [["Doe", "Jane", ""]], "versions": [{"created": "Mon, 4 Jan 2021 00:00:00 GMT"}]})
             for i in range(1, 26)]
    dump = tmp_path / "snap.jsonl"
    dump.write_text("\n".join(lines[:10]) + "\n" + "{broken\n" + "\n".join(lines[10:]) + "\n")
    path = tmp_path / "idx.sqlite"
    with Index(path, create=True) as idx:
        with pytest.raises(FormatError, match="record 11"):
            import_file(idx, dump, batch=5)
        assert idx.stats()["works"] == 10
    dump.write_text("\n".join(lines[:10]) + "\n" + "\n".join(lines[10:]) + "\n")  # a fixed file starts over
    with Index(path, create=True) as idx:
        result = import_file(idx, dump, batch=5)
        assert (result.records, idx.stats()["works"]) == (25, 25)
        assert import_file(idx, dump).skipped


def test_resume_continues_from_the_committed_offset(tmp_path, monkeypatch):
    lines = [json.dumps({"id": f"2101.{i:05d}", "title": f"Paper {i} about retrieval augmented generation",
                         "authors": "A. Author"}) for i in range(1, 31)]
    dump = tmp_path / "snap.jsonl"
    dump.write_text("\n".join(lines) + "\n")
    path = tmp_path / "idx.sqlite"
    calls = []

    def stop_after_two_batches(records, done, size):
        calls.append(records)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with Index(path, create=True) as idx:
        with pytest.raises(KeyboardInterrupt):
            import_file(idx, dump, fmt="arxiv-oai-jsonl", batch=10, progress=stop_after_two_batches)
    with Index(path) as idx:
        result = import_file(idx, dump, fmt="arxiv-oai-jsonl", batch=10)
        assert (result.resumed_at, result.added, idx.stats()["works"]) == (20, 10, 30)


def test_gzip_and_xml_imports_skip_what_is_already_in(tmp_path):
    gz = tmp_path / "dblp.xml.gz"
    with gzip.open(gz, "wb") as fh:
        fh.write((DATA / "dblp.xml").read_bytes())
    path = tmp_path / "idx.sqlite"
    with Index(path, create=True) as idx:
        assert import_file(idx, gz).added == 3
        assert import_file(idx, gz).skipped


def test_kb_first_then_index_in_check_doc(tmp_path, cli):
    repo = tmp_path / "repo"
    (repo / "references").mkdir(parents=True)
    shutil.copy(DATA / "refs.bib", repo / "references" / "refs.bib")
    doc = repo / "doc.md"
    doc.write_text("# Notes\n\nGates [1] and memory cells [2].\n\n## References\n\n"
                   "[1] He, K., Zhang, X., Ren, S. and Sun, J. (2016). Deep Residual Learning for Image Recognition. CVPR.\n"
                   "[2] Hochreiter, S. and Schmidhuber, J. (1995). Long Short-Term Memory. Neural Computation.\n")
    code, out, err = cli("check-doc", "doc.md", "--canon", str(repo), cwd=repo)
    assert "2 unverifiable" not in out and "1 unverifiable" in out  # [2] is not in the KB
    assert cli("index", "add", str(DATA / "crossref.json"), cwd=repo)[0] == 0
    assert (repo / ".citekb-index.sqlite").is_file()
    code, out, err = cli("check-doc", "doc.md", "--canon", str(repo), cwd=repo)
    assert "C305" in out and "1997" in out  # the index knows the real year
    assert code == 1


def test_cli_stats_lookup_and_bad_input(tmp_path, cli):
    idx = str(tmp_path / "i.sqlite")
    code, out, _ = cli("index", "add", "--index", idx, str(DATA / "arxiv.jsonl"), str(DATA / "dblp.xml"))
    assert code == 0 and "arxiv-oai-jsonl, 3 works added" in out
    code, out, _ = cli("index", "stats", "--index", idx, "--json")
    assert json.loads(out)["works"] == 6
    code, out, _ = cli("index", "lookup", "--index", idx, "arXiv:1706.03762")
    assert code == 0 and "Attention Is All You Need" in out
    assert cli("index", "lookup", "--index", idx, "no such paper title at all")[0] == 1
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\n")
    code, _, err = cli("index", "add", "--index", idx, str(junk))
    assert code == 2 and "cannot tell the format" in err  # an unusable input: exit 2 (citekb.exitcode)
    code, _, err = cli("index", "stats", "--index", str(junk))
    assert code == 2 and "not a citekb index" in err

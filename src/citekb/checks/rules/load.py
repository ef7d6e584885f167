"""Load family: problems found while reading files. The loaders record them; these rules report them."""
from __future__ import annotations

from ..diagnostic import finding
from ..registry import rule


def _problems(kb, code):
    for p in kb.problems:
        if p.code == code:
            yield finding(p.location, p.message, p.fix)


@rule("L001", "bibtex-parse-error", "error")
def bibtex_parse_error(kb, ctx):
    """A BibTeX block cannot be parsed.

    What it checks:
        Every block of every `.bib` file parses: balanced braces and quotes, a comma between
        fields, `=` after each field name.

    Why it matters:
        Tools skip or mangle a block they cannot parse, so the entry silently disappears from the
        bibliography. citekb reports it and goes on checking the rest of the file.

    Example:
        @article{broken2020,
          title = {Unbalanced braces,
          year = 2020
        }

    Fix:
        Balance the braces and quotes of the entry and separate fields with commas.
    """
    return _problems(kb, "L001")


@rule("L002", "duplicate-key", "error")
def duplicate_key(kb, ctx):
    """Two BibTeX entries share a key.

    What it checks:
        Every citation key is used by one entry only, across all `.bib` files of the repository.

    Why it matters:
        A citation of a duplicated key resolves to whichever entry a tool happens to read last,
        so the reader may see the wrong work.

    Example:
        @misc{smith2020data, title = {First}, year = 2020, url = {https://example.org/1}}
        @misc{smith2020data, title = {Second}, year = 2020, url = {https://example.org/2}}

    Fix:
        Give one of the entries a new key, or merge them if they are the same work.
    """
    seen: dict[str, object] = {}
    for w in kb.works:
        first = seen.setdefault(w.key, w)
        if first is not w:
            yield finding(w.location, f"key '{w.key}' is already used by the entry at {first.location}",
                          f"Rename this entry's key or merge it into {first.location}.")
    yield from _problems(kb, "L002")


@rule("L003", "duplicate-field", "error")
def duplicate_field(kb, ctx):
    """A BibTeX entry or a YAML mapping repeats a field.

    What it checks:
        No field appears twice in one BibTeX entry, and no key appears twice in one YAML mapping.

    Why it matters:
        Parsers silently keep only one of the two values, so what the reader sees may not be the
        value that was checked.

    Example:
        @misc{doe2021tool,
          title = {A Tool},
          title = {A Different Tool},
          year = 2021, url = {https://example.org}
        }

    Fix:
        Remove the repeated field and keep the verified value.
    """
    return _problems(kb, "L003")


@rule("L004", "yaml-syntax-error", "error")
def yaml_syntax_error(kb, ctx):
    """A YAML file cannot be parsed safely.

    What it checks:
        YAML files parse with a safe loader: valid syntax, no custom tags (`!python/object`), no
        alias expansion bombs.

    Why it matters:
        An unparsable record is missing from the knowledge base and from every page and brief.
        Custom tags and alias bombs are how hostile YAML attacks a loader.

    Example:
        id: broken-claim
        statement: [unclosed list

    Fix:
        Fix the syntax at the reported line; use plain scalars, lists and mappings only.
    """
    return _problems(kb, "L004")


@rule("L005", "schema-violation", "error")
def schema_violation(kb, ctx):
    """A YAML record does not follow its schema.

    What it checks:
        Every record has its required fields with values of the right type and vocabulary, and
        no unknown fields (see the knowledge-base format page and the published JSON Schemas).

    Why it matters:
        A misspelled field is silently ignored, and a value outside the vocabulary (an access
        level, a criterion) breaks tables, filters and briefs.

    Example:
        id: tiny-model
        name: Tiny
        acess: api

    Fix:
        Correct the field name or value as the message says.
    """
    return _problems(kb, "L005")


@rule("L006", "duplicate-id", "error")
def duplicate_id(kb, ctx):
    """Two YAML records of one kind share an id.

    What it checks:
        Ids are unique within each kind (models, claims, ...).

    Why it matters:
        References to the id resolve to one of the two records arbitrarily.

    Example:
        id: acme

    Fix:
        Rename one record (and its file), or merge the two.
    """
    for kind, records in kb.records.items():
        seen = {}
        for r in records:
            first = seen.setdefault(r.id, r)
            if first is not r:
                yield finding(r.loc("id"), f"{kind} id '{r.id}' is already used by {first.location.path}",
                              f"Rename this {kind} or merge it into {first.location.path}.")
    yield from _problems(kb, "L006")


@rule("L007", "unreadable-file", "error")
def unreadable_file(kb, ctx):
    """A file cannot be read or decoded.

    What it checks:
        Every file is readable, UTF-8 encoded and within the size limit for its kind.

    Why it matters:
        Undecodable bytes turn names and titles into garbage, and an unreadable file is missing
        from the knowledge base entirely.

    Example:
        (a .bib file saved as Latin-1 with the byte 0xE9 for "é")

    Fix:
        Save the file as UTF-8, fix its permissions, or split an oversized file.
    """
    return _problems(kb, "L007")


@rule("L008", "id-filename-mismatch", "error")
def id_filename_mismatch(kb, ctx):
    """A YAML record's id differs from its file name.

    What it checks:
        `kb/<kind>/<id>.yaml` holds the record whose id is `<id>`.

    Why it matters:
        Contributors find records by file name and generated pages are named by id; a mismatch
        hides records and breaks links.

    Example:
        id: other-name

    Fix:
        Rename the file or change the id so that they agree.
    """
    return _problems(kb, "L008")

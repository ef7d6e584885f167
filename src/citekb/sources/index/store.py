"""The local reference index: one SQLite file (standard library), FTS5 for title candidates.

Identifier tables are keyed by the normalized DOI, arXiv id and ISBN (B-tree primary keys in
`WITHOUT ROWID` tables: one index probe per lookup, whatever the size). Titles are folded before
they go into FTS5, so a lookup finds candidates in spite of case, accents and punctuation; the
candidates are then re-ranked with rapidfuzz and guarded by author overlap.
"""
from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; SQLite's own locking still keeps the file sound
    fcntl = None

from ... import normalize as nz
from ...model import Work
from .. import INDEX_FILE
from ..records import Rec, best_match, to_work

DEFAULT_PATH = INDEX_FILE
SCHEMA = """
CREATE TABLE IF NOT EXISTS works(id INTEGER PRIMARY KEY, src INTEGER, title TEXT, authors TEXT, year INTEGER,
  venue TEXT, doi TEXT, arxiv TEXT, isbn TEXT, url TEXT, entry_type TEXT, source TEXT);
CREATE TABLE IF NOT EXISTS by_doi(doi TEXT PRIMARY KEY, work INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS by_arxiv(arxiv TEXT PRIMARY KEY, work INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS by_isbn(isbn TEXT PRIMARY KEY, work INTEGER) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS titles USING fts5(folded, content='', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS imports(id INTEGER PRIMARY KEY, path TEXT UNIQUE, format TEXT, size INTEGER,
  offset INTEGER, records INTEGER, added INTEGER, done INTEGER);
"""
STOPWORDS = frozenset("a an and are as at by for from in into is of on or the to via with".split())
CANDIDATES = 25


class IndexUnavailable(Exception):
    """The index file cannot be opened or is not a citekb index (the CLI exits 2)."""


class Index:
    """An open index. Use as a context manager; writes happen in `add_batch` transactions."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise IndexUnavailable(f"no index at {self.path}: build one with `citekb index add FILE`")
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=60)
            if create:  # only a writer changes the journal mode: a read-only index stays usable
                # under the writer lock: SQLite does not wait for a busy database while it switches a new
                # file to WAL, so two first imports at once would see "database is locked"
                with self.exclusive():
                    self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + SCHEMA)
            self.db.execute("SELECT 1 FROM works LIMIT 1")
        except sqlite3.DatabaseError as exc:
            raise IndexUnavailable(f"{self.path} is not a citekb index: {exc}") from None

    @contextlib.contextmanager
    def exclusive(self):
        """Hold the index's writer lock (a lock file beside it) for one import, so that two
        processes importing one dump never both insert its records."""
        lock = self.path.with_name(self.path.name + ".lock")
        with open(lock, "a+b") as fh:
            if fcntl is not None:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # ---- writing ------------------------------------------------------------------------------

    def add_batch(self, src: int, recs: list[Rec], *, offset: int, records: int) -> int:
        """Insert records and move the file's resume point, in one transaction."""
        cur = self.db.cursor()
        cur.execute("BEGIN")
        added = 0
        for r in recs:
            cur.execute("INSERT INTO works(src,title,authors,year,venue,doi,arxiv,isbn,url,entry_type,source)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?)", (src, r.title, r.authors, r.year, r.venue, r.doi,
                                                            r.arxiv, r.isbn, r.url, r.entry_type, r.source))
            rowid = cur.lastrowid
            cur.execute("INSERT INTO titles(rowid, folded) VALUES (?, ?)", (rowid, nz.fold(r.title)))
            for table, value in (("doi", r.doi), ("arxiv", r.arxiv), ("isbn", r.isbn)):
                if value:  # the first record to claim an identifier keeps it
                    cur.execute(f"INSERT OR IGNORE INTO by_{table} VALUES (?, ?)", (value, rowid))
            added += 1
        cur.execute("UPDATE imports SET offset=?, records=?, added=added+? WHERE id=?", (offset, records, added, src))
        cur.execute("COMMIT")
        return added

    def import_state(self, path: str, fmt: str, size: int) -> tuple[int, int, int, bool]:
        """(source id, byte offset, records read, done) of a dump; a changed file starts over."""
        row = self.db.execute("SELECT id, format, size, offset, records, done FROM imports WHERE path=?", (path,)).fetchone()
        if row and (row[1] != fmt or row[2] != size):
            self._forget(row[0])
            row = None
        if row is None:
            cur = self.db.execute("INSERT INTO imports(path,format,size,offset,records,added,done) VALUES (?,?,?,0,0,0,0)",
                                  (path, fmt, size))
            return cur.lastrowid, 0, 0, False
        return row[0], row[3], row[4], bool(row[5])

    def finish(self, src: int) -> None:
        self.db.execute("UPDATE imports SET done=1 WHERE id=?", (src,))

    def _forget(self, src: int) -> None:
        """Remove what an earlier import of a since-changed file added."""
        db = self.db
        db.execute("BEGIN")
        for table in ("doi", "arxiv", "isbn"):
            db.execute(f"DELETE FROM by_{table} WHERE work IN (SELECT id FROM works WHERE src=?)", (src,))
        for rowid, title in db.execute("SELECT id, title FROM works WHERE src=?", (src,)).fetchall():
            db.execute("INSERT INTO titles(titles, rowid, folded) VALUES ('delete', ?, ?)", (rowid, nz.fold(title)))
        db.execute("DELETE FROM works WHERE src=?", (src,))
        db.execute("DELETE FROM imports WHERE id=?", (src,))
        db.execute("COMMIT")

    # ---- reading ------------------------------------------------------------------------------

    def get(self, rowid: int) -> Rec | None:
        row = self.db.execute("SELECT title,authors,year,venue,doi,arxiv,isbn,url,entry_type,source FROM works WHERE id=?",
                              (rowid,)).fetchone()
        return Rec(*row) if row else None

    def by_id(self, kind: str, value: str | None) -> Rec | None:
        if not value:
            return None
        row = self.db.execute(f"SELECT work FROM by_{kind} WHERE {kind}=?", (value,)).fetchone()
        return self.get(row[0]) if row else None

    def candidates(self, title: str, limit: int = CANDIDATES) -> list[Rec]:
        """Records whose folded title shares the query's words: all of them, else all but one (a
        typo), else any of the longest. Each step is selective, so a lookup stays cheap."""
        words = [w for w in nz.fold(title).split() if w not in STOPWORDS and len(w) > 1]
        if not words:
            return []
        for query in _match_queries(['"' + w.replace('"', "") + '"' for w in dict.fromkeys(words)]):
            rows = self.db.execute("SELECT rowid FROM titles WHERE titles MATCH ? ORDER BY rank LIMIT ?",
                                   (query, limit)).fetchall()
            if rows:
                return [r for r in (self.get(row[0]) for row in rows) if r is not None]
        return []

    def stats(self) -> dict:
        db = self.db
        count = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {"works": count("SELECT count(*) FROM works"), "dois": count("SELECT count(*) FROM by_doi"),
                "arxiv_ids": count("SELECT count(*) FROM by_arxiv"), "isbns": count("SELECT count(*) FROM by_isbn"),
                "files": [dict(zip(("path", "format", "records", "added", "done"), row)) for row in
                          db.execute("SELECT path, format, records, added, done FROM imports ORDER BY path")]}


def _match_queries(quoted: list[str]):
    yield " AND ".join(quoted)
    if 3 <= len(quoted) <= 16:
        yield " OR ".join("(" + " AND ".join(q for j, q in enumerate(quoted) if j != i) + ")" for i in range(len(quoted)))
    yield " OR ".join(sorted(quoted, key=len, reverse=True)[:6])


class IndexSource:
    """The index as a `sources.Source`: ids by table probe, titles by FTS5 + fuzzy re-ranking."""

    def __init__(self, path: str | Path) -> None:
        self.index = Index(path)
        self.name = f"index:{Path(path).name}"

    def _work(self, rec: Rec | None) -> Work | None:
        return to_work(rec, path=self.name) if rec else None

    def find_doi(self, doi: str) -> Work | None:
        return self._work(self.index.by_id("doi", doi))

    def find_arxiv(self, arxiv_id: str) -> Work | None:
        return self._work(self.index.by_id("arxiv", arxiv_id))

    def find_isbn(self, isbn: str) -> Work | None:
        return self._work(self.index.by_id("isbn", isbn))

    def find_title(self, title: str, authors: tuple[str, ...]) -> Work | None:
        if len(nz.fold(title)) < 12:
            return None
        return best_match(title, authors, [to_work(r, path=self.name) for r in self.index.candidates(title)])

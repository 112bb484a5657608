"""The archive's SQLite index: a cache of what the TEI files say, rebuilt at any time.

The TEI files are the source of truth. The index holds one row per file with the
fields queries need (status, languages, titles, dates, publisher, coverage, last
change) and the file's ``mtime_ns``/size/SHA-256 when it was indexed, so a stale row
is found by a ``stat`` and repaired by re-reading that one file. Deleting the index
file loses nothing.

Schema (version :data:`SCHEMA_VERSION`)::

    meta(key PRIMARY KEY, value)                 -- schema version
    pairs(id PRIMARY KEY, file UNIQUE, mtime_ns, size, sha256, status, has_source,
          has_translation, source_lang, translation_lang, source_title,
          translation_title, publisher, date, coverage, last_when, last_kind,
          last_who, revisions)                   -- indexed: (status, id), date, publisher
    problems(file PRIMARY KEY, mtime_ns, size, message)   -- files that do not read
    titles USING fts5(title, tokenize='trigram')  -- rowid = pairs.rowid; when available

Example:
    >>> idx = Index(":memory:")
    >>> idx.count()
    0
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from transmgmt.model import ArticlePair

__all__ = ["SCHEMA_VERSION", "Index", "IndexEntry", "entry_from_pair"]

SCHEMA_VERSION = "1"

_COLUMNS = (
    "id", "file", "mtime_ns", "size", "sha256", "status", "has_source", "has_translation",
    "source_lang", "translation_lang", "source_title", "translation_title", "publisher",
    "date", "coverage", "last_when", "last_kind", "last_who", "revisions",
)

# The columns in IndexEntry field order, for reads.
_FIELDS = (
    "id", "status", "has_source", "has_translation", "source_lang", "translation_lang",
    "source_title", "translation_title", "publisher", "date", "coverage", "last_when",
    "last_kind", "last_who", "revisions", "file", "mtime_ns", "size", "sha256",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pairs (
    id TEXT PRIMARY KEY,
    file TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    has_source INTEGER NOT NULL,
    has_translation INTEGER NOT NULL,
    source_lang TEXT,
    translation_lang TEXT,
    source_title TEXT,
    translation_title TEXT,
    publisher TEXT,
    date TEXT,
    coverage REAL,
    last_when TEXT,
    last_kind TEXT,
    last_who TEXT,
    revisions INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pairs_status ON pairs(status, id);
CREATE INDEX IF NOT EXISTS pairs_date ON pairs(date);
CREATE INDEX IF NOT EXISTS pairs_publisher ON pairs(publisher);
CREATE TABLE IF NOT EXISTS problems (
    file TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    message TEXT NOT NULL
);
"""


@attrs.frozen
class IndexEntry:
    """One indexed pair: what ``transmgmt status`` shows and queries filter on.

    Attributes:
        id: The pair id (file ``<id>.tei.xml``).
        status: The pair status when indexed (see :data:`transmgmt.model.STATUSES`).
        has_source: Whether the Chinese source is in the file.
        has_translation: Whether the English translation is in the file.
        source_lang: Language of the source (known even while pending).
        translation_lang: Language of the translation, if any.
        source_title: Title of the source (or of the pending source, if known).
        translation_title: Title of the translation, if any.
        publisher: Publisher of the source, else of the translation.
        date: Event date (ISO), else publication date, of the source or translation.
        coverage: Share of sentences (both sides) in a two-sided link, in [0, 1];
            paragraphs when nothing is segmented; None without both texts.
        last_when: ISO UTC time of the latest revision.
        last_kind: Kind of the latest revision.
        last_who: Who made the latest revision.
        revisions: Number of revisions.
        file: File name inside the archive.
        mtime_ns: File modification time when indexed.
        size: File size when indexed.
        sha256: SHA-256 of the file bytes when indexed.
    """

    id: str
    status: str
    has_source: bool
    has_translation: bool
    source_lang: str | None
    translation_lang: str | None
    source_title: str | None
    translation_title: str | None
    publisher: str | None
    date: str | None
    coverage: float | None
    last_when: str | None
    last_kind: str | None
    last_who: str | None
    revisions: int
    file: str = ""
    mtime_ns: int = 0
    size: int = 0
    sha256: str = ""

    @property
    def title(self) -> str:
        """The title to show: the translation's, else the source's, else the id."""
        return self.translation_title or self.source_title or self.id

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict of the public fields (no file bookkeeping)."""
        data = attrs.asdict(self)
        for key in ("file", "mtime_ns", "size", "sha256"):
            data.pop(key)
        data["title"] = self.title
        return data


def coverage(pair: ArticlePair) -> float | None:
    """Share of units in a two-sided link: sentences if segmented, else paragraphs.

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> coverage(ArticlePair(id="a", translation=Document(
        ...     lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="x"),))))
    """
    if pair.source is None or pair.translation is None:
        return None
    sentences = len(pair.source.sentences) + len(pair.translation.sentences)
    if sentences:
        links, total = pair.alignment.sentence_links, sentences
    else:
        links = pair.alignment.paragraph_links
        total = len(pair.source.paragraphs) + len(pair.translation.paragraphs)
    linked = sum(len(k.source) + len(k.target) for k in links if k.source and k.target)
    return round(linked / total, 4) if total else None


def entry_from_pair(pair: ArticlePair, *, file: str = "", mtime_ns: int = 0, size: int = 0,
                    sha256: str = "") -> IndexEntry:
    """The index entry of *pair* (file bookkeeping given by the caller).

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> entry_from_pair(ArticlePair(id="a", translation=Document(
        ...     lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="x"),)))).status
        'source-pending'
    """
    docs = list(pair.documents())
    date = next((d.event_date for d in docs if d.event_date), None) or next(
        (d.published for d in docs if d.published), None)
    if date is None and pair.source_info is not None:
        date = pair.source_info.published
    publisher = next((d.publisher for d in docs if d.publisher), None)
    last = pair.revisions[-1] if pair.revisions else None
    source_title = pair.source.title if pair.source else (
        pair.source_info.title if pair.source_info else None)
    return IndexEntry(
        id=pair.id,
        status=pair.status,
        has_source=pair.source is not None,
        has_translation=pair.translation is not None,
        source_lang=pair.source_lang,
        translation_lang=pair.translation.lang if pair.translation else None,
        source_title=source_title,
        translation_title=pair.translation.title if pair.translation else None,
        publisher=publisher,
        date=date.isoformat() if date else None,
        coverage=coverage(pair),
        last_when=last.when.strftime("%Y-%m-%dT%H:%M:%SZ") if last else None,
        last_kind=last.kind if last else None,
        last_who=last.who if last else None,
        revisions=len(pair.revisions),
        file=file,
        mtime_ns=mtime_ns,
        size=size,
        sha256=sha256,
    )


def _row_to_entry(row: tuple[Any, ...]) -> IndexEntry:
    # Positional, in field order: a status query may build tens of thousands of these.
    return IndexEntry(row[0], row[1], row[2] == 1, row[3] == 1, *row[4:])


class Index:
    """The SQLite index of one archive (see the module docstring for the schema).

    A damaged or foreign-version index file is deleted and recreated empty: it is
    only a cache, and the caller then rebuilds it from the files.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = path
        try:
            self._connect()
        except sqlite3.DatabaseError:
            self._discard()
            self._connect()
        #: True when the index was created empty (first use, or after damage).
        self.fresh = self._fresh

    def _connect(self) -> None:
        self.db = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
        self.db.execute("PRAGMA synchronous=NORMAL")
        if self.path != ":memory:":
            # WAL: readers (status) never block on a writer, and a commit is one fsync.
            self.db.execute("PRAGMA journal_mode=WAL")
        version = None
        with contextlib.suppress(sqlite3.OperationalError):
            found = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            version = found[0] if found else None
        if version not in (None, SCHEMA_VERSION):
            self.db.close()
            self._discard()
            self.db = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
        self.db.executescript(_SCHEMA)
        self.fts = self._ensure_fts()
        self._fresh = version != SCHEMA_VERSION
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?)",
                        (SCHEMA_VERSION,))

    def _discard(self) -> None:
        if self.path == ":memory:":
            return
        with contextlib.suppress(Exception):
            self.db.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()

    def _ensure_fts(self) -> bool:
        # Trigram FTS5 finds substrings in Chinese and English titles alike; without
        # FTS5 (or trigram, SQLite < 3.34) title search falls back to LIKE.
        try:
            # Keyed by the pairs row's rowid: deleting by an UNINDEXED column would scan
            # the whole table on every update.
            self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS titles "
                            "USING fts5(title, tokenize='trigram')")
        except sqlite3.OperationalError:
            return False
        return True

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one transaction (one fsync, all or nothing)."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- writes -------------------------------------------------------------------

    def upsert(self, entry: IndexEntry) -> None:
        """Insert or replace the row of *entry* (and clear a problem on its file)."""
        with self.transaction():
            old = self.db.execute("SELECT rowid FROM pairs WHERE id = ? OR file = ?",
                                  (entry.id, entry.file)).fetchall()
            for (rowid,) in old:
                self._delete_row(rowid)
            values = tuple(getattr(entry, c) for c in _COLUMNS)
            cursor = self.db.execute(f"INSERT INTO pairs({', '.join(_COLUMNS)}) "
                                     f"VALUES ({', '.join('?' * len(_COLUMNS))})", values)
            self.db.execute("DELETE FROM problems WHERE file = ?", (entry.file,))
            if self.fts:
                titles = " | ".join(t for t in (entry.source_title, entry.translation_title) if t)
                self.db.execute("INSERT INTO titles(rowid, title) VALUES (?, ?)",
                                (cursor.lastrowid, titles))

    def _delete_row(self, rowid: int) -> None:
        self.db.execute("DELETE FROM pairs WHERE rowid = ?", (rowid,))
        if self.fts:
            self.db.execute("DELETE FROM titles WHERE rowid = ?", (rowid,))

    def remove_file(self, file: str) -> None:
        """Forget everything indexed from *file* (a pair row or a problem)."""
        with self.transaction():
            for (rowid,) in self.db.execute("SELECT rowid FROM pairs WHERE file = ?",
                                            (file,)).fetchall():
                self._delete_row(rowid)
            self.db.execute("DELETE FROM problems WHERE file = ?", (file,))

    def set_problem(self, file: str, mtime_ns: int, size: int, message: str) -> None:
        """Record that *file* does not read as a transmgmt pair, and why."""
        with self.transaction():
            self.remove_file(file)
            self.db.execute("INSERT OR REPLACE INTO problems VALUES (?, ?, ?, ?)",
                            (file, mtime_ns, size, message))

    def clear(self) -> None:
        """Drop every row (before a full rebuild)."""
        with self.transaction():
            self.db.execute("DELETE FROM pairs")
            self.db.execute("DELETE FROM problems")
            if self.fts:
                self.db.execute("DELETE FROM titles")

    # --- reads --------------------------------------------------------------------

    def count(self) -> int:
        """Number of indexed pairs."""
        return int(self.db.execute("SELECT count(*) FROM pairs").fetchone()[0])

    def file_stats(self) -> dict[str, tuple[int, int, str | None]]:
        """``file -> (mtime_ns, size, sha256 or None for a problem file)`` as indexed."""
        stats: dict[str, tuple[int, int, str | None]] = {
            f: (m, s, h) for f, m, s, h in
            self.db.execute("SELECT file, mtime_ns, size, sha256 FROM pairs")
        }
        for f, m, s in self.db.execute("SELECT file, mtime_ns, size FROM problems"):
            stats[f] = (m, s, None)
        return stats

    def problems(self) -> list[tuple[str, str]]:
        """``(file, message)`` for every file that does not read, by file name."""
        return list(self.db.execute("SELECT file, message FROM problems ORDER BY file"))

    def get(self, pair_id: str) -> IndexEntry | None:
        """The entry of *pair_id*, or None."""
        row = self.db.execute(f"SELECT {', '.join(_FIELDS)} FROM pairs WHERE id = ?",
                              (pair_id,)).fetchone()
        return _row_to_entry(row) if row else None

    def query(self, *, status: str | Iterable[str] | None = None, lang: str | None = None,
              date_from: str | None = None, date_to: str | None = None,
              publisher: str | None = None, title: str | None = None,
              limit: int | None = None) -> list[IndexEntry]:
        """Entries matching every given filter, ordered by id (see ``Archive.query``)."""
        sql, args = self._select(", ".join(_FIELDS), status=status, lang=lang,
                                 date_from=date_from, date_to=date_to, publisher=publisher,
                                 title=title, limit=limit)
        return [_row_to_entry(r) for r in self.db.execute(sql, args)]

    def query_ids(self, *, status: str | Iterable[str] | None = None, lang: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  publisher: str | None = None, title: str | None = None,
                  limit: int | None = None) -> list[str]:
        """Ids matching the filters of :meth:`query`; much cheaper for large results."""
        sql, args = self._select("id", status=status, lang=lang, date_from=date_from,
                                 date_to=date_to, publisher=publisher, title=title, limit=limit)
        return [r[0] for r in self.db.execute(sql, args)]

    def _select(self, columns: str, *, status: str | Iterable[str] | None, lang: str | None,
                date_from: str | None, date_to: str | None, publisher: str | None,
                title: str | None, limit: int | None) -> tuple[str, list[object]]:
        where: list[str] = []
        args: list[object] = []
        if status is not None:
            statuses = [status] if isinstance(status, str) else list(status)
            where.append(f"status IN ({', '.join('?' * len(statuses))})")
            args.extend(statuses)
        if lang is not None:
            # A language tag matches itself and its subtags: "zh" finds zh-Hans and zh-Hant.
            where.append("(source_lang = ? OR source_lang LIKE ? OR translation_lang = ? "
                         "OR translation_lang LIKE ?)")
            args.extend([lang, f"{lang}-%", lang, f"{lang}-%"])
        if date_from is not None:
            where.append("date >= ?")
            args.append(date_from)
        if date_to is not None:
            where.append("date <= ?")
            args.append(date_to)
        if publisher is not None:
            where.append("publisher LIKE ? ESCAPE '\\'")
            args.append(f"%{_escape_like(publisher)}%")
        if title:
            if self.fts and len(title) >= 3:
                phrase = '"' + title.replace('"', '""') + '"'
                where.append("rowid IN (SELECT rowid FROM titles WHERE titles MATCH ?)")
                args.append(phrase)
            else:
                where.append("(source_title LIKE ? ESCAPE '\\' OR "
                             "translation_title LIKE ? ESCAPE '\\')")
                args.extend([f"%{_escape_like(title)}%"] * 2)
        sql = f"SELECT {columns} FROM pairs"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        return sql, args

    def status_counts(self) -> dict[str, int]:
        """How many pairs have each status."""
        return dict(self.db.execute("SELECT status, count(*) FROM pairs GROUP BY status"))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

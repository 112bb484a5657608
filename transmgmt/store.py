"""The archive: a folder of TEI files (the truth) with a SQLite index (a cache).

Layout of an archive folder::

    ARCHIVE/
      <id>.tei.xml                         one article pair per file (what `ingest` writes)
      .transmgmt/index.sqlite              the index, rebuilt from the files at any time
      .transmgmt/lock                      the writers' lock (fcntl.flock, holder's pid)
      .transmgmt/history/<id>/<UTC time>-<kind>.tei.xml
                                           the whole pair as it was before each update

Any folder that ``transmgmt ingest --out DIR`` wrote is an archive: the index is
created on first use. Every write is atomic (temporary file, fsync, rename), is made
under the lock, and updates the index afterwards; a crash between the two leaves a
stale index row, which the next :meth:`Archive.open` finds (file ``mtime``/size differ
from the row) and repairs by re-reading that file.

Example:
    >>> import pathlib, tempfile
    >>> from transmgmt.model import ArticlePair, Document, Paragraph
    >>> archive = Archive.open(pathlib.Path(tempfile.mkdtemp()) / "arch", create=True)
    >>> _ = archive.add(ArticlePair(id="art-1", translation=Document(
    ...     lang="en", title="Xu Meets IOM Chief", paragraphs=(Paragraph(id="en-p1", text="x"),))))
    >>> [e.id for e in archive.query(status="source-pending", title="IOM")]
    ['art-1']
    >>> archive.close()
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import attrs

from transmgmt._fs import atomic_write_bytes, fsync_directory
from transmgmt._index import Index, IndexEntry, entry_from_pair
from transmgmt._lock import ArchiveLock
from transmgmt.errors import (
    ArchiveConflictError,
    ArchiveError,
    ArchiveKeyError,
    ArchiveLockedError,
    ModelError,
    TEIParseError,
    UnrepresentableTEIError,
)
from transmgmt.model import ArticlePair, validate_identifier
from transmgmt.tei import pair_from_tei, tei_bytes
from transmgmt.validate import validate_tei

if TYPE_CHECKING:
    from transmgmt.ingest import ScrapedPage
    from transmgmt.model import Document
    from transmgmt.tracking import SourceDiff

__all__ = [
    "HIDDEN_DIR",
    "TEI_SUFFIX",
    "Archive",
    "HistoryVersion",
    "ReindexReport",
    "StaleReport",
]

#: The archive's private folder (index, lock, history); hidden from `ingest`'s scans.
HIDDEN_DIR = ".transmgmt"
#: File name suffix of the pair files.
TEI_SUFFIX = ".tei.xml"
INDEX_FILE = "index.sqlite"
LOCK_FILE = "lock"
HISTORY_DIR = "history"
# atomic_write_bytes names its temporary files ".<target name>.<random>.tmp".
_TEMP_RE = re.compile(r"^\..+\.tmp$")
# Index writes of a batch are committed every this many files: one fsync per chunk
# instead of per file, and a killed batch loses at most one chunk of index rows
# (which the next open re-reads from the files).
_CHUNK = 500

Aligner = Callable[[ArticlePair], ArticlePair]


@attrs.frozen
class StaleReport:
    """How the index differs from the files (file names, sorted).

    Attributes:
        added: Files with no index row.
        changed: Files whose mtime, size (or, when verified, digest) differ from the row.
        removed: Index rows whose file is gone.
    """

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def stale(self) -> bool:
        """True when the index does not describe the files exactly."""
        return bool(self.added or self.changed or self.removed)


@attrs.frozen
class ReindexReport:
    """What a (re)index did.

    Attributes:
        indexed: Files read into the index.
        removed: Rows dropped because their file is gone.
        problems: ``(file, message)`` for files that could not be read as a pair
            (foreign TEI, broken XML); they stay on disk, untouched.
    """

    indexed: int = 0
    removed: int = 0
    problems: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class HistoryVersion:
    """One saved earlier version of a pair (``.transmgmt/history/<id>/...``).

    Attributes:
        path: The TEI file of the earlier version.
        saved: When it was replaced (UTC).
        kind: The change that replaced it (``source-updated``...).
    """

    path: Path
    saved: dt.datetime
    kind: str

    def read(self) -> ArticlePair:
        """The pair as it was."""
        return pair_from_tei(self.path.read_bytes(), label=str(self.path))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Archive:
    """A folder of ``<id>.tei.xml`` pair files with an index, a lock and a history.

    Open one with :meth:`open`. Reads go through the index (queries) or the files
    (:meth:`get`); every write takes the archive lock, writes atomically and updates
    the index. Tracking operations (:meth:`update_source`, :meth:`approve`...) are
    implemented in :mod:`transmgmt.tracking` and offered here as methods.
    """

    def __init__(self, root: Path, *, lock_timeout: float = 10.0, validate: bool = True) -> None:
        self.root = root
        self.validate = validate
        self.meta_dir = root / HIDDEN_DIR
        self.meta_dir.mkdir(exist_ok=True)
        self.lock = ArchiveLock(self.meta_dir / LOCK_FILE, timeout=lock_timeout)
        self.index = Index(self.meta_dir / INDEX_FILE)
        #: True when :meth:`open` found the index stale but another writer held the lock,
        #: so the index was used as it was (call :meth:`refresh` later).
        self.refresh_skipped = False

    # --- opening ------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = False, refresh: bool = True,
             lock_timeout: float = 10.0, validate: bool = True) -> Archive:
        """Open the archive in folder *path*, creating the index on first use.

        Args:
            path: The archive folder (any folder of ``<id>.tei.xml`` files).
            create: Create the folder when it does not exist.
            refresh: Detect a stale index (files added, changed or removed behind the
                archive's back, or a crash between a write and its index update) and
                re-read just those files.
            lock_timeout: Seconds a writer waits for another writer.
            validate: Validate every pair against ``schemas/`` before writing it.

        Raises:
            ArchiveError: The folder does not exist (and *create* is false) or is a file.
            ArchiveLockedError: A refresh was needed and another writer held the lock.

        Example:
            >>> import tempfile
            >>> Archive.open(tempfile.mkdtemp()).query()
            []
        """
        root = Path(path)
        if not root.exists():
            if not create:
                msg = f"no archive at {root} (folder does not exist)"
                raise ArchiveError(msg, path=str(root))
            root.mkdir(parents=True)
        if not root.is_dir():
            msg = f"not an archive folder: {root}"
            raise ArchiveError(msg, path=str(root))
        archive = cls(root.resolve(), lock_timeout=lock_timeout, validate=validate)
        if refresh:
            try:
                if archive.index.fresh and any(archive._scan()):
                    archive.reindex()
                elif archive.stale().stale:
                    archive.refresh()
            except ArchiveLockedError:
                # Another process is writing (and will update the index itself): a
                # reader goes on with the index as it is rather than fail.
                archive.refresh_skipped = True
        return archive

    def close(self) -> None:
        """Close the index (the archive object is unusable afterwards)."""
        self.index.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextlib.contextmanager
    def locked(self) -> Iterator[Archive]:
        """Hold the write lock for a read-modify-write sequence (re-entrant)."""
        with self.lock:
            yield self

    # --- paths --------------------------------------------------------------------

    def path_for(self, pair_id: str) -> Path:
        """The file of pair *pair_id*, checked to stay inside the archive.

        Raises:
            ModelError: *pair_id* is not a safe identifier.
            ArchiveError: The path would leave the archive folder (a symlink).
        """
        validate_identifier(pair_id, "article id")
        path = self.root / f"{pair_id}{TEI_SUFFIX}"
        if path.resolve().parent != self.root:
            msg = f"article id {pair_id!r} resolves outside the archive ({path.resolve()})"
            raise ArchiveError(msg, path=str(path))
        return path

    def _scan(self) -> Iterator[os.DirEntry[str]]:
        with os.scandir(self.root) as entries:
            for entry in entries:
                if (entry.name.endswith(TEI_SUFFIX) and not entry.name.startswith(".")
                        and entry.is_file(follow_symlinks=False)):
                    yield entry

    # --- reading ------------------------------------------------------------------

    def __contains__(self, pair_id: object) -> bool:
        try:
            return isinstance(pair_id, str) and self.path_for(pair_id).is_file()
        except (ModelError, ArchiveError):
            return False

    def __len__(self) -> int:
        return self.index.count()

    def __iter__(self) -> Iterator[ArticlePair]:
        """Every readable pair, by id (files that do not read are in :meth:`problems`)."""
        for entry in self.index.query():
            with contextlib.suppress(ArchiveKeyError, UnrepresentableTEIError):
                yield self.get(entry.id)

    def ids(self, *, status: str | Iterable[str] | None = None, lang: str | None = None,
            date_from: dt.date | str | None = None, date_to: dt.date | str | None = None,
            publisher: str | None = None, title: str | None = None,
            limit: int | None = None) -> list[str]:
        """Ids of the indexed pairs matching the filters of :meth:`query`, sorted.

        Much cheaper than :meth:`query` for large results (one column, covering index).
        """
        return self.index.query_ids(
            status=status, lang=lang, publisher=publisher, title=title, limit=limit,
            date_from=date_from.isoformat() if isinstance(date_from, dt.date) else date_from,
            date_to=date_to.isoformat() if isinstance(date_to, dt.date) else date_to,
        )

    def get(self, pair_id: str) -> ArticlePair:
        """Read pair *pair_id* from its TEI file.

        Raises:
            ArchiveKeyError: No such pair.
            UnrepresentableTEIError: The file holds TEI transmgmt cannot represent
                (the message names the construct and its line).
        """
        path = self.path_for(pair_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            msg = f"no pair {pair_id!r} in archive {self.root}"
            raise ArchiveKeyError(msg, path=str(path)) from None
        return self._parse(data, path)

    def _parse(self, data: bytes, path: Path) -> ArticlePair:
        try:
            pair = pair_from_tei(data, label=path.name)
        except TEIParseError as exc:
            raise UnrepresentableTEIError(exc, path=str(path)) from None
        if f"{pair.id}{TEI_SUFFIX}" != path.name:
            error = TEIParseError(f"file name does not match the article id {pair.id!r}",
                                  source=path.name)
            raise UnrepresentableTEIError(error, path=str(path))
        return pair

    def entry(self, pair_id: str) -> IndexEntry:
        """The index entry of *pair_id*.

        Raises:
            ArchiveKeyError: No such pair in the index.
        """
        found = self.index.get(pair_id)
        if found is None:
            msg = f"no pair {pair_id!r} in archive {self.root}"
            raise ArchiveKeyError(msg)
        return found

    def query(self, *, status: str | Iterable[str] | None = None, lang: str | None = None,
              date_from: dt.date | str | None = None, date_to: dt.date | str | None = None,
              publisher: str | None = None, title: str | None = None,
              limit: int | None = None) -> list[IndexEntry]:
        """Index entries matching every filter given, sorted by id.

        Args:
            status: One status or several (see :data:`transmgmt.model.STATUSES`).
            lang: A language tag of the source or translation (``zh`` matches
                ``zh-Hans`` and ``zh-Hant``).
            date_from: Earliest event date (else publication date), inclusive.
            date_to: Latest event date, inclusive.
            publisher: Substring of the publisher.
            title: Substring of either title (FTS5 trigram index when available).
            limit: At most this many entries.

        Example:
            >>> import tempfile
            >>> Archive.open(tempfile.mkdtemp()).query(status=["outdated"], lang="zh")
            []
        """
        return self.index.query(
            status=status, lang=lang, publisher=publisher, title=title, limit=limit,
            date_from=date_from.isoformat() if isinstance(date_from, dt.date) else date_from,
            date_to=date_to.isoformat() if isinstance(date_to, dt.date) else date_to,
        )

    def pairs(self, **filters: object) -> Iterator[ArticlePair]:
        """The pairs of :meth:`query` (same filters), read from their files."""
        # The filters are query's keyword arguments, passed through unchanged.
        for entry in self.query(**filters):  # type: ignore[arg-type]
            yield self.get(entry.id)

    def status_counts(self) -> dict[str, int]:
        """How many pairs have each status (from the index)."""
        return self.index.status_counts()

    def problems(self) -> list[tuple[str, str]]:
        """``(file, message)`` for every TEI file that transmgmt cannot read."""
        return self.index.problems()

    # --- writing ------------------------------------------------------------------

    def _encode(self, pair: ArticlePair) -> bytes:
        data = tei_bytes(pair)
        if self.validate:
            report = validate_tei(data)
            if not report.valid:  # a bug upstream; never let an invalid file in
                msg = f"article {pair.id}: TEI would be invalid: {report.errors[0].message}"
                raise ArchiveError(msg)
        return data

    def _write(self, pair: ArticlePair, *, overwrite: bool,
               sync_dir: bool = True) -> tuple[Path, IndexEntry]:
        path = self.path_for(pair.id)
        if not overwrite and path.exists():
            msg = f"pair {pair.id!r} is already in the archive (use put or update_source)"
            raise ArchiveConflictError(msg, path=str(path))
        data = self._encode(pair)
        atomic_write_bytes(path, data, sync_dir=sync_dir)
        stat = path.stat()
        return path, entry_from_pair(pair, file=path.name, mtime_ns=stat.st_mtime_ns,
                                     size=stat.st_size, sha256=_sha256(data))

    def put(self, pair: ArticlePair) -> Path:
        """Write *pair* (replacing a pair with the same id) and index it.

        Raises:
            ArchiveError: The pair's TEI would not be valid, or the id is unsafe.
            ArchiveLockedError: Another writer holds the lock.
        """
        with self.lock:
            path, entry = self._write(pair, overwrite=True)
            self.index.upsert(entry)
        return path

    def add(self, pair: ArticlePair) -> Path:
        """Write a new pair and index it.

        Raises:
            ArchiveConflictError: A pair with this id exists.
        """
        with self.lock:
            path, entry = self._write(pair, overwrite=False)
            self.index.upsert(entry)
        return path

    def put_many(self, pairs: Iterable[ArticlePair], *, overwrite: bool = True) -> list[Path]:
        """Write many pairs under one lock; index rows are committed in chunks.

        Each file is written atomically, so a crash leaves every file old or new; the
        index rows of the last chunk may be missing, which the next open repairs.

        Raises:
            ArchiveConflictError: With ``overwrite=False``, at the first existing id
                (the pairs before it are written).
        """
        written: list[Path] = []
        with self.lock:
            pending: list[IndexEntry] = []
            try:
                for pair in pairs:
                    # One directory fsync per chunk instead of per file (3 ms each).
                    path, entry = self._write(pair, overwrite=overwrite, sync_dir=False)
                    written.append(path)
                    pending.append(entry)
                    if len(pending) >= _CHUNK:
                        self._upsert_all(pending)
                        pending = []
            finally:
                self._upsert_all(pending)
        return written

    def _upsert_all(self, entries: list[IndexEntry]) -> None:
        # The renames are made durable before the index says the files exist.
        fsync_directory(self.root)
        with self.index.transaction():
            for entry in entries:
                self.index.upsert(entry)

    def remove(self, pair_id: str) -> None:
        """Delete a pair's file (the last version is kept in the history).

        Raises:
            ArchiveKeyError: No such pair.
        """
        with self.lock:
            path = self.path_for(pair_id)
            if not path.exists():
                msg = f"no pair {pair_id!r} in archive {self.root}"
                raise ArchiveKeyError(msg)
            self.save_history(pair_id, "removed")
            path.unlink()
            self.index.remove_file(path.name)

    # --- history ------------------------------------------------------------------

    def history_dir(self, pair_id: str) -> Path:
        """Folder of the saved versions of *pair_id*."""
        validate_identifier(pair_id, "article id")
        return self.meta_dir / HISTORY_DIR / pair_id

    def save_history(self, pair_id: str, kind: str, *,
                     now: dt.datetime | None = None) -> Path | None:
        """Copy the current file of *pair_id* into its history before a change.

        Returns the saved file, or None when the pair has no file yet.
        """
        validate_identifier(kind, "change kind")
        current = self.path_for(pair_id)
        if not current.exists():
            return None
        folder = self.history_dir(pair_id)
        folder.mkdir(parents=True, exist_ok=True)
        moment = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
        stamp = moment.strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{stamp}-{kind}{TEI_SUFFIX}"
        counter = 1
        while target.exists():  # two changes within a microsecond
            target = folder / f"{stamp}.{counter}-{kind}{TEI_SUFFIX}"
            counter += 1
        return atomic_write_bytes(target, current.read_bytes())

    def history(self, pair_id: str) -> list[HistoryVersion]:
        """Saved earlier versions of *pair_id*, oldest first."""
        folder = self.history_dir(pair_id)
        if not folder.is_dir():
            return []
        versions = []
        for path in sorted(folder.glob(f"*{TEI_SUFFIX}")):
            if path.name.startswith("."):
                continue
            stamp, _, rest = path.name.partition("-")
            try:
                saved = dt.datetime.strptime(stamp.split(".")[0], "%Y%m%dT%H%M%S%fZ").replace(
                    tzinfo=dt.timezone.utc)
            except ValueError:
                continue
            versions.append(HistoryVersion(path=path, saved=saved,
                                           kind=rest.removesuffix(TEI_SUFFIX)))
        return versions

    # --- index maintenance ----------------------------------------------------------

    def stale(self, *, verify: bool = False) -> StaleReport:
        """Compare the index with the files.

        Args:
            verify: Also hash every file whose mtime and size match, to catch a change
                that kept both (slower: reads every file).
        """
        indexed = self.index.file_stats()
        added: list[str] = []
        changed: list[str] = []
        seen: set[str] = set()
        for entry in self._scan():
            seen.add(entry.name)
            row = indexed.get(entry.name)
            if row is None:
                added.append(entry.name)
                continue
            stat = entry.stat(follow_symlinks=False)
            moved = (stat.st_mtime_ns, stat.st_size) != row[:2]
            if moved or (verify and row[2] is not None
                         and _sha256(Path(entry.path).read_bytes()) != row[2]):
                changed.append(entry.name)
        removed = sorted(set(indexed) - seen)
        return StaleReport(added=tuple(sorted(added)), changed=tuple(sorted(changed)),
                           removed=tuple(removed))

    def _index_file(self, path: Path) -> str | None:
        """(Re)index one file; returns the problem message when it does not read."""
        stat = path.stat()
        try:
            data = path.read_bytes()
            pair = self._parse(data, path)
        except UnrepresentableTEIError as exc:
            self.index.set_problem(path.name, stat.st_mtime_ns, stat.st_size, str(exc.error))
            return str(exc.error)
        self.index.upsert(entry_from_pair(pair, file=path.name, mtime_ns=stat.st_mtime_ns,
                                          size=stat.st_size, sha256=_sha256(data)))
        return None

    def _files(self, names: Iterable[str]) -> ReindexReport:
        indexed = 0
        problems = []
        batch = 0
        self.index.db.execute("BEGIN IMMEDIATE")
        try:
            for name in names:
                path = self.root / name
                try:
                    problem = self._index_file(path)
                except FileNotFoundError:  # removed while we scanned
                    self.index.remove_file(name)
                    continue
                if problem is None:
                    indexed += 1
                else:
                    problems.append((name, problem))
                batch += 1
                if batch % _CHUNK == 0:
                    self.index.db.execute("COMMIT")
                    self.index.db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.index.db.execute("ROLLBACK")
            raise
        self.index.db.execute("COMMIT")
        return ReindexReport(indexed=indexed, problems=tuple(problems))

    def refresh(self, *, verify: bool = False) -> ReindexReport:
        """Bring the index up to date by re-reading only the files that changed."""
        with self.lock:
            self._clean_temp_files()
            report = self.stale(verify=verify)
            for name in report.removed:
                self.index.remove_file(name)
            done = self._files((*report.added, *report.changed))
        return attrs.evolve(done, removed=len(report.removed), problems=tuple(self.problems()))

    def reindex(self) -> ReindexReport:
        """Rebuild the index from scratch from the files (files that do not read are
        listed in the report and in :meth:`problems`, never raised).

        Example:
            >>> import tempfile
            >>> Archive.open(tempfile.mkdtemp()).reindex().indexed
            0
        """
        with self.lock:
            self._clean_temp_files()
            before = self.index.count()
            self.index.clear()
            done = self._files(sorted(e.name for e in self._scan()))
        return attrs.evolve(done, removed=max(0, before - done.indexed))

    def _clean_temp_files(self) -> None:
        # Only called under the lock: no writer is active, so any temporary file of
        # atomic_write_bytes is the leftover of a killed process and holds nothing.
        assert self.lock.held
        for folder in (self.root, *self.meta_dir.glob(f"{HISTORY_DIR}/*")):
            with contextlib.suppress(OSError), os.scandir(folder) as entries:
                for entry in entries:
                    if _TEMP_RE.match(entry.name) and entry.is_file(follow_symlinks=False):
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)

    # --- tracking (implemented in transmgmt.tracking) -------------------------------

    def update_source(self, pair_id: str, source: Document | ScrapedPage, *,
                      who: str = "transmgmt", now: dt.datetime | None = None,
                      aligner: Aligner | None = None, note: str | None = None) -> SourceDiff:
        """See :func:`transmgmt.tracking.update_source`."""
        from transmgmt import tracking  # noqa: PLC0415 - tracking imports this module

        return tracking.update_source(self, pair_id, source, who=who, now=now,
                                      aligner=aligner, note=note)

    def update_translation(self, pair_id: str, translation: Document | ScrapedPage, *,
                           who: str = "transmgmt", now: dt.datetime | None = None,
                           aligner: Aligner | None = None, note: str | None = None) -> ArticlePair:
        """See :func:`transmgmt.tracking.update_translation`."""
        from transmgmt import tracking  # noqa: PLC0415

        return tracking.update_translation(self, pair_id, translation, who=who, now=now,
                                           aligner=aligner, note=note)

    def review(self, pair_id: str, *, who: str, now: dt.datetime | None = None,
               note: str | None = None) -> ArticlePair:
        """See :func:`transmgmt.tracking.review`."""
        from transmgmt import tracking  # noqa: PLC0415

        return tracking.review(self, pair_id, who=who, now=now, note=note)

    def approve(self, pair_id: str, *, who: str, now: dt.datetime | None = None,
                note: str | None = None, accept_source: bool = False) -> ArticlePair:
        """See :func:`transmgmt.tracking.approve`."""
        from transmgmt import tracking  # noqa: PLC0415

        return tracking.approve(self, pair_id, who=who, now=now, note=note,
                                accept_source=accept_source)

    def diff(self, pair_id: str) -> SourceDiff:
        """See :func:`transmgmt.tracking.diff`."""
        from transmgmt import tracking  # noqa: PLC0415

        return tracking.diff(self, pair_id)

"""A content-addressed cache of per-file check results, for CI reruns.

A pull request touches a few files of a large archive; every other file gives the same
per-file result as in the last run, so that result is looked up instead of computed.
The key is the SHA-256 of the file's bytes together with a *fingerprint* of everything
else that decides the result (:func:`fingerprint`: transmgmt's version and source, the
schemas, the selected checks, the glossary, the XML and Unicode libraries). The value
is what checking the file produced (:class:`FileResult`: findings without the file
name, the observations the corpus checks need, the article id and waivers), so the
corpus checks (TM403, TM602) and every report are the same with or without the cache.

Storage is one SQLite database (stdlib :mod:`sqlite3`) in the cache folder, written
only by the parent process in transactions, with JSON payloads: never pickle, because
a cache restored in CI must not be able to run code. Whatever goes wrong with the
cache (corrupt, unreadable, locked, full disk) it is reported once on stderr and the
run continues without it: the cache can make a run faster, never change its verdicts.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import sqlite3
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata
from pathlib import Path

import attrs
from lxml import etree

from transmgmt.checks._finding import Finding
from transmgmt.checks._glossary import Glossary
from transmgmt.checks._registry import REGISTRY

__all__ = ["CACHE_ENV", "DB_NAME", "FileResult", "ResultCache", "cache_location", "fingerprint"]

#: Environment variable that ``transmgmt check`` reads as the default ``--cache`` folder.
CACHE_ENV = "TRANSMGMT_CACHE"
def cache_location(given: str | os.PathLike[str] | None) -> str | os.PathLike[str] | None:
    """The cache folder to use: *given*, else ``$TRANSMGMT_CACHE``, else None (no cache).

    Read when a run starts, not at import, so the environment of the run decides.

    Example:
        >>> cache_location("ci-cache")
        'ci-cache'
    """
    return given or os.environ.get(CACHE_ENV) or None


#: The database file inside the cache folder.
DB_NAME = "check-results.sqlite3"
# Bumped whenever the payload layout changes: an older database is then emptied.
_FORMAT = 1
# Entries unused for this many days are dropped at the end of a run (size bound only:
# a dropped entry is recomputed, the verdict is the same).
_KEEP_DAYS = 30
# Rows written per transaction: a killed run keeps most of its work, and a commit per
# row would cost a sync per file.
_BATCH = 500
# Seconds to wait for another process's write lock before giving up on the cache.
_TIMEOUT = 5.0

Observation = tuple[object, ...]


@attrs.define
class FileResult:
    """What checking one file produced, before it is added to a :class:`Checker`'s state.

    Attributes:
        findings: The file's own findings (waived ones already removed), labelled with
            the file name they were computed for.
        observations: What the corpus checks need from the file (``Checker._observe``).
        article: The root element's xml:id (None when the file could not be parsed).
        waived: How many findings the article's waivers removed.
        waivers: ``(article id, {(code, target), ...})`` when the article has waivers.
        cacheable: False for results that do not follow from the bytes (unreadable file).

    Example:
        >>> r = FileResult([Finding("TM201", "error", "no notice", file="a.xml", line=2)])
        >>> FileResult.from_json(r.to_json(), "b.xml").findings[0].file
        'b.xml'
    """

    findings: list[Finding]
    observations: list[Observation] = attrs.field(factory=list)
    article: str | None = None
    waived: int = 0
    waivers: tuple[str, set[tuple[str, str]]] | None = None
    cacheable: bool = True

    def to_json(self) -> str:
        """The result as compact JSON, file names left out (see :meth:`from_json`)."""
        payload: dict[str, object] = {
            "f": [[f.code, f.severity, f.message, f.line, f.article, f.unit]
                  for f in self.findings],
            "o": [list(o) for o in self.observations],
            "a": self.article,
            "w": self.waived,
            "v": None if self.waivers is None
            else [self.waivers[0], sorted(list(w) for w in self.waivers[1])],
        }
        # A message that names the file (none do today) would be wrong under another
        # name: such a result is only reused for the same name.
        labels = {f.file for f in self.findings if f.file}
        if any(label in f.message for label in labels for f in self.findings):
            payload["l"] = next(iter(labels)) if len(labels) == 1 else sorted(labels)
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, label: str | None) -> FileResult | None:
        """The result stored by :meth:`to_json`, relabelled *label* (None if not reusable).

        Raises:
            ValueError, TypeError, KeyError: If *text* is not such a payload.
        """
        payload = json.loads(text)
        if "l" in payload and payload["l"] != label:
            return None
        findings = [
            Finding(code, severity, message, file=label, line=line, article=article, unit=unit)
            for code, severity, message, line, article, unit in payload["f"]
        ]
        # JSON has no tuples: the language pair of a ratio comes back as a list.
        observations: list[Observation] = [
            (kind, tuple(first) if kind == "ratio" else first, second, index)
            for kind, first, second, index in payload["o"]
        ]
        waivers = payload["v"]
        return cls(
            findings,
            observations,
            payload["a"],
            int(payload["w"]),
            None if waivers is None else (waivers[0], {(c, t) for c, t in waivers[1]}),
        )


def _package_source() -> bytes:
    # A developer's edit of any module invalidates the cache without a version bump.
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.digest()


def _schemas() -> bytes:
    from transmgmt.validate import schema_path  # noqa: PLC0415 - validate imports lxml schemas

    folder = schema_path("transmgmt-tei.rng").parent
    digest = hashlib.sha256()
    for path in sorted([*folder.glob("*.rng"), *folder.glob("*.sch")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _plugin_sources(codes: Iterable[str]) -> list[str]:
    # Checks registered by other packages: their module's source decides their hits.
    parts = []
    for code in sorted(codes):
        function = REGISTRY[code].function
        module = getattr(function, "__module__", "") or ""
        if function is None or module.startswith("transmgmt."):
            continue
        try:
            source = inspect.getsourcefile(function)
            data = Path(source).read_bytes() if source else b""
        except (OSError, TypeError):
            data = b""
        parts.append(f"{code}:{module}:{hashlib.sha256(data).hexdigest()}")
    return parts


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


def fingerprint(codes: Iterable[str], glossary: Glossary | None) -> str:
    """A digest of everything besides the file's bytes that decides its per-file result.

    Example:
        >>> from transmgmt.checks._registry import selected
        >>> a = fingerprint(selected(None, None), None)
        >>> a == fingerprint(selected(None, ["TM701"]), None), len(a)
        (False, 64)
    """
    from transmgmt import __version__  # noqa: PLC0415 - the package imports this module

    codes = sorted(codes)
    parts = [
        f"format {_FORMAT}",
        f"transmgmt {__version__}",
        f"python {sys.version_info[0]}.{sys.version_info[1]}",
        f"unicode {unicodedata.unidata_version}",
        f"lxml {etree.LXML_VERSION} libxml2 {etree.LIBXML_VERSION} "
        f"libxslt {etree.LIBXSLT_VERSION}",
        f"attrs {_version('attrs')} babel {_version('babel')}",
        "codes " + ",".join(
            f"{c}/{REGISTRY[c].name}/{REGISTRY[c].severity}/{REGISTRY[c].scope}" for c in codes
        ),
        # The repr of the frozen attrs classes lists every term and rendering in order.
        f"glossary {glossary!r}",
        *_plugin_sources(codes),
    ]
    digest = hashlib.sha256("\n".join(parts).encode())
    digest.update(_package_source())
    digest.update(_schemas())
    return digest.hexdigest()


def _stderr_warning(message: str) -> None:
    print(f"transmgmt: warning: {message}", file=sys.stderr)


class ResultCache:
    """Per-file results by content digest, in ``DB_NAME`` inside *directory*.

    Every failure disables the cache for the rest of the run after one warning: a
    lookup then misses and a store does nothing, so the caller just computes.

    Args:
        directory: The cache folder (created if needed).
        fingerprint: See :func:`fingerprint`; results under another one are not seen.
        warn: Called once with a message when the cache cannot be used.

    Example:
        >>> import tempfile
        >>> cache = ResultCache(tempfile.mkdtemp(), "fp")
        >>> key = cache.key(b"<TEI/>")
        >>> cache.put(key, FileResult([Finding("TM100", "error", "bad", file="a.xml")]))
        >>> cache.close()
        >>> again = ResultCache(cache.path.parent, "fp")
        >>> [(f.code, f.file) for f in again.get(key, "b.xml").findings]
        [('TM100', 'b.xml')]
        >>> again.close()
    """

    def __init__(self, directory: str | os.PathLike[str], fingerprint: str,
                 warn: Callable[[str], None] | None = None) -> None:
        self.path = Path(directory) / DB_NAME
        self.fingerprint = fingerprint
        self.hits = 0
        self._warn = warn or _stderr_warning
        self._pending: list[tuple[str, bytes, str, int]] = []
        self._used: list[tuple[int, str, bytes]] = []
        self._today = int(time.time() // 86400)
        self._db: sqlite3.Connection | None = None
        self._bad_entry = False
        self._failed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are opened explicitly, around batches.
            db = sqlite3.connect(self.path, timeout=_TIMEOUT, isolation_level=None)
            try:
                self._prepare(db)
            except BaseException:
                db.close()
                raise
            self._db = db
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)

    @staticmethod
    def _prepare(db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, _FORMAT):
            db.execute("DROP TABLE IF EXISTS results")
        db.execute(
            "CREATE TABLE IF NOT EXISTS results (fingerprint TEXT NOT NULL, digest BLOB NOT NULL,"
            " payload TEXT NOT NULL, used INTEGER NOT NULL, PRIMARY KEY (fingerprint, digest))"
            " WITHOUT ROWID"
        )
        if version != _FORMAT:  # a write: only when needed, so that readers do not lock
            db.execute(f"PRAGMA user_version = {_FORMAT}")
        # A damaged page shows up here rather than as a wrong answer later.
        db.execute("SELECT count(*) FROM results").fetchone()

    @property
    def enabled(self) -> bool:
        """False once the cache failed (then every lookup misses)."""
        return not self._failed

    def _fail(self, exc: BaseException) -> None:
        self._failed = True
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        self._pending.clear()
        self._used.clear()
        self._warn(f"result cache {self.path} is unusable ({exc}); checking without it "
                   f"(delete the folder to start a new cache)")

    @staticmethod
    def key(data: bytes) -> bytes:
        """The SHA-256 of a file's bytes: with the fingerprint, the key of its result."""
        return hashlib.sha256(data).digest()

    def contains(self, key: bytes) -> bool:
        """True when a result is stored for *key* (:meth:`get` may still miss)."""
        if self._db is None:
            return False
        try:
            row = self._db.execute(
                "SELECT 1 FROM results WHERE fingerprint = ? AND digest = ?",
                (self.fingerprint, key),
            ).fetchone()
        except sqlite3.Error as exc:
            self._fail(exc)
            return False
        return row is not None

    def get(self, key: bytes, label: str | None) -> FileResult | None:
        """The stored result for *key*, labelled *label*; None on a miss."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT payload, used FROM results WHERE fingerprint = ? AND digest = ?",
                (self.fingerprint, key),
            ).fetchone()
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        if row is None:
            return None
        try:
            result = FileResult.from_json(row[0], label)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # One damaged entry: recompute it (and overwrite it), keep the rest.
            if not self._bad_entry:
                self._bad_entry = True
                self._warn(f"damaged entry in the result cache {self.path} ({exc!r}); "
                           f"recomputing it")
            return None
        if result is not None:
            self.hits += 1
            if row[1] != self._today:
                self._used.append((self._today, self.fingerprint, key))
        return result

    def put(self, key: bytes, result: FileResult) -> None:
        """Store *result* under *key* (written in batches; see :meth:`flush`)."""
        if self._db is None or not result.cacheable:
            return
        self._pending.append((self.fingerprint, key, result.to_json(), self._today))
        if len(self._pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the stored results and the use dates of the results read, in one transaction."""
        if self._db is None or not (self._pending or self._used):
            return
        try:
            with self._transaction() as db:
                db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", self._pending)
                db.executemany(
                    "UPDATE results SET used = ? WHERE fingerprint = ? AND digest = ?", self._used
                )
        except sqlite3.Error as exc:
            self._fail(exc)
            return
        self._pending.clear()
        self._used.clear()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on an error."""
        db = self._db
        assert db is not None
        # IMMEDIATE: take the write lock now, so a concurrent writer makes this one wait
        # (up to the timeout) instead of failing halfway through the batch.
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        """Flush, drop entries unused for a month, and close the database."""
        self.flush()
        if self._db is None:
            return
        try:
            with self._transaction() as db:
                db.execute("DELETE FROM results WHERE used < ?", (self._today - _KEEP_DAYS,))
            db.close()
        except sqlite3.Error as exc:
            self._fail(exc)
            return
        self._db = None


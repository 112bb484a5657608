"""Tests for transmgmt.store: the archive folder, its index, lock, safety and round trips."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from archive_support import SEED_FORUM, SEED_XU
from conftest import REPO, SEEDS, run_jing
from hypothesis import HealthCheck, given, settings
from strategies import pairs

from transmgmt._index import entry_from_pair
from transmgmt._lock import ArchiveLock
from transmgmt.errors import (
    ArchiveConflictError,
    ArchiveError,
    ArchiveLockedError,
    ModelError,
    UnrepresentableTEIError,
)
from transmgmt.model import Alignment, ArticlePair, Document, Link, Paragraph
from transmgmt.pipeline import ingest_to_tei
from transmgmt.store import Archive
from transmgmt.tei import read_tei, tei_bytes
from transmgmt.validate import validate_tei

FOREIGN_TEI = b"""<?xml version="1.0"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>x</title>
</titleStmt><publicationStmt><idno type="transmgmt">foreign</idno></publicationStmt>
<sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
<text><body><div><p>x</p></div></body></text></TEI>
"""


def english(pair_id: str, title: str = "Title", *, publisher: str | None = None,
            event: dt.date | None = None) -> ArticlePair:
    doc = Document(lang="en", title=title, paragraphs=(Paragraph(id="en-p1", text="Body."),),
                   publisher=publisher, event_date=event)
    return ArticlePair(id=pair_id, translation=doc)


def chinese(pair_id: str, title: str = "标题") -> ArticlePair:
    doc = Document(lang="zh-Hant", title=title, paragraphs=(Paragraph(id="zh-p1", text="正文。"),))
    return ArticlePair(id=pair_id, source=doc)


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A folder written by the ingest job: an archive without an index yet."""
    ingest_to_tei([SEEDS], tmp_path / "arch")
    return tmp_path / "arch"


class TestOpen:
    def test_ingest_output_is_an_archive(self, seeded: Path) -> None:
        """A folder `ingest --out` wrote opens as an archive; the index is built on first use."""
        assert not (seeded / ".transmgmt").exists()
        with Archive.open(seeded) as archive:
            assert archive.ids() == [SEED_XU, SEED_FORUM]
            assert archive.status_counts() == {"source-pending": 2}
        assert (seeded / ".transmgmt" / "index.sqlite").is_file()

    def test_missing_folder(self, tmp_path: Path) -> None:
        """Opening a folder that does not exist is an error unless create=True."""
        with pytest.raises(ArchiveError, match="does not exist"):
            Archive.open(tmp_path / "nope")
        Archive.open(tmp_path / "nope", create=True).close()
        assert (tmp_path / "nope").is_dir()

    def test_file_is_not_an_archive(self, tmp_path: Path) -> None:
        """A file path is refused with a clear message."""
        (tmp_path / "f").write_text("x")
        with pytest.raises(ArchiveError, match="not an archive folder"):
            Archive.open(tmp_path / "f")


class TestReadWrite:
    def test_add_get_put(self, tmp_path: Path) -> None:
        """add writes a new pair, get reads it back, put replaces it."""
        with Archive.open(tmp_path) as archive:
            path = archive.add(english("a1"))
            assert path == tmp_path.resolve() / "a1.tei.xml"
            assert archive.get("a1") == english("a1")
            archive.put(english("a1", "New title"))
            assert archive.get("a1").translation.title == "New title"
            assert archive.entry("a1").translation_title == "New title"
            assert "a1" in archive
            assert "zz" not in archive
            assert len(archive) == 1

    def test_add_refuses_existing(self, tmp_path: Path) -> None:
        """add never overwrites: a second pair with the same id is a conflict."""
        with Archive.open(tmp_path) as archive:
            archive.add(english("a1"))
            with pytest.raises(ArchiveConflictError, match="already in the archive"):
                archive.add(english("a1", "Other"))
            assert archive.get("a1").translation.title == "Title"

    def test_unknown_id(self, tmp_path: Path) -> None:
        """get of an unknown id raises ArchiveKeyError (also a KeyError)."""
        with Archive.open(tmp_path) as archive, pytest.raises(KeyError, match="no pair 'x'"):
            archive.get("x")

    @pytest.mark.parametrize("bad", ["../etc", "a/b", "", ".hidden", "a b"])
    def test_unsafe_ids_never_become_paths(self, tmp_path: Path, bad: str) -> None:
        """An id that is not a safe identifier is refused before any path is built."""
        with Archive.open(tmp_path) as archive, pytest.raises(ModelError):
            archive.path_for(bad)

    def test_symlink_out_of_archive_refused(self, tmp_path: Path) -> None:
        """A pair file that is a symlink leaving the archive is not followed."""
        (tmp_path / "arch").mkdir()
        (tmp_path / "outside.tei.xml").write_bytes(tei_bytes(english("evil")))
        os.symlink(tmp_path / "outside.tei.xml", tmp_path / "arch" / "evil.tei.xml")
        with Archive.open(tmp_path / "arch") as archive:
            with pytest.raises(ArchiveError, match="outside the archive"):
                archive.get("evil")
            with pytest.raises(ArchiveError, match="outside the archive"):
                archive.put(english("evil"))
            assert archive.ids() == []
        assert read_tei(tmp_path / "outside.tei.xml") == english("evil")

    def test_put_many_and_iterate(self, tmp_path: Path) -> None:
        """A batch is written under one lock and every pair is indexed and iterable."""
        with Archive.open(tmp_path) as archive:
            archive.put_many(english(f"b{i:03d}") for i in range(30))
            assert len(archive) == 30
            assert [p.id for p in archive][:3] == ["b000", "b001", "b002"]

    def test_remove_keeps_history(self, tmp_path: Path) -> None:
        """Removing a pair deletes its file and index row but keeps the last version."""
        with Archive.open(tmp_path) as archive:
            archive.add(english("a1"))
            archive.remove("a1")
            assert "a1" not in archive
            assert archive.ids() == []
            assert [v.read() for v in archive.history("a1")] == [english("a1")]


class TestQuery:
    @pytest.fixture
    def archive(self, tmp_path: Path) -> Iterator[Archive]:
        archive = Archive.open(tmp_path)
        archive.put_many([
            english("e1", "Xu Ganlu Meets IOM Chief", publisher="NIA", event=dt.date(2021, 6, 25)),
            english("e2", "Spring Festival Border Crossings", publisher="NIA",
                    event=dt.date(2023, 1, 28)),
            english("e3", "Hainan 100% visa_free", publisher="Xinhua", event=dt.date(2018, 4, 18)),
            chinese("z1", "国家移民管理局发布春节数据"),
        ])
        yield archive
        archive.close()

    def test_by_status(self, archive: Archive) -> None:
        """Status filters accept one status or several."""
        assert [e.id for e in archive.query(status="translation-missing")] == ["z1"]
        assert len(archive.query(status=["source-pending", "translation-missing"])) == 4

    def test_by_language(self, archive: Archive) -> None:
        """A primary language tag matches its regional and script variants."""
        assert [e.id for e in archive.query(lang="zh-Hant")] == ["z1"]
        assert len(archive.query(lang="zh")) == 4  # pending pairs assume a zh-Hans source
        assert [e.id for e in archive.query(lang="en")] == ["e1", "e2", "e3"]

    def test_by_date_range_and_publisher(self, archive: Archive) -> None:
        """Date ranges are inclusive; publisher matches a substring."""
        found = archive.query(date_from=dt.date(2021, 6, 25), date_to="2023-01-28")
        assert [e.id for e in found] == ["e1", "e2"]
        assert [e.id for e in archive.query(publisher="xinhua")] == ["e3"]

    def test_title_search(self, archive: Archive) -> None:
        """Titles are searched by substring in English and Chinese, short queries too."""
        assert [e.id for e in archive.query(title="border cross")] == ["e2"]
        assert [e.id for e in archive.query(title="春节数据")] == ["z1"]
        assert [e.id for e in archive.query(title="Xu")] == ["e1"]  # < 3 chars: LIKE
        assert [e.id for e in archive.query(title="100%")] == ["e3"]
        assert [e.id for e in archive.query(title="a_f")] == ["e3"]  # LIKE wildcards escaped
        assert archive.query(title='"; DROP TABLE pairs; --') == []

    def test_title_search_without_fts(self, archive: Archive) -> None:
        """Without FTS5 the same query falls back to LIKE and finds the same pairs."""
        archive.index.fts = False
        assert [e.id for e in archive.query(title="border cross")] == ["e2"]
        assert [e.id for e in archive.query(title="春节数据")] == ["z1"]


class TestStaleIndex:
    def test_external_changes_are_detected_and_repaired(self, seeded: Path) -> None:
        """Files added, changed or removed behind the archive's back make the index stale."""
        Archive.open(seeded).close()
        (seeded / "new1.tei.xml").write_bytes(tei_bytes(english("new1")))
        changed = english(SEED_XU, "Changed title")
        (seeded / f"{SEED_XU}.tei.xml").write_bytes(tei_bytes(changed))
        (seeded / f"{SEED_FORUM}.tei.xml").unlink()
        archive = Archive.open(seeded, refresh=False)
        report = archive.stale()
        assert report.added == ("new1.tei.xml",)
        assert report.changed == (f"{SEED_XU}.tei.xml",)
        assert report.removed == (f"{SEED_FORUM}.tei.xml",)
        archive.close()
        with Archive.open(seeded) as archive:  # automatic refresh
            assert not archive.stale().stale
            assert archive.ids() == ["art-000_b36e647bb89e86f8", "new1"]
            assert archive.entry(SEED_XU).translation_title == "Changed title"

    def test_verify_finds_same_size_same_mtime_edit(self, tmp_path: Path) -> None:
        """A change keeping size and mtime is found by hashing (verify=True)."""
        with Archive.open(tmp_path) as archive:
            path = archive.add(english("a1", "Title A"))
            stat = path.stat()
            path.write_bytes(path.read_bytes().replace(b"Title A", b"Title B"))
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            assert not archive.stale().stale
            assert archive.stale(verify=True).changed == ("a1.tei.xml",)
            archive.refresh(verify=True)
            assert archive.entry("a1").translation_title == "Title B"

    def test_deleted_or_corrupt_index_is_rebuilt(self, seeded: Path) -> None:
        """The index is a cache: deleted or overwritten with junk, it is rebuilt."""
        Archive.open(seeded).close()
        index = seeded / ".transmgmt" / "index.sqlite"
        for name in os.listdir(index.parent):
            if name.startswith("index.sqlite-"):
                (index.parent / name).unlink()
        index.write_bytes(b"this is not a database" * 100)
        with Archive.open(seeded) as archive:
            assert archive.ids() == [SEED_XU, SEED_FORUM]
        index.unlink()
        with Archive.open(seeded) as archive:
            assert len(archive) == 2

    def test_foreign_tei_listed_not_fatal(self, seeded: Path) -> None:
        """TEI from another tool is listed with the reason on reindex and raises a typed error."""
        (seeded / "foreign.tei.xml").write_bytes(FOREIGN_TEI)
        (seeded / "broken.tei.xml").write_bytes(b"<TEI><unclosed></TEI>")
        with Archive.open(seeded) as archive:
            report = archive.reindex()
            assert report.indexed == 2
            problems = dict(report.problems)
            assert set(problems) == {"foreign.tei.xml", "broken.tei.xml"}
            assert "not well-formed" in problems["broken.tei.xml"]
            assert archive.problems() == sorted(report.problems)
            with pytest.raises(UnrepresentableTEIError) as info:
                archive.get("foreign")
            assert info.value.error.line is not None
            assert "foreign.tei.xml" in str(info.value)

    def test_unsupported_construct_is_named(self, seeded: Path) -> None:
        """A transmgmt file edited with markup transmgmt does not model names that markup."""
        path = seeded / f"{SEED_XU}.tei.xml"
        data = path.read_bytes()
        path.write_bytes(data.replace(b'<p xml:id="en-p2">', b'<div><p xml:id="en-p2">', 1)
                         .replace(b'<p xml:id="en-p3">', b'</div><p xml:id="en-p3">', 1))
        with Archive.open(seeded) as archive:
            [(name, message)] = archive.problems()
            assert name == path.name
            assert "cannot represent <div>" in message
            assert archive.ids() == [SEED_FORUM]
            with pytest.raises(UnrepresentableTEIError, match=r"cannot represent <div>"):
                archive.get(SEED_XU)

    def test_file_name_must_match_id(self, tmp_path: Path) -> None:
        """A pair file whose name differs from its id is reported, not indexed."""
        (tmp_path / "other.tei.xml").write_bytes(tei_bytes(english("a1")))
        with Archive.open(tmp_path) as archive:
            assert archive.ids() == []
            assert "does not match the article id" in archive.problems()[0][1]


class TestLock:
    def test_contention_has_a_clear_message(self, tmp_path: Path) -> None:
        """A second writer waits, then fails naming the holder's pid, without corrupting."""
        archive = Archive.open(tmp_path, lock_timeout=0.2)
        holder = subprocess.Popen(
            [sys.executable, "-c",
             "import sys, time; from transmgmt._lock import ArchiveLock\n"
             "lock = ArchiveLock(sys.argv[1]); lock.acquire(); print('held', flush=True)\n"
             "time.sleep(30)", str(tmp_path / ".transmgmt" / "lock")],
            stdout=subprocess.PIPE, text=True, cwd=REPO)
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline() == "held\n"
            with pytest.raises(ArchiveLockedError, match=f"locked by pid {holder.pid}"):
                archive.add(english("a1"))
        finally:
            holder.kill()
            holder.wait()
            holder.stdout.close()  # type: ignore[union-attr]
        archive.add(english("a1"))  # the kernel released the dead holder's lock
        assert archive.ids() == ["a1"]
        archive.close()

    def test_reentrant(self, tmp_path: Path) -> None:
        """The holder can take its own lock again (nested archive operations)."""
        lock = ArchiveLock(tmp_path / "lock", timeout=0.1)
        with lock, lock:
            assert lock.held
        assert not lock.held


CHILD = """
import sys
from transmgmt.model import ArticlePair, Document, Paragraph
from transmgmt.store import Archive

archive = Archive.open(sys.argv[1], create=True)
def pairs():
    for i in range(100000):
        if i % 20 == 0:
            print(i, flush=True)
        text = "Body of article %d. " % i * 50
        body = (Paragraph(id="en-p1", text=text.strip()),)
        yield ArticlePair(id="k%05d" % i, translation=Document(
            lang="en", title="Title %d" % i, paragraphs=body))
archive.put_many(pairs())
"""


class TestCrashSafety:
    def test_sigkill_mid_batch_leaves_a_consistent_archive(self, tmp_path: Path) -> None:
        """A writer killed mid-batch leaves only whole files; the index is rebuilt from them."""
        target = tmp_path / "arch"
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(target)],
                                 stdout=subprocess.PIPE, text=True, cwd=REPO)
        assert child.stdout is not None
        for line in child.stdout:
            if int(line) >= 140:
                break
        time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        files = sorted(target.glob("*.tei.xml"))
        assert len(files) >= 140
        for path in files:
            pair = read_tei(path)  # every file is whole: old or new, never half
            assert path.name == f"{pair.id}.tei.xml"
            assert validate_tei(path).valid
        with Archive.open(target, lock_timeout=1) as archive:  # lock free, index repaired
            assert not archive.stale(verify=True).stale
            assert len(archive) == len(files)
            assert archive.reindex().indexed == len(files)
        leftovers = [p.name for p in target.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == []


class TestRoundTrip:
    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(pair=pairs())
    def test_model_archive_model(self, pair: ArticlePair) -> None:
        """model → archive file → model is the identity; re-saving gives identical bytes."""
        with tempfile.TemporaryDirectory() as folder, Archive.open(folder) as archive:
            path = archive.put(pair)
            data = path.read_bytes()
            assert data == tei_bytes(pair)
            back = archive.get(pair.id)
            assert back == pair
            archive.put(back)
            assert path.read_bytes() == data
            indexed = archive.entry(pair.id)
            assert attrs.evolve(indexed, file="", mtime_ns=0, size=0, sha256="") == \
                entry_from_pair(pair)
            archive.reindex()
            assert archive.entry(pair.id) == indexed


WRITER = """
import sys
from transmgmt.model import ArticlePair, Document, Paragraph
from transmgmt.store import Archive

archive = Archive.open(sys.argv[1], lock_timeout=60)
for i in range(12):
    doc = Document(lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="Body."),))
    archive.add(ArticlePair(id=f"{sys.argv[2]}{i:02d}", translation=doc))
    archive.put(ArticlePair(id="shared", translation=doc))
"""


class TestConcurrentWriters:
    def test_two_writers_do_not_corrupt(self, tmp_path: Path) -> None:
        """Two processes adding to one archive at once: every pair written and indexed once."""
        Archive.open(tmp_path).close()
        procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), prefix],
                                  cwd=REPO) for prefix in ("a", "b")]
        assert [p.wait(timeout=120) for p in procs] == [0, 0]
        with Archive.open(tmp_path) as archive:
            assert not archive.stale(verify=True).stale
            ids = archive.ids()
            assert len(ids) == 25
            assert {i[0] for i in ids} == {"a", "b", "s"}
            assert all(validate_tei(archive.path_for(i)).valid for i in ids)

    def test_reader_does_not_wait_for_a_writer(self, tmp_path: Path) -> None:
        """Opening a stale archive while another process writes uses the index as it is."""
        with Archive.open(tmp_path) as archive:
            archive.add(english("a1"))
        (tmp_path / "a2.tei.xml").write_bytes(tei_bytes(english("a2")))
        with ArchiveLock(tmp_path / ".transmgmt" / "lock"), \
                Archive.open(tmp_path, lock_timeout=0.1) as archive:
            assert archive.refresh_skipped
            assert archive.ids() == ["a1"]
            assert archive.stale().added == ("a2.tei.xml",)


class TestOneLevelAlignment:
    def test_paragraph_links_only_is_valid_tei_all(self, tmp_path: Path, jing: list[str]) -> None:
        """A pair aligned at one level only (a correction can drop every sentence link)
        writes no empty linkGrp: valid against schemas/ and tei_all, and reads back."""
        zh = Document(lang="zh-Hans", title="0", paragraphs=(Paragraph(id="zh-p1", text="0"),))
        en = Document(lang="en", title="0", paragraphs=(Paragraph(id="en-p1", text="0"),))
        pair = ArticlePair(id="A", source=zh, translation=en, alignment=Alignment(
            paragraph_links=(Link(("zh-p1",), ()), Link((), ("en-p1",)))))
        with Archive.open(tmp_path) as archive:
            path = archive.put(pair)
            assert archive.get("A") == pair
        assert b'subtype="sentence"' not in path.read_bytes()
        result = run_jing(jing, path)
        assert result.returncode == 0, result.stdout

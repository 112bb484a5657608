"""The result cache of ``transmgmt check``: same reports cold and warm, invalidation, damage."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from pathlib import Path

import attrs
import pytest
from check_corpus import clean_pair, planted_corpus

from transmgmt.checks import FORMATS, Checker, check
from transmgmt.checks import _cache as cache_module
from transmgmt.checks._cache import CACHE_ENV, DB_NAME, FileResult, fingerprint
from transmgmt.checks._finding import Finding
from transmgmt.checks._registry import selected
from transmgmt.cli import run
from transmgmt.model import Waiver
from transmgmt.tei import pair_from_tei, tei_bytes


def _cli(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["check", *map(str, args)], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _corpus(folder: Path) -> Path:
    """The planted-defect corpus plus two waived articles (one waiver is corpus-level)."""
    planted_corpus(folder)
    (folder / "waived-201.tei.xml").write_bytes(tei_bytes(attrs.evolve(
        clean_pair(40), disclaimer=None,
        waivers=(Waiver("TM201", "art-00040", "No notice published."),))))
    # The same inconsistent translation as the TM602 defect, waived on the article.
    pair = pair_from_tei((folder / "defect-TM602.tei.xml").read_bytes())
    (folder / "waived-602.tei.xml").write_bytes(tei_bytes(attrs.evolve(
        pair, id="waived-602",
        waivers=(Waiver("TM602", "waived-602", "Both renderings are approved."),))))
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("cached"))


@pytest.fixture(scope="module")
def uncached(corpus: Path) -> dict[str, tuple[int, str, str]]:
    """The reference: every format without a cache."""
    return {fmt: _cli(corpus, "--glossary", corpus / "glossary.csv", "--format", fmt)
            for fmt in FORMATS}


def _files(folder: Path) -> int:
    return len(list(folder.glob("*.xml")))


class TestSameVerdicts:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_cold_and_warm_reports_identical(
        self, fmt: str, corpus: Path, uncached: dict[str, tuple[int, str, str]], tmp_path: Path
    ) -> None:
        """The report, exit code and counts are the same without the cache, cold and warm."""
        code, report, err = uncached[fmt]
        args = (corpus, "--glossary", corpus / "glossary.csv", "--format", fmt,
                "--cache", tmp_path / "c")
        cold = _cli(*args)
        warm = _cli(*args)
        assert cold[:2] == warm[:2] == (code, report)
        assert "waived" in err  # both waivers took effect
        summary = err.strip().splitlines()[-1]
        assert cold[2].strip().splitlines()[-1] == f"{summary}, 0 from the cache"
        assert warm[2].strip().splitlines()[-1] == f"{summary}, {_files(corpus)} from the cache"

    def test_corpus_waiver_needs_the_cached_waivers(self, corpus: Path, tmp_path: Path) -> None:
        """The TM602 waiver is applied at the end, from waivers read out of the cache."""
        cold = check(corpus, glossary=corpus / "glossary.csv", cache=tmp_path)
        warm = check(corpus, glossary=corpus / "glossary.csv", cache=tmp_path)
        assert cold == warm
        assert {f.code for f in warm} >= {"TM100", "TM403", "TM602"}
        assert not [f for f in warm if f.article == "waived-602"]

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_workers_fill_and_read_the_cache(
        self, jobs: int, corpus: Path, uncached: dict[str, tuple[int, str, str]], tmp_path: Path
    ) -> None:
        """With --jobs 2 the parent writes the cache; any mix of job counts agrees."""
        args = (corpus, "--glossary", corpus / "glossary.csv", "--format", "json",
                "--cache", tmp_path)
        assert _cli(*args, "--jobs", "2")[:2] == uncached["json"][:2]
        edited = _cli(*args, "--jobs", str(jobs))
        assert edited[:2] == uncached["json"][:2]
        assert f"{_files(corpus)} from the cache" in edited[2]

    def test_same_bytes_under_another_name(self, corpus: Path, tmp_path: Path) -> None:
        """A result is keyed by content: a copied folder reuses it under the new names."""
        check(corpus, cache=tmp_path / "c")
        copy = shutil.copytree(corpus, tmp_path / "copy")
        assert check(copy, cache=tmp_path / "c") == check(copy)
        _, _, err = _cli(copy, "--cache", tmp_path / "c")
        assert f"{_files(copy)} from the cache" in err


class TestInvalidation:
    def test_edited_file_is_checked_again(self, corpus: Path, tmp_path: Path) -> None:
        """Only the edited file misses; its new findings are the uncached ones."""
        folder = shutil.copytree(corpus, tmp_path / "corpus")
        cache = tmp_path / "c"
        _cli(folder, "--cache", cache)
        target = folder / "clean-003.tei.xml"
        target.write_bytes(target.read_bytes().replace(b"</p>", b" The the end.</p>", 1))
        code, report, err = _cli(folder, "--cache", cache, "--format", "json")
        assert (code, report) == _cli(folder, "--format", "json")[:2]
        assert f"{_files(folder) - 1} from the cache" in err
        assert "TM701" in report

    def test_other_codes_miss(self, corpus: Path, tmp_path: Path) -> None:
        """Selecting other checks gives another fingerprint: nothing is reused."""
        _cli(corpus, "--cache", tmp_path)
        code, report, err = _cli(corpus, "--cache", tmp_path, "--ignore", "TM7")
        assert (code, report) == _cli(corpus, "--ignore", "TM7")[:2]
        assert "0 from the cache" in err

    def test_other_glossary_misses(self, corpus: Path, tmp_path: Path) -> None:
        """A changed glossary content (same path) invalidates every result."""
        glossary = tmp_path / "g.csv"
        shutil.copy(corpus / "glossary.csv", glossary)
        args = (corpus, "--glossary", glossary, "--cache", tmp_path / "c", "--format", "json")
        _cli(*args)
        glossary.write_text("source,target\n会见,meeting\n", encoding="utf-8")
        code, report, err = _cli(*args)
        assert (code, report) == _cli(corpus, "--glossary", glossary, "--format", "json")[:2]
        assert "0 from the cache" in err

    def test_fingerprint_covers_source_and_schemas(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An edit of transmgmt's source or of schemas/ changes the fingerprint."""
        codes = selected(None, None)
        before = fingerprint(codes, None)
        assert fingerprint(codes, None) == before
        with monkeypatch.context() as patch:
            patch.setattr(cache_module, "_package_source", lambda: b"edited")
            assert fingerprint(codes, None) != before
        with monkeypatch.context() as patch:
            patch.setattr(cache_module, "_schemas", lambda: b"edited")
            assert fingerprint(codes, None) != before


class TestDamage:
    def _reference(self, corpus: Path) -> tuple[int, str]:
        return _cli(corpus, "--format", "json")[:2]

    def test_corrupt_database(self, corpus: Path, tmp_path: Path) -> None:
        """A file that is not a database: one warning, the same report, no cache use."""
        (tmp_path / DB_NAME).write_bytes(b"this is not sqlite" * 100)
        code, report, err = _cli(corpus, "--format", "json", "--cache", tmp_path, "--jobs", "2")
        assert (code, report) == self._reference(corpus)
        assert err.count("warning:") == 1
        assert "unusable" in err
        assert "from the cache" not in err

    def test_damaged_entries(self, corpus: Path, tmp_path: Path) -> None:
        """Unreadable payloads are recomputed (one warning) and overwritten."""
        _cli(corpus, "--cache", tmp_path)
        with sqlite3.connect(tmp_path / DB_NAME) as db:
            db.execute("UPDATE results SET payload = '{\"f\": 1'")
        db.close()
        code, report, err = _cli(corpus, "--format", "json", "--cache", tmp_path)
        assert (code, report) == self._reference(corpus)
        assert err.count("warning:") == 1
        assert "0 from the cache" in err
        assert f"{_files(corpus)} from the cache" in _cli(corpus, "--cache", tmp_path)[2]

    def test_locked_database(self, corpus: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
        """Another process holding the database: one warning, then the run goes on uncached."""
        monkeypatch.setattr(cache_module, "_TIMEOUT", 0.05)
        _cli(corpus, "--cache", tmp_path)
        holder = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            code, report, err = _cli(corpus, "--format", "json", "--cache", tmp_path)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert (code, report) == self._reference(corpus)
        assert err.count("warning:") == 1

    def test_unwritable_folder(self, corpus: Path, tmp_path: Path) -> None:
        """A cache path that cannot be a folder: a warning and the uncached verdict."""
        blocker = tmp_path / "file"
        blocker.write_text("x")
        code, report, err = _cli(corpus, "--format", "json", "--cache", blocker / "sub")
        assert (code, report) == self._reference(corpus)
        assert err.count("warning:") == 1


class TestStorage:
    def test_payloads_are_json(self, corpus: Path, tmp_path: Path) -> None:
        """Every stored value is plain JSON (a restored cache cannot run code)."""
        check(corpus, cache=tmp_path)
        with sqlite3.connect(tmp_path / DB_NAME) as db:
            rows = db.execute("SELECT payload FROM results").fetchall()
        db.close()
        assert len(rows) == _files(corpus)
        for (payload,) in rows:
            assert set(json.loads(payload)) <= {"f", "o", "a", "w", "v", "l"}

    def test_round_trip_keeps_observations(self) -> None:
        """Ratio keys come back as tuples, floats exactly, waivers as sets."""
        result = FileResult(
            [Finding("TM701", "warning", "doubled", file="a.xml", line=3, article="x", unit="u")],
            [("ratio", ("zh", "en"), 1.0986122886681098, 0), ("sentence", 2**63 + 5, 7, 1)],
            "x", 1, ("x", {("TM201", "x")}),
        )
        again = FileResult.from_json(result.to_json(), "a.xml")
        assert again == result

    def test_message_naming_the_file_is_not_reused_elsewhere(self) -> None:
        """A result whose message quotes its file name is only reused under that name."""
        result = FileResult([Finding("TM100", "error", "a.xml is broken", file="a.xml")])
        assert FileResult.from_json(result.to_json(), "a.xml") == result
        assert FileResult.from_json(result.to_json(), "b.xml") is None

    def test_environment_variable_and_no_cache(self, corpus: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
        """$TRANSMGMT_CACHE is the default folder; --no-cache turns it off."""
        monkeypatch.setenv(CACHE_ENV, str(tmp_path))
        _cli(corpus)
        assert (tmp_path / DB_NAME).is_file()
        assert f"{_files(corpus)} from the cache" in _cli(corpus)[2]
        assert "from the cache" not in _cli(corpus, "--no-cache")[2]

    def test_checker_api(self, corpus: Path, tmp_path: Path) -> None:
        """Checker(cache=...) used file by file, then closed, fills the cache too."""
        files = sorted(corpus.glob("*.xml"))
        first = Checker(cache=tmp_path)
        found = [f for path in files for f in first.check_path(path)] + first.finish()
        first.close()
        second = Checker(cache=tmp_path)
        again = [f for path in files for f in second.check_path(path)] + second.finish()
        second.close()
        assert found == again
        assert second.cache is not None
        assert second.cache.hits == len(files)

"""Tests for the archive commands of the CLI: status, add, update-source, approve, diff..."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from archive_support import PAIRING, SEED_FORUM, SEED_XU, ZH_XU
from conftest import SEEDS

from transmgmt.cli import run
from transmgmt.store import Archive


def cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    code, _, _ = cli("ingest", SEEDS, "--out", tmp_path / "arch")
    assert code == 0
    return tmp_path / "arch"


class TestStatus:
    def test_table(self, archive: Path) -> None:
        """The table lists id, title, source/translation state, coverage and last change."""
        code, out, err = cli("status", archive)
        assert code == 0
        header, *rows = out.splitlines()
        assert header.split()[:6] == ["id", "title", "source", "translation", "status", "aligned"]
        assert rows[0].startswith(SEED_XU)
        assert " pending " in rows[0]
        assert "ingest transmgmt" in rows[0]
        assert "2 pairs (2 source-pending)" in err

    def test_json(self, archive: Path) -> None:
        """--format json gives one object per pair."""
        code, out, _ = cli("status", archive, "--format", "json")
        data = json.loads(out)
        assert code == 0
        assert [p["id"] for p in data["pairs"]] == [SEED_XU, SEED_FORUM]
        assert data["pairs"][0]["status"] == "source-pending"
        assert data["problems"] == []

    def test_unreadable_files_listed_exit_1(self, archive: Path) -> None:
        """A foreign TEI file is listed as unreadable and the exit code is 1."""
        (archive / "other.tei.xml").write_text("<TEI/>")
        code, out, _ = cli("status", archive)
        assert code == 1
        assert "unreadable other.tei.xml" in out

    def test_missing_archive_exit_2(self, tmp_path: Path) -> None:
        """A folder that does not exist is a one-line error, exit 2."""
        code, out, err = cli("status", tmp_path / "nope")
        assert code == 2
        assert out == ""
        assert err.count("\n") == 1
        assert "does not exist" in err


class TestWorkflow:
    def test_update_source_diff_approve(self, archive: Path, tmp_path: Path) -> None:
        """The editorial workflow on the command line, with exit codes."""
        code, out, _ = cli("update-source", archive, SEED_XU, ZH_XU, "--who", "Li")
        assert code == 0
        assert "current" in out
        corrected = tmp_path / "xu.zh.txt"
        corrected.write_text(ZH_XU.read_text(encoding="utf-8").replace("大力支持", "长期支持"),
                             encoding="utf-8")
        code, out, _ = cli("update-source", archive, SEED_XU, corrected, "--who", "Li")
        assert code == 0
        assert "outdated" in out
        code, out, _ = cli("diff", archive, SEED_XU)
        assert code == 0
        assert "长期支持" in out
        assert "status: outdated" in out
        code, out, _ = cli("diff", archive, SEED_XU, "--format", "json")
        assert json.loads(out)["sentences"][0]["new_ids"] == ["zh-p3-s2"]
        code, _, err = cli("approve", archive, SEED_XU, "--who", "Wang")
        assert code == 1
        assert "outdated" in err
        assert err.count("\n") == 1
        code, out, _ = cli("approve", archive, SEED_XU, "--who", "Wang", "--accept-source")
        assert code == 0
        assert "approved by Wang" in out
        with Archive.open(archive) as opened:
            assert opened.get(SEED_XU).status == "approved"

    def test_approve_needs_who(self, archive: Path) -> None:
        """--who is required: a usage error, exit 2."""
        code, _, err = cli("approve", archive, SEED_XU)
        assert code == 2
        assert "--who" in err

    def test_unknown_id_exit_2(self, archive: Path) -> None:
        """An unknown or unsafe id is a one-line error, exit 2."""
        assert cli("diff", archive, "nope")[0] == 2
        code, _, err = cli("approve", archive, "../x", "--who", "W")
        assert code == 2
        assert "Traceback" not in err

    def test_add(self, archive: Path, tmp_path: Path) -> None:
        """add creates new pairs and refuses ids already there (exit 1)."""
        pages = tmp_path / "pages"
        pages.mkdir()
        shutil.copy(PAIRING / "zh" / "spring-festival-ports.txt", pages / "spring.zh.txt")
        shutil.copy(PAIRING / "en" / "spring-festival-crossings.txt", pages / "spring.en.txt")
        code, out, _ = cli("add", archive, pages)
        assert code == 0
        assert "-> spring [current]" in out
        code, out, _ = cli("add", archive, pages)
        assert code == 1
        assert "already in the archive" in out

    def test_pair_into_archive(self, tmp_path: Path) -> None:
        """pair proposes pairs and adds them; the English page without source stays pending."""
        target = tmp_path / "paired"
        code, out, _ = cli("pair", PAIRING / "zh", PAIRING / "en", "--archive", target)
        assert code == 0
        assert "pending   hainan-visa-free.txt" in out
        with Archive.open(target) as opened:
            assert opened.status_counts() == {"current": 4, "source-pending": 1}
            assert opened.get("hainan-visa-free").status == "source-pending"

    def test_pair_bad_threshold(self, tmp_path: Path) -> None:
        """A threshold outside [0, 1] is a usage error."""
        assert cli("pair", PAIRING / "zh", PAIRING / "en", "--threshold", "3")[0] == 2

    def test_reindex(self, archive: Path) -> None:
        """reindex rebuilds the index; --check reports a stale one with exit 1."""
        assert cli("status", archive)[0] == 0
        (archive / f"{SEED_FORUM}.tei.xml").unlink()
        code, out, _ = cli("reindex", "--check", archive)
        assert code == 1
        assert f"removed   {SEED_FORUM}.tei.xml" in out
        code, _, err = cli("reindex", archive)
        assert code == 0
        assert "1 indexed" in err
        assert cli("reindex", "--check", archive)[0] == 0

"""Tests for the command line: the main job on seeds/, pairs, bad input and exit codes."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS

from transmgmt.cli import run
from transmgmt.tei import read_tei
from transmgmt.validate import validate_tei

ZH_PAGE = """许甘露会见国际移民组织驻华代表


分享到：


2021年6月25日，公安部副部长、国家移民管理局局长许甘露应约会见国际移民组织驻华代表克罗切蒂，双方就深化移民领域合作交换意见。

许甘露对克罗切蒂在庆祝中国共产党成立100周年之际赠送纪念牌表示感谢。
"""


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


class TestIngestSeeds:
    def test_main_job_on_seeds(self, tmp_path: Path) -> None:
        """The README's main command writes two valid, source-pending TEI files."""
        code, out, _ = cli("ingest", str(SEEDS), "--out", str(tmp_path))
        assert code == 0, out
        files = sorted(tmp_path.glob("*.tei.xml"))
        assert [f.name for f in files] == [
            "art-000_b36e647bb89e86f8.tei.xml",
            "art-001_94d346b9cbc6fb15.tei.xml",
        ]
        assert out.count("\nok ") + out.startswith("ok ") == 2
        dates = []
        for path in files:
            assert validate_tei(path).valid
            pair = read_tei(path)
            assert pair.status == "source-pending" and pair.source is None
            assert pair.disclaimer is not None
            assert pair.disclaimer.text.startswith(
                "Notice: The English version is only for reference."
            )
            assert (pair.disclaimer.lang, pair.disclaimer.authoritative_lang) == ("en", "zh-Hans")
            body = " ".join(p.text for p in pair.translation.paragraphs)
            assert "Share on wechat" not in body and "scan" not in body and "Notice:" not in body
            dates.append(pair.translation.event_date.isoformat())
        assert dates == ["2021-06-25", "2020-12-12"]

    def test_reimport_is_recognised_by_digest(self, tmp_path: Path) -> None:
        """The raw input's digest is kept, so the same page imported twice is recognised."""
        cli("ingest", str(SEEDS), "--out", str(tmp_path / "a"))
        cli("ingest", str(SEEDS), "--out", str(tmp_path / "b"))
        digests = [
            read_tei(p).translation.raw_digest for p in sorted((tmp_path / "a").glob("*.xml"))
        ]
        again = [read_tei(p).translation.raw_digest for p in sorted((tmp_path / "b").glob("*.xml"))]
        assert digests == again and len(set(digests)) == 2


class TestIngestPair:
    def test_chinese_and_english_pages_form_one_pair(self, tmp_path: Path) -> None:
        """story.zh.txt + story.en.txt become one pair with both texts."""
        pages = tmp_path / "pages"
        pages.mkdir()
        (pages / "story.zh.txt").write_text(ZH_PAGE, encoding="gb18030")
        english = (SEEDS / "000_b36e647bb89e86f8.txt").read_bytes()
        (pages / "story.en.txt").write_bytes(english)
        code, out, _ = cli("ingest", str(pages), "--out", str(tmp_path / "out"))
        assert code == 0, out
        pair = read_tei(tmp_path / "out" / "story.tei.xml")
        assert pair.source is not None and pair.translation is not None
        assert pair.source.lang == "zh-Hans" and pair.source.event_date.isoformat() == "2021-06-25"
        assert pair.status == "current" and pair.translated_from == pair.source.digest
        assert "分享到" not in " ".join(p.text for p in pair.source.paragraphs)
        assert validate_tei(tmp_path / "out" / "story.tei.xml").valid


class TestBadInput:
    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("empty.txt", b""),
            ("blank.txt", b"   \n\n  "),
            ("binary.txt", bytes(range(256)) * 4),
            ("undecodable.txt", b"Title\n\n\xff\xfe\xfa\x80\x81 body \xc3\x28\n"),
            (
                "nobody.txt",
                b"Share on wechat\n\nNotice: The English version is only for reference.\n",
            ),
        ],
    )
    def test_rejected_with_reason_and_nothing_written(
        self, tmp_path: Path, name: str, content: bytes
    ) -> None:
        """Bad input exits 1 with a one-line reason naming the file, and writes nothing for it."""
        bad = tmp_path / name
        bad.write_bytes(content)
        out_dir = tmp_path / "out"
        code, out, err = cli(
            "ingest", str(bad), str(SEEDS / "000_b36e647bb89e86f8.txt"), "--out", str(out_dir)
        )
        assert code == 1
        rejected = [line for line in out.splitlines() if line.startswith("rejected")]
        assert len(rejected) == 1 and name in rejected[0]
        assert "Traceback" not in out + err
        assert [p.name for p in out_dir.iterdir()] == ["art-000_b36e647bb89e86f8.tei.xml"]

    def test_usage_errors_exit_2(self, tmp_path: Path) -> None:
        """Missing arguments, unknown options and missing paths are usage errors."""
        assert cli("ingest", str(SEEDS))[0] == 2
        assert cli("ingest", "--bogus", str(SEEDS), "--out", str(tmp_path))[0] == 2
        code, _, err = cli("ingest", str(tmp_path / "missing"), "--out", str(tmp_path))
        assert code == 2 and "no such file" in err
        assert cli()[0] == 2

    def test_validate_command(self, tmp_path: Path) -> None:
        """transmgmt validate reports valid files with 0 and a broken one with 1."""
        cli("ingest", str(SEEDS), "--out", str(tmp_path))
        assert cli("validate", str(tmp_path))[0] == 0
        broken = tmp_path / "broken.xml"
        broken.write_text("<TEI>", encoding="utf-8")
        code, out, _ = cli("validate", str(tmp_path))
        assert code == 1 and "broken.xml" in out


def test_console_script_runs() -> None:
    """`python -m transmgmt --version` works (the installed entry point's module)."""
    result = subprocess.run(
        [sys.executable, "-m", "transmgmt", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("transmgmt ")

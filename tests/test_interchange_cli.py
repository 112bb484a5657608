"""``transmgmt export`` and ``transmgmt import`` (transmgmt.interchange.cli)."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pytest
from interchange_samples import rich_pair
from lxml import etree
from test_tei import sample_pair

from transmgmt.cli import run
from transmgmt.interchange.xliff import XLIFF_NS
from transmgmt.model import Alignment, ArticlePair
from transmgmt.tei import read_tei, write_tei


def cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An archive folder with an aligned approved pair, an aligned current pair, a pending one."""
    folder = tmp_path / "archive"
    folder.mkdir()
    pending = ArticlePair(id="art-9", translation=rich_pair().translation)
    for pair in (sample_pair(), rich_pair(), pending):
        write_tei(pair, folder / f"{pair.id}.tei.xml")
    return folder


class TestExport:
    @pytest.mark.parametrize(("fmt", "files"), [
        ("tei", ["art-1.tei.xml", "art-2.tei.xml", "art-9.tei.xml"]),
        ("tmx", ["corpus.tmx"]),
        ("xliff", ["art-1.xlf", "art-2.xlf"]),
        ("xces", ["corpus.xces.xml"]),
        ("moses", ["corpus.en", "corpus.tsv", "corpus.zh"]),
        ("html", ["art-1.html", "art-2.html", "art-9.html", "index.html", "static"]),
    ])
    def test_each_format(self, archive: Path, tmp_path: Path, fmt: str, files: list[str]) -> None:
        """Every format writes its files and exits 0."""
        code, out, err = cli("export", archive, "--format", fmt, "--out", tmp_path / "out")
        assert code == 0, out + err
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == files

    def test_tei_export_is_lossless(self, archive: Path, tmp_path: Path) -> None:
        """Re-exported TEI reads back to the same pairs."""
        cli("export", archive, "--format", "tei", "--out", tmp_path / "out")
        assert read_tei(tmp_path / "out" / "art-2.tei.xml") == rich_pair()

    def test_filters(self, archive: Path, tmp_path: Path) -> None:
        """--min-score, --types and --approved-only select the links of a TMX."""
        code, _, _ = cli("export", archive, "--format", "tmx", "--out", tmp_path,
                         "--min-score", "0.5", "--types", "1-1,1-2", "--approved-only")
        assert code == 0
        root = etree.parse(str(tmp_path / "corpus.tmx")).getroot()
        assert root.xpath("//tu/@tuid") == ["l-zh-p1-s1", "l-zh-p1-s2"]

    def test_one_file(self, archive: Path, tmp_path: Path) -> None:
        """A single TEI file is an archive of one."""
        code, _, _ = cli("export", archive / "art-2.tei.xml", "--format", "moses",
                         "--out", tmp_path)
        assert code == 0
        assert len((tmp_path / "corpus.zh").read_text("utf-8").splitlines()) == 3

    @pytest.mark.parametrize("argv", [
        ["--format", "pdf"],
        ["--format", "tmx", "--min-score", "2"],
        ["--format", "tmx", "--types", "one-to-one"],
        ["--format", "html", "--types", "1-1"],
        ["--format", "tmx", "--levels", "word"],
    ])
    def test_usage_errors(self, archive: Path, tmp_path: Path, argv: list[str]) -> None:
        """Bad options exit 2 with a one-line error."""
        code, out, err = cli("export", archive, "--out", tmp_path / "o", *argv)
        assert code == 2
        assert out == ""
        assert err.startswith("error: ")
        assert err.count("\n") == 1

    def test_missing_archive(self, tmp_path: Path) -> None:
        """A missing archive is a usage error."""
        code, _, err = cli("export", tmp_path / "nope", "--format", "tmx", "--out", tmp_path)
        assert code == 2
        assert "no such file or folder" in err

    def test_broken_tei_rejected_others_exported(self, archive: Path, tmp_path: Path) -> None:
        """An unreadable TEI file is reported, the rest exported, exit 1."""
        (archive / "bad.tei.xml").write_bytes(b"<TEI>")
        code, out, _ = cli("export", archive, "--format", "tmx", "--out", tmp_path / "o")
        assert code == 1
        assert "rejected  " in out
        assert (tmp_path / "o" / "corpus.tmx").is_file()


class TestImport:
    def test_tmx_import_updates_the_tei_files(self, archive: Path, tmp_path: Path) -> None:
        """Links from a TMX go back into the archive's files, which stay valid."""
        cli("export", archive, "--format", "tmx", "--out", tmp_path, "--levels",
            "paragraph,sentence")
        bare = attrs.evolve(rich_pair(), alignment=Alignment(
            sentence_links=rich_pair().alignment.sentence_links[-1:]))
        write_tei(bare, archive / "art-2.tei.xml")
        code, out, err = cli("import", tmp_path / "corpus.tmx", "--archive", archive,
                             "--who", "me")
        assert code == 0, out + err
        assert out.splitlines() == [f"updated   {archive / 'art-2.tei.xml'} [approved]"]
        back = read_tei(archive / "art-2.tei.xml")
        assert set(back.alignment.links()) == set(rich_pair().alignment.links())
        assert back.revisions[-1].who == "me"
        assert run(["validate", str(archive)], stdout=io.StringIO(), stderr=io.StringIO()) == 0

    def test_xces_import_restores_the_alignment(self, archive: Path, tmp_path: Path) -> None:
        """An XCES export, imported onto unaligned files, gives back every link."""
        cli("export", archive, "--format", "xces", "--out", tmp_path, "--levels",
            "paragraph,sentence")
        write_tei(attrs.evolve(rich_pair(), alignment=Alignment(
            method=rich_pair().alignment.method)), archive / "art-2.tei.xml")
        code, out, err = cli("import", tmp_path / "corpus.xces.xml", "--archive", archive)
        assert code == 0, out + err
        assert out.splitlines() == [f"updated   {archive / 'art-2.tei.xml'} [approved]"]
        assert read_tei(archive / "art-2.tei.xml").alignment == rich_pair().alignment
        assert run(["validate", str(archive)], stdout=io.StringIO(), stderr=io.StringIO()) == 0

    def test_xliff_import_makes_a_translation_revision(self, archive: Path, tmp_path: Path) -> None:
        """A translated XLIFF becomes a new English version in the TEI file."""
        cli("export", archive, "--format", "xliff", "--out", tmp_path)
        root = etree.parse(str(tmp_path / "art-2.xlf")).getroot()
        segment = root.find(f".//{{{XLIFF_NS}}}segment[@id='l-zh-p2-s2']")
        etree.SubElement(segment, f"{{{XLIFF_NS}}}target").text = "Chinese prevails."
        (tmp_path / "art-2.xlf").write_bytes(etree.tostring(root))
        code, out, _ = cli("import", tmp_path / "art-2.xlf", "--archive", archive)
        assert code == 0, out
        back = read_tei(archive / "art-2.tei.xml")
        assert back.translation.paragraphs[-1].text.endswith("Chinese prevails.")
        assert back.revisions[-1].kind == "translation-updated"
        assert back.status == "current"

    def test_skipped_units_exit_1(self, archive: Path, tmp_path: Path) -> None:
        """A TMX naming an unknown article is reported and exits 1; nothing is written."""
        cli("export", archive, "--format", "tmx", "--out", tmp_path)
        (archive / "art-1.tei.xml").unlink()
        before = (archive / "art-2.tei.xml").read_bytes()
        code, out, _ = cli("import", tmp_path / "corpus.tmx", "--archive", archive)
        assert code == 1
        assert "unknown article 'art-1'" in out
        assert (archive / "art-2.tei.xml").read_bytes() == before

    def test_not_an_interchange_file(self, archive: Path, tmp_path: Path) -> None:
        """A file that is neither TMX, XLIFF 2 nor XCES is a usage error."""
        (tmp_path / "x.xml").write_bytes(b"<html/>")
        code, _, err = cli("import", tmp_path / "x.xml", "--archive", archive)
        assert code == 2
        assert "neither TMX, XLIFF 2 nor XCES" in err


class TestArchivePaths:
    def test_importers_and_site_take_a_folder(self, archive: Path, tmp_path: Path) -> None:
        """import_tmx, import_xliff and build_site read the pairs from an archive folder."""
        from transmgmt.interchange import import_tmx, import_xliff, tmx_bytes, xliff_bytes
        from transmgmt.view import build_site

        result = import_tmx(tmx_bytes([rich_pair()]), archive)
        assert [p.id for p in result.pairs] == ["art-1", "art-2", "art-9"]
        assert result.changed == ()
        assert import_xliff(xliff_bytes(rich_pair()), archive).pairs[1] == rich_pair()
        names = {p.name for p in build_site(archive, tmp_path / "site")}
        assert {"art-1.html", "art-2.html", "art-9.html", "index.html"} <= names

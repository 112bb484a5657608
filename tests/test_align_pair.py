"""Tests for aligning article pairs: segmentation into the model, manual links, TEI, CLI."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
from conftest import SEEDS
from test_cli import ZH_PAGE

from transmgmt.align import align_pair, segment_document
from transmgmt.cli import run
from transmgmt.model import ArticlePair, Document, Link, Paragraph
from transmgmt.tei import pair_from_tei, read_tei, tei_bytes
from transmgmt.validate import validate_tei

ZH = Document(
    lang="zh-Hans",
    title="许甘露会见国际移民组织驻华代表",
    paragraphs=(
        Paragraph(
            id="zh-p1",
            text="2021年6月25日，许甘露会见了国际移民组织驻华代表克罗切蒂。双方就深化移民领域合作交换意见。",
        ),
        Paragraph(
            id="zh-p2", text="许甘露对克罗切蒂赠送纪念国际移民组织成立70周年的纪念牌表示感谢。"
        ),
        Paragraph(id="zh-p3", text="克罗切蒂对中国共产党成立100周年表示热烈祝贺。"),
    ),
)
EN = Document(
    lang="en",
    title="Xu Ganlu Meets with IOM Chief of Mission in China",
    paragraphs=(
        Paragraph(
            id="en-p1",
            text="On June 25, 2021, Xu Ganlu met with Giuseppe Crocetti, Chief of Mission "
            "in China of the IOM. They exchanged views on deepening cooperation in immigration.",
        ),
        Paragraph(
            id="en-p2",
            text="Xu expressed appreciation to Crocetti for a plaque commemorating the 70th "
            "anniversary of the founding of IOM.",
        ),
        Paragraph(
            id="en-p3", text="Crocetti extended warm congratulations on CPC's 100th anniversary."
        ),
    ),
)
PAIR = ArticlePair(id="art-1", source=ZH, translation=EN)


class TestAlignPair:
    def test_paragraphs_then_sentences(self) -> None:
        """Both texts are segmented and linked at paragraph and sentence level."""
        aligned = align_pair(PAIR)
        assert [(lk.source, lk.target) for lk in aligned.alignment.paragraph_links] == [
            (("zh-p1",), ("en-p1",)),
            (("zh-p2",), ("en-p2",)),
            (("zh-p3",), ("en-p3",)),
        ]
        pairs = [(lk.source, lk.target) for lk in aligned.alignment.sentence_links]
        assert pairs[:2] == [(("zh-p1-s1",), ("en-p1-s1",)), (("zh-p1-s2",), ("en-p1-s2",))]
        assert all(lk.status == "auto" and lk.score is not None for lk in aligned.alignment.links())
        assert aligned.revisions[-1].kind == "aligned" and aligned.alignment.method

    def test_aligned_pair_round_trips_and_validates(self) -> None:
        """The aligned pair exports to valid TEI and reads back equal."""
        aligned = align_pair(PAIR)
        data = tei_bytes(aligned)
        assert validate_tei(data).valid
        assert pair_from_tei(data) == aligned

    def test_manual_links_survive_realignment(self) -> None:
        """An editor's link is kept verbatim; the aligner fills the gaps around it."""
        first = align_pair(PAIR)
        manual = Link(source=("zh-p1-s1", "zh-p1-s2"), target=("en-p1-s1",), status="manual")
        kept = [
            lk
            for lk in first.alignment.sentence_links
            if not set(lk.source) & set(manual.source) and not set(lk.target) & set(manual.target)
        ]
        edited = attrs.evolve(
            first, alignment=attrs.evolve(first.alignment, sentence_links=(manual, *kept))
        )
        again = align_pair(edited)
        assert manual in again.alignment.sentence_links
        assert ("en-p1-s2",) in [lk.target for lk in again.alignment.sentence_links]

    def test_manual_link_across_paragraphs(self) -> None:
        """A manual sentence link that spans two paragraph groups is still kept."""
        segmented = attrs.evolve(
            PAIR, source=segment_document(ZH), translation=segment_document(EN)
        )
        manual = Link(source=("zh-p2-s1", "zh-p3-s1"), target=("en-p2-s1",), status="manual")
        edited = attrs.evolve(
            segmented, alignment=attrs.evolve(segmented.alignment, sentence_links=(manual,))
        )
        again = align_pair(edited)
        assert manual in again.alignment.sentence_links

    def test_one_sided_pair_unchanged(self) -> None:
        """A pair with one text is returned as it is: there is nothing to align."""
        pending = ArticlePair(id="a", translation=EN)
        assert align_pair(pending) is pending

    def test_segmentation_keeps_existing_sentences(self) -> None:
        """Paragraphs already segmented (possibly by hand) keep their sentences."""
        once = segment_document(EN)
        assert segment_document(once) == once
        assert len(once.paragraphs[0].sentences) == 2


def test_ingest_aligns_a_pair_and_align_command(tmp_path: Path) -> None:
    """ingest aligns when both texts are present; align re-aligns a TEI file in place."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "story.zh.txt").write_text(ZH_PAGE, encoding="utf-8")
    (pages / "story.en.txt").write_bytes((SEEDS / "000_b36e647bb89e86f8.txt").read_bytes())
    out, err = io.StringIO(), io.StringIO()
    assert run(["ingest", str(pages), "--out", str(tmp_path / "out")], stdout=out, stderr=err) == 0
    target = tmp_path / "out" / "story.tei.xml"
    pair = read_tei(target)
    assert pair.alignment.sentence_links and pair.alignment.paragraph_links
    out = io.StringIO()
    assert run(["align", str(target)], stdout=out, stderr=io.StringIO()) == 0
    assert "aligned" in out.getvalue() and validate_tei(target).valid
    assert [r.kind for r in read_tei(target).revisions] == ["ingest", "aligned", "aligned"]


def test_align_command_skips_pending_and_reports_bad_files(tmp_path: Path) -> None:
    """Pending pairs are skipped; a broken file is reported with exit 1, never a traceback."""
    run(["ingest", str(SEEDS), "--out", str(tmp_path)], stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    assert run(["align", str(tmp_path)], stdout=out, stderr=io.StringIO()) == 0
    assert out.getvalue().count("skipped") == 2
    (tmp_path / "bad.tei.xml").write_text("<TEI", encoding="utf-8")
    out = io.StringIO()
    assert run(["align", str(tmp_path)], stdout=out, stderr=io.StringIO()) == 1
    assert "bad.tei.xml" in out.getvalue() and "Traceback" not in out.getvalue()


def test_align_command_takes_the_archive_lock(tmp_path: Path) -> None:
    """In an archive folder, align waits for the writers' lock and fails clearly if held."""
    from transmgmt._lock import ArchiveLock
    from transmgmt.store import HIDDEN_DIR, LOCK_FILE, Archive

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "story.zh.txt").write_text(ZH_PAGE, encoding="utf-8")
    (pages / "story.en.txt").write_bytes((SEEDS / "000_b36e647bb89e86f8.txt").read_bytes())
    archive = tmp_path / "archive"
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    assert run(["ingest", str(pages), "--out", str(archive)], **quiet) == 0
    Archive.open(archive)  # makes the folder an archive (.transmgmt/ with index and lock)
    target = archive / "story.tei.xml"
    before = target.read_bytes()
    with ArchiveLock(archive / HIDDEN_DIR / LOCK_FILE):
        out = io.StringIO()
        code = run(["align", str(target), "--lock-timeout", "0.2"], stdout=out,
                   stderr=io.StringIO())
    assert code == 1 and "locked" in out.getvalue()
    assert target.read_bytes() == before
    assert run(["align", str(target)], **quiet) == 0
    assert target.read_bytes() != before


def test_ingest_into_an_archive_takes_the_lock(tmp_path: Path) -> None:
    """`ingest --out ARCHIVE` waits for the archive's writers' lock; held, it writes nothing."""
    from transmgmt._lock import ArchiveLock
    from transmgmt.store import HIDDEN_DIR, LOCK_FILE, Archive

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "story.en.txt").write_bytes((SEEDS / "000_b36e647bb89e86f8.txt").read_bytes())
    archive = tmp_path / "archive"
    Archive.open(archive, create=True)
    err = io.StringIO()
    with ArchiveLock(archive / HIDDEN_DIR / LOCK_FILE):
        code = run(["ingest", str(pages), "--out", str(archive), "--lock-timeout", "0.2"],
                   stdout=io.StringIO(), stderr=err)
    assert code == 2 and "locked" in err.getvalue()
    assert not list(archive.glob("*.tei.xml"))
    assert run(["ingest", str(pages), "--out", str(archive)], stdout=io.StringIO(),
               stderr=io.StringIO()) == 0
    assert (archive / "story.tei.xml").exists()

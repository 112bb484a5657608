
"""Tests for transmgmt.tracking: source corrections, diffs, review and approval."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from archive_support import SEED_FORUM, SEED_XU, ZH_XU, one_to_one
from conftest import SEEDS, run_jing
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from transmgmt.errors import TrackingError
from transmgmt.ingest import read_page, read_page_file
from transmgmt.model import ArticlePair, Document, Link, Paragraph
from transmgmt.pipeline import ingest_to_tei
from transmgmt.store import Archive
from transmgmt.tracking import (
    apply_review,
    apply_source_update,
    apply_translation_update,
    diff_sources,
    normalise,
    segment,
)
from transmgmt.validate import validate_tei

NS = {"tei": "http://www.tei-c.org/ns/1.0"}
UTC = dt.timezone.utc
T = [dt.datetime(2026, 11, 23, 9 + i, 0, tzinfo=UTC) for i in range(6)]
OLD_SENTENCE = "他感谢中方对国际移民组织的大力支持"
NEW_SENTENCE = "他感谢中国政府对国际移民组织的长期大力支持"


def zh_page(text: str | None = None):
    return read_page((text or ZH_XU.read_text(encoding="utf-8")).encode(), name="xu.zh.txt")


def corrected_text() -> str:
    text = ZH_XU.read_text(encoding="utf-8")
    assert OLD_SENTENCE in text
    return text.replace(OLD_SENTENCE, NEW_SENTENCE)


def revised_translation(pair: ArticlePair) -> Document:
    """The English with sentence en-p3-s2 revised to follow the corrected source."""
    assert pair.translation is not None
    paragraphs = []
    for p in pair.translation.paragraphs:
        text = p.text.replace("expressed gratitude to China for its strong support",
                              "thanked the Chinese government for its long-standing support")
        paragraphs.append(Paragraph(id=p.id, text=text))
    return attrs.evolve(pair.translation, paragraphs=tuple(paragraphs))


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    ingest_to_tei([SEEDS], tmp_path / "arch", now=T[0])
    with Archive.open(tmp_path / "arch") as archive:
        yield archive


class TestScenario:
    def test_editorial_workflow(self, archive: Archive, jing: list[str]) -> None:
        """Seeds → source added → source corrected → translation revised → approved."""
        assert archive.status_counts() == {"source-pending": 2}

        archive.update_source(SEED_XU, read_page_file(ZH_XU), who="Li Ming", now=T[1],
                              aligner=one_to_one)
        pair = archive.get(SEED_XU)
        assert pair.status == "current"
        assert pair.source is not None
        assert archive.entry(SEED_XU).coverage == 1.0
        assert Link(("zh-p3-s2",), ("en-p3-s2",), 0.5) in pair.alignment.sentence_links

        result = archive.update_source(SEED_XU, zh_page(corrected_text()), who="Li Ming",
                                       now=T[2])
        pair = archive.get(SEED_XU)
        assert pair.status == "outdated"
        assert archive.entry(SEED_XU).status == "outdated"
        shown = archive.diff(SEED_XU)
        assert shown == result
        [change] = shown.sentences
        assert (change.op, change.old_ids) == ("replace", ("zh-p3-s2",))
        assert change.new_ids == ("zh-p3-s2",)
        assert NEW_SENTENCE in change.new_text
        assert OLD_SENTENCE in change.old_text
        assert change.counterparts == ("en-p3-s2",)
        assert change.counterpart_text.startswith("He expressed gratitude to China")
        assert shown.revisit == ("en-p3-s2",)
        assert shown.flagged_links == ("l-zh-p3-s2",)
        # Links to unchanged sentences are kept as they were.
        assert Link(("zh-p2-s1",), ("en-p2-s1",), 0.5) in pair.alignment.sentence_links
        assert "revisit en-p3-s2" in pair.revisions[-1].note

        archive.update_translation(SEED_XU, revised_translation(pair), who="Anna Smith",
                                   now=T[3], aligner=one_to_one)
        assert archive.get(SEED_XU).status == "current"
        assert archive.diff(SEED_XU).content_changed  # history still shows the last change
        archive.approve(SEED_XU, who="Wang Fang", now=T[4], note="checked against source")
        pair = archive.get(SEED_XU)
        assert pair.status == "approved"
        assert archive.entry(SEED_XU).status == "approved"

        path = archive.path_for(SEED_XU)
        root = etree.parse(str(path)).getroot()
        changes = root.xpath("//tei:revisionDesc/tei:change", namespaces=NS)
        assert [(c.get("type"), c.get("status"), c.findtext("tei:name", namespaces=NS),
                 c.get("when")) for c in changes] == [
            ("approved", "approved", "Wang Fang", "2026-11-23T13:00:00Z"),
            ("translation-updated", "current", "Anna Smith", "2026-11-23T12:00:00Z"),
            ("source-updated", "outdated", "Li Ming", "2026-11-23T11:00:00Z"),
            ("source-added", "current", "Li Ming", "2026-11-23T10:00:00Z"),
            ("ingest", "source-pending", "transmgmt", "2026-11-23T09:00:00Z"),
        ]
        assert root.xpath("string(//tei:revisionDesc/@status)", namespaces=NS) == "approved"
        assert [v.kind for v in archive.history(SEED_XU)] == [
            "source-added", "source-updated", "translation-updated"]
        assert validate_tei(path).valid
        result = run_jing(jing, path)
        assert result.returncode == 0, result.stdout
        assert archive.get(SEED_FORUM).status == "source-pending"

    def test_punctuation_only_change_keeps_translation_current(self, archive: Archive) -> None:
        """Re-punctuating the source is not a content change: approval stands."""
        archive.update_source(SEED_XU, read_page_file(ZH_XU), who="Li", now=T[1],
                              aligner=one_to_one)
        archive.approve(SEED_XU, who="Wang", now=T[2])
        text = ZH_XU.read_text(encoding="utf-8").replace("，", ",").replace("。", "．")
        text = text.replace("2021年", "２０２１ 年")
        result = archive.update_source(SEED_XU, zh_page(text), who="Li", now=T[3])
        assert not result.content_changed
        pair = archive.get(SEED_XU)
        assert pair.status == "approved"
        assert pair.translated_from == pair.source.digest
        assert pair.revisions[-1].kind == "source-reformatted"
        assert archive.diff(SEED_XU).content_changed is False

    def test_approve_outdated_is_refused(self, archive: Archive) -> None:
        """An outdated translation cannot be approved without an explicit acceptance."""
        archive.update_source(SEED_XU, read_page_file(ZH_XU), who="Li", now=T[1])
        archive.update_source(SEED_XU, zh_page(corrected_text()), who="Li", now=T[2])
        with pytest.raises(TrackingError, match="outdated"):
            archive.approve(SEED_XU, who="Wang", now=T[3])
        with pytest.raises(TrackingError, match="source-pending"):
            archive.review(SEED_FORUM, who="Wang", now=T[3])
        pair = archive.approve(SEED_XU, who="Wang", now=T[3], accept_source=True)
        assert pair.status == "approved"
        assert pair.translated_from == pair.source.digest


def zh_doc(*paragraphs: str) -> Document:
    return Document(lang="zh-Hans", title="题", paragraphs=tuple(
        Paragraph(id=f"zh-p{n}", text=t) for n, t in enumerate(paragraphs, 1)))


def en_doc(*paragraphs: str) -> Document:
    return Document(lang="en", title="T", paragraphs=tuple(
        Paragraph(id=f"en-p{n}", text=t) for n, t in enumerate(paragraphs, 1)))


def aligned(source: Document, translation: Document) -> ArticlePair:
    return one_to_one(ArticlePair(id="a", source=source, translation=translation,
                                  translated_from=source.digest))


class TestTransitions:
    def test_inserted_paragraph_renumbers_and_keeps_links(self) -> None:
        """A paragraph inserted before others shifts ids; links follow their sentences."""
        pair = aligned(zh_doc("甲。乙。", "丙。"), en_doc("Ayes. Bees.", "Cees."))
        updated, result = apply_source_update(pair, zh_doc("新段。", "甲。乙。", "丙。"),
                                              who="x", now=T[1])
        assert updated.status == "outdated"
        assert [(c.op, c.new_ids, c.counterparts) for c in result.sentences] == [
            ("insert", ("zh-p1-s1",), ())]
        assert [p.op for p in result.paragraphs] == ["insert"]
        links = {(k.source, k.target) for k in updated.alignment.sentence_links}
        assert {(("zh-p2-s1",), ("en-p1-s1",)), (("zh-p3-s1",), ("en-p2-s1",))} <= links
        assert result.flagged_links == ()

    def test_deleted_sentence_drops_its_link(self) -> None:
        """A deleted source sentence loses its link; its English is listed to revisit."""
        pair = aligned(zh_doc("甲。乙。丙。"), en_doc("Ayes. Bees. Cees."))
        updated, result = apply_source_update(pair, zh_doc("甲。丙。"), who="x", now=T[1])
        [change] = result.sentences
        assert (change.op, change.old_ids, change.counterparts) == ("delete", ("zh-p1-s2",),
                                                                    ("en-p1-s2",))
        targets = [k.target for k in updated.alignment.sentence_links]
        assert ("en-p1-s1",) in targets
        assert ("en-p1-s3",) in targets
        assert ("en-p1-s2",) not in targets

    def test_manual_links_survive_a_correction(self) -> None:
        """A manual link to an unchanged sentence is kept, still manual."""
        pair = aligned(zh_doc("甲。乙。"), en_doc("Ayes. Bees."))
        manual = Link(("zh-p1-s1",), ("en-p1-s1",), None, "manual")
        links = (manual, *pair.alignment.sentence_links[1:])
        pair = attrs.evolve(pair, alignment=attrs.evolve(pair.alignment, sentence_links=links))
        updated, _ = apply_source_update(pair, zh_doc("甲。乙改。"), who="x", now=T[1],
                                         aligner=one_to_one)
        assert manual in updated.alignment.sentence_links

    def test_title_change_is_a_content_change(self) -> None:
        """Correcting the title makes the translation outdated."""
        pair = aligned(zh_doc("甲。"), en_doc("Ayes."))
        updated, result = apply_source_update(pair, attrs.evolve(zh_doc("甲。"), title="新题"),
                                              who="x", now=T[1])
        assert result.title_changed
        assert updated.status == "outdated"

    def test_translation_update_keeps_unchanged_links(self) -> None:
        """Revising one English sentence keeps the links of the others."""
        pair = aligned(zh_doc("甲。乙。"), en_doc("Ayes. Bees."))
        updated = apply_translation_update(pair, en_doc("Ayes. Bees revised."), who="x", now=T[1])
        assert [k.target for k in updated.alignment.sentence_links] == [("en-p1-s1",)]
        assert updated.status == "current"
        assert updated.revisions[-1].kind == "translation-updated"

    def test_non_chinese_source_refused(self) -> None:
        """A source must be Chinese."""
        pair = aligned(zh_doc("甲。"), en_doc("Ayes."))
        with pytest.raises(TrackingError, match="must be Chinese"):
            apply_source_update(pair, en_doc("Ayes."), who="x", now=T[1])

    def test_review_then_content_change_resets(self) -> None:
        """A review stands until the next content change."""
        pair = apply_review(aligned(zh_doc("甲。"), en_doc("Ayes.")), status="reviewed",
                            who="r", now=T[1])
        assert pair.status == "reviewed"
        pair = apply_translation_update(pair, en_doc("Ayes!"), who="x", now=T[2])
        assert pair.status == "current"

    def test_diff_sources_counterparts_from_old_links(self) -> None:
        """Counterparts come from the links of the version the translation was made from."""
        old = aligned(zh_doc("甲。乙。"), en_doc("Ayes. Bees."))
        new = attrs.evolve(old, source=segment(zh_doc("甲。乙乙。")))
        result = diff_sources(old, new)
        assert [c.counterparts for c in result.sentences] == [("en-p1-s2",)]
        assert result.sentences[0].counterpart_text == "Bees."


class TestNormalise:
    @pytest.mark.parametrize(("a", "b"), [
        ("2021年6月25日，会见。", "２０２１年６月２５日,会见."),
        ("On June 25, 2021: met.", "On June 25 2021 met"),
        ("“好”", '"好"'),
        ("a\u3000b", "ab"),
    ])
    def test_equal_after_normalisation(self, a: str, b: str) -> None:
        """Width, punctuation and whitespace differences vanish."""
        assert normalise(a) == normalise(b)

    @pytest.mark.parametrize(("a", "b"), [("会见", "会晤"), ("25", "26"), ("𠀀", "𪚥")])
    def test_content_differences_remain(self, a: str, b: str) -> None:
        """A different character or digit is a content change (also above U+FFFF)."""
        assert normalise(a) != normalise(b)


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_PUNCT = st.sampled_from(list("，。、；：“”！？（）《》 ,.;:!?\u3000"))


@st.composite
def punctuated(draw: st.DrawFn) -> tuple[str, str]:
    """A Chinese text and the same text with its punctuation and spacing redone."""
    words = draw(st.lists(st.text(_HAN, min_size=1, max_size=6), min_size=1, max_size=8))
    first = "".join(w + draw(_PUNCT) for w in words).strip() or words[0]
    second = "".join(draw(st.text(_PUNCT, max_size=2)) + w for w in words).strip() or words[0]
    return first, second


class TestProperties:
    @settings(max_examples=60, deadline=None)
    @given(texts=punctuated())
    def test_repunctuation_never_outdates(self, texts: tuple[str, str]) -> None:
        """Whatever punctuation and spacing change, a current translation stays current."""
        before, after = texts
        pair = ArticlePair(id="a", source=zh_doc(before), translation=en_doc("Text."),
                           translated_from=zh_doc(before).digest)
        updated, result = apply_source_update(pair, zh_doc(after), who="x", now=T[1])
        assert not result.content_changed
        assert updated.status == "current"

    @settings(max_examples=60, deadline=None)
    @given(texts=punctuated(), char=_HAN)
    def test_any_character_change_outdates(self, texts: tuple[str, str], char: str) -> None:
        """Adding one Chinese character anywhere is a content change."""
        before, _ = texts
        pair = ArticlePair(id="a", source=zh_doc(before), translation=en_doc("Text."),
                           translated_from=zh_doc(before).digest)
        updated, result = apply_source_update(pair, zh_doc(before + char), who="x", now=T[1])
        assert result.content_changed
        assert updated.status == "outdated"

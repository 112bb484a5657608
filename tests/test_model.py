"""Tests for transmgmt.model: validators, ids, status and digests."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from transmgmt.errors import ModelError
from transmgmt.model import (
    Alignment,
    ArticlePair,
    Disclaimer,
    Document,
    Link,
    Paragraph,
    Revision,
    Sentence,
    SourceInfo,
    text_digest,
)

UTC = dt.timezone.utc


def doc(lang: str, prefix: str, *texts: str) -> Document:
    return Document(
        lang=lang,
        title=f"{prefix} title",
        paragraphs=tuple(Paragraph(id=f"{prefix}-p{i}", text=t) for i, t in enumerate(texts, 1)),
    )


ZH = doc("zh-Hans", "zh", "第一段。", "第二段。")
EN = doc("en", "en", "First.", "Second.")


class TestIdentifiers:
    @pytest.mark.parametrize("bad", ["", "1abc", "a b", "a/b", "../x", "é", "a" * 129, "a:b"])
    def test_unsafe_ids_are_refused(self, bad: str) -> None:
        """Ids that could not be an xml:id or a safe file name are refused."""
        with pytest.raises(ModelError, match="id"):
            ArticlePair(id=bad, translation=EN)

    def test_duplicate_ids_in_document(self) -> None:
        """Two paragraphs with one id are refused."""
        with pytest.raises(ModelError, match="duplicate id 'en-p1'"):
            Document(
                lang="en",
                title="T",
                paragraphs=(Paragraph(id="en-p1", text="a"), Paragraph(id="en-p1", text="b")),
            )

    def test_ids_shared_across_documents(self) -> None:
        """The source and the translation cannot reuse each other's ids."""
        clash = doc("en", "zh", "Same ids as the Chinese.")
        with pytest.raises(ModelError, match="both documents"):
            ArticlePair(id="a", source=ZH, translation=clash)


class TestDocument:
    @pytest.mark.parametrize("lang", ["zh_CN", "xx", "und", "", "english"])
    def test_bad_language_tag(self, lang: str) -> None:
        """Language tags must be BCP 47 tags babel knows."""
        with pytest.raises(ModelError, match="lang"):
            Document(lang=lang, title="T", paragraphs=(Paragraph(id="p1", text="x"),))

    def test_needs_paragraphs(self) -> None:
        """A document without body text is refused."""
        with pytest.raises(ModelError, match="at least one paragraph"):
            Document(lang="en", title="T", paragraphs=())

    @pytest.mark.parametrize("text", ["", " padded ", "bell\x07"])
    def test_bad_text(self, text: str) -> None:
        """Empty, padded or control-character text is refused."""
        with pytest.raises(ModelError):
            Paragraph(id="p1", text=text)

    def test_sentences_must_be_in_the_paragraph(self) -> None:
        """Sentences are ordered substrings of their paragraph."""
        with pytest.raises(ModelError, match="not a substring"):
            Paragraph(
                id="p1",
                text="A. B.",
                sentences=(Sentence(id="p1-s1", text="B."), Sentence(id="p1-s2", text="A.")),
            )

    def test_gaps_rebuild_the_paragraph(self) -> None:
        """Sentences and the gaps between them rebuild the paragraph text exactly."""
        p = Paragraph(
            id="p1",
            text="Mr. A came.  He left.",
            sentences=(
                Sentence(id="p1-s1", text="Mr. A came."),
                Sentence(id="p1-s2", text="He left."),
            ),
        )
        gaps = p.gaps()
        rebuilt = gaps[0] + "".join(s.text + g for s, g in zip(p.sentences, gaps[1:], strict=True))
        assert rebuilt == p.text
        assert gaps == ["", "  ", ""]

    def test_digest_ignores_layout_only(self) -> None:
        """Whitespace changes keep the digest; a changed character changes it."""
        assert text_digest(["a  b\n", "c"]) == text_digest(["a b", "c"])
        assert text_digest(["a b", "c"]) != text_digest(["a b", "d"])
        assert text_digest(["ab", "c"]) != text_digest(["a", "bc"])


class TestArticlePair:
    def test_needs_a_document(self) -> None:
        """A pair with neither text is refused."""
        with pytest.raises(ModelError, match="source or a translation"):
            ArticlePair(id="a")

    def test_status_follows_content(self) -> None:
        """Pending, missing, current and outdated follow from what the pair holds."""
        assert ArticlePair(id="a", translation=EN).status == "source-pending"
        assert ArticlePair(id="a", source=ZH).status == "translation-missing"
        current = ArticlePair(id="a", source=ZH, translation=EN, translated_from=ZH.digest)
        assert current.status == "current"
        changed = doc("zh-Hans", "zh", "第一段。", "第二段改了。")
        assert attrs.evolve(current, source=changed).status == "outdated"

    def test_approval_stands_until_content_changes(self) -> None:
        """An approval is the status until a later content change."""
        t0 = dt.datetime(2026, 1, 1, tzinfo=UTC)
        approved = ArticlePair(
            id="a",
            source=ZH,
            translation=EN,
            translated_from=ZH.digest,
            revisions=(
                Revision(when=t0, who="ed", kind="ingest"),
                Revision(when=t0, who="ed", kind="approved", status="approved"),
            ),
        )
        assert approved.status == "approved"
        later = attrs.evolve(
            approved,
            revisions=(
                *approved.revisions,
                Revision(when=t0, who="ed", kind="translation-updated"),
            ),
        )
        assert later.status == "current"

    def test_source_info_only_while_pending(self) -> None:
        """source_info describes a missing source, never a present one."""
        with pytest.raises(ModelError, match="pending source"):
            ArticlePair(id="a", source=ZH, translation=EN, source_info=SourceInfo())

    def test_disclaimer_must_match_languages(self) -> None:
        """The disclaimer's authoritative language is the source's."""
        wrong = Disclaimer(
            text="Notice.", lang="en", authoritative_lang="zh-Hant", reference_lang="en"
        )
        with pytest.raises(ModelError, match="authoritative"):
            ArticlePair(id="a", source=ZH, translation=EN, disclaimer=wrong)
        right = attrs.evolve(wrong, authoritative_lang="zh-Hans")
        assert ArticlePair(id="a", source=ZH, translation=EN, disclaimer=right).disclaimer == right

    def test_disclaimer_cannot_name_one_language_twice(self) -> None:
        """A notice cannot make one language both authoritative and for reference."""
        with pytest.raises(ModelError, match="both"):
            Disclaimer(text="N.", lang="en", authoritative_lang="en", reference_lang="en")


class TestAlignment:
    def test_link_type_and_id(self) -> None:
        """A link's type counts each side; its id comes from its first member."""
        link = Link(source=("zh-p1",), target=("en-p1", "en-p2"), score=0.87654)
        assert (link.type, link.id, link.score) == ("1-2", "l-zh-p1", 0.8765)
        assert Link(source=(), target=("en-p2",)).id == "l-en-p2"

    def test_one_sided_link_holds_one_unit(self) -> None:
        """A 2-0 link is refused: untranslated units are linked one by one."""
        with pytest.raises(ModelError, match="exactly one unit"):
            Link(source=("zh-p1", "zh-p2"), target=())

    def test_links_must_point_into_their_side(self) -> None:
        """A link naming an id of the wrong document is refused."""
        bad = Alignment(paragraph_links=(Link(source=("en-p1",), target=("zh-p1",)),))
        with pytest.raises(ModelError, match="not paragraphs of its side"):
            ArticlePair(id="a", source=ZH, translation=EN, alignment=bad)

    def test_unit_in_two_links(self) -> None:
        """One unit cannot be in two links of one level."""
        with pytest.raises(ModelError, match="more than one"):
            Alignment(
                paragraph_links=(
                    Link(source=("zh-p1",), target=("en-p1",)),
                    Link(source=("zh-p1",), target=("en-p2",)),
                )
            )

    @pytest.mark.parametrize("score", [-0.1, 1.5, float("nan")])
    def test_score_range(self, score: float) -> None:
        """Scores are probabilities."""
        with pytest.raises(ModelError, match="score"):
            Link(source=("a",), target=("b",), score=score)

    def test_alignment_needs_both_texts(self) -> None:
        """A pending pair cannot hold links."""
        links = Alignment(paragraph_links=(Link(source=(), target=("en-p1",)),))
        with pytest.raises(ModelError, match="needs both"):
            ArticlePair(id="a", translation=EN, alignment=links)


class TestRevision:
    def test_naive_time_refused(self) -> None:
        """Revision times must carry a time zone."""
        with pytest.raises(ModelError, match="timezone"):
            Revision(when=dt.datetime(2026, 1, 1), who="x", kind="ingest")

    def test_time_normalised_to_utc_seconds(self) -> None:
        """Times are kept in UTC, whole seconds, as TEI @when keeps them."""
        cst = dt.timezone(dt.timedelta(hours=8))
        revision = Revision(
            when=dt.datetime(2026, 1, 1, 8, 0, 0, 999, tzinfo=cst), who="x", kind="ingest"
        )
        assert revision.when == dt.datetime(2026, 1, 1, 0, 0, tzinfo=UTC)

    def test_unknown_status_refused(self) -> None:
        """Statuses come from the closed list."""
        with pytest.raises(ModelError):
            Revision(
                when=dt.datetime(2026, 1, 1, tzinfo=UTC), who="x", kind="ingest", status="done"
            )


def test_pending_source_always_described() -> None:
    """A pair without a source gets a default SourceInfo, so export/import keeps equality."""
    pair = ArticlePair(id="a", translation=EN)
    assert pair.source_info == SourceInfo(lang="zh-Hans")

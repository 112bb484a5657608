"""Tests for transmgmt.tei: export layout, lossless round trips and import errors."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from strategies import pairs

from transmgmt.errors import ModelError, TEIParseError
from transmgmt.model import (
    Alignment,
    ArticlePair,
    Disclaimer,
    Document,
    Link,
    Paragraph,
    Revision,
    Sentence,
)
from transmgmt.tei import pair_from_tei, pair_to_tei, read_tei, tei_bytes, write_tei
from transmgmt.validate import validate_tei

NS = {"tei": "http://www.tei-c.org/ns/1.0"}
UTC = dt.timezone.utc


def sample_pair() -> ArticlePair:
    zh = Document(
        lang="zh-Hans",
        title="许甘露会见国际移民组织驻华代表",
        paragraphs=(
            Paragraph(
                id="zh-p1",
                text="2021年6月25日，许甘露会见了克罗切蒂。双方交换了意见。",
                sentences=(
                    Sentence(id="zh-p1-s1", text="2021年6月25日，许甘露会见了克罗切蒂。"),
                    Sentence(id="zh-p1-s2", text="双方交换了意见。"),
                ),
            ),
            Paragraph(id="zh-p2", text="英文版仅供参考。"),
        ),
        publisher="国家移民管理局",
        event_date=dt.date(2021, 6, 25),
        url="https://www.nia.gov.cn/n741440/c1.html",
    )
    en = Document(
        lang="en",
        title="Xu Ganlu Meets IOM Chief",
        paragraphs=(
            Paragraph(
                id="en-p1",
                text="On June 25, 2021, Xu met Crocetti. They exchanged views.",
                sentences=(
                    Sentence(id="en-p1-s1", text="On June 25, 2021, Xu met Crocetti."),
                    Sentence(id="en-p1-s2", text="They exchanged views."),
                ),
            ),
        ),
        event_date=dt.date(2021, 6, 25),
    )
    return ArticlePair(
        id="art-1",
        source=zh,
        translation=en,
        disclaimer=Disclaimer(
            text="Notice: The English version is only for reference.",
            lang="en",
            authoritative_lang="zh-Hans",
            reference_lang="en",
        ),
        alignment=Alignment(
            paragraph_links=(Link(("zh-p1",), ("en-p1",), 0.91), Link(("zh-p2",), (), 0.4)),
            sentence_links=(
                Link(("zh-p1-s1",), ("en-p1-s1",), 0.8),
                Link(("zh-p1-s2",), ("en-p1-s2",), None, "manual"),
            ),
            method="test aligner",
        ),
        revisions=(
            Revision(
                when=dt.datetime(2026, 11, 23, 18, 0, tzinfo=UTC),
                who="transmgmt",
                kind="ingest",
                status="current",
            ),
        ),
        translated_from=zh.digest,
    )


class TestExport:
    def test_header_records_relation_authority_and_languages(self) -> None:
        """The header names both titles, the authority, the relation and the languages."""
        root = pair_to_tei(sample_pair()).getroot()
        titles = root.xpath("//tei:titleStmt/tei:title/@xml:lang", namespaces=NS)
        assert titles == ["zh-Hans", "en"]
        note = root.xpath("//tei:notesStmt/tei:note[@type='disclaimer']", namespaces=NS)[0]
        assert note.get("corresp") == "#bibl-source" and note.get("target") == "#bibl-translation"
        assert root.xpath("//tei:bibl[@xml:id='bibl-source']/@type", namespaces=NS) == [
            "authoritative"
        ]
        assert root.xpath("//tei:relation/@name", namespaces=NS) == ["translationOf"]
        assert root.xpath("//tei:language/@ident", namespaces=NS) == ["zh-Hans", "en"]
        assert "Chinese (Simplified)" in root.xpath("string(//tei:language[1])", namespaces=NS)

    def test_dates_written_with_babel_in_each_language(self) -> None:
        """Dates carry ISO @when and a display form in the bibl's own language."""
        root = pair_to_tei(sample_pair()).getroot()
        dates = root.xpath("//tei:date[@type='event']", namespaces=NS)
        assert [(d.get("when"), d.text) for d in dates] == [
            ("2021-06-25", "2021年6月25日"),
            ("2021-06-25", "June 25, 2021"),
        ]

    def test_pretty_printed_but_sentence_gaps_kept(self) -> None:
        """Indentation is added around elements but never inside a paragraph."""
        data = tei_bytes(sample_pair()).decode()
        assert "\n  <teiHeader>" in data
        assert (
            '<p xml:id="en-p1"><s xml:id="en-p1-s1">On June 25, 2021, Xu met Crocetti.</s> '
            '<s xml:id="en-p1-s2">'
        ) in data
        assert (
            '<s xml:id="zh-p1-s1">2021年6月25日，许甘露会见了克罗切蒂。</s><s xml:id="zh-p1-s2">'
            in data
        )

    def test_one_sided_links_are_ptr(self) -> None:
        """A 1-0 link has one target, so it is a typed ptr (TEI wants two on a link)."""
        root = pair_to_tei(sample_pair()).getroot()
        ptr = root.xpath("//tei:linkGrp[@subtype='paragraph']/tei:ptr", namespaces=NS)[0]
        assert (ptr.get("type"), ptr.get("target"), ptr.get("cert")) == ("1-0", "#zh-p2", "0.4")

    def test_reserved_ids_refused(self) -> None:
        """A paragraph cannot take the id of a structural element."""
        en = Document(lang="en", title="T", paragraphs=(Paragraph(id="bibl-source", text="x"),))
        with pytest.raises(ModelError, match="reserved"):
            tei_bytes(ArticlePair(id="a", translation=en))

    def test_write_is_atomic_and_leaves_no_temp_files(self, tmp_path) -> None:
        """write_tei replaces the file in one step and cleans up."""
        target = tmp_path / "art-1.tei.xml"
        target.write_bytes(b"old")
        write_tei(sample_pair(), target)
        assert read_tei(target) == sample_pair()
        assert [p.name for p in tmp_path.iterdir()] == ["art-1.tei.xml"]


class TestRoundTrip:
    def test_sample_round_trip(self) -> None:
        """The sample pair reads back equal and re-exports to identical bytes."""
        data = tei_bytes(sample_pair())
        back = pair_from_tei(data)
        assert back == sample_pair()
        assert tei_bytes(back) == data

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(pairs())
    def test_any_pair_round_trips(self, pair: ArticlePair) -> None:
        """model → TEI → model is the identity and TEI → model → TEI gives identical bytes."""
        data = tei_bytes(pair)
        back = pair_from_tei(data)
        assert back == pair
        assert tei_bytes(back) == data

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(pairs())
    def test_any_pair_is_valid(self, pair: ArticlePair) -> None:
        """Everything the model can hold exports to TEI valid against schemas/."""
        report = validate_tei(tei_bytes(pair))
        assert report.valid, report.errors


class TestImportErrors:
    def test_malformed_xml_has_a_line(self) -> None:
        """Malformed XML is a TEIParseError with the line, not an lxml traceback."""
        with pytest.raises(TEIParseError) as info:
            pair_from_tei(b"<TEI>\n<teiHeader>\n</TEI>", label="x.xml")
        assert info.value.line == 3 and "x.xml:3" in str(info.value)

    @pytest.mark.parametrize(
        "doc",
        [
            b'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><TEI>&xxe;</TEI>',
            b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b"<TEI>&lol2;</TEI>",
            b'<!DOCTYPE TEI SYSTEM "http://example.org/tei.dtd"><TEI/>',
        ],
    )
    def test_hostile_xml_refused(self, doc: bytes) -> None:
        """External entities, entity bombs and DTDs are refused before anything resolves."""
        with pytest.raises(TEIParseError, match="document type declarations"):
            pair_from_tei(doc)

    def test_foreign_tei_names_what_cannot_be_represented(self) -> None:
        """TEI from another tool gets an error naming the unsupported part and its line."""
        foreign = sample_pair()
        root = pair_to_tei(foreign).getroot()
        body = root.xpath("//tei:text[@xml:id='text-translation']/tei:body", namespaces=NS)[0]
        div = etree.SubElement(body, "{http://www.tei-c.org/ns/1.0}div")
        etree.SubElement(div, "{http://www.tei-c.org/ns/1.0}p").text = "x"
        data = etree.tostring(root)
        with pytest.raises(TEIParseError, match=r"cannot represent <div>"):
            pair_from_tei(data)

    def test_not_transmgmt_tei(self) -> None:
        """A TEI file without transmgmt's article id is named as such."""
        tei = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>'
        with pytest.raises(TEIParseError, match="not a transmgmt TEI file"):
            pair_from_tei(tei)

    def test_markup_inside_paragraph(self) -> None:
        """Inline markup transmgmt does not model is reported, not dropped."""
        data = tei_bytes(sample_pair()).replace(
            b"They exchanged views.", b"They <hi>exchanged</hi> views."
        )
        with pytest.raises(TEIParseError, match="markup inside <s>"):
            pair_from_tei(data)

    def test_inconsistent_link_type(self) -> None:
        """A link whose type does not match its targets is an error with a line."""
        data = tei_bytes(sample_pair()).replace(
            b'type="1-1" subtype="auto" cert="0.91"', b'type="2-1" subtype="auto" cert="0.91"'
        )
        with pytest.raises(TEIParseError, match="does not match") as info:
            pair_from_tei(data)
        assert info.value.line is not None

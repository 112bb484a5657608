"""Tests for transmgmt.validate: the project's RELAX NG and Schematron, rule by rule."""

from __future__ import annotations

import time

import pytest
from lxml import etree
from test_tei import sample_pair

from transmgmt.errors import TEIParseError, ValidationError
from transmgmt.tei import tei_bytes
from transmgmt.validate import assert_valid_tei, relaxng, schema_path, validate_tei


def broken(old: bytes, new: bytes) -> bytes:
    data = tei_bytes(sample_pair())
    assert old in data, old
    return data.replace(old, new, 1)


def rules(data: bytes) -> set[str]:
    return {p.rule for p in validate_tei(data).errors}


class TestSchemas:
    def test_relaxng_compiles_fast(self) -> None:
        """The hand-written grammar compiles in well under a second (tei_all takes ~6 s)."""
        relaxng.cache_clear()
        start = time.perf_counter()
        relaxng()
        assert time.perf_counter() - start < 1.0

    def test_schemas_exist_where_the_package_looks(self) -> None:
        """Both schema files are found from the package."""
        assert schema_path("transmgmt-tei.rng").is_file()
        assert schema_path("transmgmt-tei.sch").is_file()

    def test_valid_sample(self) -> None:
        """A complete pair is valid with no warning."""
        report = validate_tei(tei_bytes(sample_pair()))
        assert report.valid and not report.warnings


class TestGrammar:
    @pytest.mark.parametrize(
        ("old", "new"),
        [
            (b'<p xml:id="zh-p2">', b"<p>"),  # paragraph without id
            (b'<availability status="unknown">', b'<availability status="authoritative">'),
            (b'xml:lang="zh-Hans" type="source"', b'xml:lang="zh_CN" type="source"'),
            (b'cert="0.91"', b'cert="1.5"'),
            (b'subtype="manual"', b'subtype="checked"'),
            (b'<p xml:id="zh-p2">', b'<div><p xml:id="zh-p2">'),
        ],
    )
    def test_grammar_rejects(self, old: bytes, new: bytes) -> None:
        """Structures outside transmgmt's TEI subset fail the grammar."""
        data = broken(old, new)
        try:
            found = rules(data)
        except TEIParseError:
            return  # not even well-formed: also a rejection
        assert found == {"relaxng"}


class TestSchematron:
    def test_duplicate_id(self) -> None:
        """Ids must be unique (reported even when a parser would accept the tree)."""
        data = broken(b'xml:id="en-p1-s2"', b'xml:id="en-p1-s1"')
        with pytest.raises(TEIParseError):  # libxml2 refuses duplicate xml:id at parse time
            validate_tei(data)
        tree = etree.ElementTree(etree.fromstring(data, etree.XMLParser(recover=True)))
        assert "id-unique" in {p.rule for p in validate_tei(tree).errors}

    def test_dangling_pointer(self) -> None:
        """A link to a missing id is reported with its line."""
        report = validate_tei(
            broken(b'target="#zh-p1-s1 #en-p1-s1"', b'target="#zh-p1-s1 #en-p9-s1"')
        )
        problem = next(p for p in report.errors if p.rule == "pointer-resolves")
        assert problem.line is not None and "#en-p9-s1" in problem.message

    def test_link_sides_swapped(self) -> None:
        """Source pointers come first; a swapped link is reported."""
        found = rules(broken(b'target="#zh-p1 #en-p1"', b'target="#en-p1 #zh-p1"'))
        assert {"link-source-side", "link-target-side"} <= found

    def test_link_type_count(self) -> None:
        """The type must count the targets."""
        found = rules(
            broken(
                b'type="1-1" subtype="auto" cert="0.91"', b'type="1-2" subtype="auto" cert="0.91"'
            )
        )
        assert "link-type-count" in found

    def test_sentence_link_to_paragraph(self) -> None:
        """Sentence links point to s elements."""
        found = rules(broken(b'target="#zh-p1-s1 #en-p1-s1"', b'target="#zh-p1 #en-p1-s1"'))
        assert "link-sentence-level" in found

    def test_translation_without_authoritative_source(self) -> None:
        """A translation must declare its authoritative source."""
        found = rules(
            broken(b'type="authoritative"', b'type="authoritative" subtype="pending"').replace(
                b'<bibl xml:id="bibl-source" type="authoritative"',
                b'<bibl xml:id="bibl-source" type="authoritative"',
            )
        )
        assert found == set()  # pending is still authoritative
        data = tei_bytes(sample_pair()).replace(b'type="reference"', b'type="reference" ')
        assert rules(data) == set()

    def test_missing_disclaimer_is_a_warning(self) -> None:
        """Without a notice the document stays valid but says what is missing."""
        pair = sample_pair()
        import attrs

        report = validate_tei(tei_bytes(attrs.evolve(pair, disclaimer=None)))
        assert report.valid
        assert [w.rule for w in report.warnings] == ["translation-disclaimer"]

    def test_text_languages_consistent(self) -> None:
        """A text and its bibl declare the same language."""
        found = rules(
            broken(b'xml:lang="en" type="translation"', b'xml:lang="en-GB" type="translation"')
        )
        assert "translation-lang-consistent" in found

    def test_assert_valid_raises_with_every_problem(self) -> None:
        """assert_valid_tei raises ValidationError listing the problems."""
        with pytest.raises(ValidationError) as info:
            assert_valid_tei(
                broken(b'target="#zh-p1 #en-p1"', b'target="#en-p1 #zh-p1"'), label="x.xml"
            )
        assert len(info.value.problems) >= 2 and str(info.value).startswith("x.xml:")

"""TMX 1.4b export and import (transmgmt.interchange.tmx)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from interchange_samples import rich_pair
from lxml import etree
from strategies import pairs
from test_tei import sample_pair

from transmgmt.errors import InterchangeError, TEIParseError
from transmgmt.interchange import LinkFilter, import_tmx, tmx_bytes
from transmgmt.model import Alignment, ArticlePair

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def tmx_dtd(shared: Path) -> etree.DTD:
    """The official TMX 1.4 DTD, loaded from the local file (no network)."""
    path = shared / "conformance" / "tmx14" / "tmx14.dtd"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return etree.DTD(str(path))


def _root(data: bytes) -> etree._Element:
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    return etree.fromstring(data, parser)


def _unaligned(pair: ArticlePair) -> ArticlePair:
    """The pair with only its one-sided links (what TMX does not carry)."""
    keep = lambda links: tuple(x for x in links if not (x.source and x.target))  # noqa: E731
    return attrs.evolve(pair, alignment=Alignment(
        paragraph_links=keep(pair.alignment.paragraph_links),
        sentence_links=keep(pair.alignment.sentence_links), method=pair.alignment.method))


class TestExport:
    def test_valid_against_the_tmx14_dtd(self, tmx_dtd: etree.DTD) -> None:
        """An export of an aligned archive, both levels, is valid against the official DTD."""
        data = tmx_bytes([sample_pair(), rich_pair()], levels=("paragraph", "sentence"),
                         created=NOW)
        assert tmx_dtd.validate(_root(data)), tmx_dtd.error_log.filter_from_errors()

    def test_dtd_catches_a_broken_export(self, tmx_dtd: etree.DTD) -> None:
        """The DTD check can fail: a header without its required attributes is invalid."""
        root = _root(tmx_bytes([rich_pair()]))
        del root.find("header").attrib["o-tmf"]
        assert not tmx_dtd.validate(root)

    def test_header_carries_the_required_attributes(self) -> None:
        """The header names the tool, plain text, sentences, English admin, the source lang."""
        header = _root(tmx_bytes([rich_pair()])).find("header")
        assert dict(header.attrib) | {"creationtoolversion": "v"} == {
            "creationtool": "transmgmt", "creationtoolversion": "v", "segtype": "sentence",
            "o-tmf": "transmgmt TEI", "adminlang": "en", "srclang": "zh-Hans",
            "datatype": "plaintext"}

    def test_mixed_source_languages_make_srclang_all(self) -> None:
        """Sources in zh-Hans and zh-Hant share one memory whose srclang is *all*."""
        hant_source = attrs.evolve(rich_pair().source, lang="zh-Hant")
        hant = attrs.evolve(rich_pair("art-3"), source=hant_source, disclaimer=None)
        header = _root(tmx_bytes([rich_pair(), hant])).find("header")
        assert header.get("srclang") == "*all*"

    def test_units_carry_link_id_props_dates_and_texts(self) -> None:
        """A 1-2 link is one tu: tuid the link id, props, revision dates, joined English."""
        root = _root(tmx_bytes([rich_pair()]))
        tu = root.find("body/tu[@tuid='l-zh-p1-s2']")
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props == {"x-transmgmt-article": "art-2", "x-transmgmt-type": "1-2",
                         "x-transmgmt-status": "manual"}
        assert (tu.get("creationdate"), tu.get("changedate")) == ("20261120T080000Z",
                                                                  "20261122T093000Z")
        assert [t.findtext("seg") for t in tu.findall("tuv")] == [
            "措施自7月1日起施行。", "They take effect on July 1. Applicants benefit."]
        assert tu.find("tuv[2]/prop").text == "en-p1-s2 en-p1-s3"

    def test_one_sided_links_are_not_units(self) -> None:
        """A 1-0 link has no translation, so it is no translation unit."""
        tuids = _root(tmx_bytes([rich_pair()])).xpath("//tu/@tuid")
        assert tuids == ["l-zh-p1-s1", "l-zh-p1-s2", "l-zh-p2-s1"]

    @pytest.mark.parametrize(("link_filter", "expected"), [
        (LinkFilter(min_score=0.5), ["l-zh-p1-s1", "l-zh-p1-s2"]),
        (LinkFilter(types={"1-2"}), ["l-zh-p1-s2"]),
        (LinkFilter(approved_only=True), ["l-zh-p1-s1", "l-zh-p1-s2", "l-zh-p2-s1"]),
    ])
    def test_filters(self, link_filter: LinkFilter, expected: list[str]) -> None:
        """Score (manual links pass), type and approval filters select the units."""
        assert _root(tmx_bytes([rich_pair()], link_filter)).xpath("//tu/@tuid") == expected

    def test_approved_only_drops_pairs_that_are_not_approved(self) -> None:
        """sample_pair is current, not approved: its links are left out."""
        data = tmx_bytes([sample_pair(), rich_pair()], LinkFilter(approved_only=True))
        assert set(_root(data).xpath("//prop[@type='x-transmgmt-article']/text()")) == {"art-2"}


class TestImport:
    def test_restores_links_onto_an_unaligned_pair(self) -> None:
        """Import puts every exported link back and records an 'aligned' revision."""
        original = rich_pair()
        data = tmx_bytes([original], levels=("paragraph", "sentence"))
        result = import_tmx(data, [_unaligned(original), sample_pair()], when=NOW, who="me")
        back = result.pairs[0]
        assert set(back.alignment.links()) == set(original.alignment.links())
        assert back.alignment.sentence_links == original.alignment.sentence_links
        assert (back.revisions[-1].kind, back.revisions[-1].who) == ("aligned", "me")
        assert result.changed == ("art-2",)
        assert result.pairs[1] == sample_pair()

    def test_unchanged_file_changes_nothing(self) -> None:
        """Importing an export onto the same pairs returns them as they were."""
        pairs_ = [sample_pair(), rich_pair()]
        result = import_tmx(tmx_bytes(pairs_), pairs_)
        assert list(result.pairs) == pairs_
        assert (result.changed, result.skipped) == ((), ())

    def test_edited_status_and_score_apply(self) -> None:
        """An editor marking a unit manual in a TMX tool makes the link manual."""
        root = _root(tmx_bytes([rich_pair()]))
        root.find("body/tu[@tuid='l-zh-p2-s1']/prop[@type='x-transmgmt-status']").text = "manual"
        back = import_tmx(etree.tostring(root), [rich_pair()], when=NOW).pairs[0]
        assert back.alignment.sentence_links[2].status == "manual"

    def test_stale_text_and_unknown_articles_are_skipped(self) -> None:
        """A unit whose text changed, or whose article is unknown, is reported, not applied."""
        root = _root(tmx_bytes([rich_pair(), sample_pair()]))
        root.find("body/tu[@tuid='l-zh-p1-s1']/tuv[2]/seg").text = "Edited."
        result = import_tmx(etree.tostring(root), [_unaligned(rich_pair())], when=NOW)
        assert len(result.skipped) == 3  # one stale unit, two units of the unknown art-1
        assert any("differs from the archive" in s for s in result.skipped)
        assert any("unknown article 'art-1'" in s for s in result.skipped)
        assert len(result.pairs[0].alignment.sentence_links) == 3  # 2 imported + the 1-0 link

    def test_entity_declarations_are_refused(self) -> None:
        """A TMX file with an internal DTD subset (entity bomb, XXE) is refused."""
        data = b'<!DOCTYPE tmx [<!ENTITY a "aaaa">]><tmx version="1.4"><header/><body/></tmx>'
        with pytest.raises(TEIParseError, match="document type declarations"):
            import_tmx(data, [])

    def test_not_tmx(self) -> None:
        """Another XML document is refused with the root it has."""
        with pytest.raises(InterchangeError, match="not a TMX document"):
            import_tmx(b"<xliff/>", [])

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(pairs())
    def test_round_trip_property(self, pair: ArticlePair) -> None:
        """export → import onto the unaligned pair restores every two-sided link."""
        data = tmx_bytes([pair], levels=("paragraph", "sentence"))
        assert import_tmx(data, [pair]).pairs[0] == pair
        back = import_tmx(data, [_unaligned(pair)], when=NOW).pairs[0]
        assert set(back.alignment.paragraph_links) == set(pair.alignment.paragraph_links)
        assert set(back.alignment.sentence_links) == set(pair.alignment.sentence_links)


class TestDoctype:
    def test_bare_doctype_only_where_allowed(self) -> None:
        """TMX's customary doctype is read by import_tmx, yet TEI parsing still refuses it."""
        from transmgmt._xml import parse_xml

        data = tmx_bytes([rich_pair()])
        assert data.splitlines()[1] == b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
        assert parse_xml(data, allow_doctype=True).getroot().tag == "tmx"
        with pytest.raises(TEIParseError, match="document type declarations"):
            parse_xml(data)

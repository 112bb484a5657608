"""XCES cesAlign export (transmgmt.interchange.xces)."""

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
from transmgmt.interchange import LinkFilter, import_xces
from transmgmt.interchange.xces import write_xces, xces_bytes, xces_tree
from transmgmt.model import Alignment, ArticlePair

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)
BOTH = ("paragraph", "sentence")


def _unaligned(pair: ArticlePair) -> ArticlePair:
    return attrs.evolve(pair, alignment=Alignment(method=pair.alignment.method))


class TestXces:
    def test_link_groups_per_article_and_level(self) -> None:
        """Each article and level gets a linkGrp pointing into the article's TEI file."""
        root = xces_tree([sample_pair(), rich_pair()], levels=("paragraph", "sentence")).getroot()
        groups = [(g.get("fromDoc"), g.get("toDoc"), g.get("targType")) for g in root]
        assert groups == [("art-1.tei.xml", "art-1.tei.xml", "p"),
                          ("art-1.tei.xml", "art-1.tei.xml", "s"),
                          ("art-2.tei.xml", "art-2.tei.xml", "p"),
                          ("art-2.tei.xml", "art-2.tei.xml", "s")]

    def test_xtargets_sides_and_attributes(self) -> None:
        """xtargets is 'source ids;target ids', one side empty for 1-0, with the link data."""
        links = xces_tree([rich_pair()]).getroot().findall("linkGrp/link")
        assert [dict(link.attrib) for link in links[1:]] == [
            {"id": "l-zh-p1-s2", "xtargets": "zh-p1-s2;en-p1-s2 en-p1-s3", "type": "1-2",
             "status": "manual"},
            {"id": "l-zh-p2-s1", "xtargets": "zh-p2-s1;en-p2-s1", "type": "1-1",
             "certainty": "0.45", "status": "auto"},
            {"id": "l-zh-p2-s2", "xtargets": "zh-p2-s2;", "type": "1-0", "certainty": "0.2",
             "status": "auto"},
        ]

    def test_filters_apply(self) -> None:
        """Only links passing the filter are written; empty groups are left out."""
        root = xces_tree([sample_pair(), rich_pair()], LinkFilter(types={"1-2"})).getroot()
        assert [link.get("id") for link in root.iter("link")] == ["l-zh-p1-s2"]
        assert len(root) == 1

    def test_written_file_parses(self, tmp_path: Path) -> None:
        """The file is written atomically and is well-formed XML equal to xces_bytes."""
        path = write_xces([rich_pair()], tmp_path / "align.xml")
        assert path.read_bytes() == xces_bytes([rich_pair()])
        assert etree.fromstring(path.read_bytes()).tag == "cesAlign"


class TestImport:
    def test_restores_every_link_onto_an_unaligned_pair(self) -> None:
        """XCES carries one-sided links too, so import gives back the whole alignment."""
        original = rich_pair()
        result = import_xces(xces_bytes([original], levels=BOTH), [_unaligned(original)],
                             when=NOW, who="editor")
        back = result.pairs[0]
        assert back.alignment == original.alignment
        assert result.changed == (original.id,) and result.skipped == ()
        assert back.revisions[-1].kind == "aligned" and back.revisions[-1].who == "editor"

    def test_unchanged_pair_is_returned_as_is(self) -> None:
        pair = rich_pair()
        result = import_xces(xces_bytes([pair], levels=BOTH), [pair])
        assert result.pairs[0] is pair and result.changed == ()

    def test_bad_links_are_skipped_and_reported(self) -> None:
        """Unknown article or unit, wrong type or id, two documents: skipped with a reason;
        the good link still applies."""
        pair = _unaligned(rich_pair())
        root = xces_tree([rich_pair()]).getroot()
        group = root.find("linkGrp")
        links = group.findall("link")
        links[1].set("xtargets", "zh-p1-s2;en-p9-s9")
        links[2].set("type", "2-1")
        links[3].set("id", "l-other")
        stranger = etree.SubElement(root, "linkGrp", fromDoc="nope.tei.xml",
                                    toDoc="nope.tei.xml", targType="s")
        etree.SubElement(stranger, "link", xtargets="a;b")
        opus = etree.SubElement(root, "linkGrp", fromDoc="zh/a.xml", toDoc="en/a.xml")
        etree.SubElement(opus, "link", xtargets="1;1")
        result = import_xces(etree.tostring(root), [pair], when=NOW, label="a.xml")
        reasons = "\n".join(result.skipped)
        assert len(result.skipped) == 5
        assert "'en-p9-s9' is not a sentence of the en document" in reasons
        assert "does not match the units" in reasons
        assert "does not name the link of its units" in reasons
        assert "unknown article 'nope'" in reasons
        assert "fromDoc 'zh/a.xml' and toDoc 'en/a.xml' differ" in reasons
        assert result.pairs[0].alignment.sentence_links == (links_0 := _first(rich_pair()),)
        assert links_0.id == links[0].get("id")

    def test_not_xces_and_hostile_xml(self) -> None:
        with pytest.raises(InterchangeError, match="not an XCES alignment"):
            import_xces(b"<tmx/>", [])
        bomb = (b'<?xml version="1.0"?><!DOCTYPE cesAlign [<!ENTITY a "aaaa">]>'
                b"<cesAlign>&a;</cesAlign>")
        with pytest.raises(TEIParseError):
            import_xces(bomb, [])

    def test_doctype_of_opus_files_is_not_fetched(self) -> None:
        """OPUS writes a cesAlign doctype pointing at a DTD; it is read, never loaded."""
        data = xces_bytes([rich_pair()]).replace(
            b"<cesAlign", b'<!DOCTYPE cesAlign PUBLIC "-//CES//DTD XML cesAlign//EN" "">'
            b"\n<cesAlign", 1)
        back = import_xces(data, [_unaligned(rich_pair())], when=NOW).pairs[0]
        assert back.alignment.sentence_links == rich_pair().alignment.sentence_links

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(pairs())
    def test_round_trip_property(self, pair: ArticlePair) -> None:
        """export → import onto the unaligned pair restores the alignment exactly."""
        data = xces_bytes([pair], levels=BOTH)
        assert import_xces(data, [pair]).pairs[0] == pair
        back = import_xces(data, [_unaligned(pair)], when=NOW).pairs[0]
        assert back.alignment == pair.alignment


def _first(pair: ArticlePair):  # type: ignore[no-untyped-def]
    return pair.alignment.sentence_links[0]

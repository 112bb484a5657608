"""XCES cesAlign export (transmgmt.interchange.xces)."""

from __future__ import annotations

from pathlib import Path

from interchange_samples import rich_pair
from lxml import etree
from test_tei import sample_pair

from transmgmt.interchange import LinkFilter
from transmgmt.interchange.xces import write_xces, xces_bytes, xces_tree


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

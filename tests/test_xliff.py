"""XLIFF 2.1 export and import (transmgmt.interchange.xliff)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from interchange_samples import rich_pair
from lxml import etree
from strategies import pairs
from test_tei import sample_pair

from transmgmt.errors import InterchangeError
from transmgmt.interchange.xliff import XLIFF_NS, import_xliff, xliff_bytes, xliff_tree
from transmgmt.model import ArticlePair, Paragraph, Revision

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)
NS = {"x": XLIFF_NS, "mda": "urn:oasis:names:tc:xliff:metadata:2.0"}
W3C_XML_XSD = "http://www.w3.org/2001/xml.xsd"


class _LocalOnly(etree.Resolver):
    """Resolve schema imports inside the conformance folder; refuse anything else."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.refused: list[str] = []

    def resolve(self, url: str, pubid: str | None, context: object) -> object:
        del pubid
        if url == W3C_XML_XSD:  # the namespace's usual location: use the local copy
            url = str(self.folder / "informativeCopiesOf3rdPartySchemas/w3c/xml.xsd")
        if Path(url).resolve().is_relative_to(self.folder.resolve()):
            return self.resolve_filename(url, context)
        self.refused.append(url)
        return self.resolve_string("", context)


@pytest.fixture(scope="module")
def xliff_schema(shared: Path) -> etree.XMLSchema:
    """XLIFF 2.1 core + metadata module schemas, loaded from local files only."""
    folder = shared / "conformance" / "xliff21"
    if not (folder / "xliff_core_2.0.xsd").is_file():
        pytest.skip(f"{folder}/xliff_core_2.0.xsd is absent")
    resolver = _LocalOnly(folder)
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(resolver)
    # A two-line driver schema: the core schema validates mda:metadata only laxly, so the
    # metadata module is imported too and checks it strictly.
    driver = etree.XML(
        b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        b'<xs:import namespace="urn:oasis:names:tc:xliff:document:2.0" '
        b'schemaLocation="xliff_core_2.0.xsd"/>'
        b'<xs:import namespace="urn:oasis:names:tc:xliff:metadata:2.0" '
        b'schemaLocation="metadata.xsd"/></xs:schema>',
        parser, base_url=str(folder / "driver.xsd"))
    schema = etree.XMLSchema(driver)
    assert resolver.refused == []
    return schema


def outdated_pair() -> ArticlePair:
    """rich_pair whose source changed after the translation was made."""
    pair = rich_pair()
    return attrs.evolve(pair, translated_from="sha256:" + "0" * 64)


def missing_pair() -> ArticlePair:
    """rich_pair before anyone translated it."""
    pair = rich_pair()
    return ArticlePair(id="art-4", source=pair.source)


def _fill(data: bytes, targets: dict[str, str]) -> bytes:
    """Set the target of the segments named in *targets* (adding target elements)."""
    root = etree.fromstring(data)
    for segment in root.iterfind(".//x:segment", NS):
        if segment.get("id") in targets:
            target = segment.find("x:target", NS)
            if target is None:
                target = etree.SubElement(segment, f"{{{XLIFF_NS}}}target")
            target.text = targets[segment.get("id")]
    return etree.tostring(root)


def _segments(pair: ArticlePair) -> dict[str, tuple[str | None, str]]:
    root = xliff_tree(pair).getroot()
    return {s.get("id"): (s.findtext("x:target", namespaces=NS), s.get("state"))
            for s in root.iterfind(".//x:segment", NS)}


class TestExport:
    @pytest.mark.parametrize("make", [sample_pair, rich_pair, outdated_pair, missing_pair])
    def test_valid_against_xliff21_core_and_metadata(
            self, xliff_schema: etree.XMLSchema, make: Callable[[], ArticlePair]) -> None:
        """Every export validates against the official XLIFF 2.1 schemas."""
        doc = etree.fromstring(xliff_bytes(make()))
        assert xliff_schema.validate(doc), xliff_schema.error_log.filter_from_errors()

    def test_schema_catches_a_bad_state(self, xliff_schema: etree.XMLSchema) -> None:
        """The schema check can fail: a state outside the closed list is invalid."""
        doc = etree.fromstring(xliff_bytes(rich_pair()))
        doc.find(".//x:segment", NS).set("state", "approved")
        assert not xliff_schema.validate(doc)

    def test_units_follow_source_paragraphs_and_links(self) -> None:
        """A title unit, then one unit per source paragraph, one segment per link."""
        root = xliff_tree(rich_pair()).getroot()
        units = [(u.get("id"), [s.get("id") for s in u.iterfind("x:segment", NS)])
                 for u in root.iterfind(".//x:unit", NS)]
        assert units == [("title", ["title"]), ("zh-p1", ["l-zh-p1-s1", "l-zh-p1-s2"]),
                         ("zh-p2", ["l-zh-p2-s1", "l-zh-p2-s2"])]
        assert _segments(rich_pair())["l-zh-p1-s2"][0] == (
            "They take effect on July 1. Applicants benefit.")

    def test_states(self) -> None:
        """auto → translated, manual → reviewed, no target → initial, approved → final."""
        current = attrs.evolve(rich_pair(), revisions=rich_pair().revisions[:1])
        states = {k: v[1] for k, v in _segments(current).items()}
        assert states == {"title": "translated", "l-zh-p1-s1": "translated",
                          "l-zh-p1-s2": "reviewed", "l-zh-p2-s1": "translated",
                          "l-zh-p2-s2": "initial"}
        assert {v[1] for k, v in _segments(rich_pair()).items() if k != "l-zh-p2-s2"} == {"final"}

    def test_outdated_targets_are_flagged(self) -> None:
        """An outdated pair's targets carry subState transmgmt:outdated and a note says so."""
        root = xliff_tree(outdated_pair()).getroot()
        assert root.find(".//x:segment", NS).get("subState") == "transmgmt:outdated"
        assert root.find(".//x:note[@category='status']", NS) is not None

    def test_notes_carry_disclaimer_and_authority(self) -> None:
        """The published notice and who is authoritative are file notes."""
        root = xliff_tree(rich_pair()).getroot()
        notes = {n.get("category"): n.text for n in root.iterfind(".//x:note", NS)}
        assert notes["disclaimer"] == rich_pair().disclaimer.text
        assert notes["authority"].startswith("The Chinese (Simplified) version is authoritative")

    def test_gaps_become_ignorables(self) -> None:
        """Text between source sentences is kept as an ignorable, not lost."""
        pair = rich_pair()
        p1 = pair.source.paragraphs[0]
        spaced = attrs.evolve(p1, text=p1.text.replace("。措", "。 措"))
        source = attrs.evolve(pair.source, paragraphs=(spaced, pair.source.paragraphs[1]))
        pair = attrs.evolve(pair, source=source, translated_from=source.digest)
        ignorables = xliff_tree(pair).getroot().findall(".//x:ignorable/x:source", NS)
        assert [i.text for i in ignorables] == [" "]
        assert import_xliff(xliff_bytes(pair), [pair]).pairs[0] == pair

    def test_pending_source_refused(self) -> None:
        """Without a source there is nothing to translate from."""
        pending = ArticlePair(id="p", translation=rich_pair().translation)
        with pytest.raises(InterchangeError, match="pending"):
            xliff_tree(pending)


class TestImport:
    def test_unchanged_file_changes_nothing(self) -> None:
        """Importing an export returns the pairs as they were."""
        pairs_ = [sample_pair(), rich_pair(), missing_pair()]
        for pair in pairs_:
            result = import_xliff(xliff_bytes(pair), pairs_)
            assert list(result.pairs) == pairs_
            assert (result.changed, result.skipped) == ((), ())

    def test_new_targets_make_a_translation_revision(self) -> None:
        """Changed targets: new English paragraphs, links, translated_from and revision."""
        data = _fill(xliff_bytes(outdated_pair()), {"l-zh-p1-s1": "The NIA issued measures.",
                                                    "l-zh-p2-s2": "Chinese prevails."})
        new = import_xliff(data, [outdated_pair()], when=NOW, who="translator").pairs[0]
        assert [p.text for p in new.translation.paragraphs] == [
            "The NIA issued measures. They take effect on July 1. Applicants benefit.",
            "See the annex for details & <more>. Chinese prevails."]
        assert new.alignment.sentence_links[-1].source == ("zh-p2-s2",)
        assert new.alignment.sentence_links[-1].target == ("en-p2-s2",)
        assert {link.status for link in new.alignment.links()} == {"manual"}
        assert new.translated_from == new.source.digest
        assert new.revisions[-1] == Revision(
            when=NOW, who="translator", kind="translation-updated", status="current",
            note="translation imported from XLIFF", source_digest=new.source.digest)
        assert new.status == "current"
        assert new.translation.url == rich_pair().translation.url

    def test_translating_a_missing_translation(self) -> None:
        """A pair with no translation gets one from a filled-in file."""
        targets = {"title": "New Measures", "l-zh-p1-s1": "One.", "l-zh-p1-s2": "Two.",
                   "l-zh-p2-s1": "Three.", "l-zh-p2-s2": "Four."}
        new = import_xliff(_fill(xliff_bytes(missing_pair()), targets), [missing_pair()]).pairs[0]
        assert new.translation.title == "New Measures"
        assert [s.text for s in new.translation.sentences] == ["One.", "Two.", "Three.", "Four."]
        assert _segments(new)["l-zh-p2-s2"] == ("Four.", "reviewed")

    def test_reviewed_state_confirms_an_automatic_link(self) -> None:
        """Same targets, state reviewed: the automatic link becomes manual."""
        current = attrs.evolve(rich_pair(), revisions=rich_pair().revisions[:1])
        root = etree.fromstring(xliff_bytes(current))
        root.find(".//x:segment[@id='l-zh-p1-s1']", NS).set("state", "reviewed")
        new = import_xliff(etree.tostring(root), [current], when=NOW).pairs[0]
        assert new.alignment.sentence_links[0].status == "manual"
        assert new.translation == current.translation
        assert new.revisions[-1].kind == "aligned"

    def test_source_changed_since_export_is_skipped(self) -> None:
        """A file made from another source version is reported and changes nothing."""
        data = _fill(xliff_bytes(rich_pair()), {"l-zh-p1-s1": "Changed."})
        source = rich_pair().source
        edited = attrs.evolve(source, paragraphs=(
            *source.paragraphs, Paragraph(id="zh-p3", text="新段落。")))
        pair = attrs.evolve(rich_pair(), source=edited)
        result = import_xliff(data, [pair])
        assert result.pairs[0] is pair
        assert "source changed since this file was exported" in result.skipped[0]

    def test_inline_markup_and_unknown_articles_are_reported(self) -> None:
        """Inline codes in a target and files of unknown articles are skipped."""
        root = etree.fromstring(_fill(xliff_bytes(rich_pair()), {"l-zh-p1-s1": "x"}))
        etree.SubElement(root.find(".//x:target", NS), f"{{{XLIFF_NS}}}ph", id="1")
        result = import_xliff(etree.tostring(root), [rich_pair()])
        assert "inline markup" in result.skipped[0]
        assert "unknown article" in import_xliff(xliff_bytes(rich_pair()), []).skipped[0]

    def test_not_xliff2(self) -> None:
        """An XLIFF 1.2 document is refused."""
        with pytest.raises(InterchangeError, match="not an XLIFF 2"):
            import_xliff(b'<xliff version="1.2"/>', [])

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(pairs())
    def test_round_trip_property(self, pair: ArticlePair) -> None:
        """export → import is the identity; filled targets read back as exported."""
        if pair.source is None:
            return
        data = xliff_bytes(pair)
        assert import_xliff(data, [pair]).pairs[0] == pair
        targets = {k: f"T{n}." for n, k in enumerate(_segments(pair))}
        new = import_xliff(_fill(data, targets), [pair], when=NOW).pairs[0]
        assert {k: v[0] for k, v in _segments(new).items()} == targets
        assert new.status == "current"
        assert import_xliff(xliff_bytes(new), [new]).pairs[0] == new

    def test_property_exports_are_valid(self, xliff_schema: etree.XMLSchema) -> None:
        """Generated pairs of every shape export to valid XLIFF."""
        checked = 0

        @settings(max_examples=30, deadline=None, database=None)
        @given(pairs())
        def check(pair: ArticlePair) -> None:
            nonlocal checked
            if pair.source is None:
                return
            doc = etree.fromstring(xliff_bytes(pair))
            assert xliff_schema.validate(doc), xliff_schema.error_log.filter_from_errors()
            checked += 1

        check()
        assert checked > 0


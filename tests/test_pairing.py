
"""Tests for transmgmt.pairing: which English page translates which Chinese page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from archive_support import PAIRING

from transmgmt.ingest import read_page, read_page_file
from transmgmt.pairing import page_features, propose_pairs, score_pair

EXPECTED = {
    ("xu-ganlu-iom.txt", "xu-ganlu-meets-iom.txt"),
    ("migration-forum.txt", "iom-praises-nia.txt"),
    ("spring-festival-ports.txt", "spring-festival-crossings.txt"),
    ("visa-free-nine-countries.txt", "visa-free-nine-countries.txt"),
}


@pytest.fixture(scope="module")
def pages():
    zh = [read_page_file(p) for p in sorted((PAIRING / "zh").glob("*.txt"))]
    en = [read_page_file(p) for p in sorted((PAIRING / "en").glob("*.txt"))]
    return zh, en


class TestProposePairs:
    def test_fixtures_pair_correctly(self, pages) -> None:
        """Four Chinese and five English pages: four pairs, the decoy stays pending."""
        result = propose_pairs(*pages)
        assert {(c.zh, c.en) for c in result.pairs} == EXPECTED
        assert result.unmatched_en == ("hainan-visa-free.txt",)
        assert result.unmatched_zh == ()
        assert all(c.score >= 0.75 for c in result.pairs)

    def test_decoy_scores_low(self, pages) -> None:
        """The other visa-free story shares a few numbers but no dates: far below threshold."""
        result = propose_pairs(*pages)
        decoy = max((c for c in result.candidates if c.en == "hainan-visa-free.txt"),
                    key=lambda c: c.score)
        assert decoy.score < 0.35
        assert decoy.evidence["dates"] == 0.0

    def test_one_to_one(self, pages) -> None:
        """Each page is used at most once, even when a page scores well with two others."""
        zh, en = pages
        result = propose_pairs(zh, en, threshold=0.3)
        assert len({c.zh for c in result.pairs}) == len(result.pairs)
        assert len({c.en for c in result.pairs}) == len(result.pairs)
        assert {(c.zh, c.en) for c in result.pairs} == EXPECTED

    def test_missing_source_leaves_english_pending(self, pages) -> None:
        """Without its Chinese page, an English page is not forced onto another one."""
        zh, en = pages
        without = [p for p in zh if p.source_name != "migration-forum.txt"]
        result = propose_pairs(without, en)
        assert set(result.unmatched_en) == {"hainan-visa-free.txt", "iom-praises-nia.txt"}

    def test_threshold(self, pages) -> None:
        """Pairs scoring under the threshold stay unpaired; the others are kept."""
        scores = sorted(c.score for c in propose_pairs(*pages).pairs)
        threshold = (scores[0] + scores[1]) / 2  # between the two weakest true pairs
        result = propose_pairs(*pages, threshold=threshold)
        assert len(result.pairs) == 3
        assert all(c.score >= threshold for c in result.pairs)
        assert len(result.unmatched_en) == 2 and len(result.unmatched_zh) == 1


class TestEvidence:
    def test_chinese_and_english_magnitudes_agree(self) -> None:
        """287.7万 equals 2.877 million; 41.1万 equals 411,000."""
        zh = page_features(read_page("题\n\n共287.7万人次，日均41.1万人次。".encode(), name="z"))
        en = page_features(read_page(b"T\n\n2.877 million trips, 411,000 a day.", name="e"))
        assert zh.numbers == en.numbers == {Decimal("2877000").normalize(),
                                            Decimal("411000").normalize()}

    def test_names_and_dates(self) -> None:
        """Latin names in the Chinese page count when the English page has them."""
        zh = page_features(read_page("题\n\n2021年6月25日，许甘露会见IOM代表Crocetti。".encode(),
                                     name="z"))
        en = page_features(read_page(b"T\n\nOn June 25, 2021, Xu met IOM's Crocetti.", name="e"))
        assert zh.dates == {dt.date(2021, 6, 25)}
        candidate = score_pair(zh, en)
        assert candidate.evidence["names"] == 1.0
        assert candidate.evidence["dates"] == 1.0

    def test_length_alone_is_not_enough(self) -> None:
        """Pages that share nothing but a plausible length never reach the threshold."""
        zh = page_features(read_page("题\n\n今天天气很好，我们去公园散步。".encode(), name="z"))
        en = page_features(read_page(b"T\n\nThe weather was fine and we went for a walk in "
                                     b"the park together.", name="e"))
        candidate = score_pair(zh, en)
        assert set(candidate.evidence) == {"length"}
        assert candidate.score < 0.35

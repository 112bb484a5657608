"""Tests for transmgmt.segment."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transmgmt.segment import sentence_spans, split_sentences


class TestChinese:
    """Chinese sentence rules."""

    def test_basic_terminators(self) -> None:
        """。！？ and their ASCII forms end sentences."""
        assert split_sentences("今天下雨。你去吗？去！好!", "zh-Hans") == [
            "今天下雨。",
            "你去吗？",
            "去！",
            "好!",
        ]

    def test_closing_quote_stays_with_sentence(self) -> None:
        """A closing quote after the full stop belongs to the sentence it closes."""
        expected = ["他说：“好。”", "然后走了。"]
        assert split_sentences("他说：“好。”然后走了。", "zh-Hans") == expected

    def test_closing_brackets(self) -> None:
        """Closing 」』） follow the terminator into the same sentence."""
        assert split_sentences("「走吧。」『好！』（完。）下一句。", "zh-Hant") == [
            "「走吧。」",
            "『好！』",
            "（完。）",
            "下一句。",
        ]

    def test_semicolon_does_not_split(self) -> None:
        """The full-width semicolon never ended a sentence in the gold data."""
        text = "一是发展经济；二是改善民生。"
        assert split_sentences(text, "zh") == [text]

    def test_decimal_and_date_not_split(self) -> None:
        """3.5, 2023.5.1 and section numbers like 6. keep their full stop."""
        text = "增长3.5个百分点，日期为2023.5.1。6. 结论如下。"
        expected = ["增长3.5个百分点，日期为2023.5.1。", "6. 结论如下。"]
        assert split_sentences(text, "zh-Hans") == expected

    def test_ellipsis_inside_sentence(self) -> None:
        """An ellipsis without a closing quote trails off inside the sentence."""
        assert split_sentences("我叫…… 叫小玄子。", "zh-Hans") == ["我叫…… 叫小玄子。"]

    def test_ellipsis_before_quote_ends(self) -> None:
        """An ellipsis followed by a closing quote ends the quoted sentence."""
        assert split_sentences("“不过……”他停了。", "zh-Hans") == ["“不过……”", "他停了。"]

    def test_above_bmp(self) -> None:
        """Characters outside the BMP (Extension B) are kept intact."""
        text = "\U00020000字。第二句。"
        assert split_sentences(text, "zh-Hans") == ["\U00020000字。", "第二句。"]

    def test_blank_line_splits(self) -> None:
        """A blank line ends a sentence even without punctuation."""
        assert split_sentences("标题\n\n正文第一句。", "zh-Hans") == ["标题", "正文第一句。"]


class TestEnglish:
    """English sentence rules."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Mr. Li met Dr. Wang. They talked.", ["Mr. Li met Dr. Wang.", "They talked."]),
            ("Mrs. Smith arrived. St. Louis is far.", ["Mrs. Smith arrived.", "St. Louis is far."]),
            ("The U.S. Army left. The U.N. stayed.", ["The U.S. Army left.", "The U.N. stayed."]),
            ("He lives in the U.S. He works.", ["He lives in the U.S.", "He works."]),
            ("See No. 5 and Jan. 5 now.", ["See No. 5 and Jan. 5 now."]),
            (
                "Fruit, e.g. apples, i.e. Fuji, etc. are fine.",
                ["Fruit, e.g. apples, i.e. Fuji, etc. are fine."],
            ),
            ("J. R. R. Tolkien wrote it. He died.", ["J. R. R. Tolkien wrote it.", "He died."]),
            ("Growth was 3.5 percent. It rose.", ["Growth was 3.5 percent.", "It rose."]),
            ("Wait... what? No.", ["Wait... what?", "No."]),
            ('He said, "Go." She went.', ['He said, "Go."', "She went."]),
            ("\u201cWhy?\u201d he asked.", ["\u201cWhy?\u201d he asked."]),
            ('It ended. "Yes," she said.', ["It ended.", '"Yes," she said.']),
            ("It rose in 2020. 2021 was worse.", ["It rose in 2020.", "2021 was worse."]),
            ("Costs rose, etc. The end came.", ["Costs rose, etc.", "The end came."]),
        ],
    )
    def test_cases(self, text: str, expected: list[str]) -> None:
        """Abbreviations, initials, decimals, ellipses and quotes are handled."""
        assert split_sentences(text, "en") == expected

    def test_spans_are_offsets(self) -> None:
        """Spans index the original text, leading and trailing space excluded."""
        assert sentence_spans("  One. Two.  ", "en") == [(2, 6), (7, 11)]

    def test_empty(self) -> None:
        """Empty and blank input give no sentences."""
        assert split_sentences("", "en") == []
        assert split_sentences(" \n\t ", "zh-Hans") == []


_ALPHABET = st.sampled_from(
    [*"ab Z9.。！？!?…”」）\n \t'\"汉字", "Mr.", "U.S.", "3.5", "\U00020000"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.sampled_from(["en", "zh-Hans"]))
def test_span_properties(text: str, lang: str) -> None:
    """Spans are ordered, disjoint, stripped substrings covering all non-space text."""
    spans = sentence_spans(text, lang)
    previous_end = 0
    covered = []
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        assert text[previous_end:start].strip() == ""
        covered.append(piece)
        previous_end = end
    assert text[previous_end:].strip() == ""
    assert "".join("".join(p.split()) for p in covered) == "".join(text.split())
    assert split_sentences(text, lang) == [text[s:e] for s, e in spans]

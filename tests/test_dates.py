
"""Tests for transmgmt._dates (exposed as transmgmt.ingest.find_dates)."""

from __future__ import annotations

import datetime
import random
import re

import pytest
from babel.dates import format_date
from hypothesis import given, settings
from hypothesis import strategies as st

from transmgmt import _dates as dates_module
from transmgmt._dates import _find_dates, first_date
from transmgmt.ingest import find_dates

D = datetime.date

_dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31))


def _zh_numeral(number: int) -> str:
    """Write 1-31 the way Chinese dates do: 六, 十, 十二, 二十五, 三十一."""
    digits = "〇一二三四五六七八九"
    tens, units = divmod(number, 10)
    if not tens:
        return digits[units]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


class TestEnglishForms:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("met on June 25, 2021, by appointment", D(2021, 6, 25)),
            ("met on 25 June 2021.", D(2021, 6, 25)),
            ("in Guangzhou on Dec. 12, 2020.", D(2020, 12, 12)),
            ("on December 12, 2020", D(2020, 12, 12)),
            ("on Sept. 3, 2019", D(2019, 9, 3)),
            ("on the 3rd of September, 2019", D(2019, 9, 3)),
            ("DECEMBER 12, 2020", D(2020, 12, 12)),
            ("updated 2021-06-25 10:00", D(2021, 6, 25)),
            ("updated 2021/06/25", D(2021, 6, 25)),
        ],
    )
    def test_form(self, text: str, expected: datetime.date) -> None:
        """Each written form is read as the one date it names."""
        assert find_dates(text, "en") == [expected]

    def test_text_order(self) -> None:
        """Dates come back in the order they appear, whatever pattern found them."""
        text = "On 2021-01-02 and Dec. 12, 2020, then 25 June 2019."
        assert find_dates(text, "en") == [D(2021, 1, 2), D(2020, 12, 12), D(2019, 6, 25)]

    def test_invalid_date_skipped(self) -> None:
        """February 30 and month 13 are not dates."""
        assert find_dates("February 30, 2021 or 2021-13-01 or June 1, 2021", "en") == [
            D(2021, 6, 1)
        ]

    def test_month_without_day_is_not_a_date(self) -> None:
        """'In April' and 'May 2021' name no day."""
        assert find_dates("In April and in May 2021 the office grew.", "en") == []

    def test_yearless_takes_year_from_text(self) -> None:
        """'June 26' takes the year of the full date before it."""
        assert find_dates("On June 25, 2021 they met; on June 26 they signed.", "en") == [
            D(2021, 6, 25),
            D(2021, 6, 26),
        ]

    def test_yearless_takes_context_year(self) -> None:
        """context_year wins for dates written without a year."""
        assert find_dates("They met on June 25.", "en", context_year=2019) == [D(2019, 6, 25)]

    def test_yearless_without_any_year_is_skipped(self) -> None:
        """A day and month with no year anywhere give no date."""
        assert find_dates("They met on June 25.", "en") == []

    def test_lowercase_modal_may_is_not_a_month(self) -> None:
        """'you may 5' is not the fifth of May."""
        assert find_dates("you may 5 times apply", "en", context_year=2020) == []

    def test_date_does_not_span_paragraphs(self) -> None:
        """'June 26' and a year in the next paragraph are not one date."""
        assert find_dates("June 26\n\n1999-02-03", "en") == [D(1999, 6, 26), D(1999, 2, 3)]

    def test_date_wrapped_once(self) -> None:
        """A date wrapped across one line break is still found."""
        assert find_dates("met on June\n25, 2021 in", "en") == [D(2021, 6, 25)]

    def test_word_containing_month_name(self) -> None:
        """'Mayor 5' is not a date."""
        assert find_dates("Mayor 5 votes", "en", context_year=2020) == []


class TestChineseForms:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2021年6月25日，许甘露会见", D(2021, 6, 25)),
            ("二〇二一年六月二十五日", D(2021, 6, 25)),
            ("二〇二〇年十二月十二日", D(2020, 12, 12)),
            ("２０２１年６月２５日", D(2021, 6, 25)),
            ("2021 年 6 月 25 日", D(2021, 6, 25)),
            ("2021-06-25", D(2021, 6, 25)),
        ],
    )
    def test_form(self, text: str, expected: datetime.date) -> None:
        """Each written form is read as the one date it names."""
        assert find_dates(text, "zh-Hans") == [expected]

    def test_month_day_with_context_year(self) -> None:
        """6月25日 takes context_year."""
        assert find_dates("6月25日，国家移民管理局", "zh-Hans", context_year=2021) == [
            D(2021, 6, 25)
        ]

    def test_month_day_with_year_elsewhere(self) -> None:
        """Without context_year, 6月25日 takes a year written elsewhere in the text."""
        text = "2021年是建党百年。6月25日，许甘露会见克罗切蒂。"
        assert find_dates(text, "zh-Hans") == [D(2021, 6, 25)]

    def test_context_year_beats_text_year(self) -> None:
        """context_year is the first choice for a date without a year."""
        assert find_dates("2019年以来……6月25日", "zh-Hans", context_year=2021) == [D(2021, 6, 25)]

    def test_month_day_without_year_skipped(self) -> None:
        """6月25日 with no year anywhere gives no date."""
        assert find_dates("6月25日，许甘露会见", "zh-Hans") == []

    def test_invalid_skipped(self) -> None:
        """2月30日 is not a date."""
        assert find_dates("2021年2月30日和2021年3月1日", "zh-Hans") == [D(2021, 3, 1)]

    def test_traditional(self) -> None:
        """Traditional-script text reads the same way."""
        assert find_dates("2021年6月25日，國家移民管理局", "zh-Hant") == [D(2021, 6, 25)]


_date_pieces = st.sampled_from(
    [
        "June 25, 2021",
        "June 26",
        "February 30, 1850",
        "Dec. 12",
        "2019",
        "1999-02-03",
        "6月25日",
        "2021年",
        "二〇二〇年十二月十二日",
        "2月30日",
        "The meeting",
        "，",
        " ",
    ]
)


class TestFirstDate:
    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(st.lists(_date_pieces, max_size=6).map(" ".join), max_size=5),
        st.sampled_from(["en", "zh-Hans"]),
        st.one_of(st.none(), st.integers(1990, 2030)),
    )
    def test_same_as_find_dates(
        self, paragraphs: list[str], lang: str, fallback: int | None
    ) -> None:
        """first_date(paragraphs) is the first date of the joined text, found lazily."""
        joined = _find_dates("\n\n".join(paragraphs), lang, fallback_year=fallback)
        assert first_date(paragraphs, lang, fallback_year=fallback) == (
            joined[0] if joined else None
        )


class TestRoundTrip:
    @settings(max_examples=150, deadline=None)
    @given(_dates, st.sampled_from(["long", "medium", "full"]), st.sampled_from(["en", "en_GB"]))
    def test_babel_english(self, date: datetime.date, width: str, locale: str) -> None:
        """Every date babel formats in English is found again."""
        text = f"The meeting took place on {format_date(date, width, locale=locale)} in Beijing."
        assert find_dates(text, "en") == [date]

    @settings(max_examples=150, deadline=None)
    @given(_dates, st.sampled_from(["zh", "zh_Hant"]))
    def test_babel_chinese(self, date: datetime.date, locale: str) -> None:
        """Every date babel formats in Chinese is found again."""
        text = f"{format_date(date, 'long', locale=locale)}，许甘露会见克罗切蒂。"
        assert find_dates(text, "zh-Hans") == [date]

    @settings(max_examples=150, deadline=None)
    @given(_dates)
    def test_chinese_numerals(self, date: datetime.date) -> None:
        """二〇二一年六月二十五日 style dates are found again."""
        year = "".join("〇一二三四五六七八九"[int(c)] for c in str(date.year))
        text = f"{year}年{_zh_numeral(date.month)}月{_zh_numeral(date.day)}日，会见。"
        assert find_dates(text, "zh-Hans") == [date]

    @settings(max_examples=100, deadline=None)
    @given(st.text(max_size=200), st.sampled_from(["en", "zh-Hans", "zh-Hant"]))
    def test_never_raises(self, text: str, lang: str) -> None:
        """Arbitrary text gives a list of dates, never an exception."""
        assert all(isinstance(d, datetime.date) for d in find_dates(text, lang))


def test_month_look_ahead_changes_no_match() -> None:
    """The first-letter look-ahead of the named-month patterns finds what the bare ones find."""
    months = dates_module._month_pattern("en")
    guarded = dates_module._named_month_patterns(months)
    assert "(?=[adfjmnos])" in guarded[0].pattern
    bare = [re.compile(p.pattern.replace("(?=[adfjmnos])", ""), p.flags) for p in guarded]
    names = list(dates_module._month_names("en"))
    pieces = [*names, *(n.upper() for n in names[:20]), *(n.title() for n in names[:20]),
              "\u017fep", "\u212aa", " ", "  ", "\n", "\n\n", ".", ",", " of ", "25", "3", "31st",
              "2nd", "2021", "1999", "x", "mayor", "-", "\u00e9", "\u56fd"]
    rng = random.Random(7)
    for _ in range(10000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        for pattern, plain in zip(guarded, bare, strict=True):
            assert [(m.span(), m.groupdict()) for m in pattern.finditer(text)] == [
                (m.span(), m.groupdict()) for m in plain.finditer(text)
            ], text

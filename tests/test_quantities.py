
"""Tests for transmgmt.quantities: numbers and dates read and compared by value."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from transmgmt import quantities
from transmgmt.quantities import compare, extract, parse_zh_number

# Correct Chinese/English renderings: none of these may be reported.
CORRECT = [
    ("访客达1244万人次", "Visits reached 12.44 million."),
    ("访客达1244万人次", "Visits reached 12,440,000."),
    ("2021年6月25日，许甘露会见了克罗切蒂。", "On June 25, 2021, Xu met Crocetti."),
    ("6月25日，许甘露会见了克罗切蒂。", "On June 25, Xu met Crocetti."),
    ("6月25日，许甘露会见了克罗切蒂。", "On 25 June 2021, Xu met Crocetti."),
    ("二〇二一年六月二十五日", "June 25, 2021"),
    ("庆祝中国共产党成立百年", "celebrating the centenary of the founding of the CPC"),
    ("庆祝中国共产党成立百年", "celebrating the 100th anniversary of the CPC"),
    ("国际移民组织成立70周年", "the 70th anniversary of the founding of IOM"),
    ("国际移民组织成立七十周年", "the seventieth anniversary of the founding of IOM"),
    ("第五届国际移民研究高峰论坛", "The 5th International Migration Research Summit Forum"),
    ("第五届国际移民研究高峰论坛", "The fifth International Migration Research Summit Forum"),
    ("第二十一届", "the twenty-first session"),
    ("增长3.5%", "up 3.5 percent"),
    ("增长3.5％", "up 3.5 per cent"),
    ("增长百分之三点五", "up 3.5%"),
    ("约80名中外专家学者", "around 80 domestic and foreign experts"),
    ("二十五个国家", "twenty-five countries"),
    ("二十五个国家", "25 countries"),
    ("二〇二一年", "in 2021"),
    ("共3.5亿元", "a total of 350 million yuan"),
    ("共3.5亿元", "RMB 350 million"),
    ("两国关系", "relations between the two countries"),
    ("两国关系", "bilateral relations between both countries"),
    ("他一直十分关心统一大业", "He has always cared about reunification"),
    ("中方愿同各方一道", "China is willing to work with all parties"),
    ("2020年12月12日在广州举办", "in Guangzhou on December 12, 2020"),
    ("12月12日在广州举办", "in Guangzhou on 12 December"),
    ("今年1-5月，共查处案件1,234起", "From January to May this year, 1,234 cases were handled"),
    ("今年1至5月", "from January to May"),
    ("第一次", "the first time"),
    ("未来20年", "the next 20 years"),
    ("几十个国家", "dozens of countries"),
    ("数百名专家", "hundreds of experts"),
    ("建交20周年", "the 20th anniversary of diplomatic relations"),
    ("十四五规划", "the 14th Five-Year Plan"),
    ("5月", "in May"),
    ("三年来", "over the past three years"),
    ("同比增长12.5%", "a year-on-year increase of 12.5 percent"),
    ("１２．５％", "12.5%"),
    ("1.2万人", "12,000 people"),
    ("超过1万人", "more than 10,000 people"),
    ("5亿美元", "US$500 million"),
    ("4.5亿", "450 million"),
    ("近1500万", "nearly 15 million"),
    ("二十多个国家", "more than 20 countries"),
    ("1000余名", "over 1,000"),
    ("百分之五十", "50 percent"),
    ("百分之五十", "half"),
    ("一名外国人", "a foreigner"),
    ("万众一心", "united as one"),
    ("千方百计", "in every possible way"),
    ("一带一路", "the Belt and Road"),
    ("2021年", "2021"),
    ("2021年6月", "June 2021"),
    ("6月下旬", "late June"),
    ("第12届", "the 12th"),
    ("12367服务热线", "the 12367 hotline"),
    # Statistics news (tests/data/align-news): a lone day of the month, percentage points,
    # per mille, and large figures rounded the way English reports print them.
    ("国家统计局17日发布数据", "the bureau said on January 17"),
    ("比上年下降0.4个百分点", "0.4 percentage points lower than a year earlier"),
    ("人口出生率为6.39‰", "the birth rate was 6.39 per thousand"),
    ("人口出生率为6.39‰", "a birth rate of 6.39‰"),
    ("国内生产总值达到1260582亿元", "GDP reached 126.06 trillion yuan"),
    ("零售总额471495亿元", "retail sales totalled 47.15 trillion yuan"),
    ("3日内办结", "completed within three days"),
    ("1-11月，工业增加值增长4.3%", "In the first 11 months, industrial output grew 4.3 percent"),
    ("前11个月", "from January to November"),
    ("前十一个月", "in the first eleven months"),
    ("持续了11个月", "lasted 11 months"),
    ("同比增长1.2倍", "up 120 percent year on year"),
    ("同比增长1.2倍", "an increase of 1.2 times"),
    ("是去年的3倍", "three times last year's figure"),
    ("新冠肺炎疫情", "the COVID-19 pandemic"),
]

# Broken renderings: each must be reported, with the message shown.
BROKEN = [
    ("访客达1244万人次", "Visits reached 12.4 million.",
     "source has 1244万 (12,440,000); translation has 12.4 million (12,400,000) "
     "(rounded to 3 significant digits)"),
    ("国内生产总值达到1260582亿元", "GDP reached 125.06 trillion yuan",
     "source has 1260582亿 (126,058,200,000,000 CNY); translation has 125.06 trillion yuan "
     "(125,060,000,000,000 CNY)"),
    ("国家统计局17日发布数据", "the bureau said on January 16",
     "source has 17日 (17); translation has January 16 (2021-01-16)"),
    ("比上年下降0.4个百分点", "0.5 percentage points lower",
     "source has 0.4个百分点 (0.4%); translation has 0.5 percentage points (0.5%)"),
    ("同比增长1.2倍", "up 1.2 percent year on year",
     "source has 1.2倍 (1.2); the translation does not have it"),
    ("1-10月，增长4.3%", "In the first 11 months, up 4.3 percent",
     "source has 10月 (October); the translation does not have it"),
    ("6月25日会见", "met on June 26",
     "source has 6月25日 (2021-06-25); translation has June 26 (2021-06-26)"),
    ("2021年6月25日", "June 25, 2020",
     "source has 2021年6月25日 (2021-06-25); translation has June 25, 2020 (2020-06-25)"),
    ("增长3.5%", "up 3.4 percent", "source has 3.5%; translation has 3.4 percent (3.4%)"),
    ("第五届", "the sixth", "source has 第五 (5th); translation has sixth (6th)"),
    ("成立70周年", "the 60th anniversary", "source has 70周年 (70th); translation has 60th"),
    ("共查处案件1,234起", "handled 1,243 cases", "source has 1,234; translation has 1,243"),
    ("共3.5亿元", "a total of 35 million yuan",
     "source has 3.5亿 (350,000,000 CNY); translation has 35 million yuan (35,000,000 CNY)"),
    ("约80名专家", "experts attended",
     "source has 80; the translation does not have it"),
    ("百分之三点五", "3.5 million",
     "source has 百分之三点五 (3.5%); the translation does not have it"),
    ("5月", "in June", "source has 5月 (May); the translation does not have it"),
]


class TestExtract:
    @pytest.mark.parametrize(("text", "expected"), [
        ("1244万", [("cardinal", 12_440_000.0)]),
        ("３．５亿", [("cardinal", 350_000_000.0)]),
        ("二十名", [("cardinal", 20.0)]),
        ("二〇二一年", [("year", 2021.0)]),
        ("百年", [("cardinal", 100.0)]),
        ("70周年", [("ordinal", 70.0)]),
        ("第五届", [("ordinal", 5.0)]),
        ("3.5%", [("percent", 3.5)]),
        ("百分之三点五", [("percent", 3.5)]),
        ("6月25日", [("date", dt.date(2021, 6, 25))]),
        ("5亿元", [("money", 500_000_000.0)]),
    ])
    def test_chinese_values(self, text: str, expected: list[tuple[str, object]]) -> None:
        """Chinese numbers are read with their kind and value (year from context)."""
        assert [(q.kind, q.value) for q in extract(text, "zh-Hans", context_year=2021)] == expected

    @pytest.mark.parametrize(("text", "expected"), [
        ("12.44 million", [("cardinal", 12_440_000.0)]),
        ("12,440,000", [("cardinal", 12_440_000.0)]),
        ("twenty-five", [("cardinal", 25.0)]),
        ("two", [("cardinal", 2.0)]),
        ("5th", [("ordinal", 5.0)]),
        ("fifth", [("ordinal", 5.0)]),
        ("centenary", [("ordinal", 100.0)]),
        ("3.5 percent", [("percent", 3.5)]),
        ("3.5%", [("percent", 3.5)]),
        ("June 25, 2021", [("date", dt.date(2021, 6, 25))]),
        ("US$5 million", [("money", 5_000_000.0)]),
    ])
    def test_english_values(self, text: str, expected: list[tuple[str, object]]) -> None:
        """English numbers in digits and words are read with their kind and value."""
        assert [(q.kind, q.value) for q in extract(text, "en", context_year=2021)] == expected

    def test_spans_point_into_the_text(self) -> None:
        """Each quantity's span is where its text is."""
        text = "访客达1244万人次，增长3.5%"
        for quantity in extract(text, "zh-Hans"):
            start, end = quantity.span
            assert text[start:end] == quantity.text

    def test_words_made_of_numerals_are_not_numbers(self) -> None:
        """十分 (very), 万一 (in case), 一直 (always) yield nothing."""
        assert extract("他一直十分关心，万一失败，千万小心", "zh-Hans") == []

    def test_parse_zh_number(self) -> None:
        """Positional, digit-by-digit and decimal numerals."""
        assert parse_zh_number("三百零六") == 306.0
        assert parse_zh_number("一千二百四十四万") == 12_440_000.0
        assert parse_zh_number("二〇二一") == 2021.0
        assert parse_zh_number("十") == 10.0
        assert parse_zh_number("十百") is None


class TestCompare:
    @pytest.mark.parametrize(("zh", "en"), CORRECT)
    def test_correct_renderings_pass(self, zh: str, en: str) -> None:
        """A correct English rendering of a Chinese number or date is not reported."""
        assert [d.message for d in compare(zh, en, "zh-Hans", "en", context_year=2021)] == []

    @pytest.mark.parametrize(("zh", "en", "message"), BROKEN)
    def test_wrong_renderings_reported_with_both_values(self, zh: str, en: str,
                                                        message: str) -> None:
        """A missing or changed value is reported with what the source and translation say."""
        assert [d.message for d in compare(zh, en, "zh-Hans", "en", context_year=2021)] == [message]

    @pytest.mark.parametrize(("zh", "en", "expected"), [
        ("2月9日至17日，增开公交线路12条", "From February 9 to 17, 12 bus routes will be added",
         []),
        ("6月25日会见", "met on June 25", []),
        ("6月25日会见", "met on 25 June", []),
        ("6月25日会见", "met on June 26", ["source has 25日 (25); translation has 26"]),
        ("6月25日会见", "met on July 25",
         ["source has 6月 (June); the translation does not have it"]),
    ])
    def test_month_and_day_without_a_year(self, zh: str, en: str, expected: list[str]) -> None:
        """With no year known a month-day is read as a month and a day, as "June 25" is."""
        assert [d.message for d in compare(zh, en, "zh-Hans", "en")] == expected

    def test_extra_english_numbers_are_fine(self) -> None:
        """Only source quantities are required; English may add some."""
        assert compare("双方会谈", "The two sides held talks in 2021.", "zh-Hans", "en") == []


class TestEnglishTokenGuard:
    def test_guard_changes_no_match(self) -> None:
        """The look-ahead in front of the English token pattern finds what the bare one finds."""
        guarded = quantities._EN_TOKEN_RE
        guard = r"(?=[0-9$¥€£uhrc]|\b\w)(?:"
        assert guarded.pattern.startswith(guard)
        bare = re.compile(guarded.pattern[len(guard):-1], guarded.flags)
        pieces = [
            *quantities._EN_NUMBER_WORDS.split("|")[:40], *quantities._EN_SPECIAL,
            "US$", "HK$", "$", "¥", "€", "£", "RMB", "RMB ", "usd", "CNY ", "12", "3.5", "1,244",
            "1,24", "2021", "th", "st", " ", "-", " and ", ".", ",", "x", "ſ", "K", "İ", "ı",
            "é", "\u3000", "国", "the", "1st", "22nd", "9.", ".5", "_", "ONE", "HUNDRED", "\n",
        ]
        rng = random.Random(4)
        for _ in range(20000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
            assert [(m.span(), m.groupdict()) for m in guarded.finditer(text)] == [
                (m.span(), m.groupdict()) for m in bare.finditer(text)
            ], text

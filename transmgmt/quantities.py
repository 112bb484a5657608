

"""Numbers and dates in Chinese and English text, as values that can be compared.

A translation has to keep the numbers of its source, but it writes them differently:
1244万 becomes "12.44 million", 二十 becomes "20" or "twenty", 70周年 becomes "70th
anniversary", 百年 becomes "centenary", 第五届 becomes "5th" or "fifth", 百分之三点五
becomes "3.5 percent", and 6月25日 becomes "June 25, 2021" (the year taken from the
article). :func:`extract` reads each side into :class:`Quantity` values with a kind
and a span, and :func:`compare` says which source quantities the translation lacks or
changed.

The Chinese reader is deliberately conservative (a number written with Chinese
numerals counts only where it is clearly a number: after 第 or 百分之, before a
classifier or unit such as 个 名 届 周年 亿), because 一 and 十 occur in countless
words (一直, 统一, 十分); the English reader is generous (extra English numbers are
never reported, only missing ones).

Example:
    >>> [q.describe() for q in extract("访客达1244万人次，增长3.5%", "zh-Hans")]
    ['1244万 (12,440,000)', '3.5%']
    >>> found = compare("访客达1244万人次", "Visits reached 12.4 million.", "zh-Hans", "en")
    >>> for part in found[0].message.split("; "):
    ...     print(part)
    source has 1244万 (12,440,000)
    translation has 12.4 million (12,400,000) (rounded to 3 significant digits)

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable

import attrs

from transmgmt._dates import find_date_spans
from transmgmt.lang import is_chinese

__all__ = [
    "KINDS",
    "Discrepancy",
    "Quantity",
    "compare",
    "extract",
    "parse_zh_number",
]

#: Every kind of quantity: plain numbers, ordinals (5th, 第五, 70周年), percentages,
#: years (2021年), full dates, months without a day (6月 ↔ June), days without a month
#: (the 27日 of 25日至27日) and amounts of money.
KINDS = ("cardinal", "ordinal", "percent", "year", "date", "month", "day", "money")

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


@attrs.frozen
class Quantity:
    """One number or date found in a text.

    Attributes:
        value: The value: a float for numbers, a :class:`datetime.date` for dates, the
            month number (1-12) for months.
        kind: One of :data:`KINDS`.
        span: ``(start, end)`` offsets of the quantity in the text.
        text: The text as written ("1244万", "twenty-five", "June 25").
        unit: Currency of an amount of money (``CNY``, ``USD``...), else None.
        approximate: The text hedges the value (约, 多, "about", "more than").
        firm: Written with digits or as a date (a mistranslation is then certain), as
            opposed to Chinese numerals that a translator may render freely.
    """

    value: float | dt.date
    kind: str
    span: tuple[int, int]
    text: str
    unit: str | None = None
    approximate: bool = False
    firm: bool = True

    def formatted(self) -> str:
        """The value in a neutral form: ``12,440,000``, ``3.5%``, ``2021-06-25``, ``June``.

        Example:
            >>> Quantity(12440000.0, "cardinal", (0, 5), "1244万").formatted()
            '12,440,000'
        """
        if isinstance(self.value, dt.date):
            return self.value.isoformat()
        if self.kind == "month":
            return dt.date(2000, int(self.value), 1).strftime("%B")
        number = _format_number(float(self.value))
        if self.kind == "percent":
            return f"{number}%"
        if self.kind == "ordinal":
            return _ordinal(float(self.value))
        if self.kind == "year":
            return str(int(self.value))
        if self.kind == "money" and self.unit:
            return f"{number} {self.unit}"
        return number

    def describe(self) -> str:
        """The text as written and, when it differs, the value: ``1244万 (12,440,000)``.

        Example:
            >>> Quantity(25.0, "cardinal", (0, 3), "二十五").describe()
            '二十五 (25)'
        """
        value = self.formatted()
        return self.text if value == self.text else f"{self.text} ({value})"


def _format_number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"


def _ordinal(value: float) -> str:
    if value != int(value):
        return _format_number(value)
    number = int(value)
    suffixes = {1: "st", 2: "nd", 3: "rd"}
    suffix = "th" if 10 <= number % 100 <= 20 else suffixes.get(number % 10, "th")
    return f"{number:,}{suffix}"


# --------------------------------------------------------------------------- Chinese

_ZH_DIGITS = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_ZH_NUMERAL = "".join([*_ZH_DIGITS, *_ZH_SMALL, *_ZH_BIG])
_ZH_DECIMAL = "〇零一二三四五六七八九"

# Classifiers and units: a Chinese numeral directly before one of these is a number.
# (Longest first where one is a prefix of another.)
_ZH_CLASSIFIERS = (
    "周年", "週年", "年度", "小时", "分钟", "公里", "平方米", "公斤", "美元", "欧元", "港元",
    "人民币", "个月", "多", "余", "个", "個", "名", "人", "位", "次", "项", "項", "家",
    "条", "條", "届", "屆", "年", "天", "岁", "歲", "国", "國", "省", "场", "場", "批",
    "种", "種", "件", "份", "所", "架", "艘", "辆", "支", "起", "例", "倍", "轮", "輪",
    "期", "部", "篇", "座", "张", "張", "本", "亿", "万", "元", "吨", "米", "方面", "大",
    "类", "類", "周", "週", "点", "点", "册", "处", "處", "段", "代", "级", "級", "层",
    "枚", "颗", "株", "棵", "户", "戶", "对", "對", "组", "組", "章", "节", "節", "款",
)  # fmt: skip
_ZH_CURRENCIES = {
    "美元": "USD", "欧元": "EUR", "港元": "HKD", "日元": "JPY", "英镑": "GBP",
    "人民币": "CNY", "元": "CNY",
}  # fmt: skip
# Words made of numerals that are not numbers ("very", "by all means", "in case").
_ZH_NOT_NUMBERS = ("十分", "万一", "一一", "千万", "万万", "百分百", "一旦", "千方百计")
# Before a numeral these make it vague: 几十 "dozens", 数百 "hundreds", 成千上万.
_ZH_VAGUE_BEFORE = "几幾数數上成好若"
_ZH_APPROX_BEFORE = ("约", "約", "近", "将近", "大约", "逾", "不到")
_ZH_APPROX_AFTER = ("多", "余", "餘", "左右", "上下")

_ZH_ARABIC_RE = re.compile(
    r"(?<![0-9A-Za-z.])(?P<num>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)"
    r"(?P<scale>\s*(?:万亿|亿|億|万|萬|千)?)(?P<pct>\s*[%‰])?"
)
_ZH_NUMERAL_RE = re.compile(
    rf"(?P<pct>百分之)?(?P<num>[{_ZH_NUMERAL}]+(?:点[{_ZH_DECIMAL}]+)?)"
)
_ZH_MONTH_RANGE_RE = re.compile(r"(?<![0-9])(?P<a>[0-9]{1,2})\s*[-—~至到]\s*(?P<b>[0-9]{1,2})月")
# A month without a day (6月 ↔ June); 6月25日 is a date and read before this.
_ZH_MONTH_RE = re.compile(
    r"(?<![0-9])(?P<m>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])月"
    r"(?!份?[0-9一二三四五六七八九十]+[日号])"
)
# The second day of a range (25日至27日): a day without its month.
_ZH_DAY_RE = re.compile(
    r"(?<![0-9月])(?P<d>[0-9]{1,2})[日号](?=[至到—\-~、])"
    r"|(?<=[至到—~-])(?P<d2>[0-9]{1,2})[日号]"
)


_ZH_FIRST_MONTHS_RE = re.compile(r"前(?P<n>[0-9]{1,2}|十[一二]?|[二三四五六七八九])个月")
_ZH_MONTH_DAY_RE = re.compile(r"(?<![0-9])(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})[日号]")
_ZH_POINTS_RE = re.compile(r"\s*[个個]?百分[点點]")
# A day of the month on its own (国家统计局17日发布: "on the 17th", the month implied by
# the article's date); not a count of days (3日内 "within three days").
_ZH_LONE_DAY_RE = re.compile(r"(?<![0-9.月])(?P<d>[0-9]{1,2})日(?![内內以前后後起均])")


def parse_zh_number(text: str) -> float | None:
    """Value of a number written with Chinese numerals, or None if it is not one.

    Reads positional forms (二十五, 三百零六, 一千二百四十四万, 十), digit-by-digit
    forms (二〇二一), 两, and decimals with 点 (三点五).

    Example:
        >>> [parse_zh_number(n) for n in ("一千二百四十四万", "二〇二一", "三点五")]
        [12440000.0, 2021.0, 3.5]
    """
    if not text:
        return None
    whole, _, decimals = text.partition("点")
    if decimals:
        if not all(c in _ZH_DIGITS for c in decimals):
            return None
        integer = parse_zh_number(whole)
        if integer is None:
            return None
        return float(f"{int(integer)}.{''.join(str(_ZH_DIGITS[c]) for c in decimals)}")
    if all(c in _ZH_DIGITS for c in text):
        if len(text) == 1:
            return float(_ZH_DIGITS[text])
        if any(c in "两兩" for c in text):
            return None
        return float("".join(str(_ZH_DIGITS[c]) for c in text))
    total = section = 0
    digit: int | None = None
    last_small = 10_000
    for char in text:
        if char in _ZH_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row inside a positional numeral
            digit = _ZH_DIGITS[char]
        elif char in _ZH_SMALL:
            unit = _ZH_SMALL[char]
            if unit >= last_small and section:
                return None  # 十百: units must decrease within a section
            section += (1 if digit is None else digit) * unit
            last_small, digit = unit, None
        else:
            unit = _ZH_BIG[char]
            section += digit or 0
            if section == 0 and total == 0:
                section = 1
            total = (total + section) * unit
            section, digit, last_small = 0, None, 10_000
    return float(total + section + (digit or 0))


def _zh_scale(scale: str) -> float:
    value = 1.0
    for char in scale.strip():
        value *= {**_ZH_SMALL, **_ZH_BIG}.get(char, 1)
    return value


def _zh_approx(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    return any(before.endswith(w) for w in _ZH_APPROX_BEFORE) or after.startswith(_ZH_APPROX_AFTER)


def _zh_after(text: str, end: int) -> tuple[str, str | None]:
    """Kind suggested by what follows a number at *end*, and its currency."""
    rest = text[end:end + 4].lstrip()
    rest = rest.removeprefix("多").removeprefix("余")
    for name, code in _ZH_CURRENCIES.items():
        if rest.startswith(name):
            return "money", code
    if rest.startswith(("周年", "週年")):
        return "ordinal", None
    if rest.startswith(("个百分点", "個百分點", "百分点", "百分點")):
        return "percent", None  # 0.4个百分点: percentage points, as "0.4 percentage points"
    return "cardinal", None


def _extract_zh(text: str, context_year: int | None) -> list[Quantity]:
    found: list[Quantity] = []
    taken = bytearray(len(text))

    def add(quantity: Quantity) -> None:
        start, end = quantity.span
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            found.append(quantity)

    # Every Chinese date form has 月 (the date reader is the slowest step: skip it early).
    dates = find_date_spans(text, "zh-Hans", context_year=context_year) if "月" in text else []
    for start, end, date in dates:
        add(Quantity(date, "date", (start, end), text[start:end]))
    month: float | None  # an int from digits, a float (or None) from Chinese numerals
    if context_year is None and "月" in text:
        # 6月25日 with no year to make it a date: its month and its day, as "June 25" reads.
        for match in _ZH_MONTH_DAY_RE.finditer(text):
            month, day = int(match["m"]), int(match["d"])
            if 1 <= month <= 12 and 1 <= day <= 31:
                add(Quantity(float(month), "month", match.span("m"), f"{match['m']}月"))
                add(Quantity(float(day), "day", match.span("d"), f"{match['d']}日"))
    for match in _ZH_FIRST_MONTHS_RE.finditer(text):
        # 前11个月 "the first 11 months": January to November
        token = match["n"]
        count = int(token) if token.isdigit() else parse_zh_number(token)
        if count is not None and 2 <= count <= 12:
            add(Quantity(1.0, "month", (match.start(), match.start() + 1), "前"))
            add(Quantity(float(count), "month", match.span("n"), match.group()))
    for match in _ZH_MONTH_RANGE_RE.finditer(text):
        # 1-5月 "from January to May": two months
        for group in ("a", "b"):
            if 1 <= int(match[group]) <= 12:
                add(Quantity(float(match[group]), "month", match.span(group),
                             f"{match[group]}月"))
    for match in _ZH_MONTH_RE.finditer(text):
        token = match["m"]
        month = int(token) if token.isdigit() else parse_zh_number(token)
        if month is not None and 1 <= month <= 12:
            add(Quantity(float(month), "month", match.span(), match.group()))
    for match in _ZH_DAY_RE.finditer(text):
        group = "d" if match["d"] else "d2"
        add(Quantity(float(match[group]), "day", match.span(group), match[group]))
    if "日" in text:
        for match in _ZH_LONE_DAY_RE.finditer(text):
            if 1 <= int(match["d"]) <= 31:
                add(Quantity(float(match["d"]), "day", match.span(), match.group()))

    for match in _ZH_ARABIC_RE.finditer(text):
        start, end = match.span()
        if any(taken[start:end]):
            continue
        value = float(match["num"].replace(",", "")) * _zh_scale(match["scale"])
        after_text = text[end:end + 2]
        before = text[max(0, start - 1):start]
        if match["pct"]:
            kind, unit = "percent", None
            if match["pct"].strip() == "‰":
                value /= 10
        elif before == "第":
            kind, unit = "ordinal", None
            start -= 1
        elif (
            after_text.startswith("年")
            and not match["scale"].strip()
            and len(match["num"]) == 4
            and "." not in match["num"]
        ):
            kind, unit = "year", None
        else:
            kind, unit = _zh_after(text, end)
            if kind == "ordinal":
                end += 2  # 70周年: the anniversary word belongs to the quantity
            elif kind == "percent":
                points = _ZH_POINTS_RE.match(text, end)
                end = points.end() if points else end  # 0.4个百分点 as written
        add(Quantity(value, kind, (start, end), text[start:end], unit=unit,
                     approximate=_zh_approx(text, start, end)))

    for match in _ZH_NUMERAL_RE.finditer(text):
        quantity = _zh_numeral(text, match)
        if quantity is not None:
            add(quantity)
    found.sort(key=lambda q: q.span)
    # 1.2倍 "1.2 times": the multiplier keeps its 倍, which lets "120 percent" answer it.
    return [
        attrs.evolve(q, span=(q.span[0], q.span[1] + 1), text=q.text + "倍")
        if q.kind == "cardinal" and text[q.span[1]:q.span[1] + 1] == "倍" else q
        for q in found
    ]


def _zh_numeral(text: str, match: re.Match[str]) -> Quantity | None:
    """A number written in Chinese numerals, when the context shows it is one."""
    start, end = match.span()
    number = match["num"]
    around = text[max(0, start - 1):end + 2]
    if any(word in around for word in _ZH_NOT_NUMBERS if word in text[max(0, start - 3):end + 3]):
        return None
    if start and text[start - 1] in _ZH_VAGUE_BEFORE:
        return None
    if text[end:end + 1] in ("几", "幾", "来", "來"):
        return None  # 十几 "a dozen or so", 二十来 "twenty-odd"
    value = parse_zh_number(number)
    if value is None:
        return None
    if match["pct"]:
        return Quantity(value, "percent", (start, end), match.group(), firm=False)
    before = text[start - 1] if start else ""
    if before == "第":
        return Quantity(value, "ordinal", (start - 1, end), text[start - 1:end], firm=False)
    after = text[end:end + 2]
    if number in ("百", "千") and after.startswith("年"):
        # 百年 "a century", "centenary"; 千年 "a millennium"
        return Quantity(value, "cardinal", (start, end + 1), text[start:end + 1], firm=False)
    if not after.startswith(_ZH_CLASSIFIERS):
        return None
    if after.startswith("年") and len(number) == 4 and all(c in _ZH_DIGITS for c in number):
        return Quantity(value, "year", (start, end), number, firm=False)
    if len(number) > 1 and all(c in _ZH_DIGITS for c in number):
        return None  # 三四个 "three or four": a range, not a number
    if value == 1 and not after.startswith(("周年", "週年", "亿", "万")):
        return None  # 一个, 一名: English writes "a"
    if after.startswith(("点", "万", "亿", "多", "余")) and after[1:2] in ("", "，", "。"):
        return None  # 一点 "a little", 万 at the end of a phrase
    kind, unit = _zh_after(text, end)
    scaled = end
    while scaled < len(text) and text[scaled] in "万萬亿億":
        value *= _ZH_BIG[text[scaled]]
        scaled += 1
    if scaled != end:
        kind, unit = _zh_after(text, scaled)
    return Quantity(value, kind, (start, scaled), text[start:scaled], unit=unit,
                    approximate=_zh_approx(text, start, scaled), firm=False)


# --------------------------------------------------------------------------- English

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000,
}  # fmt: skip
_EN_SCALES = {
    "hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mln": 1e6, "bln": 1e9, "m": 1e6, "bn": 1e9,
}  # fmt: skip
# Words that name a number on their own.
_EN_SPECIAL = {
    "centenary": ("ordinal", 100), "centennial": ("ordinal", 100),
    "century": ("cardinal", 100), "bicentenary": ("ordinal", 200),
    "bicentennial": ("ordinal", 200), "millennium": ("cardinal", 1000),
    "both": ("cardinal", 2), "twice": ("cardinal", 2), "double": ("cardinal", 2),
    "dozen": ("cardinal", 12), "half": ("cardinal", 0.5), "pair": ("cardinal", 2),
    "couple": ("cardinal", 2), "decade": ("cardinal", 10),
}  # fmt: skip
_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_EN_HEDGES = (
    "about", "around", "approximately", "nearly", "almost", "over", "more than", "some",
    "roughly", "close to", "up to", "less than", "fewer than", "at least", "above", "below",
    "under", "over", "exceeding", "nearly",
)
_EN_CURRENCY_BEFORE = {"us$": "USD", "$": "USD", "usd": "USD", "rmb": "CNY", "¥": "CNY",
                       "cny": "CNY", "€": "EUR", "eur": "EUR", "hk$": "HKD", "£": "GBP"}
_EN_CURRENCY_AFTER = {"yuan": "CNY", "dollars": "USD", "dollar": "USD", "euros": "EUR",
                      "euro": "EUR", "renminbi": "CNY", "pounds": "GBP", "yen": "JPY"}

_EN_NUMBER_WORDS = "|".join(
    sorted([*_EN_UNITS, *_EN_TENS, *_EN_ORDINALS, "hundred", "thousand", "million",
            "billion", "trillion"], key=len, reverse=True)
)
_EN_TOKEN_RE = re.compile(
    # The look-ahead changes no match, only where matching is tried: a match starts with
    # a currency sign or letter, a digit, or (a number word) a word's first letter. It
    # makes the scan skip the inside of ordinary words, which halves the cost of the
    # pattern (tested against the bare pattern on 200,000 random strings).
    r"(?=[0-9$¥€£uhrc]|\b\w)(?:"
    r"(?P<cur>US\$|HK\$|\$|¥|€|£|RMB\s?|USD\s?|CNY\s?)?"
    r"(?P<digits>(?<![\w.])[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)(?P<suffix>st|nd|rd|th)?(?![0-9])"
    rf"|(?P<words>\b(?:{_EN_NUMBER_WORDS})(?:(?:[\s-]+|\s+and\s+)(?:{_EN_NUMBER_WORDS}))*\b)"
    rf"|(?P<special>\b(?:{'|'.join(_EN_SPECIAL)})\b))",
    re.IGNORECASE,
)
_EN_AFTER_RE = re.compile(
    r"\s*(?P<scale>hundred|thousand|million|billion|trillion|mln|bln|bn|m)?\b\s*"
    r"(?P<pct>%|‰|per\s?cent(?:age\s+points?)?\b|percentage\s+points?\b"
    r"|per\s+(?:thousand|mille)\b|per\s?mil\b)?"
    r"\s*(?P<cur>yuan|dollars?|euros?|renminbi|pounds|yen)?",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"[0-9]")
_EN_MONTH_RE = re.compile(
    r"\b(?P<m>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)


_EN_FIRST_MONTHS_RE = re.compile(
    r"\b(?P<first>first)\s+(?P<n>[0-9]{1,2}|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve)\s+months\b",
    re.IGNORECASE,
)


def _en_count(token: str) -> int | None:
    """A small count written in digits or as a word (``11``, ``eleven``)."""
    if token.isdigit():
        return int(token)
    value = _EN_UNITS.get(token.lower())
    return None if value is None else int(value)


def _en_words(words: str) -> tuple[str, float] | None:
    """Value of "twenty-five", "one hundred and six", "fifth", "twenty-first"."""
    total = current = 0.0
    kind = "cardinal"
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    for index, token in enumerate(tokens):
        if token in _EN_UNITS:
            current += _EN_UNITS[token]
        elif token in _EN_TENS:
            current += _EN_TENS[token]
        elif token in _EN_ORDINALS:
            if index != len(tokens) - 1:
                return None
            value = _EN_ORDINALS[token]
            current = (current or 1) * value if value >= 100 else current + value
            kind = "ordinal"
        elif token == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * _EN_SCALES[token]
            current = 0.0
    return kind, total + current


def _en_hedged(text: str, start: int) -> bool:
    before = text[max(0, start - 20):start].lower().rstrip()
    return before.endswith(_EN_HEDGES)


def _extract_en(text: str, context_year: int | None) -> list[Quantity]:
    found: list[Quantity] = []
    taken = bytearray(len(text))

    def add(quantity: Quantity) -> None:
        start, end = quantity.span
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            found.append(quantity)

    # Every English date form has a digit (the day); most sentences have none.
    dates = find_date_spans(text, "en", context_year=context_year) if _DIGIT.search(text) else []
    for start, end, date in dates:
        add(Quantity(date, "date", (start, end), text[start:end]))
    for match in _EN_FIRST_MONTHS_RE.finditer(text):
        # "the first 11 months" is January to November, as 1-11月 and 前11个月 say it.
        count = _en_count(match["n"])
        if count is not None and 2 <= count <= 12:
            add(Quantity(1.0, "month", match.span("first"), match["first"]))
            add(Quantity(float(count), "month", match.span("n"), match["n"]))
    for match in _EN_TOKEN_RE.finditer(text):
        start, end = match.span()
        if any(taken[start:end]):
            continue
        if match["special"]:
            kind, number = _EN_SPECIAL[match["special"].lower()]
            # Not firm: "both", "pair", "decade" answer a number but never "change" one.
            add(Quantity(float(number), kind, (start, end), match.group(), firm=False))
            continue
        if match["words"]:
            parsed = _en_words(match["words"])
            if parsed is None:
                continue
            kind, value = parsed
            currency = None
        else:
            value = float(match["digits"].replace(",", ""))
            kind = "ordinal" if match["suffix"] else "cardinal"
            currency = _EN_CURRENCY_BEFORE.get((match["cur"] or "").strip().lower())
            if (
                kind == "cardinal"
                and 1000 <= value <= 2200
                and value == int(value)
                and "," not in match["digits"]
            ):
                kind = "year"
        after = _EN_AFTER_RE.match(text, end)
        if after is not None and after.group().strip():
            if after["scale"] and not (after["scale"].lower() == "m" and not currency):
                value *= _EN_SCALES[after["scale"].lower()]
                kind = "cardinal" if kind == "year" else kind
                end = after.end("scale")
            if after["pct"]:
                kind = "percent"
                end = after.end("pct")
                sign = after["pct"].lower()
                if sign == "‰" or (sign.startswith("per") and "cent" not in sign):
                    value /= 10  # per mille, kept as a percentage (6.39‰ = 0.639%)
            if after["cur"]:
                currency = _EN_CURRENCY_AFTER[after["cur"].lower()]
                end = after.end("cur")
        if currency:
            kind = "money"
        add(Quantity(value, kind, (start, end), text[start:end], unit=currency,
                     approximate=_en_hedged(text, start)))
    for match in _EN_MONTH_RE.finditer(text):
        if match["m"] == "May" and match.start() == 0:
            continue  # "May we..." at the start of a sentence
        add(Quantity(float(_EN_MONTHS[match["m"].lower()]), "month", match.span(), match.group()))
    found.sort(key=lambda q: q.span)
    return found


def extract(text: str, lang: str, *, context_year: int | None = None) -> list[Quantity]:
    """Every number and date of *text*, in text order.

    Args:
        text: A sentence or paragraph.
        lang: BCP 47 tag: Chinese rules for ``zh*``, English rules otherwise.
        context_year: Year of dates written without one ("6月25日", "June 25").

    Example:
        >>> [(q.kind, q.formatted()) for q in extract("第五届论坛于6月25日举行", "zh-Hans",
        ...                                           context_year=2021)]
        [('ordinal', '5th'), ('date', '2021-06-25')]
        >>> [(q.kind, q.formatted()) for q in extract("the fifth forum, 3.5 percent", "en")]
        [('ordinal', '5th'), ('percent', '3.5%')]
    """
    text = text.translate(_FULLWIDTH)
    if is_chinese(lang):
        return _extract_zh(text, context_year)
    return _extract_en(text, context_year)


# --------------------------------------------------------------------------- compare

_NUMERIC = frozenset({"cardinal", "ordinal", "year", "money", "day"})


@attrs.frozen
class Discrepancy:
    """A source quantity the translation lacks or renders with another value.

    Attributes:
        source: The source quantity.
        closest: The translation's most similar unmatched quantity when the value looks
            changed, else None (missing).
    """

    source: Quantity
    closest: Quantity | None = None

    @property
    def message(self) -> str:
        """A sentence a translator can act on."""
        if self.closest is None:
            return f"source has {self.source.describe()}; the translation does not have it"
        message = f"source has {self.source.describe()}; translation has {self.closest.describe()}"
        # Kinds other than date and month hold a float (see _matches).
        digits = (_rounded_digits(float(self.source.value), self.closest)  # type: ignore[arg-type]
                  if self.source.kind not in ("date", "month") else 0)
        if digits:
            message += f" (rounded to {digits} significant digit{'s' * (digits != 1)})"
        return message


def _close(a: float, b: float, approximate: bool) -> bool:
    tolerance = 0.1 if approximate else 1e-9
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=1e-9)


def _matches(source: Quantity, target: Quantity) -> bool:
    # Only kind "date" holds a dt.date, every other kind a float: mypy cannot tie the
    # value's type to the kind, hence the ignores.
    approximate = source.approximate or target.approximate
    if source.kind == "date":
        return target.kind == "date" and target.value == source.value
    if source.kind == "month":
        if target.kind == "date":
            return target.value.month == source.value  # type: ignore[union-attr]
        return target.kind == "month" and target.value == source.value
    if target.kind == "date":
        value = target.value
        assert isinstance(value, dt.date)
        return (source.kind == "year" and value.year == source.value) or (
            source.kind == "day" and value.day == source.value
        )
    if target.kind == "percent" and source.kind == "cardinal" and source.text.endswith("倍"):
        # 增长1.2倍 "up 120 percent"; 是去年的3倍 "300 percent of last year's"
        return _close(float(source.value) * 100, float(target.value), approximate)  # type: ignore[arg-type]
    if source.kind == "percent":
        if target.kind == "cardinal" and float(target.value) < 1:  # type: ignore[arg-type]
            # "half"
            return _close(float(source.value), float(target.value) * 100, approximate)  # type: ignore[arg-type]
        return target.kind == "percent" and _close(float(source.value), float(target.value),  # type: ignore[arg-type]
                                                    approximate)
    if target.kind in ("percent", "month"):
        return False
    return _close(float(source.value), float(target.value), approximate) or (  # type: ignore[arg-type]
        _rounded_digits(float(source.value), target) >= _MIN_ROUNDED_DIGITS)  # type: ignore[arg-type]


_WRITTEN_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.([0-9]+))?")
#: English news rounds large figures (1260582亿元 → "126.06 trillion yuan"). A rounding
#: that keeps at least this many significant digits (an error under 0.05 %) is the same
#: value; a coarser one (1244万 → "12.4 million") is reported, as a rounding.
_MIN_ROUNDED_DIGITS = 4


def _rounded_digits(value: float, target: Quantity) -> int:
    """Significant digits of *target* when it is *value* rounded to the digits it is
    written with and carries a scale word (thousand, million...), else 0."""
    written = _WRITTEN_NUMBER.search(target.text)
    if written is None or not isinstance(target.value, float):
        return 0
    shown = float(written.group().replace(",", ""))
    if shown <= 0 or target.value / shown < 1000:  # no thousand/million/billion/trillion
        return 0
    step = 10.0 ** -len(written.group(1) or "") * (target.value / shown)
    if abs(value - target.value) > step / 2 * (1 + 1e-9):
        return 0
    return len(written.group().replace(",", "").replace(".", "").lstrip("0"))


def _similar(source: Quantity, target: Quantity) -> float | None:
    """How far *target* is from *source* (smaller is closer), or None if unrelated."""
    # Only kind "date" holds a dt.date (see _matches for the ignores).
    if source.kind == "day" and target.kind == "date":
        return abs(target.value.day - float(source.value)) / 31  # type: ignore[union-attr, arg-type]
    if (source.kind == "date") != (target.kind == "date"):
        return None
    if source.kind == "date":
        return abs((target.value - source.value).days) / 366  # type: ignore[operator, union-attr]
    if (source.kind == "percent") != (target.kind == "percent"):
        return None
    if source.kind == "month" or target.kind == "month":
        return None
    a, b = float(source.value), float(target.value)  # type: ignore[arg-type]
    if a <= 0 or b <= 0:
        return None
    distance = abs(math.log(a / b))
    # A factor of ten (a slipped 万/million conversion) still counts as "changed".
    return distance if distance < math.log(10.5) else None


def compare(
    source_text: str,
    target_text: str,
    source_lang: str,
    target_lang: str,
    *,
    context_year: int | None = None,
    source_quantities: Iterable[Quantity] | None = None,
) -> list[Discrepancy]:
    """Source quantities that the translation lacks or changed.

    Every number and date of the source must occur in the translation with the same
    value (a translation quantity may answer several source quantities; extra
    translation quantities are fine). Values are compared, not strings: 1244万 matches
    "12.44 million", 6月25日 matches "June 25, 2021", 百年 matches "centenary".

    Example:
        >>> compare("2021年6月25日，第五届论坛", "On June 25, 2021, the fifth forum",
        ...         "zh-Hans", "en")
        []
        >>> [d.message for d in compare("增长百分之三点五", "up 3.4 percent", "zh", "en")]
        ['source has 百分之三点五 (3.5%); translation has 3.4 percent (3.4%)']
    """
    sources = (
        list(source_quantities)
        if source_quantities is not None
        else extract(source_text, source_lang, context_year=context_year)
    )
    if not sources:
        return []
    targets = extract(target_text, target_lang, context_year=context_year)
    used: set[int] = set()
    unmatched: list[Quantity] = []
    for quantity in sources:
        hits = [i for i, t in enumerate(targets) if _matches(quantity, t)]
        if hits:
            used.update(hits)
        else:
            unmatched.append(quantity)
    problems = []
    for quantity in unmatched:
        candidates = [
            (distance, i)
            for i, t in enumerate(targets)
            if i not in used and t.firm and (distance := _similar(quantity, t)) is not None
        ]
        closest = targets[min(candidates)[1]] if candidates else None
        problems.append(Discrepancy(quantity, closest))
    return problems

"""Language-neutral anchors: numbers, dates and Latin-script tokens.

Numbers survive translation in every register, but change form: 1244万 becomes
"12.44 million", 二十五 becomes "25" or "twenty-five", 70周年 becomes "70th
anniversary", 百分之五十 becomes "50 percent". Both sides are reduced to keys such as
``#12440000`` so that the aligner can match them. Months become ``@m5`` (五月 ↔ May).

The value 1 is dropped on purpose: 一 is part of countless Chinese words (一样, 一直,
一下) and "one"/"a" is everywhere in English, so it would anchor nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = [
    "EN_NUMBER_WORDS",
    "en_anchors",
    "en_anchors_unchecked",
    "format_number",
    "parse_zh_numeral",
    "zh_anchors",
]

# fmt: off
_ZH_DIGITS = {
    "〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4,
    "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
# fmt: on
_ZH_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_ZH_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_ZH_NUMERAL_CHARS = "".join([*_ZH_DIGITS, *_ZH_SMALL_UNITS, *_ZH_BIG_UNITS])

# An Arabic number (with thousands separators or decimals) optionally followed by a
# Chinese multiplier (1244万, 3.5亿), or a run of Chinese numerals.
_ZH_NUMBER_RE = re.compile(
    rf"(?P<arabic>\d+(?:[,，]\d{{3}})*(?:\.\d+)?)\s*(?P<mult>[万萬亿億千百]*)"
    rf"|(?P<han>[{_ZH_NUMERAL_CHARS}]+)"
)
_ZH_MONTH_RE = re.compile(rf"([0-9]{{1,2}}|[{_ZH_NUMERAL_CHARS}]{{1,3}})月")
# Units on their own are words more often than numbers (千万 "by all means", 万 "all").
_ZH_NON_NUMBERS = frozenset({"万", "萬", "千", "百", "亿", "千万", "万万", "千千万万"})
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")


def format_number(value: float) -> str:
    """Canonical key of a numeric value (``12440000.0`` → ``'#12440000'``).

    Example:
        >>> format_number(12.44e6), format_number(0.5)
        ('#12440000', '#0.5')
    """
    if abs(value - round(value)) < 1e-9:
        return f"#{round(value)}"
    return f"#{value:.6g}"


def parse_zh_numeral(text: str) -> int | None:
    """Value of a Chinese numeral string, or None if it is not a well-formed number.

    Handles positional forms (二十五, 三百零六, 一千二百万, 十), digit-by-digit forms
    (一九九〇) and 两.

    Example:
        >>> [parse_zh_numeral(s) for s in ("二十五", "一千二百四十四万", "一九九〇")]
        [25, 12440000, 1990]
    """
    if not text:
        return None
    if all(c in _ZH_DIGITS for c in text):
        if len(text) == 1:
            return _ZH_DIGITS[text]
        # Digit-by-digit (years, phone numbers) is only read when written with 〇-九.
        return int("".join(str(_ZH_DIGITS[c]) for c in text))
    total = 0  # completed groups above 万/亿
    section = 0  # current group below the next big unit
    digit: int | None = None
    for char in text:
        if char in _ZH_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row inside a positional numeral
            digit = _ZH_DIGITS[char]
        elif char in _ZH_SMALL_UNITS:
            unit = _ZH_SMALL_UNITS[char]
            section += (1 if digit is None else digit) * unit
            digit = None
        else:
            unit = _ZH_BIG_UNITS[char]
            section += digit or 0
            if section == 0:
                section = 1 if total == 0 else 0
                if section == 0:
                    return None
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section = 0
            digit = None
    return total + section + (digit or 0)


def _mult(chars: str) -> float:
    value = 1.0
    for char in chars:
        value *= {**_ZH_SMALL_UNITS, **_ZH_BIG_UNITS}.get(char, 1)
    return value


def zh_anchors(text: str) -> Iterator[str]:
    """Yield the anchor keys of Chinese *text*: numbers, months and Latin tokens.

    Example:
        >>> sorted(set(zh_anchors("2023年5月，访客达1244万人次，增长百分之二十五，NIA庆祝70周年")))
        ['#12440000', '#2023', '#25', '#5', '#70', '@m5', 'nia']
    """
    for match in _ZH_NUMBER_RE.finditer(text):
        if match.group("arabic"):
            number = float(match.group("arabic").replace(",", "").replace("，", ""))
            value = number * _mult(match.group("mult"))
        else:
            han = match.group("han")
            if han in _ZH_NON_NUMBERS or all(c in "〇零○" for c in han):
                continue
            if len(han) == 2 and all(c in _ZH_DIGITS for c in han):
                # 三四个 "three or four": two digits side by side are a range.
                values = [float(_ZH_DIGITS[c]) for c in han]
            else:
                parsed = parse_zh_numeral(han)
                if parsed is None:
                    continue
                values = [float(parsed)]
            for value in values:
                if value != 1:
                    yield format_number(value)
            continue
        if value != 1:
            yield format_number(value)
    for match in _ZH_MONTH_RE.finditer(text) if "月" in text else ():  # (a quick test first)
        token = match.group(1)
        month = int(token) if token.isdigit() else parse_zh_numeral(token)
        if month is not None and 1 <= month <= 12:
            yield f"@m{month}"
    for match in _LATIN_RE.finditer(text):
        yield match.group().lower()


# fmt: off
_EN_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "one": 1, "a": 1,
}
# fmt: on
# fmt: off
_EN_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000,
}
# fmt: on
_EN_SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_EN_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_EN_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*|\d+(?:,\d{3})*(?:\.\d+)?")


def _en_word_number(words: list[str]) -> Iterator[float]:
    """Values of the number phrases in a list of lowercase words."""
    total = current = 0.0
    seen = False
    for word in [*words, ""]:
        if word in _EN_UNITS and not (word == "a" and not seen):
            if seen and current % 10 == 0 and 0 < _EN_UNITS[word] < 10 <= current % 100:
                current += _EN_UNITS[word]  # "twenty five"
            elif seen and current and _EN_UNITS[word] and current % 100 >= 1:
                yield total + current  # "two three" -> two numbers
                total, current = 0.0, float(_EN_UNITS[word])
            else:
                current += _EN_UNITS[word]
            seen = True
        elif word == "a":
            current, seen = 1.0, True  # "a hundred", "a million"
        elif word in _EN_SCALES and seen:
            scale = _EN_SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0.0
        elif word in _EN_ORDINALS:
            yield total + current + _EN_ORDINALS[word]
            total, current, seen = 0.0, 0.0, False
        elif word == "and" and seen:
            continue
        else:
            if seen and (total or current):
                yield total + current
            total, current, seen = 0.0, 0.0, False


#: Words that can make :func:`en_anchors` yield a key (numbers, ordinals, months).
EN_NUMBER_WORDS = frozenset({*_EN_UNITS, *_EN_ORDINALS, *_EN_SCALES, *_EN_MONTHS} - {"a", "one"})
_EN_LOWER_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def en_anchors(text: str) -> Iterator[str]:
    """Yield the anchor keys of English *text*: numbers (digits or words) and months.

    Example:
        >>> text = "In May 2023 visits reached 12.44 million, up twenty-five percent on the 70th"
        >>> sorted(set(en_anchors(text)))
        ['#12440000', '#2023', '#25', '#70', '@m5']
    """
    if _DIGIT.search(text) is None and EN_NUMBER_WORDS.isdisjoint(
        _EN_LOWER_WORD.findall(text.lower())
    ):
        return  # most sentences hold no number: skip the tokenising below
    yield from en_anchors_unchecked(text)


def en_anchors_unchecked(text: str) -> Iterator[str]:
    """:func:`en_anchors` without its quick test for text that holds no number.

    For callers that already know the text has a digit or a number word (the aligner
    learns it from its own word pass, see ``transmgmt.align._en_features``).
    """
    words: list[str] = []
    for token in _EN_TOKEN_RE.findall(text):
        lower = token.lower()
        if token[0].isdigit():
            yield from _flush(words)
            words.append(f"#{float(lower.replace(',', ''))!r}")
            continue
        for part in lower.split("-"):
            words.append(part)
    yield from _flush(words)
    for token in re.findall(r"[A-Za-z]+\.?(?=\s+\d)|\b[A-Za-z]+\b", text):
        month = _EN_MONTHS.get(token.lower().rstrip("."))
        # "may" and "march" are verbs too: count them only when capitalised.
        if month and token[0].isupper() and (len(token.rstrip(".")) > 3 or token == "May"):
            yield f"@m{month}"


def _flush(words: list[str]) -> Iterator[str]:
    """Turn the buffered words and digit tokens into number keys, then clear them."""
    buffer: list[str] = []
    for word in [*words, ""]:
        if word.startswith("#"):
            yield from _values(buffer)
            buffer = [word]
        else:
            buffer.append(word)
    yield from _values(buffer)
    words.clear()


def _values(buffer: list[str]) -> Iterator[str]:
    if not buffer:
        return
    if buffer[0].startswith("#"):
        value = float(buffer[0][1:])
        rest = buffer[1:]
        if rest and rest[0] in ("st", "nd", "rd", "th"):
            rest = rest[1:]
        if rest and rest[0] in _EN_SCALES:
            value *= _EN_SCALES[rest[0]]
            rest = rest[1:]
        if value != 1:
            yield format_number(value)
        buffer = rest
    for value in _en_word_number(buffer):
        if value != 1:
            yield format_number(value)

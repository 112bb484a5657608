
"""Find calendar dates written out in English or Chinese running text.

Month names come from babel's CLDR data rather than a hand-typed list, so the
English forms are exactly the ones ``babel.dates.format_date`` produces ("June",
"Jun") plus the longer abbreviations newsrooms use ("Sept.", "Dec.").
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from babel import Locale, UnknownLocaleError

__all__ = ["find_date_spans", "find_dates"]

_MAX_YEAR = 9999
# Spaces inside a date: Chinese dates never break across lines; English ones may wrap
# once, but never across a blank line, so a date never joins two paragraphs.
_H = r"[^\S\n]*"
_WS = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"
_YEAR = r"(?P<year>(?:1[0-9]|2[0-9])[0-9]{2})"

# ISO 8601 and its slash/dot cousins, with the same separator twice.
_NUMERIC_RE = re.compile(
    r"(?<![0-9])(?P<year>(?:1[0-9]|2[0-9])[0-9]{2})(?P<sep>[-/.])(?P<month>[0-9]{1,2})"
    r"(?P=sep)(?P<day>[0-9]{1,2})(?![0-9])"
)

_ZH_DIGIT = "0-9〇零○Ｏ一二三四五六七八九十"
# 2021年6月25日 / 二〇二一年六月二十五日, and 6月25日 without a year (year from context).
_ZH_RE = re.compile(
    rf"(?:(?P<year>[0-9]{{4}}|[〇零○Ｏ一二三四五六七八九]{{4}}){_H}年{_H})?"
    rf"(?<![{_ZH_DIGIT}])(?P<month>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}}){_H}月{_H}"
    rf"(?P<day>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}}){_H}[日号號]"
)
_ZH_NUMERALS = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip

# Four-digit years standing alone, to date a "June 25" or "6月25日" without one.
_LONE_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_ZH_LONE_YEAR_RE = re.compile(rf"([0-9]{{4}}|[〇零○Ｏ一二三四五六七八九]{{4}}){_H}年")

# Full-width digits ０-９ → ASCII, one character for one so match offsets stay valid.
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class _Found(NamedTuple):
    start: int
    year: int | None
    month: int
    day: int
    end: int = 0


def find_dates(text: str, lang: str, *, context_year: int | None = None) -> list[datetime.date]:
    """Return the calendar dates written in *text*, in text order.

    Recognised forms: "June 25, 2021", "25 June 2021", "Dec. 12, 2020", "Sept 3, 2020"
    (month names for *lang* from babel/CLDR; English names are always understood),
    "2021-06-25" (also with ``/`` or ``.``), "2021年6月25日", "二〇二一年六月二十五日".
    A date without a year ("June 25", "6月25日") takes *context_year*, else the year
    of the nearest full date or four-digit year elsewhere in *text*; with neither it is
    skipped.  Impossible dates (February 30) are skipped.

    Args:
        text: Running text.
        lang: BCP 47 tag of *text*; Chinese forms are read for ``zh*``, month names
            for every other language.
        context_year: Year for dates written without one.

    Example:
        >>> find_dates("Met on June 25, 2021 and on Dec. 12, 2020.", "en")
        [datetime.date(2021, 6, 25), datetime.date(2020, 12, 12)]
        >>> find_dates("6月25日，国家移民管理局……", "zh-Hans", context_year=2021)
        [datetime.date(2021, 6, 25)]
    """
    return _find_dates(text, lang, context_year=context_year)


def _find_dates(
    text: str, lang: str, *, context_year: int | None = None, fallback_year: int | None = None
) -> list[datetime.date]:
    """Like :func:`find_dates`; *fallback_year* is used when *text* names no year."""
    return [
        date
        for _start, _end, date in _date_spans(
            text, lang, context_year=context_year, fallback_year=fallback_year
        )
    ]


def find_date_spans(
    text: str, lang: str, *, context_year: int | None = None
) -> list[tuple[int, int, datetime.date]]:
    """Like :func:`find_dates`, with the ``(start, end)`` offsets of each date in *text*.

    Example:
        >>> find_date_spans("于6月25日会见", "zh-Hans", context_year=2021)
        [(1, 6, datetime.date(2021, 6, 25))]
    """
    return _date_spans(text, lang, context_year=context_year)


def _date_spans(
    text: str, lang: str, *, context_year: int | None = None, fallback_year: int | None = None
) -> list[tuple[int, int, datetime.date]]:
    text = text.translate(_FULLWIDTH_DIGITS)
    chinese = _is_chinese(lang)
    found = _matches(text, lang)
    years_in_text = _years_in_text(text, chinese, found)
    dates: list[tuple[int, int, datetime.date]] = []
    for item in found:
        year = item.year
        if year is None:
            year = context_year or _nearest_year(years_in_text, item.start) or fallback_year
        date = _date(year, item)
        if date is not None:
            dates.append((item.start, item.end, date))
    return dates


def first_date(
    paragraphs: Sequence[str], lang: str, *, fallback_year: int | None = None
) -> datetime.date | None:
    """The first date of ``find_dates("\\n\\n".join(paragraphs), lang)``, found lazily.

    Only the paragraphs up to the first date are searched for dates (a long page
    usually dates its event in the first sentence); the rest is only scanned, with a
    cheap pattern, for a year to give a date written without one.  *fallback_year*
    dates it when no year is written anywhere.
    """
    chinese = _is_chinese(lang)
    texts = [p.translate(_FULLWIDTH_DIGITS) for p in paragraphs]
    years: list[list[tuple[int, int]] | None] = [None] * len(texts)

    def years_of(index: int) -> list[tuple[int, int]]:
        # Years of one paragraph, computed once and only when a date lacks its year.
        cached = years[index]
        if cached is None:
            text = texts[index]
            cached = years[index] = _years_in_text(text, chinese, _matches(text, lang))
        return cached

    for index, text in enumerate(texts):
        for item in _matches(text, lang):
            year = item.year
            if year is None:
                year = _year_around(years_of, len(texts), index, item.start) or fallback_year
            date = _date(year, item)
            if date is not None:
                return date
    return None


def _year_around(
    years_of: Callable[[int], list[tuple[int, int]]], count: int, index: int, offset: int
) -> int | None:
    """The year :func:`_find_dates` would give a date at *offset* of paragraph *index*.

    That is the last year before it (in this paragraph, then in earlier ones), else
    the first year after it (in this paragraph, then in later ones).
    """
    here = _nearest_before(years_of(index), offset)
    if here is not None:
        return here
    for earlier in range(index - 1, -1, -1):
        if years_of(earlier):
            return years_of(earlier)[-1][1]
    for later in range(index, count):
        if years_of(later):
            return years_of(later)[0][1]
    return None


def _date(year: int | None, item: _Found) -> datetime.date | None:
    if year is None:
        return None
    try:
        return datetime.date(year, item.month, item.day)
    except ValueError:
        return None  # February 30, month 13: a typo or not a date at all


def _is_chinese(lang: str) -> bool:
    return lang.split("-", 1)[0].lower() == "zh"


def _matches(text: str, lang: str) -> list[_Found]:
    """Every date-shaped match in *text* (full-width digits already folded), in text order."""
    found: list[_Found] = []
    # One flag per character: dates are short, so checking and marking a span is
    # cheap, and a page with thousands of dates stays linear.
    taken = bytearray(len(text))

    def add(match: re.Match[str], year: int | None, month: int, day: int) -> None:
        start, end = match.span()
        # Forms overlap ("2021-06-25" inside a longer string, "June 25" inside
        # "June 25, 2021"); the first, most specific pattern keeps the span.
        if any(taken[start:end]):
            return
        taken[start:end] = b"\x01" * (end - start)
        found.append(_Found(start, year, month, day, end))

    for match in _NUMERIC_RE.finditer(text):
        add(match, int(match["year"]), int(match["month"]), int(match["day"]))

    if _is_chinese(lang):
        for match in _ZH_RE.finditer(text):
            year = _zh_number(match["year"], positional=True) if match["year"] else None
            add(match, year, _zh_number(match["month"]), _zh_number(match["day"]))
    elif _may_name_a_month(text, lang):
        months = _month_pattern(lang)
        for pattern in _named_month_patterns(months):
            for match in pattern.finditer(text):
                year = int(match["year"]) if match.groupdict().get("year") else None
                # Without a year, only a capitalised name is a month: "you may 5" is not.
                if year is None and not match["month"][0].isupper():
                    continue
                month = _month_number(lang, match["month"])
                if month is not None:
                    add(match, year, month, int(match["day"]))
    found.sort()
    return found


def _years_in_text(text: str, chinese: bool, found: list[_Found]) -> list[tuple[int, int]]:
    """(offset, year) of every year named in *text*: in full dates and on their own."""
    years = [(f.start, f.year) for f in found if f.year is not None]
    pattern = _ZH_LONE_YEAR_RE if chinese else _LONE_YEAR_RE
    years.extend(
        (match.start(), _zh_number(match.group(1), positional=True))
        for match in pattern.finditer(text)
    )
    return sorted(years)


def _nearest_year(years: list[tuple[int, int]], offset: int) -> int | None:
    """The last year named before *offset*, else the first one after it."""
    before = _nearest_before(years, offset)
    if before is not None:
        return before
    return years[0][1] if years else None


def _nearest_before(years: list[tuple[int, int]], offset: int) -> int | None:
    index = bisect.bisect_right(years, (offset, _MAX_YEAR))
    return years[index - 1][1] if index else None


def _zh_number(digits: str, *, positional: bool = False) -> int:
    """Read "25", "二十五", "十" or (positional, for years) "二〇二一"."""
    if digits.isascii():
        return int(digits)
    if positional or "十" not in digits:
        return int("".join(str(_ZH_NUMERALS[c]) for c in digits))
    tens, _, units = digits.partition("十")
    return (_ZH_NUMERALS[tens] if tens else 1) * 10 + (_ZH_NUMERALS[units] if units else 0)


@lru_cache(maxsize=32)
def _month_names(lang: str) -> dict[str, int]:
    """Lower-cased month names and abbreviations → month number, from CLDR.

    Every prefix of at least three letters of a wide name counts as well, which
    adds the newsroom abbreviations CLDR does not list ("Sept").  English names
    are always included because English dates turn up on pages of any language.
    """
    names: dict[str, int] = {}
    locales = [Locale("en")]
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        locale = None
    if locale is not None and locale.language != "en":
        locales.append(locale)
    for loc in locales:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in loc.months[context][width].items():
                    names[name.lower().rstrip(".")] = number
            for number, name in loc.months[context]["wide"].items():
                for cut in range(3, len(name)):
                    names.setdefault(name[:cut].lower(), number)
    return names


def _month_number(lang: str, name: str) -> int | None:
    return _month_names(lang).get(name.lower().rstrip("."))


@lru_cache(maxsize=32)
def _month_stems(lang: str) -> tuple[str, ...] | None:
    """The first three letters of every month name, when all names are ASCII (else None)."""
    names = _month_names(lang)
    if not all(name.isascii() for name in names):
        return None
    return tuple(sorted({name[:3] for name in names}))


def _may_name_a_month(text: str, lang: str) -> bool:
    """False only when no named-month date can be in *text*.

    A date is only kept when its month, lower-cased, is one of the names; for ASCII
    names that puts the name's first three letters in the lower-cased text. A dozen
    substring tests are ~50 times cheaper than the four date patterns, and most
    sentences name no month.
    """
    stems = _month_stems(lang)
    if stems is None:
        return True
    lowered = text.lower()
    return any(stem in lowered for stem in stems)


@lru_cache(maxsize=32)
def _month_pattern(lang: str) -> str:
    names = sorted(_month_names(lang), key=len, reverse=True)  # longest first: "June" before "Jun"
    return "|".join(re.escape(n) for n in names)


@lru_cache(maxsize=32)
def _named_month_patterns(months: str) -> tuple[re.Pattern[str], ...]:
    # A month name ends at a full stop ("Dec.") or a word boundary ("Mayor" is no month).
    month = rf"(?P<month>(?:{months}))(?:\.|\b)"
    day = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
    # Where a pattern starts with the month, a look-ahead for the names' first letters
    # changes no match but spares trying some 50 names at every word (3x faster).
    initials = sorted({name[:1] for name in months.split("|")})
    first = (f"(?=[{''.join(initials)}])"
             if all(c.isascii() and c.isalpha() for c in initials) else "")
    return (
        # June 25, 2021 / Dec. 12 2020
        re.compile(rf"\b{first}{month}{_WS}{day},?{_WS}{_YEAR}(?![0-9])", re.IGNORECASE),
        # 25 June 2021 / 25th of June, 2021
        re.compile(rf"\b{day}{_WS}(?:of{_WS})?{month},?{_WS}{_YEAR}(?![0-9])", re.IGNORECASE),
        # June 25 (year from context); "May 2021" has no day and does not match.
        re.compile(rf"\b{first}{month}{_WS}{day}\b", re.IGNORECASE),
        # 25 June (year from context)
        re.compile(rf"\b{day}{_WS}(?:of{_WS})?{month}", re.IGNORECASE),
    )

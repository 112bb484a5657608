"""Language tags (BCP 47) and script detection for Chinese and English text.

Language tags are checked in two steps: the tag must have the BCP 47 shape
(``language[-Script][-REGION][-variant…]``), and babel must know its language
subtag (and accept the language/script/region combination), so ``zh-Hans``,
``zh-Hant-TW`` and ``en-GB`` pass while ``zh_CN``, ``xx`` and ``und`` do not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from transmgmt.errors import ModelError

__all__ = [
    "detect_chinese_script",
    "guess_language",
    "han_characters",
    "han_ratio",
    "is_chinese",
    "is_english",
    "language_name",
    "normalize_lang_tag",
    "primary_subtag",
    "script_evidence",
    "validate_lang_tag",
]

# BCP 47 shape without extensions: language (2-3 letters), optional script (4 letters),
# optional region (2 letters or 3 digits), optional variants, optional private use.
_BCP47_RE = re.compile(
    r"^(?P<language>[A-Za-z]{2,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-x(?:-[A-Za-z0-9]{1,8})+)?$"
)

# Tags that are syntactically valid but say nothing about the text's language.
_NON_LANGUAGES = frozenset({"und", "mul", "zxx", "mis"})


def normalize_lang_tag(tag: str) -> str:
    """Return *tag* in the canonical BCP 47 case (``zh-hans-cn`` → ``zh-Hans-CN``).

    Example:
        >>> normalize_lang_tag("zh-hans-cn")
        'zh-Hans-CN'
    """
    parts = tag.split("-")
    out = [parts[0].lower()]
    private = False
    for part in parts[1:]:
        if private or part.lower() == "x":
            private = True
            out.append(part.lower())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


@lru_cache(maxsize=256)
def validate_lang_tag(tag: str) -> str:
    """Check that *tag* is a BCP 47 tag babel knows, and return it in canonical case.

    Raises:
        ModelError: If the tag is malformed (``zh_CN``) or names no known language.

    Example:
        >>> validate_lang_tag("zh-Hans")
        'zh-Hans'
    """
    if not isinstance(tag, str) or not _BCP47_RE.match(tag):
        msg = f"language tag must be BCP 47 such as 'zh-Hans' or 'en', got {tag!r}"
        raise ModelError(msg)
    canonical = normalize_lang_tag(tag)
    match = _BCP47_RE.match(canonical)
    assert match is not None  # same shape after case folding
    language = match["language"]
    if language in _NON_LANGUAGES:
        msg = f"language tag must name a language, got {tag!r}"
        raise ModelError(msg)
    try:
        Locale.parse(language)
        parts = [language, match["script"], match["region"]]
        # Babel rejects combinations it has no data for only when the language is
        # unknown; a known language with an unusual region is still a valid tag.
        Locale.parse("-".join(p for p in parts if p), sep="-")
    except (UnknownLocaleError, ValueError) as exc:
        msg = f"language tag {tag!r} names a language babel does not know ({exc})"
        raise ModelError(msg) from None
    return canonical


def primary_subtag(tag: str) -> str:
    """Return the language subtag of *tag* (``zh-Hans-CN`` → ``zh``).

    Example:
        >>> primary_subtag("zh-Hant-TW")
        'zh'
    """
    return tag.split("-", 1)[0].lower()


def is_chinese(tag: str) -> bool:
    """True when *tag* is a Chinese tag (``zh``, ``zh-Hans``, ``zh-Hant-HK``...)."""
    return primary_subtag(tag) == "zh"


def is_english(tag: str) -> bool:
    """True when *tag* is an English tag (``en``, ``en-GB``...)."""
    return primary_subtag(tag) == "en"


@lru_cache(maxsize=64)
def language_name(tag: str, in_language: str = "en") -> str:
    """Return the display name of *tag* in *in_language*, from babel's CLDR data.

    Example:
        >>> language_name("zh-Hans")
        'Chinese (Simplified)'
    """
    match = _BCP47_RE.match(tag)
    parts = [tag] if match is None else [match["language"], match["script"], match["region"]]
    locale = Locale.parse("-".join(p for p in parts if p), sep="-")
    display_locale = Locale.parse(in_language.split("-", maxsplit=1)[0])
    return locale.get_display_name(display_locale) or tag


_HAN_RE = re.compile(
    "[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U000323af\U0002f800-\U0002fa1f]"
)
# Letters in any script: word characters that are not digits or the underscore.
_LETTER_RE = re.compile(r"[^\W\d_]")


def han_ratio(text: str) -> float:
    """Share of Han characters among the letters and ideographs of *text* (0.0-1.0).

    Counted with two compiled regular expressions rather than a per-character loop:
    this runs on every page ingested and every paragraph checked.

    Example:
        >>> han_ratio("NIA 国家移民管理局")
        0.7
    """
    letters = len(_LETTER_RE.findall(text))
    return len(_HAN_RE.findall(text)) / letters if letters else 0.0


def script_evidence(text: str) -> tuple[int, int]:
    """Count the simplified-only and traditional-only Han characters of *text*.

    Characters encodable in GB2312 but not Big5 are (almost all) simplified forms, and
    the reverse are traditional forms, so the two legacy character sets act as a
    dictionary without shipping one. Characters common to both count for neither.

    Example:
        >>> script_evidence("国家移民管理局"), script_evidence("國家移民管理局")
        ((1, 0), (0, 1))
    """
    simplified = traditional = 0
    for char in _HAN_RE.findall(text):
        in_gb = _encodable(char, "gb2312")
        in_big5 = _encodable(char, "big5")
        if in_gb and not in_big5:
            simplified += 1
        elif in_big5 and not in_gb:
            traditional += 1
    return simplified, traditional


def detect_chinese_script(text: str) -> str:
    """Return ``"Hans"`` or ``"Hant"`` for Chinese *text* (``"Hans"`` when undecidable).

    Example:
        >>> detect_chinese_script("国家移民管理局"), detect_chinese_script("國家移民管理局")
        ('Hans', 'Hant')
    """
    simplified, traditional = script_evidence(text)
    return "Hant" if traditional > simplified else "Hans"


def han_characters(text: str) -> str:
    """The Han characters of *text*, in order (all CJK ideograph blocks, incl. above U+FFFF).

    Example:
        >>> han_characters("NIA 国家移民管理局 (2021)")
        '国家移民管理局'
    """
    return "".join(_HAN_RE.findall(text))


@lru_cache(maxsize=65536)
def _encodable(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def guess_language(text: str) -> str:
    """Guess the BCP 47 tag of *text*: ``zh-Hans``, ``zh-Hant`` or ``en``.

    Text whose letters are at least 30 % Han is Chinese (an English page quotes the
    odd Chinese name; a Chinese page quotes acronyms and Latin names).

    Example:
        >>> guess_language("国家移民管理局副局长会见"), guess_language("The NIA met")
        ('zh-Hans', 'en')
    """
    if han_ratio(text) >= 0.3:
        return f"zh-{detect_chinese_script(text)}"
    return "en"

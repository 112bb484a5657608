
"""Turn the raw bytes of a scraped page into text.

The pages transmgmt reads come from Chinese government and news sites, so the
encodings that matter are UTF-8 (with or without a BOM), UTF-16 with a BOM, the GB
family (GB2312/GBK, read as their superset GB18030) and Big5.  GBK bytes often
decode without error as Big5 and the reverse, so a successful strict decode is not
enough: each candidate text is scored by how "ordinary" its characters are, and the
most ordinary one wins (see :func:`_plausibility`).
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from transmgmt.errors import EncodingError, IngestError

__all__ = ["decode_bytes"]

_EMPTY = "empty input"

# Declared charset names (lower case) → the codec transmgmt decodes them with.  GB2312
# and GBK are subsets of GB18030, so decoding with the superset never loses a page that
# a sloppy server labelled "gb2312" but wrote in GBK.
_GB = "gb18030"
_BIG5 = "big5"
# Python's strict "big5" lacks the vendor additions Taiwanese pages use (cp950: the euro
# sign, a few hanzi; big5hkscs: Hong Kong characters), so those are tried when it fails.
_BIG5_EXTENSIONS = ("cp950", "big5hkscs")
_LEGACY_CODECS = (_GB, _BIG5, *_BIG5_EXTENSIONS)
_DECLARED_ALIASES: dict[str, str] = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "gb2312": _GB,
    "gbk": _GB,
    "gb18030": _GB,
    "x-gbk": _GB,
    "cp936": _GB,
    "euc-cn": _GB,
    "hz-gb-2312": _GB,
    "big5": _BIG5,
    "big-5": _BIG5,
    "x-big5": _BIG5,
    "cp950": "cp950",
    "x-windows-950": "cp950",
    "big5-hkscs": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "windows-1252": "cp1252",
    "iso-8859-1": "cp1252",  # browsers read latin-1 labels as windows-1252 too
    "latin1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}

# Looked for in the first bytes only, like a browser's prescan: <meta charset=...>,
# <meta http-equiv="Content-Type" content="text/html; charset=...">, <?xml encoding=...?>.
_PRESCAN_BYTES = 4096
_DECLARED_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""",
    re.IGNORECASE,
)

# Controls that never occur in text.  Tab, newline, vertical tab, form feed and carriage
# return do; so does ESC in some old terminal dumps, but not in web pages.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# The three private-use areas; a wrong legacy decode lands in the first one.
_PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")

# A run of characters from the Latin-1/cp1252 repertoire that could be the bytes of
# UTF-8 multi-byte sequences read with the wrong codec ("å›½å®¶" is 国家).
_MOJIBAKE_RUN_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+"
)


def decode_bytes(data: bytes, *, name: str | None = None) -> tuple[str, str]:
    """Decode the raw bytes of a page and return ``(text, encoding)``.

    Byte order marks win; then UTF-8 (a strict UTF-8 decode of non-UTF-8 bytes is
    practically impossible, so a page that decodes as UTF-8 *is* UTF-8 whatever its
    ``<meta charset>`` claims); then GB18030 and Big5, scored by how ordinary the
    decoded characters are.  A consistent ``<meta charset>``/XML declaration breaks
    near-ties.  The BOM is not part of the returned text.

    Args:
        data: The raw bytes.
        name: File name or label, used in error messages.

    Raises:
        IngestError: If the input is empty or only whitespace.
        EncodingError: If the bytes are binary, decode in no supported encoding, or are
            UTF-8 text that was already mis-decoded once (mojibake such as "å›½å®¶").

    Example:
        >>> decode_bytes("国家移民管理局".encode("gbk"))
        ('国家移民管理局', 'gb18030')
        >>> decode_bytes(b"\\xef\\xbb\\xbfNIA")
        ('NIA', 'utf-8-sig')
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        msg = f"expected bytes, got {type(data).__name__}"
        raise IngestError(msg, source=name)
    data = bytes(data)
    if not data.strip():
        raise IngestError(_EMPTY, source=name)

    text, encoding = _decode(data, name)
    if not text.strip():
        raise IngestError(_EMPTY, source=name)
    _check_not_binary(text, encoding, name)
    _check_not_mojibake(text, name)
    return text, encoding


def _decode(data: bytes, name: str | None) -> tuple[str, str]:
    # UTF-32 BOMs start with the UTF-16 LE BOM, so test them first.
    for bom, codec, label in (
        (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError as exc:
                msg = (
                    f"starts with a {label} byte order mark but is not valid {label} "
                    f"({exc.reason} at byte {exc.start})"
                )
                raise EncodingError(msg, source=name) from None

    if b"\x00" in data:
        # Without a BOM, NUL bytes mean binary data or BOM-less UTF-16, which no web
        # page is published in; refusing is clearer than guessing the byte order.
        msg = "binary data: contains NUL bytes (or UTF-16 without a byte order mark)"
        raise EncodingError(msg, source=name)

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # A page cut off in the middle of its last character (a truncated download)
            # is still UTF-8; only that partial character is lost.
            try:
                return data[: exc.start].decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
        utf8_error = f"{exc.reason} at byte {exc.start}"

    declared = _declared_encoding(data)
    candidates: list[tuple[float, int, str, str]] = []
    for order, codec in enumerate(_LEGACY_CODECS):
        if codec in _BIG5_EXTENSIONS and any(c[2] == _BIG5 for c in candidates):
            continue  # plain Big5 worked; its vendor supersets would only repeat it
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), -order, codec, text))
    if candidates:
        candidates.sort(reverse=True)
        best_score, _, codec, text = candidates[0]
        if declared is not None and declared != codec:
            for score, _, other, other_text in candidates:
                # Honour the declaration when its decode is about as plausible as the
                # best one: a short page cannot tell GBK from Big5 by statistics alone.
                if other == declared and score >= best_score - 0.05:
                    return other_text, other
        if best_score < 0.5:
            msg = (
                f"bytes decode as {codec} but the text does not look like Chinese "
                "(rare or private-use characters); the encoding is probably something else"
            )
            raise EncodingError(msg, source=name)
        return text, codec

    if declared == "cp1252":
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    said = f" (the page declares {declared})" if declared else ""
    msg = f"not valid UTF-8 ({utf8_error}), GB18030 or Big5{said}"
    raise EncodingError(msg, source=name)


def _declared_encoding(data: bytes) -> str | None:
    """Return the codec named by ``<meta charset>`` / ``<?xml encoding?>``, if known."""
    match = _DECLARED_RE.search(data[:_PRESCAN_BYTES])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "replace").lower()
    return _DECLARED_ALIASES.get(label)


def _plausibility(text: str) -> float:
    """Share of the non-ASCII characters of *text* that ordinary Chinese text uses.

    Ordinary means: a Han character in the first (most common) level of GB2312 or of
    Big5, CJK or general punctuation, or a full-width form.  A misdecode lands in the
    second levels, in kana/Cyrillic/box-drawing rows or in private use, so a correct
    decode scores near 1.0 and a GBK/Big5 mix-up near 0.5 or below.
    """
    ordinary = total = 0
    for char in text:
        if char < "\x80":
            continue
        total += 1
        if _is_ordinary(char):
            ordinary += 1
    return ordinary / total if total else 1.0


@lru_cache(maxsize=65536)
def _is_ordinary(char: str) -> bool:
    code = ord(char)
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2000 <= code <= 0x206F:
        return True
    if 0x00A0 <= code <= 0x00FF:  # NBSP, ·, × and friends appear in real pages
        return True
    # Letterlike symbols, number forms (Ⅱ), arrows, maths, enclosed numbers (①),
    # geometric shapes (●■) and dingbats: list bullets and units of real pages.  Box
    # drawing (U+2500-U+259F) is left out: it is where a Big5 misdecode as GBK lands.
    if 0x2100 <= code <= 0x24FF or 0x25A0 <= code <= 0x27BF:
        return True
    try:
        gb = char.encode("gb2312")
    except UnicodeEncodeError:
        gb = b""
    if len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7:  # GB2312 level 1: the 3,755 common hanzi
        return True
    try:
        big5 = char.encode("big5")
    except UnicodeEncodeError:
        big5 = b""
    # Big5 level 1: the 5,401 common characters, A440-C67E.
    return len(big5) == 2 and 0xA440 <= (big5[0] << 8 | big5[1]) <= 0xC67E


def _check_not_binary(text: str, encoding: str, name: str | None) -> None:
    controls = len(_CONTROL_RE.findall(text))
    # One stray control character in a long page is noise worth dropping later; more
    # than one in a thousand characters is a binary file that happened to decode.
    if controls and controls > len(text) / 1000:
        msg = f"binary data: {controls} control characters after decoding as {encoding}"
        raise EncodingError(msg, source=name)
    private = len(_PRIVATE_USE_RE.findall(text))
    if private > max(2, len(text) / 100):
        msg = f"decoding as {encoding} gives {private} private-use characters; wrong encoding?"
        raise EncodingError(msg, source=name)


def _check_not_mojibake(text: str, name: str | None) -> None:
    """Reject UTF-8 text that was decoded as cp1252/Latin-1 and saved again."""
    repaired_runs = 0
    sample = ""
    for match in _MOJIBAKE_RUN_RE.finditer(text):
        fixed = _undo_cp1252(match.group())
        if fixed is None or fixed.isascii():
            continue
        repaired_runs += 1
        if not sample:
            sample = f"{match.group()!r} would read {fixed!r}"
        # A single accented pair such as "Ã©" could be real (if odd) Latin text; a run
        # that becomes a CJK character or several runs cannot be.
        if repaired_runs >= 2 or any(ord(c) >= 0x0800 for c in fixed):
            msg = (
                "mojibake: the text is UTF-8 that was decoded as Latin-1/cp1252 and saved "
                f"again ({sample}); fetch the page again and save the original bytes"
            )
            raise EncodingError(msg, source=name)


def _undo_cp1252(run: str) -> str | None:
    raw = bytearray()
    for char in run:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None
            raw.append(ord(char))  # the five bytes cp1252 leaves undefined pass as Latin-1
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None

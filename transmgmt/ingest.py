
"""Read scraped pages (plain text or HTML, any common Chinese encoding) into :class:`ScrapedPage`.

A scraped page is a title, body paragraphs and, on an English reference
translation, a notice such as "The English version is only for reference. To learn
more, please refer to the authoritative Chinese version."  Around them sits page
furniture (share widgets, print/close links, editor and source lines, breadcrumbs)
that is not part of the text and is dropped here.

Every failure is an :class:`~transmgmt.errors.IngestError` (or its subclass
:class:`~transmgmt.errors.EncodingError`) with a one-line ``reason``.

Example:
    >>> page = read_page(
    ...     "Title\\n\\nShare on wechat\\n\\nBody on June 25, 2021.\\n\\n"
    ...     "Notice: The English version is only for reference.".encode()
    ... )
    >>> page.title, page.paragraphs, page.event_date, page.notice_lang
    ('Title', ('Body on June 25, 2021.',), datetime.date(2021, 6, 25), 'en')
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from pathlib import Path

import attrs

from transmgmt._dates import find_dates, first_date
from transmgmt._encoding import decode_bytes
from transmgmt._html import looks_like_html, parse_html
from transmgmt.errors import IngestError, ModelError, TransmgmtError
from transmgmt.lang import detect_chinese_script, guess_language, validate_lang_tag

__all__ = [
    "MAX_PAGE_BYTES",
    "ScrapedPage",
    "decode_bytes",
    "find_dates",
    "is_furniture",
    "is_notice",
    "normalize_space",
    "read_page",
    "read_page_file",
]

#: :func:`read_page_file` refuses files larger than this many bytes (20 MiB): a news
#: page is a few hundred KiB, so anything bigger is a wrong file, not a long article.
MAX_PAGE_BYTES = 20 * 1024 * 1024


@attrs.frozen
class ScrapedPage:
    """One scraped page: its text, its notice, and what its metadata says.

    .. versionadded:: 0.1
    """

    #: BCP 47 tag of the text: ``en``, ``zh-Hans`` or ``zh-Hant`` (detected unless given).
    lang: str
    #: The page title.
    title: str
    #: Body paragraphs, whitespace-normalised, without furniture and without the notice.
    paragraphs: tuple[str, ...]
    #: The disclaimer/notice as published (whitespace-normalised), or ``None``.
    notice: str | None
    #: Language of the notice (``en``, ``zh-Hans``...), or ``None`` without a notice.
    notice_lang: str | None
    #: Language the notice names as authoritative, or ``None`` when it names none
    #: ("for reference only").  Plain "Chinese"/中文 gives ``zh-Hans``, or ``zh-Hant``
    #: when the page itself is in traditional script; "Traditional Chinese"/繁體中文
    #: gives ``zh-Hant``; a Chinese notice on a non-Chinese page gives its own script.
    authoritative_lang: str | None
    #: First explicit date in the body paragraphs.
    event_date: datetime.date | None
    #: Publication date from HTML metadata, ``None`` for plain text.
    published: datetime.date | None
    #: URL given by the caller, else ``<link rel=canonical>`` / ``og:url``.
    url: str | None
    #: Publisher from ``og:site_name`` / ``<meta name=publisher>`` / JSON-LD.
    publisher: str | None
    #: Codec the bytes were decoded with (``utf-8``, ``utf-8-sig``, ``gb18030``, ``big5``...).
    encoding: str
    #: ``sha256:<hex>`` of the raw input bytes, to recognise a re-import.
    raw_digest: str
    #: File name or label given by the caller.
    source_name: str | None


# --------------------------------------------------------------------------- whitespace

_CJK = "\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U000323af"
# A source line break between two CJK characters is an artefact of how the HTML or text
# was wrapped, not a word space; Chinese has no spaces between words.
_CJK_WRAP_RE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]*[\r\n]+[ \t\u00a0\u3000]*(?=[{_CJK}])")
# Every Unicode space (NBSP, en/em spaces, the ideographic space U+3000, line separators)
# and stray control characters collapse to one ASCII space.
_SPACE_RE = re.compile(r"[\s\x00-\x1f\x7f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_INVISIBLE = str.maketrans("", "", "\u200b\u200e\u200f\ufeff\u00ad")


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (NBSP, U+2002, U+3000, tabs...) to one space and strip.

    Zero-width spaces, soft hyphens and stray BOMs are removed; a line break between
    two CJK characters is removed rather than turned into a space.  Punctuation,
    including curly quotes and full-width forms, is kept as it is.

    Example:
        >>> normalize_space("\\u3000\\u3000国家移民\\n管理局  met\\u00a0the\\u2002IOM ")
        '国家移民管理局 met the IOM'
    """
    text = text.translate(_INVISIBLE)
    text = _CJK_WRAP_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip()


# ----------------------------------------------------------------------------- furniture

_SHARE_TARGETS = (
    r"wechat|weixin|weibo|sina\s+weibo|qzone|qq|facebook|twitter|x|linkedin|e-?mail|whatsapp|"
    r"douban|telegram|reddit|微信|微博|新浪微博|朋友圈|qq空间|豆瓣"
)
# Whole-line patterns, tried case-insensitively against the normalised line.  Each is
# anchored at both ends, so a body sentence that merely mentions WeChat or printing
# never matches.
_FURNITURE_PATTERNS = (
    # "Share", "Share on wechat", "Share to: WeChat Weibo", "分享到：微信 微博"
    rf"(?:share|share\s+(?:on|to|with|via|this(?:\s+page|\s+article)?)|分享到?|分享至)"
    rf"\s*[:：]?(?:[\s|/·,、]*(?:{_SHARE_TARGETS}))*",
    # 'Use wechat to "scan" to share the web page with your wechat friends.'
    r"use\s+(?:wechat|weixin)\s+to\s+\S{0,3}scan\S{0,3}\s+to\s+share\b.{0,80}",
    r"scan\s+(?:the\s+)?(?:qr\s+)?code\b.{0,80}",
    r"(?:用)?(?:微信|手机)?扫(?:一扫|描二维码|码).{0,30}",
    r"(?:用)?(?:微信|手機)?掃(?:一掃|描二維碼|碼).{0,30}",
    # Editor/source/date/click-count lines of Chinese CMS templates; short, no full stop.
    r"(?:责任编辑|責任編輯|编辑|編輯|来源|來源|稿源|信息来源|作者|记者|記者|摄影|攝影|"
    r"发布时间|發布時間|發佈時間|发布日期|發布日期|發佈日期|发文日期|成文日期|时间|時間|日期|"
    r"浏览次数|瀏覽次數|点击数|點擊數|阅读次数|閱讀次數|访问量|字号|字體|字体|字級)\s*[:：][^。]{0,80}",
    r"(?:source|editor|editors|author|updated|published|release\s+date|date|font\s*size|"
    r"views|clicks|hits|by)\s*[:：][^.]{0,80}\.?",
    # Breadcrumbs.
    r"(?:home|homepage|首页|首頁|主页)\s*(?:>|»|›|＞|>>|/|→).{0,200}",
    r"(?:当前位置|當前位置|您的位置|你的位置|您现在的位置|您當前的位置|位置|current\s+location|"
    r"you\s+are\s+here|location)\s*[:：].{0,200}",
    # Previous/next article links, related-news headings, copyright lines.
    r"(?:上一篇|下一篇|上一条|下一条|上一頁|下一頁|previous|next|prev)\s*[:：].{0,120}",
    r"(?:related\s+(?:news|articles|links|stories|content)|相关(?:新闻|链接|阅读|文章|稿件)|"
    r"相關(?:新聞|連結|閱讀))\s*[:：]?",
    r"(?:copyright|版权所有|版權所有|©).{0,160}",
    # A "Notice:" label on a line of its own, above the notice text.
    r"(?:notice|note|disclaimer|声明|聲明|免责声明|免責聲明|说明|說明)\s*[:：]?",
)
# Lines made only of these tokens and separators are toolbars: "【打印】【关闭】",
# "Print | Close", "字号：大 中 小", "Top".  They are matched by a greedy scanner, not
# a regex: tokens overlap ("返回顶部" is "返回" + "顶部"), and a regex alternation
# repeated over a long line backtracks exponentially before it fails.
_FURNITURE_TOKENS = tuple(
    sorted(
        {
            "打印本页", "打印此页", "打印", "关闭窗口", "关闭本页", "關閉視窗", "关闭", "關閉",
            "返回顶部", "回到顶部", "返回頂部", "顶部", "頂部", "返回首页", "返回", "收藏本页",
            "收藏", "加入收藏", "纠错", "我要纠错", "字号", "字體", "字体", "大", "中", "小",
            "默认", "預設", "列印", "列印本頁", "打印本頁", "關閉本頁", "回到頂部", "返回頂端",
            "回頂端", "收藏本頁", "字級",
            "back to top", "to top", "top", "print this page", "print page", "print",
            "close window", "close", "back", "bookmark", "email", "e-mail", "font size",
            "font", "a+", "a-", "a", "large", "medium", "small", "share",
        },
        key=len,
        reverse=True,  # longest first, so "打印本页" is not read as "打印" + "本页"
    )
)  # fmt: skip
_TOKEN_SEPARATORS = frozenset(" |｜/·•-–—:：【】[]()（）<>《》«»,，、")
# One alternation, so a line costs one regex call rather than one per pattern.
_FURNITURE_RE = re.compile("|".join(f"(?:{p})" for p in _FURNITURE_PATTERNS), re.IGNORECASE)
# Every character a toolbar line can contain; anything else rules the scanner out early.
_TOOLBAR_CHARS = frozenset("".join(_FURNITURE_TOKENS)) | _TOKEN_SEPARATORS
_MAX_FURNITURE_CHARS = 240
_MAX_TOOLBAR_CHARS = 120


def is_furniture(text: str) -> bool:
    """True when the line *text* is page furniture (share widgets, toolbars, editor lines).

    Only whole lines match, so body sentences that mention WeChat or printing are kept.

    Example:
        >>> is_furniture("Share on wechat"), is_furniture("【打印】 【关闭】")
        (True, True)
        >>> is_furniture("He posted the article on WeChat.")
        False
    """
    return _furniture_line(normalize_space(text))


def _furniture_line(line: str) -> bool:
    """:func:`is_furniture` for a line that is already whitespace-normalised."""
    if not line or len(line) > _MAX_FURNITURE_CHARS:
        return False
    if len(line) <= _MAX_TOOLBAR_CHARS and _is_toolbar(line):
        return True
    return _FURNITURE_RE.fullmatch(line) is not None


def _is_toolbar(line: str) -> bool:
    """True when *line* is made only of toolbar tokens (Print, Close, 打印, 大 中 小...)."""
    line = line.lower()
    if not _TOOLBAR_CHARS.issuperset(line):
        return False
    i, tokens = 0, 0
    while i < len(line):
        if line[i] in _TOKEN_SEPARATORS:
            i += 1
            continue
        for token in _FURNITURE_TOKENS:
            end = i + len(token)
            # An ASCII token must end at a word boundary: "a" is a font button, "about" is not.
            if line.startswith(token, i) and not (
                token[-1].isalnum()
                and end < len(line)
                and line[end].isascii()
                and line[end].isalnum()
            ):
                i, tokens = end, tokens + 1
                break
        else:
            return False
    return tokens > 0


# -------------------------------------------------------------------------------- notice

_CHINESE_NAMES = r"(?:(?:simplified|traditional)\s+)?chinese"
_EN_NOTICE_RES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # "The English version is only for reference", "English translation is for
        # reference only", "This English text is provided for reference purposes only".
        r"\benglish\s+(?:language\s+)?(?:version|translation|text|edition|page|website|site)s?\b"
        r".{0,60}?\b(?:for\s+(?:your\s+)?reference|reference\s+only|only\s+for\s+reference|"
        r"for\s+information(?:al)?\s+(?:purposes\s+)?only)",
        r"\btranslations?\b.{0,40}?\b(?:for\s+(?:your\s+)?reference|reference\s+only)",
        # "the Chinese version shall prevail", "...the Chinese version is authoritative".
        rf"\b{_CHINESE_NAMES}\s+(?:language\s+)?(?:version|text|original|edition)s?\b.{{0,40}}?"
        r"\b(?:shall\s+prevail|prevails|shall\s+govern|governs|(?:is|shall\s+be)\s+(?:the\s+)?"
        r"authoritative|take[s]?\s+precedence|is\s+binding)",
        rf"\bauthoritative\s+{_CHINESE_NAMES}\s+(?:version|text|original|edition)",
        r"\bin\s+(?:the\s+)?(?:case|event)\s+of\s+(?:any\s+)?(?:discrepanc|inconsistenc|conflict|"
        r"difference|ambiguit|divergence).{0,80}?\b(?:version|text|translation|original)",
    )
)
_ZH_NOTICE_RES = (
    # 英文版仅供参考 / 英文译文仅供参考 / 本英文版本仅供参考 / 英文僅供參考
    re.compile(r"英文[^。，,；;]{0,8}(?:仅|僅|只)供(?:参|參)考"),
    # 以中文版为准 / 如有歧义以中文版为准 / 以中文版本為準
    re.compile(
        r"(?:以|按)?(?:简体|簡體|繁体|繁體)?中文(?:版|版本|文本|原文|稿)?(?:为|為)(?:准|準)"
    ),
    re.compile(r"译文[^。，,]{0,8}(?:仅|僅)供(?:参|參)考|譯文[^。，,]{0,8}僅供參考"),
)
_NOTICE_RES = _EN_NOTICE_RES + _ZH_NOTICE_RES
# Every Chinese form names 英文, 中文 or 译文/譯文: without a 文 none can match, and
# the test spares three scans of every English paragraph.
_ZH_NOTICE_CHAR = "文"
# A notice is a sentence or two; a long paragraph that happens to discuss translation
# policy is body text.
_MAX_NOTICE_CHARS = 400

_EN_AUTHORITATIVE_RE = re.compile(
    rf"\b(?P<authoritative>authoritative\s+(?P<a>{_CHINESE_NAMES}|english))\b"
    rf"|\b(?P<b>{_CHINESE_NAMES}|english)\s+(?:language\s+)?(?:version|text|original|edition)s?"
    # Within one clause: "English version is for reference; the Chinese version is
    # authoritative" names Chinese, not English.
    r"\b[^;.。；]{0,40}?\b(?:shall\s+prevail|prevails|shall\s+govern|governs|(?:is|shall\s+be)\s+"
    r"(?:the\s+)?authoritative|take[s]?\s+precedence|is\s+binding)",
    re.IGNORECASE,
)
_ZH_AUTHORITATIVE_RE = re.compile(
    r"(?P<script>简体|簡體|繁体|繁體)?(?P<lang>中文|英文)(?:版|版本|文本|原文|稿)?(?:为|為)(?:准|準)"
)


def is_notice(text: str) -> bool:
    """True when *text* is the translation disclaimer rather than body text.

    English forms ("Notice: The English version is only for reference...", "In case
    of any discrepancy, the Chinese version shall prevail") and Chinese forms
    (英文版仅供参考, 以中文版为准, 如有歧义以中文版为准) are recognised.

    Example:
        >>> is_notice("Notice: The English version is only for reference.")
        True
        >>> is_notice("如有歧义，以中文版为准。"), is_notice("The Chinese side will continue.")
        (True, False)
    """
    return _notice_line(normalize_space(text))


def _notice_line(line: str) -> bool:
    """:func:`is_notice` for a line that is already whitespace-normalised."""
    if not line or len(line) > _MAX_NOTICE_CHARS:
        return False
    patterns = _NOTICE_RES if _ZH_NOTICE_CHAR in line else _EN_NOTICE_RES
    return any(p.search(line) for p in patterns)


# A labelled notice run into the end of the last paragraph: "...cooperation. Notice: The
# English version is only for reference."  Only a labelled one is split off, because
# without the label the boundary between body and notice is guesswork.
_TRAILING_NOTICE_RE = re.compile(
    r"(?P<body>.*?[.!?。！？”\"'’)）])\s*"
    r"(?P<notice>(?:notice|note|disclaimer|声明|聲明|免责声明|免責聲明|注|註)\s*[:：].*)",
    re.IGNORECASE,
)


def _split_trailing_notice(paragraph: str) -> tuple[str, str | None]:
    """Split a labelled notice off the end of *paragraph*: ``(body, notice or None)``."""
    match = _TRAILING_NOTICE_RE.fullmatch(paragraph)
    if match is None or not _notice_line(match["notice"]):
        return paragraph, None
    body = match["body"].strip()
    if _notice_line(body) or _furniture_line(body):
        return paragraph, None  # a two-part notice ("...for reference. Note: ..."), not body
    return body, match["notice"]


def _authoritative_lang(notice: str, page_lang: str) -> str | None:
    """The language a notice names as authoritative.

    A notice naming "Chinese" without a script gives ``zh-Hant`` on a page in
    traditional script and, on any other page, ``zh-Hans``: an English page cannot
    say which script its original uses, and the sites transmgmt reads publish their
    originals in simplified script.  A Chinese notice (以中文版為準) on a page that is
    not Chinese gives the script of the notice itself.  "Traditional Chinese"/繁體中文
    and "Simplified Chinese"/简体中文 give that script.  A notice that only calls the
    translation "for reference" names no language and gives ``None``.
    """
    zh = _ZH_AUTHORITATIVE_RE.search(notice)
    if zh is not None:
        if zh["lang"] == "英文":
            return "en"
        script = zh["script"]
        if script:
            return "zh-Hant" if script in {"繁体", "繁體"} else "zh-Hans"
        if page_lang.startswith("zh-Hant"):
            return "zh-Hant"
        return f"zh-{detect_chinese_script(notice)}"
    en = _EN_AUTHORITATIVE_RE.search(notice)
    if en is not None:
        named = (en["a"] or en["b"]).lower()
        if named == "english":
            return "en"
        if named.startswith("traditional") or (
            not named.startswith("simplified") and page_lang.startswith("zh-Hant")
        ):
            return "zh-Hant"
        return "zh-Hans"
    return None


# ------------------------------------------------------------------------------ reading


def read_page(
    data: bytes,
    *,
    name: str | None = None,
    lang: str | None = None,
    url: str | None = None,
) -> ScrapedPage:
    """Read one scraped page (plain text or HTML bytes) into a :class:`ScrapedPage`.

    Plain text: the first line that is not furniture is the title; each further
    line is a paragraph (blank lines are separators; a line continuing in lower case
    joins the one before, for hard-wrapped English).  HTML (recognised by content):
    the title is the ``<h1>`` (else ``og:title``, else ``<title>``), the paragraphs
    are the block elements of the main content; metadata fills ``published``,
    ``url`` and ``publisher``.

    Args:
        data: The raw bytes.
        name: File name or label, kept as ``source_name`` and used in errors.
        lang: BCP 47 tag of the page; detected from the text when omitted.
        url: The page's URL; wins over ``<link rel=canonical>``/``og:url``.

    Raises:
        IngestError: Empty input, no body text after removing furniture, a bad
            *lang*; :class:`~transmgmt.errors.EncodingError` for undecodable bytes,
            binary data and mojibake.

    Example:
        >>> page = read_page("国家移民管理局\\n\\n2021年6月25日，许甘露会见。\\n".encode("gbk"))
        >>> page.lang, page.encoding, page.event_date
        ('zh-Hans', 'gb18030', datetime.date(2021, 6, 25))

    .. versionadded:: 0.1
    """
    try:
        return _read_page(data, name=name, lang=lang, url=url)
    except TransmgmtError:
        raise
    except Exception as exc:  # the contract is "only IngestError escapes"
        # Anything else is a transmgmt bug; keep the cause chained for the bug report
        # but give the caller the one error type it was promised.
        msg = f"unexpected {type(exc).__name__} while reading the page: {exc}"
        raise IngestError(msg, source=name) from exc


def read_page_file(path: str | os.PathLike[str]) -> ScrapedPage:
    """Read the page stored at *path*; ``source_name`` is the file name.

    Raises:
        IngestError: If the file is missing, unreadable, larger than
            :data:`MAX_PAGE_BYTES` (checked before reading it), or not a page.

    Example:
        >>> read_page_file("seeds/000_b36e647bb89e86f8.txt").event_date
        datetime.date(2021, 6, 25)
    """
    file = Path(path)
    name = file.name
    try:
        size = file.stat().st_size
        if size > MAX_PAGE_BYTES:
            msg = f"file is {size} bytes, more than the {MAX_PAGE_BYTES}-byte limit for a page"
            raise IngestError(msg, source=name)
        with file.open("rb") as handle:
            # Read one byte past the limit: stat() can be wrong for pipes and files
            # that grow while we read.
            data = handle.read(MAX_PAGE_BYTES + 1)
    except OSError as exc:
        msg = f"cannot read file: {exc.strerror or exc}"
        raise IngestError(msg, source=name) from None
    if len(data) > MAX_PAGE_BYTES:
        msg = f"file is more than the {MAX_PAGE_BYTES}-byte limit for a page"
        raise IngestError(msg, source=name)
    return read_page(data, name=name)


def _read_page(data: bytes, *, name: str | None, lang: str | None, url: str | None) -> ScrapedPage:
    if lang is not None:
        try:
            lang = validate_lang_tag(lang)
        except ModelError as exc:
            raise IngestError(str(exc), source=name) from None
    text, encoding = decode_bytes(data, name=name)

    published: datetime.date | None = None
    publisher: str | None = None
    page_blocks: list[str] = []
    if looks_like_html(text):
        try:
            page = parse_html(text)
        except ValueError as exc:
            raise IngestError(str(exc), source=name) from None
        title = normalize_space(page.title)
        blocks = [normalize_space(block) for block in page.blocks]
        published = _metadata_date(page.published)
        url = url or (normalize_space(page.url) if page.url else None)
        publisher = normalize_space(page.publisher) if page.publisher else None
        page_blocks = page.page_blocks
    else:
        title, blocks = _plain_text_blocks(text)

    notice: str | None = None
    paragraphs: list[str] = []
    for block in blocks:
        if not block:
            continue
        body, trailing = _split_trailing_notice(block)
        if trailing is not None:
            notice = notice or trailing
            paragraphs.append(body)
        elif _notice_line(block):
            # Some sites print the notice twice (English and Chinese); the first is kept.
            notice = notice or block
        elif not _furniture_line(block):
            paragraphs.append(block)
    if notice is None:
        # The notice is found anywhere on the page, also outside the article: some
        # templates print it in the footer or in a box beside the text.
        notice = next((b for b in map(normalize_space, page_blocks) if _notice_line(b)), None)
    if not title or _furniture_line(title) or _notice_line(title):
        title = _title_from_paragraphs(paragraphs)
    elif paragraphs and paragraphs[0] == title:
        paragraphs.pop(0)  # <title> or og:title repeated as the first block
    if not paragraphs:
        msg = "no body text after removing page furniture and the notice"
        raise IngestError(msg, source=name)

    body = "\n\n".join(paragraphs)
    if lang is None:
        # The first few thousand characters decide the language as well as the whole
        # page would, and a 20 MB page would take seconds to count.
        lang = guess_language(f"{title}\n{body}"[:_LANGUAGE_SAMPLE_CHARS])
    event_date = first_date(paragraphs, lang, fallback_year=published.year if published else None)

    return ScrapedPage(
        lang=lang,
        title=title,
        paragraphs=tuple(paragraphs),
        notice=notice,
        notice_lang=guess_language(notice) if notice else None,
        authoritative_lang=_authoritative_lang(notice, lang) if notice else None,
        event_date=event_date,
        published=published,
        url=url,
        publisher=publisher,
        encoding=encoding,
        raw_digest=f"sha256:{hashlib.sha256(data).hexdigest()}",
        source_name=name,
    )


_LANGUAGE_SAMPLE_CHARS = 20_000

# A paragraph ending in one of these is finished; the next line starts a new one.
_SENTENCE_END = tuple(".!?。！？…:：;；\"'”’)）】」』")


def _plain_text_blocks(text: str) -> tuple[str, list[str]]:
    """Split plain text into the title and body lines (normalised, furniture still in)."""
    lines = [normalize_space(line) for line in text.splitlines()]
    title = ""
    blocks: list[str] = []
    previous_blank = True
    for line in lines:
        if not line:
            previous_blank = True
            continue
        if not title and not _furniture_line(line) and not _notice_line(line):
            title = line
            previous_blank = True  # the title line never continues into the body
            continue
        continues = (
            not previous_blank
            and blocks
            and line[0].islower()
            and not blocks[-1].endswith(_SENTENCE_END)
            and not _furniture_line(blocks[-1])
        )
        if continues:
            # Hard-wrapped English: a line that goes on in lower case after an
            # unfinished one belongs to the same paragraph.
            blocks[-1] = f"{blocks[-1]} {line}"
        else:
            blocks.append(line)
        previous_blank = False
    return title, blocks


def _title_from_paragraphs(paragraphs: list[str]) -> str:
    """Use a short first paragraph as the title when the page gave none."""
    if len(paragraphs) > 1 and len(paragraphs[0]) <= 200:
        return paragraphs.pop(0)
    return ""


def _metadata_date(value: str | None) -> datetime.date | None:
    """Read "2021-06-25T10:00:00+08:00", "2021-06-25 10:00", "20210625", "2021年6月25日"."""
    if not value:
        return None
    value = value.strip()
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:\d{4,6})?", value)
    if compact:
        try:
            return datetime.date(int(compact[1]), int(compact[2]), int(compact[3]))
        except ValueError:
            return None
    dates = find_dates(value, "zh" if "年" in value else "en")
    return dates[0] if dates else None

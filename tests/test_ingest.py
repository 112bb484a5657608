
"""Tests for transmgmt.ingest: reading scraped pages into ScrapedPage."""

from __future__ import annotations

import datetime
import doctest
import hashlib
import os
import time
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transmgmt._dates
import transmgmt._encoding
import transmgmt._html
from transmgmt import ingest
from transmgmt.errors import EncodingError, IngestError
from transmgmt.ingest import (
    ScrapedPage,
    is_furniture,
    is_notice,
    normalize_space,
    read_page,
    read_page_file,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data" / "ingest"
NOTICE = (
    "Notice: The English version is only for reference. To learn more, please refer to the "
    "authoritative Chinese version."
)
FURNITURE_LEFT = ("Share on wechat", "Use wechat to", "Notice:", "【打印】", "责任编辑", "扫一扫")

ZH_TITLE = "许甘露会见国际移民组织驻华代表处主任"
ZH_FIRST = "2021年6月25日，公安部副部长、国家移民管理局局长许甘露应约会见"


def _assert_expected(exc: IngestError) -> None:
    """The error is one read_page raises on purpose, not its safety net for bugs."""
    assert not exc.reason.startswith("unexpected"), exc.reason


def _assert_no_furniture(page: ScrapedPage) -> None:
    for paragraph in page.paragraphs:
        for marker in FURNITURE_LEFT:
            assert marker not in paragraph


class TestSeeds:
    def test_first_seed(self) -> None:
        """The first seed gives its title, three paragraphs, the notice and 2021-06-25."""
        page = read_page_file(SEEDS / "000_b36e647bb89e86f8.txt")
        assert page.title == "Xu Ganlu Meets with IOM Chief of Mission in China Giuseppe Crocetti"
        assert len(page.paragraphs) == 3
        assert page.paragraphs[0].startswith("Xu Ganlu, Vice Minister of Public Security")
        assert page.paragraphs[1].startswith("Xu Ganlu expressed appreciation")
        assert page.paragraphs[2].startswith("Giuseppe Crocetti extended warm congratulations")
        assert page.notice == NOTICE
        assert page.notice_lang == "en"
        assert page.authoritative_lang == "zh-Hans"
        assert page.event_date == datetime.date(2021, 6, 25)
        assert page.lang == "en"
        assert page.encoding == "utf-8"
        assert page.source_name == "000_b36e647bb89e86f8.txt"
        assert page.published is None
        assert page.url is None
        assert page.publisher is None
        _assert_no_furniture(page)

    def test_second_seed(self) -> None:
        """The second seed gives its title, four paragraphs, the notice and 2020-12-12."""
        page = read_page_file(SEEDS / "001_94d346b9cbc6fb15.txt")
        assert page.title == (
            "IOM China Chief of Mission Giuseppe Crocetti Praises China's Administration of "
            "Migration"
        )
        assert len(page.paragraphs) == 4
        assert page.paragraphs[0].startswith("The 5th International Migration Research Summit")
        assert page.paragraphs[3].startswith("In recent years, NIA has achieved")
        assert page.notice == NOTICE
        assert page.event_date == datetime.date(2020, 12, 12)
        _assert_no_furniture(page)

    def test_seed_whitespace_normalised(self) -> None:
        """En spaces (U+2002) and NBSP inside seed paragraphs become single spaces."""
        page = read_page_file(SEEDS / "000_b36e647bb89e86f8.txt")
        assert "(NIA), met with Giuseppe Crocetti" in page.paragraphs[0]
        assert "the 70th anniversary" in page.paragraphs[1]
        assert all("\u2002" not in p and "\u00a0" not in p for p in page.paragraphs)

    def test_seed_keeps_curly_quotes(self) -> None:
        """Curly apostrophes are kept as published."""
        page = read_page_file(SEEDS / "001_94d346b9cbc6fb15.txt")
        assert "China\u2019s National Immigration Administration" in page.paragraphs[1]

    def test_seed_body_mentioning_wechat_survives(self) -> None:
        """A body sentence about IOM's WeChat account is body text, not a share widget."""
        page = read_page_file(SEEDS / "001_94d346b9cbc6fb15.txt")
        assert "official WeChat public account of IOM" in page.paragraphs[3]

    def test_digest_recognises_reimport(self) -> None:
        """raw_digest is the SHA-256 of the bytes, so the same page gives the same digest."""
        data = (SEEDS / "000_b36e647bb89e86f8.txt").read_bytes()
        page = read_page(data, name="again")
        assert page.raw_digest == "sha256:" + hashlib.sha256(data).hexdigest()
        assert page.raw_digest == read_page_file(SEEDS / "000_b36e647bb89e86f8.txt").raw_digest

    def test_page_is_frozen(self) -> None:
        """ScrapedPage is immutable."""
        page = read_page_file(SEEDS / "000_b36e647bb89e86f8.txt")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            page.title = "x"  # type: ignore[misc]


class TestEncodings:
    @pytest.mark.parametrize(
        ("file", "encoding"),
        [
            ("zh_hans.txt", "utf-8"),
            ("zh_hans.utf8bom.txt", "utf-8-sig"),
            ("zh_hans.utf16.txt", "utf-16"),
            ("zh_hans.gbk.txt", "gb18030"),
        ],
    )
    def test_simplified_fixture(self, file: str, encoding: str) -> None:
        """The same simplified page reads identically in every encoding."""
        page = read_page_file(DATA / file)
        assert page.encoding == encoding
        assert page.lang == "zh-Hans"
        assert page.title == ZH_TITLE
        assert len(page.paragraphs) == 3
        assert page.paragraphs[0].startswith(ZH_FIRST)
        assert page.event_date == datetime.date(2021, 6, 25)
        assert page.notice is None
        assert page.authoritative_lang is None
        _assert_no_furniture(page)

    def test_big5_traditional(self) -> None:
        """A Big5 page is decoded as Big5 (not GBK) and tagged zh-Hant."""
        page = read_page_file(DATA / "zh_hant.big5.txt")
        assert page.encoding == "big5"
        assert page.lang == "zh-Hant"
        assert page.title == "國家移民管理局局長會見國際移民組織駐華代表"
        assert len(page.paragraphs) == 2
        assert page.event_date == datetime.date(2021, 6, 25)
        assert "【打印】" not in " ".join(page.paragraphs)

    def test_gb18030_four_byte_character(self) -> None:
        """GB18030 four-byte sequences decode to characters above U+FFFF."""
        page = read_page_file(DATA / "zh_extb.gb18030.txt")
        assert page.encoding == "gb18030"
        assert page.title.startswith("\U00020bb7")
        assert page.event_date == datetime.date(2022, 3, 8)  # 3月8日 + 2022年 in the text


class TestBadInput:
    @pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\ufeff".encode(), "\u3000 \n".encode()])
    def test_empty(self, data: bytes) -> None:
        """Empty or whitespace-only input is 'empty input'."""
        with pytest.raises(IngestError, match="empty input") as info:
            read_page(data, name="e.txt")
        assert info.value.reason == "empty input"
        assert info.value.source == "e.txt"

    def test_binary_nul(self) -> None:
        """NUL bytes mean binary data."""
        with pytest.raises(EncodingError, match="binary"):
            read_page(b"PK\x03\x04\x00\x00binary zip")

    def test_binary_controls(self) -> None:
        """Control characters that decode fine are still binary."""
        with pytest.raises(EncodingError, match="control characters"):
            read_page(b"\x01\x02\x03\x04\x05\x06 text")

    def test_undecodable(self) -> None:
        """Bytes valid in no supported encoding give an EncodingError naming them."""
        with pytest.raises(EncodingError, match=r"not valid UTF-8 .*GB18030 or Big5") as info:
            read_page(bytes(range(0x80, 0x100)), name="x.bin")
        assert "\n" not in str(info.value)

    def test_latin1_without_declaration(self) -> None:
        """A cp1252 page that says nothing about its encoding is refused, not guessed."""
        with pytest.raises(EncodingError):
            read_page("Title\n\nCaf\u00e9 au lait.".encode("cp1252"))

    def test_latin1_declared(self) -> None:
        """A cp1252 page that declares windows-1252 is read."""
        html = '<meta charset="windows-1252"><h1>Caf\u00e9</h1><p>Caf\u00e9 au lait.</p>'
        page = read_page(html.encode("cp1252"))
        assert (page.encoding, page.title) == ("cp1252", "Caf\u00e9")

    def test_mojibake(self) -> None:
        """UTF-8 read as cp1252 and saved again is reported as mojibake with the repair."""
        text = "国家移民管理局\n\n许甘露会见克罗切蒂。"
        data = text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
        with pytest.raises(EncodingError, match="mojibake") as info:
            read_page(data)
        assert "Latin-1/cp1252" in info.value.reason

    def test_accented_english_is_not_mojibake(self) -> None:
        """Real accented Latin text (Crocetti's 'café', 'Ça va') is not mojibake."""
        page = read_page("Title\n\nÇa va, said the café owner in Zürich.".encode())
        assert page.paragraphs == ("Ça va, said the café owner in Zürich.",)

    def test_no_body(self) -> None:
        """A page of title and furniture only has no body text."""
        data = f"Title\n\nShare on wechat\n\n【打印】【关闭】\n\n{NOTICE}".encode()
        with pytest.raises(IngestError, match="no body text"):
            read_page(data)

    def test_html_no_body(self) -> None:
        """An HTML page whose only text is furniture has no body text."""
        html = "<html><body><nav><p>Home</p></nav><footer><p>Copyright</p></footer></body></html>"
        with pytest.raises(IngestError, match="no body text"):
            read_page(html.encode())

    def test_too_large_file(self, tmp_path: Path) -> None:
        """A file over MAX_PAGE_BYTES is refused before it is read (a sparse file here)."""
        big = tmp_path / "big.html"
        with big.open("wb") as handle:
            handle.truncate(ingest.MAX_PAGE_BYTES + 1)
        with pytest.raises(IngestError, match="limit") as info:
            read_page_file(big)
        assert info.value.source == "big.html"

    def test_limit_is_a_module_constant(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The limit is read from ingest.MAX_PAGE_BYTES at call time."""
        monkeypatch.setattr(ingest, "MAX_PAGE_BYTES", 10)
        small = tmp_path / "p.txt"
        small.write_bytes(b"Title\n\nA body paragraph.")
        with pytest.raises(IngestError, match="10-byte limit"):
            read_page_file(small)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is an IngestError, not an OSError."""
        with pytest.raises(IngestError, match="cannot read file"):
            read_page_file(tmp_path / "nope.txt")

    def test_directory(self, tmp_path: Path) -> None:
        """A directory is an IngestError, not an OSError."""
        with pytest.raises(IngestError, match="cannot read file"):
            read_page_file(tmp_path)

    def test_bad_lang(self) -> None:
        """A malformed lang argument is an IngestError naming the tag."""
        with pytest.raises(IngestError, match="zh_CN"):
            read_page(b"Title\n\nBody.", lang="zh_CN")

    def test_not_bytes(self) -> None:
        """Passing str instead of bytes is an IngestError."""
        with pytest.raises(IngestError, match="expected bytes"):
            read_page("Title\n\nBody.")  # type: ignore[arg-type]


class TestHtml:
    def test_english_page(self) -> None:
        """Title from <h1>, body from the article's <p>, furniture and notice removed."""
        page = read_page_file(DATA / "en_page.html")
        assert page.title == "Xu Ganlu Meets IOM Chief of Mission"
        assert page.paragraphs == (
            "Xu Ganlu, Commissioner of the National Immigration Administration (NIA), met "
            "Giuseppe Crocetti, Chief of Mission in China of the IOM on June 25, 2021.",
            "Both sides agreed that the posts on the official WeChat account of IOM had helped "
            "migrants understand the new measures.",
            "Crocetti said the IOM China Office would work closely with NIA & its partners.",
            "He thanked China\u2019s \u201cstrong support\u201d for IOM.",
        )
        assert page.notice == NOTICE
        assert page.authoritative_lang == "zh-Hans"
        assert page.event_date == datetime.date(2021, 6, 25)

    def test_english_page_metadata(self) -> None:
        """published, url and publisher come from the meta tags."""
        page = read_page_file(DATA / "en_page.html")
        assert page.published == datetime.date(2021, 6, 28)
        assert page.url == "https://www.nia.gov.cn/n741440/n741577/c1455587/content.html"
        assert page.publisher == "National Immigration Administration"
        assert page.lang == "en"

    def test_caller_url_wins(self) -> None:
        """The url argument overrides <link rel=canonical>."""
        data = (DATA / "en_page.html").read_bytes()
        assert read_page(data, url="https://example.org/a").url == "https://example.org/a"

    def test_script_and_style_dropped(self) -> None:
        """Script and style text never reaches the paragraphs."""
        page = read_page_file(DATA / "en_page.html")
        joined = " ".join(page.paragraphs)
        assert "Do not read me" not in joined
        assert "color" not in joined
        assert "Related news" not in joined
        assert "Copyright" not in joined

    def test_chinese_utf8_page_same_as_gbk(self) -> None:
        """The UTF-8 copy of the Chinese page reads exactly like the GBK one."""
        utf8 = read_page_file(DATA / "zh_page.utf8.html")
        gbk = read_page_file(DATA / "zh_page.gbk.html")
        assert utf8.encoding == "utf-8"
        assert (utf8.title, utf8.paragraphs, utf8.published, utf8.publisher) == (
            gbk.title,
            gbk.paragraphs,
            gbk.published,
            gbk.publisher,
        )

    def test_traditional_big5_page(self) -> None:
        """A Big5 zh-Hant page: title from <h1>, traditional furniture (列印, 關閉) dropped."""
        page = read_page_file(DATA / "zh_hant_page.big5.html")
        assert (page.encoding, page.lang) == ("big5", "zh-Hant")
        assert page.title == "國家移民管理局局長會見國際移民組織駐華代表"
        assert page.publisher == "移民資訊網"
        assert page.published == datetime.date(2021, 6, 26)  # from 2021年6月26日
        assert page.event_date == datetime.date(2021, 6, 25)  # 6月25日 + published year
        assert len(page.paragraphs) == 2
        assert all("列印" not in p and "分享" not in p for p in page.paragraphs)

    def test_chinese_gbk_page(self) -> None:
        """A GB2312-declared page: title from <title> minus the site name, dates from context."""
        page = read_page_file(DATA / "zh_page.gbk.html")
        assert page.encoding == "gb18030"
        assert page.lang == "zh-Hans"
        assert page.title == ZH_TITLE
        assert page.publisher == "国家移民管理局"
        assert page.published == datetime.date(2021, 6, 26)
        assert len(page.paragraphs) == 3
        assert page.paragraphs[0].startswith("6月25日，公安部副部长")
        # The source line break inside the second paragraph is not a word space.
        assert (
            page.paragraphs[1]
            == "许甘露表示，国家移民管理局愿同国际移民组织一道，共同应对全球移民领域的挑战。"
        )
        # 6月25日 has no year: the year comes from the published date.
        assert page.event_date == datetime.date(2021, 6, 25)
        joined = " ".join(page.paragraphs)
        for furniture in ("当前位置", "发布时间", "打印", "版权所有", "首页"):
            assert furniture not in joined

    def test_entities_not_resolved(self) -> None:
        """Unknown and external entities stay literal; nothing is fetched."""
        html = (
            '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            "<html><body><h1>T</h1><p>Body &xxe; text.</p></body></html>"
        )
        page = read_page(html.encode())
        assert "root:" not in " ".join(page.paragraphs)
        assert page.title == "T"

    def test_br_separates_paragraphs(self) -> None:
        """<br> inside the content starts a new paragraph (Chinese CMS style)."""
        html = "<html><body><h1>标题</h1><div>　　第一段。<br/>　　第二段。</div></body></html>"
        assert read_page(html.encode()).paragraphs == ("第一段。", "第二段。")

    def test_title_fallback_to_title_tag(self) -> None:
        """Without <h1> the <title> is the title and is not repeated as a paragraph."""
        html = "<html><head><title>A title</title></head><body><p>Body text here.</p></body></html>"
        page = read_page(html.encode())
        assert (page.title, page.paragraphs) == ("A title", ("Body text here.",))

    def test_time_element_date(self) -> None:
        """<time datetime> fills published when no meta tag does."""
        html = (
            '<html><body><h1>T</h1><time datetime="2020-12-13">Dec 13</time>'
            "<p>Body.</p></body></html>"
        )
        assert read_page(html.encode()).published == datetime.date(2020, 12, 13)

    def test_json_ld_publisher(self) -> None:
        """A JSON-LD publisher name fills publisher."""
        html = (
            '<html><head><script type="application/ld+json">'
            '{"@type": "NewsArticle", "publisher": {"name": "NIA"}}</script></head>'
            "<body><h1>T</h1><p>Body.</p></body></html>"
        )
        assert read_page(html.encode()).publisher == "NIA"

    def test_div_paragraphs(self) -> None:
        """Paragraphs written as <div>s (no <p> at all) are found and kept apart."""
        html = (
            "<html><body><div class='menu-wrap'><div>Home</div><div>News</div></div>"
            "<div id='article'><h1>T</h1><div>First paragraph of the article text.</div>"
            "<div>Second paragraph of the article text.</div></div></body></html>"
        )
        assert read_page(html.encode()).paragraphs == (
            "First paragraph of the article text.",
            "Second paragraph of the article text.",
        )

    def test_page_wide_form_kept(self) -> None:
        """An ASP.NET page wrapped in one <form> keeps its article."""
        long = "This paragraph is long enough to be real article text inside the form."
        html = (
            "<html><body><form id='form1'><nav><p>Home</p></nav><h1>T</h1>"
            f"<div><p>{long}</p><p>{long}</p></div><form><input name='q'>Search</form>"
            "</form></body></html>"
        )
        assert read_page(html.encode()).paragraphs == (long, long)

    def test_notice_in_footer(self) -> None:
        """A notice printed in the page footer, outside the article, is still the notice."""
        html = (
            "<html><body><h1>T</h1><div class='text'><p>Body paragraph one.</p>"
            f"<p>Body paragraph two.</p></div><footer><p>{NOTICE}</p>"
            "<p>Copyright NIA</p></footer></body></html>"
        )
        page = read_page(html.encode())
        assert page.notice == NOTICE
        assert page.paragraphs == ("Body paragraph one.", "Body paragraph two.")

    def test_logo_h1_is_not_the_title(self) -> None:
        """An <h1> logo outside the article loses to the <title> that names the article."""
        html = (
            "<html><head><title>Real title_NIA</title><meta name='SiteName' content='NIA'>"
            "</head><body><div class='logo'><h1>NIA</h1></div>"
            "<div class='content'><p>First paragraph of the article.</p>"
            "<p>Second paragraph of the article.</p></div></body></html>"
        )
        page = read_page(html.encode())
        assert (page.title, page.publisher) == ("Real title", "NIA")
        assert page.paragraphs == (
            "First paragraph of the article.",
            "Second paragraph of the article.",
        )

    def test_article_with_furniture_like_class_kept(self) -> None:
        """A container whose class merely mentions 'print' but holds the article is kept."""
        long = "This paragraph is long enough to be real article text, not a widget."
        html = (
            f'<html><body><h1>T</h1><div class="print-area"><p>{long}</p><p>{long}</p></div>'
            "</body></html>"
        )
        assert read_page(html.encode()).paragraphs == (long, long)


class TestFurniture:
    @pytest.mark.parametrize(
        "line",
        [
            "Share on wechat",
            "Share on WeChat",
            'Use wechat to "scan" to share the web page with your wechat friends.',
            "Share to:",
            "Share to: WeChat Weibo",
            "Print",
            "Close",
            "Print | Close",
            "[Print] [Close]",
            "Top",
            "Back to top",
            "【打印】",
            "【关闭】",
            "【打印】 【关闭】",
            "【打印本页】 【关闭窗口】",
            "分享到：",
            "分享到：微信 微博",
            "扫一扫",
            "微信扫一扫",
            "扫一扫在手机打开当前页",
            "掃一掃在手機打開當前頁",
            "【列印】 【關閉】",
            "责任编辑：王明",
            "来源：国家移民管理局",
            "发布时间：2021-06-26 来源：国家移民管理局 字号：【大 中 小】",
            "字号：大 中 小",
            "当前位置：首页 > 新闻动态",
            "Home > News > Press Releases",
            "Source: NIA",
            "Copyright © National Immigration Administration. All rights reserved.",
        ],
    )
    def test_furniture(self, line: str) -> None:
        """Share widgets, toolbars, editor/source lines and breadcrumbs are furniture."""
        assert is_furniture(line)

    @pytest.mark.parametrize(
        "line",
        [
            "He posted the article on WeChat, where it was shared widely.",
            "Share on WeChat has become a habit of many officials, he said.",
            "The office will close on Friday.",
            "Print media reported the meeting.",
            "来源于群众的意见建议，国家移民管理局认真研究。",
            "中国",
            "Top officials from both sides attended.",
            "Xu Ganlu met Giuseppe Crocetti on June 25, 2021.",
        ],
    )
    def test_body_text(self, line: str) -> None:
        """Body sentences that mention WeChat, printing or closing are not furniture."""
        assert not is_furniture(line)

    @pytest.mark.parametrize(
        "line", ["返回顶部" * 50 + "x", "back to top " * 18 + "x", "Share on wechat " * 14 + "z"]
    )
    def test_long_near_miss_is_fast(self, line: str) -> None:
        """Long lines that almost match a toolbar are rejected without backtracking blow-up."""
        started = time.perf_counter()
        assert not is_furniture(line)
        assert time.perf_counter() - started < 0.1

    def test_wechat_sentence_survives_read_page(self) -> None:
        """A body paragraph that mentions WeChat is kept by read_page."""
        body = "IOM posted the piece on its official WeChat account."
        page = read_page(f"Title\n\nShare on wechat\n\n{body}".encode())
        assert page.paragraphs == (body,)


class TestNotice:
    @pytest.mark.parametrize(
        ("text", "authoritative", "lang"),
        [
            (NOTICE, "zh-Hans", "en"),
            ("The English translation is for reference only.", None, "en"),
            ("In case of any discrepancy, the Chinese version shall prevail.", "zh-Hans", "en"),
            (
                "This English version is for reference; the Chinese version is authoritative.",
                "zh-Hans",
                "en",
            ),
            (
                "In case of discrepancy, the Traditional Chinese text shall prevail.",
                "zh-Hant",
                "en",
            ),
            ("英文版仅供参考。", None, "zh-Hans"),
            ("以中文版为准。", "zh-Hans", "zh-Hans"),
            ("如有歧义，以中文版为准。", "zh-Hans", "zh-Hans"),
            ("英文译文仅供参考，如有歧义以中文版为准。", "zh-Hans", "zh-Hans"),
            ("本英文版本仅供参考。", None, "zh-Hans"),
            ("英文版僅供參考，如有歧義，以中文版為準。", "zh-Hant", "zh-Hant"),
        ],
    )
    def test_notice_forms(self, text: str, authoritative: str | None, lang: str) -> None:
        """Each English and Chinese notice form is the notice, with its authoritative language."""
        assert is_notice(text)
        page = read_page(f"Title\n\nBody text.\n\n{text}".encode())
        assert page.notice == text
        assert page.authoritative_lang == authoritative
        assert page.notice_lang == lang
        assert page.paragraphs == ("Body text.",)

    @pytest.mark.parametrize(
        "text",
        [
            "The Chinese side will continue supporting the work of IOM.",
            "He said the English version of the report would be published next week.",
            "国家移民管理局将继续支持国际移民组织的工作。",
            "Crocetti praised NIA; " * 40 + "the Chinese version shall prevail.",
        ],
    )
    def test_not_notice(self, text: str) -> None:
        """Body text, and long paragraphs that contain notice words, are not the notice."""
        assert not is_notice(text)

    def test_english_notice_on_traditional_page(self) -> None:
        """An English notice naming plain 'Chinese' on a zh-Hant page names zh-Hant."""
        data = f"國家移民管理局\n\n許甘露會見國際移民組織代表。\n\n{NOTICE}".encode()
        page = read_page(data)
        assert (page.lang, page.authoritative_lang) == ("zh-Hant", "zh-Hant")

    def test_notice_label_on_its_own_line(self) -> None:
        """A 'Notice:' label above the notice text is not left behind as body text."""
        text = "The English version is only for reference."
        page = read_page(f"Title\n\nBody text.\n\nNotice:\n\n{text}".encode())
        assert (page.paragraphs, page.notice) == (("Body text.",), text)

    def test_notice_run_into_last_paragraph(self) -> None:
        """A labelled notice at the end of the last paragraph is split off as the notice."""
        data = f"Title\n\nFirst.\n\nThey will cooperate closely. {NOTICE}".encode()
        page = read_page(data)
        assert page.paragraphs == ("First.", "They will cooperate closely.")
        assert page.notice == NOTICE

    def test_two_part_notice_stays_whole(self) -> None:
        """A notice whose second sentence is labelled 'Note:' stays one notice."""
        text = "The English version is for reference only. Note: the Chinese version prevails."
        page = read_page(f"Title\n\nBody text.\n\n{text}".encode())
        assert (page.paragraphs, page.notice) == (("Body text.",), text)

    def test_notice_found_anywhere(self) -> None:
        """A notice at the top of the page is found too."""
        page = read_page(f"Title\n\n{NOTICE}\n\nBody text.".encode())
        assert (page.notice, page.paragraphs) == (NOTICE, ("Body text.",))

    def test_notice_before_title_is_not_the_title(self) -> None:
        """A notice on the first line does not become the title."""
        page = read_page(f"{NOTICE}\n\nTitle\n\nBody text.".encode())
        assert (page.title, page.notice) == ("Title", NOTICE)


class TestLanguage:
    def test_given_lang_wins(self) -> None:
        """An explicit lang is validated and kept in canonical case."""
        assert read_page(b"Title\n\nBody text.", lang="zh-hant").lang == "zh-Hant"

    def test_detected(self) -> None:
        """Without lang, the language is detected from title and body."""
        assert read_page("标题\n\n国家移民管理局会见。".encode()).lang == "zh-Hans"


class TestPlainText:
    def test_lines_without_blank_separators(self) -> None:
        """Each line is a paragraph even without blank lines between them."""
        page = read_page("标题\n　　第一段。\n　　第二段。\n".encode())
        assert (page.title, page.paragraphs) == ("标题", ("第一段。", "第二段。"))

    def test_hard_wrapped_english_joined(self) -> None:
        """A line continuing in lower case joins the paragraph it continues."""
        page = read_page(b"Title\n\nXu Ganlu met the chief\nof mission on Friday.\n\nNext one.")
        assert page.paragraphs == ("Xu Ganlu met the chief of mission on Friday.", "Next one.")

    def test_crlf(self) -> None:
        """Windows line endings are read like Unix ones."""
        page = read_page(b"Title\r\n\r\nBody one.\r\n\r\nBody two.\r\n")
        assert page.paragraphs == ("Body one.", "Body two.")

    def test_furniture_before_title_skipped(self) -> None:
        """The title is the first line that is not furniture."""
        page = read_page("【打印】【关闭】\n\n标题\n\n正文第一段。".encode())
        assert page.title == "标题"


class TestNormalizeSpace:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("a\u00a0\u00a0b", "a b"),
            ("a\u2002b", "a b"),
            ("\u3000\u3000国家移民管理局", "国家移民管理局"),
            ("国家移民\n管理局", "国家移民管理局"),
            ("国家 移民", "国家 移民"),
            ("a\t\tb  c", "a b c"),
            ("a\u200bb", "ab"),
            ("\u201cquoted\u201d，全角。", "\u201cquoted\u201d，全角。"),
            ("\U00020bb7野家", "\U00020bb7野家"),
        ],
    )
    def test_normalize(self, text: str, expected: str) -> None:
        """Whitespace runs collapse; CJK text and punctuation are kept intact."""
        assert normalize_space(text) == expected


_lines = st.sampled_from(
    [
        "Share on wechat",
        "【打印】【关闭】",
        NOTICE,
        "以中文版为准。",
        "2021年6月25日，许甘露会见。",
        "Xu Ganlu met Crocetti on June 25, 2021.",
        "<p>tag</p>",
        "",
        "\u3000",
    ]
)


class TestProperties:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=300))
    def test_arbitrary_bytes(self, data: bytes) -> None:
        """Arbitrary bytes give a page or an IngestError, nothing else."""
        reason: str | None = None
        try:
            page = read_page(data)
        except IngestError as exc:
            _assert_expected(exc)
            reason = exc.reason
        else:
            assert page.paragraphs
        assert reason is None or (reason.strip() and "\n" not in reason)

    @settings(max_examples=100, deadline=None)
    @given(st.text(max_size=300), st.sampled_from(["utf-8", "utf-16", "gb18030"]))
    def test_arbitrary_text(self, text: str, codec: str) -> None:
        """Arbitrary text in a supported encoding gives a page or an IngestError."""
        try:
            page = read_page(text.encode(codec))
        except IngestError as exc:
            _assert_expected(exc)
            return
        assert all(p == normalize_space(p) and p for p in page.paragraphs)

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.one_of(_lines, st.text(max_size=40)), min_size=1, max_size=12))
    def test_page_shaped_text(self, lines: list[str]) -> None:
        """Pages built from furniture, notices and body lines never leak the furniture."""
        try:
            page = read_page("\n\n".join(lines).encode())
        except IngestError as exc:
            _assert_expected(exc)
            return
        assert "Share on wechat" not in page.paragraphs
        assert NOTICE not in page.paragraphs


_html_pieces = st.sampled_from(
    [
        "<html>",
        "<body>",
        "<p>",
        "</p>",
        "<h1>",
        "</h1>",
        "<br>",
        "<div class='share'>",
        "<div class='content'>",
        "</div>",
        "<nav>",
        "<script>",
        "</script>",
        "<title>",
        "</title>",
        "<meta property='article:published_time' content='2021-02-30'>",
        "<time datetime='x'>",
        "&nbsp;",
        "&amp;",
        "&xxe;",
        "<!--",
        "-->",
        "<![CDATA[",
        "Share on wechat",
        NOTICE,
        "许甘露会见克罗切蒂。",
        "Xu met Crocetti on June 25, 2021.",
    ]
)


class TestHtmlProperties:
    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.one_of(_html_pieces, st.text(max_size=20)), min_size=1, max_size=30))
    def test_tag_soup(self, pieces: list[str]) -> None:
        """Any tag soup gives a page or an IngestError, and never leaks furniture."""
        try:
            page = read_page(("<html>" + "".join(pieces)).encode())
        except IngestError as exc:
            _assert_expected(exc)
            return
        assert "Share on wechat" not in page.paragraphs
        assert page.title == normalize_space(page.title)


def test_doctests(monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples in the docstrings run (from the repository root, for the seed path)."""
    monkeypatch.chdir(ROOT)
    for module in (ingest, transmgmt._dates, transmgmt._encoding, transmgmt._html):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__


def test_fixture_files_are_what_they_claim() -> None:
    """The encoded fixtures really are GBK/Big5 bytes (they must not be UTF-8)."""
    for name in ("zh_hans.gbk.txt", "zh_hant.big5.txt", "zh_page.gbk.html"):
        with pytest.raises(UnicodeDecodeError):
            (DATA / name).read_bytes().decode("utf-8")
    assert os.path.getsize(DATA / "zh_hans.utf16.txt") > 0

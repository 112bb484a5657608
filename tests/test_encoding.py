
"""Tests for transmgmt._encoding (exposed as transmgmt.ingest.decode_bytes)."""

from __future__ import annotations

import pytest

from transmgmt.errors import EncodingError, IngestError
from transmgmt.ingest import decode_bytes


class TestDecodeBytes:
    @pytest.mark.parametrize(
        ("text", "codec", "expected"),
        [
            ("国家移民管理局", "gbk", "gb18030"),
            ("中国", "gbk", "gb18030"),
            ("國家移民管理局", "big5", "big5"),
            ("許甘露會見", "big5", "big5"),
            ("臺灣", "big5", "big5"),
        ],
    )
    def test_gbk_big5_ambiguity(self, text: str, codec: str, expected: str) -> None:
        """Short strings that decode both ways are read in the encoding that gives real Chinese."""
        assert decode_bytes(text.encode(codec)) == (text, expected)

    def test_cp950_extension(self) -> None:
        """Big5 with a cp950 vendor character (the euro sign) is read as cp950, not GBK."""
        text = "國家移民管理局收費€100元，臺灣。"
        assert decode_bytes(text.encode("cp950")) == (text, "cp950")

    def test_gbk_with_symbols(self) -> None:
        """Bullets and enclosed numbers (①●Ⅱ) do not push a GBK page towards Big5."""
        text = "①国家移民管理局●出入境管理Ⅱ"
        assert decode_bytes(text.encode("gbk")) == (text, "gb18030")

    def test_declared_charset_breaks_tie(self) -> None:
        """A consistent <meta charset> decides between two equally plausible decodes."""
        html = '<html><head><meta charset="big5"></head><body><p>弊</p></body></html>'
        text, encoding = decode_bytes(html.encode("big5"))
        assert (encoding, "弊" in text) == ("big5", True)

    def test_inconsistent_declaration_ignored(self) -> None:
        """UTF-8 bytes declared as gb2312 are still read as UTF-8."""
        html = '<meta charset="gb2312"><p>国家移民管理局</p>'
        assert decode_bytes(html.encode("utf-8")) == (html, "utf-8")

    def test_truncated_utf8_tail(self) -> None:
        """UTF-8 cut off inside its last character is still UTF-8, minus that character."""
        data = "标题\n\n国家移民管理局".encode()[:-1]
        assert decode_bytes(data) == ("标题\n\n国家移民管理", "utf-8")

    def test_utf16_be_bom(self) -> None:
        """UTF-16 big-endian with a BOM is read."""
        data = "\ufeff国家\n\n移民管理局会见。".encode("utf-16-be")
        assert decode_bytes(data) == ("国家\n\n移民管理局会见。", "utf-16")

    def test_bom_is_not_text(self) -> None:
        """The UTF-8 BOM is reported as utf-8-sig and is not part of the text."""
        assert decode_bytes("\ufeff国家".encode()) == ("国家", "utf-8-sig")

    def test_invalid_after_bom(self) -> None:
        """A UTF-8 BOM followed by bytes that are not UTF-8 is an EncodingError."""
        with pytest.raises(EncodingError, match="byte order mark"):
            decode_bytes(b"\xef\xbb\xbf" + "国家".encode("gbk"))

    def test_binary_private_use(self) -> None:
        """A decode full of private-use characters is refused as a wrong encoding."""
        data = "".join(chr(0xE000 + i) for i in range(50)).encode()
        with pytest.raises(EncodingError, match="private-use"):
            decode_bytes(data)

    def test_empty(self) -> None:
        """Empty bytes are 'empty input', a plain IngestError."""
        with pytest.raises(IngestError, match="empty input"):
            decode_bytes(b"")

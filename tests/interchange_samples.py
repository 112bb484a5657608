"""Aligned article pairs built by hand for the interchange and view tests."""

from __future__ import annotations

import datetime as dt

from transmgmt.model import (
    Alignment,
    ArticlePair,
    Disclaimer,
    Document,
    Link,
    Paragraph,
    Revision,
    Sentence,
)

UTC = dt.timezone.utc


def rich_pair(article_id: str = "art-2") -> ArticlePair:
    """Two paragraphs a side: 1-1, 1-2 (manual), 0-1 and 1-0 sentence links, approved."""
    zh = Document(lang="zh-Hans", title="国家移民管理局发布新措施", paragraphs=(
        Paragraph(id="zh-p1", text="国家移民管理局今天发布了新措施。措施自7月1日起施行。",
                  sentences=(
            Sentence(id="zh-p1-s1", text="国家移民管理局今天发布了新措施。"),
            Sentence(id="zh-p1-s2", text="措施自7月1日起施行。"))),
        Paragraph(id="zh-p2", text="详情见附件。本文以中文版为准。", sentences=(
            Sentence(id="zh-p2-s1", text="详情见附件。"),
            Sentence(id="zh-p2-s2", text="本文以中文版为准。")))),
        publisher="国家移民管理局", url="https://www.nia.gov.cn/n741440/c2.html")
    en = Document(lang="en", title="NIA Issues New Measures", paragraphs=(
        Paragraph(id="en-p1", text="The NIA issued new measures today. They take effect on "
                  "July 1. Applicants benefit.", sentences=(
                      Sentence(id="en-p1-s1", text="The NIA issued new measures today."),
                      Sentence(id="en-p1-s2", text="They take effect on July 1."),
                      Sentence(id="en-p1-s3", text="Applicants benefit."))),
        Paragraph(id="en-p2", text="See the annex for details & <more>.", sentences=(
            Sentence(id="en-p2-s1", text="See the annex for details & <more>."),))),
        url="https://www.nia.gov.cn/n741440/c2_en.html")
    return ArticlePair(
        id=article_id, source=zh, translation=en,
        disclaimer=Disclaimer(text="The English version is only for reference. In case of any "
                              "discrepancy, the authoritative Chinese version shall prevail.",
                              lang="en", authoritative_lang="zh-Hans", reference_lang="en"),
        alignment=Alignment(
            paragraph_links=(Link(("zh-p1",), ("en-p1",), 0.95), Link(("zh-p2",), ("en-p2",), 0.7)),
            sentence_links=(
                Link(("zh-p1-s1",), ("en-p1-s1",), 0.9),
                Link(("zh-p1-s2",), ("en-p1-s2", "en-p1-s3"), None, "manual"),
                Link(("zh-p2-s1",), ("en-p2-s1",), 0.45),
                Link(("zh-p2-s2",), (), 0.2),
            ),
            method="hand-made"),
        revisions=(
            Revision(when=dt.datetime(2026, 11, 20, 8, 0, tzinfo=UTC), who="transmgmt",
                     kind="ingest", status="current"),
            Revision(when=dt.datetime(2026, 11, 22, 9, 30, tzinfo=UTC), who="editor@example.org",
                     kind="approved", status="approved"),
        ),
        translated_from=zh.digest,
    )

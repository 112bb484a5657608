"""Assemble article pairs from scraped pages: the step between ingestion and the model.

A scraped English page becomes a *source pending* pair; a Chinese page and its English
page become one pair with both texts. Paragraph ids are derived from the language
(``zh-p1``, ``en-p3``) so they are stable across re-imports of the same page.

Example:
    >>> import datetime as dt
    >>> from transmgmt.ingest import read_page
    >>> page = read_page(b"Title\\n\\nBody text of the page.\\n", name="a.txt")
    >>> pair = pair_from_pages([page], article_id="art-a",
    ...                        now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    >>> pair.status, pair.translation.paragraphs[0].id
    ('source-pending', 'en-p1')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence

import attrs

from transmgmt import __version__
from transmgmt.errors import IngestError, ModelError
from transmgmt.ingest import ScrapedPage
from transmgmt.lang import is_chinese, is_english, primary_subtag
from transmgmt.model import (
    ArticlePair,
    Disclaimer,
    Document,
    Paragraph,
    Revision,
    SourceInfo,
    validate_identifier,
)

__all__ = ["article_id_from_name", "document_from_page", "pair_from_pages"]

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")


def article_id_from_name(name: str) -> str:
    """Derive a safe article id from a file stem or any label.

    Characters outside ``A-Z a-z 0-9 _ . -`` become ``-``; an id that would not start
    with a letter gets the prefix ``art-``; long names are cut and made unique with a
    digest of the full name.

    Example:
        >>> article_id_from_name("000_b36e647bb89e86f8")
        'art-000_b36e647bb89e86f8'
        >>> article_id_from_name("新闻 稿")
        'art-40198b7fea'
    """
    cleaned = _UNSAFE_ID_CHARS.sub("-", name).strip("-.")
    if not cleaned or not re.search(r"[A-Za-z0-9]", cleaned):
        cleaned = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    if not re.match(r"[A-Za-z_]", cleaned):
        cleaned = f"art-{cleaned}"
    if len(cleaned) > 128:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
        cleaned = f"{cleaned[:117]}-{digest}"
    return validate_identifier(cleaned, "article id")


def document_from_page(page: ScrapedPage, *, retrieved: dt.date | None = None) -> Document:
    """Turn a scraped page into a :class:`Document` with ids ``<lang>-p<n>``.

    Raises:
        IngestError: If the page cannot form a valid document (no paragraphs...).
    """
    prefix = primary_subtag(page.lang)
    try:
        return Document(
            lang=page.lang,
            title=page.title,
            paragraphs=tuple(
                Paragraph(id=f"{prefix}-p{n}", text=text)
                for n, text in enumerate(page.paragraphs, start=1)
            ),
            url=page.url,
            publisher=page.publisher,
            published=page.published,
            retrieved=retrieved,
            event_date=page.event_date,
            raw_digest=page.raw_digest,
        )
    except ModelError as exc:
        raise IngestError(str(exc), source=page.source_name) from None


def _split_pages(pages: Sequence[ScrapedPage]) -> tuple[ScrapedPage | None, ScrapedPage | None]:
    chinese = [p for p in pages if is_chinese(p.lang)]
    english = [p for p in pages if is_english(p.lang)]
    others = [p for p in pages if p not in chinese and p not in english]
    label = ", ".join(p.source_name or "?" for p in pages)
    if others:
        reason = (
            f"only Chinese sources and English translations are supported, got {others[0].lang!r}"
        )
        raise IngestError(reason, source=others[0].source_name)
    if len(chinese) > 1 or len(english) > 1 or not pages:
        reason = "a pair takes at most one Chinese and one English page"
        raise IngestError(reason, source=label)
    return (chinese[0] if chinese else None), (english[0] if english else None)


def pair_from_pages(
    pages: Sequence[ScrapedPage],
    *,
    article_id: str,
    now: dt.datetime | None = None,
    who: str = "transmgmt",
) -> ArticlePair:
    """Build one article pair from one or two scraped pages (a Chinese and/or an English).

    The notice found on either page becomes the disclaimer; the authoritative language
    is the source's (``zh-Hans`` while the source is pending). The pair gets one
    ``ingest`` revision; when both texts are present the translation is recorded as
    made from this version of the source.

    Raises:
        IngestError: Two pages of one language, a language other than Chinese/English,
            or a page that cannot form a valid document.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    zh_page, en_page = _split_pages(pages)
    retrieved = now.date()
    source = document_from_page(zh_page, retrieved=retrieved) if zh_page else None
    translation = document_from_page(en_page, retrieved=retrieved) if en_page else None
    source_info = None
    if source is None:
        named = en_page.authoritative_lang if en_page else None
        source_info = SourceInfo(lang=named if named and is_chinese(named) else "zh-Hans")
    # source_info is set just above whenever there is no source.
    source_lang = source.lang if source else source_info.lang  # type: ignore[union-attr]

    disclaimer = None
    notice_page = next((p for p in (en_page, zh_page) if p is not None and p.notice), None)
    if translation is not None and notice_page is not None:
        disclaimer = Disclaimer(
            text=notice_page.notice,  # type: ignore[arg-type]  # not None: chosen for its notice
            lang=notice_page.notice_lang or notice_page.lang,
            authoritative_lang=source_lang,
            reference_lang=translation.lang,
        )
    names = ", ".join(p.source_name for p in (zh_page, en_page) if p and p.source_name)
    try:
        draft = ArticlePair(
            id=article_id,
            source=source,
            translation=translation,
            source_info=source_info,
            disclaimer=disclaimer,
            translated_from=source.digest if source and translation else None,
        )
        revision = Revision(
            when=now,
            who=who,
            kind="ingest",
            note=f"Imported {names} with transmgmt {__version__}" if names else None,
            status=draft.status,
            source_digest=source.digest if source else None,
        )
    except ModelError as exc:
        raise IngestError(str(exc), source=names or None) from None
    return attrs.evolve(draft, revisions=(revision,))

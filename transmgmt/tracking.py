
"""Translation tracking: source corrections, outdated translations, review and approval.

Each translation records the digest of the source version it was made from
(:attr:`ArticlePair.translated_from`); the model calls a pair *outdated* when that
digest differs from the current source's. This module makes the changes that move a
pair between statuses and records each one, with who and when, as a
:class:`~transmgmt.model.Revision` (TEI ``revisionDesc/change``):

========================  ===================================  =====================
change                    revision kind                         status afterwards
========================  ===================================  =====================
source found              ``source-added``                      current
source corrected          ``source-updated``                    outdated
source re-punctuated      ``source-reformatted``                unchanged
translation revised       ``translation-updated`` / ``-added``  current
editor reviews            ``reviewed``                          reviewed
editor approves           ``approved``                          approved
========================  ===================================  =====================

A change of whitespace or punctuation only is not a content change: sources are
compared after NFKC normalisation with every punctuation and whitespace character
removed (:func:`normalise`); the translation then stays current (and approved).

Before every change the archive keeps the whole previous pair in
``.transmgmt/history/<id>/``; :func:`diff` compares the source the translation was
made from (found there by digest) with the current one, paragraph by paragraph and
sentence by sentence (difflib), and names the English sentences to revisit through the
old sentence links. On a correction, links whose source sentences are unchanged are
kept (renumbered); links to changed sentences are kept when the change replaced
sentences one for one and are *flagged* (listed in the diff and the revision note);
links to deleted sentences are dropped.

Example:
    >>> normalise("２０２１年，会见。") == normalise("2021年 会见")
    True
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from transmgmt.articles import document_from_page
from transmgmt.errors import TrackingError
from transmgmt.ingest import ScrapedPage
from transmgmt.lang import is_chinese
from transmgmt.model import (
    APPROVED,
    CURRENT,
    OUTDATED,
    REVIEWED,
    Alignment,
    ArticlePair,
    Document,
    Link,
    Revision,
    Sentence,
)
from transmgmt.segment import split_sentences

if TYPE_CHECKING:
    from transmgmt.store import Archive

__all__ = [
    "ParagraphChange",
    "SentenceChange",
    "SourceDiff",
    "apply_review",
    "apply_source_update",
    "apply_translation_update",
    "approve",
    "diff",
    "diff_sources",
    "normalise",
    "review",
    "segment",
    "update_source",
    "update_translation",
]

Aligner = Callable[[ArticlePair], ArticlePair]


def normalise(text: str) -> str:
    """The text as compared for content: NFKC, no punctuation, no whitespace.

    Example:
        >>> normalise("On June 25, 2021:  Xu met IOM’s chief.")
        'OnJune252021XumetIOMschief'
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text
                   if not c.isspace() and not unicodedata.category(c).startswith(("P", "Z")))


def segment(document: Document) -> Document:
    """Split every unsegmented paragraph into sentences (ids ``<paragraph id>-s<n>``).

    Paragraphs that already have sentences are kept as they are.

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> doc = Document(lang="en", title="T", paragraphs=(
        ...     Paragraph(id="en-p1", text="One. Two."),))
        >>> [s.id for s in segment(doc).sentences]
        ['en-p1-s1', 'en-p1-s2']
    """
    paragraphs = []
    for paragraph in document.paragraphs:
        if paragraph.sentences:
            paragraphs.append(paragraph)
            continue
        texts = split_sentences(paragraph.text, document.lang) or [paragraph.text]
        sentences = tuple(Sentence(id=f"{paragraph.id}-s{n}", text=t)
                          for n, t in enumerate(texts, start=1))
        paragraphs.append(attrs.evolve(paragraph, sentences=sentences))
    return attrs.evolve(document, paragraphs=tuple(paragraphs))


@attrs.frozen
class SentenceChange:
    """One changed run of source sentences and the translation to revisit.

    Attributes:
        op: ``replace``, ``delete`` or ``insert`` (difflib's opcodes).
        old_ids: Sentence ids in the source the translation was made from.
        new_ids: Sentence ids in the current source.
        old_text: The old sentences, joined.
        new_text: The new sentences, joined.
        counterparts: Translation sentence ids linked to the old sentences.
        counterpart_text: Their text, joined.
    """

    op: str
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    old_text: str
    new_text: str
    counterparts: tuple[str, ...] = ()
    counterpart_text: str = ""


@attrs.frozen
class ParagraphChange:
    """One changed run of source paragraphs.

    Attributes:
        op: ``replace``, ``delete`` or ``insert``.
        old_ids: Paragraph ids in the old source.
        new_ids: Paragraph ids in the current source.
        counterparts: Translation paragraph ids linked to the old paragraphs.
    """

    op: str
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    counterparts: tuple[str, ...] = ()


@attrs.frozen
class SourceDiff:
    """What changed in a source, and which parts of the translation it touches.

    Attributes:
        id: The pair id.
        old_digest: Digest of the source compared from (None: no earlier source).
        new_digest: Digest of the current source.
        content_changed: False when only whitespace or punctuation changed.
        title_changed: The title changed in content.
        paragraphs: Changed paragraph runs.
        sentences: Changed sentence runs with their translation counterparts.
        flagged_links: Ids of current sentence links whose source side changed.
    """

    id: str
    old_digest: str | None
    new_digest: str | None
    content_changed: bool = False
    title_changed: bool = False
    paragraphs: tuple[ParagraphChange, ...] = ()
    sentences: tuple[SentenceChange, ...] = ()
    flagged_links: tuple[str, ...] = ()

    @property
    def revisit(self) -> tuple[str, ...]:
        """Translation sentence ids an editor should revisit, in order, no repeats."""
        seen: dict[str, None] = {}
        for change in self.sentences:
            for ident in change.counterparts:
                seen.setdefault(ident, None)
        return tuple(seen)

    def summary(self) -> str:
        """A one-line summary (used as the revision note).

        Example:
            >>> SourceDiff(id="a", old_digest=None, new_digest=None).summary()
            'no content change'
        """
        if not self.content_changed:
            return "no content change"
        if self.old_digest is None:
            return "new source (no earlier version)"
        parts = []
        if self.title_changed:
            parts.append("title changed")
        changed = [i for c in self.sentences for i in (c.new_ids or c.old_ids)]
        if changed:
            parts.append(f"{len(changed)} source sentence(s) changed: {' '.join(changed)}")
        if self.revisit:
            parts.append(f"revisit {' '.join(self.revisit)}")
        if self.flagged_links:
            parts.append(f"flagged links {' '.join(self.flagged_links)}")
        return "; ".join(parts) or "paragraph structure changed"

    def render(self) -> str:
        """A readable report: each change, old and new text, English to revisit."""
        if self.old_digest is None:
            return f"{self.id}: no earlier source version to compare with"
        lines = [f"{self.id}: {self.summary()}"]
        for p in self.paragraphs:
            lines.append(f"paragraph {p.op}: {' '.join(p.old_ids) or '-'} -> "
                         f"{' '.join(p.new_ids) or '-'}"
                         + (f" (English {' '.join(p.counterparts)})" if p.counterparts else ""))
        for s in self.sentences:
            lines.append(f"sentence {s.op}: {' '.join(s.old_ids) or '-'} -> "
                         f"{' '.join(s.new_ids) or '-'}")
            if s.old_text:
                lines.append(f"  - {s.old_text}")
            if s.new_text:
                lines.append(f"  + {s.new_text}")
            if s.counterparts:
                lines.append(f"  revisit {' '.join(s.counterparts)}: {s.counterpart_text}")
        return "\n".join(lines)


# --- comparing sources -------------------------------------------------------------


def _content_equal(old: Document, new: Document) -> bool:
    # Paragraph breaks are layout: compare the whole body as one normalised string.
    return (normalise(old.title) == normalise(new.title)
            and normalise("".join(p.text for p in old.paragraphs))
            == normalise("".join(p.text for p in new.paragraphs)))


#: One difflib opcode: the operation and the old and new ranges.
_Opcode = tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]


def _opcodes(old: Sequence[str], new: Sequence[str]) -> list[_Opcode]:
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    return matcher.get_opcodes()


def _mapping(old_ids: Sequence[str], old_texts: Sequence[str], new_ids: Sequence[str],
             new_texts: Sequence[str]) -> tuple[dict[str, str], set[str], list[tuple]]:
    """Map old ids to new ids: equal units, and units replaced one for one (changed).

    Returns the map, the set of *new* ids whose content changed, and the opcodes.
    """
    ops = _opcodes([normalise(t) for t in old_texts], [normalise(t) for t in new_texts])
    mapping: dict[str, str] = {}
    changed: set[str] = set()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                mapping[old_ids[i]] = new_ids[j]
                if op == "replace":
                    changed.add(new_ids[j])
    return mapping, changed, ops


def _remap(links: Sequence[Link], mapping: dict[str, str], *, side: str) -> tuple[Link, ...]:
    """Renumber one side of *links*; drop links to units that no longer exist."""
    kept = []
    for link in links:
        ids = link.source if side == "source" else link.target
        if not all(i in mapping for i in ids):
            continue
        new_ids = tuple(mapping[i] for i in ids)
        kept.append(attrs.evolve(link, source=new_ids) if side == "source"
                    else attrs.evolve(link, target=new_ids))
    return tuple(kept)


def _linked(links: Sequence[Link], ids: Sequence[str]) -> tuple[str, ...]:
    wanted = set(ids)
    found: list[str] = []
    for link in links:
        if wanted & set(link.source):
            found.extend(t for t in link.target if t not in found)
    return tuple(found)


def diff_sources(old: ArticlePair, new: ArticlePair) -> SourceDiff:
    """Compare the source of *old* with that of *new* (both must have a source).

    Counterparts come from *old*'s links (the alignment the translation was made
    with); flagged links are *new*'s sentence links whose source sentences changed.

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> zh = lambda t: Document(lang="zh-Hans", title="题", paragraphs=(
        ...     Paragraph(id="zh-p1", text=t),))
        >>> a = ArticlePair(id="a", source=zh("甲会见乙。双方交换意见。"))
        >>> b = ArticlePair(id="a", source=zh("甲会见乙。双方深入交换意见。"))
        >>> [(c.op, c.new_ids) for c in diff_sources(a, b).sentences]
        [('replace', ('zh-p1-s2',))]
    """
    if old.source is None or new.source is None:
        msg = f"article {new.id}: both versions need a source to compare"
        raise TrackingError(msg)
    old_src, new_src = segment(old.source), segment(new.source)
    result = SourceDiff(id=new.id, old_digest=old.source.digest, new_digest=new.source.digest,
                        content_changed=not _content_equal(old_src, new_src),
                        title_changed=normalise(old_src.title) != normalise(new_src.title))
    if not result.content_changed:
        return result
    old_translation = {s.id: s.text for s in old.translation.sentences} if old.translation else {}

    paragraphs = []
    for op, i1, i2, j1, j2 in _opcodes([normalise(p.text) for p in old_src.paragraphs],
                                       [normalise(p.text) for p in new_src.paragraphs]):
        if op == "equal":
            continue
        old_ids = tuple(p.id for p in old_src.paragraphs[i1:i2])
        paragraphs.append(ParagraphChange(
            op=op, old_ids=old_ids, new_ids=tuple(p.id for p in new_src.paragraphs[j1:j2]),
            counterparts=_linked(old.alignment.paragraph_links, old_ids)))

    old_sents, new_sents = old_src.sentences, new_src.sentences
    sentences = []
    changed_new: set[str] = set()
    for op, i1, i2, j1, j2 in _opcodes([normalise(s.text) for s in old_sents],
                                       [normalise(s.text) for s in new_sents]):
        if op == "equal":
            continue
        old_ids = tuple(s.id for s in old_sents[i1:i2])
        new_ids = tuple(s.id for s in new_sents[j1:j2])
        changed_new.update(new_ids)
        counterparts = _linked(old.alignment.sentence_links, old_ids)
        sentences.append(SentenceChange(
            op=op, old_ids=old_ids, new_ids=new_ids,
            old_text=" ".join(s.text for s in old_sents[i1:i2]),
            new_text=" ".join(s.text for s in new_sents[j1:j2]),
            counterparts=counterparts,
            counterpart_text=" ".join(old_translation.get(i, "") for i in counterparts).strip()))
    flagged = tuple(link.id for link in new.alignment.sentence_links
                    if changed_new & set(link.source))
    return attrs.evolve(result, paragraphs=tuple(paragraphs), sentences=tuple(sentences),
                        flagged_links=flagged)


# --- pure transitions (pair in, pair out) ------------------------------------------


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.timezone.utc)


def _as_document(value: Document | ScrapedPage, now: dt.datetime) -> Document:
    if isinstance(value, ScrapedPage):
        return document_from_page(value, retrieved=now.date())
    return value


def _with_revision(pair: ArticlePair, *, when: dt.datetime, who: str, kind: str,
                   note: str | None, status: str | None = None) -> ArticlePair:
    revision = Revision(when=when, who=who, kind=kind, note=note or None,
                        source_digest=pair.source.digest if pair.source else None)
    if status is None:
        # The status *after* the change: a content change ends an earlier review, so
        # it must be computed with this revision in the history.
        status = pair.evolve(revisions=(*pair.revisions, revision)).status
    revision = attrs.evolve(revision, status=status)
    return pair.evolve(revisions=(*pair.revisions, revision))


def _run_aligner(pair: ArticlePair, aligner: Aligner | None) -> ArticlePair:
    if aligner is None or pair.source is None or pair.translation is None:
        return pair
    return aligner(pair)


def apply_source_update(pair: ArticlePair, source: Document | ScrapedPage, *,
                        who: str = "transmgmt", now: dt.datetime | None = None,
                        aligner: Aligner | None = None,
                        note: str | None = None) -> tuple[ArticlePair, SourceDiff]:
    """Give *pair* a new or corrected source; returns the new pair and the diff.

    * A pending source becomes present (``source-added``); the translation is taken
      to be made from it (status current).
    * A correction of content (``source-updated``) leaves ``translated_from`` on the
      old digest, so the pair is outdated; unchanged links are kept, links to changed
      sentences are flagged, links to deleted sentences dropped.
    * A whitespace/punctuation-only change (``source-reformatted``) moves
      ``translated_from`` to the new digest when the translation was current, so the
      status (and any approval) stands.

    The aligner, when given, runs last (it keeps manual links).

    Raises:
        TrackingError: The new source is not Chinese.
    """
    when = _now(now)
    new_source = segment(_as_document(source, when))
    if not is_chinese(new_source.lang):
        msg = f"article {pair.id}: a source must be Chinese, got {new_source.lang!r}"
        raise TrackingError(msg)
    disclaimer = pair.disclaimer
    if disclaimer is not None and disclaimer.authoritative_lang != new_source.lang:
        disclaimer = attrs.evolve(disclaimer, authoritative_lang=new_source.lang)

    if pair.source is None:
        updated = pair.evolve(source=new_source, source_info=None, disclaimer=disclaimer,
            translated_from=new_source.digest if pair.translation is not None else None)
        result = SourceDiff(id=pair.id, old_digest=None, new_digest=new_source.digest,
                            content_changed=True)
        updated = _run_aligner(updated, aligner)
        return _with_revision(updated, when=when, who=who, kind="source-added",
                              note=note or "authoritative source added"), result

    old_source = segment(pair.source)
    paragraph_map, _, _ = _mapping([p.id for p in old_source.paragraphs],
                                   [p.text for p in old_source.paragraphs],
                                   [p.id for p in new_source.paragraphs],
                                   [p.text for p in new_source.paragraphs])
    sentence_map, _, _ = _mapping([s.id for s in old_source.sentences],
                                  [s.text for s in old_source.sentences],
                                  [s.id for s in new_source.sentences],
                                  [s.text for s in new_source.sentences])
    alignment = Alignment(
        paragraph_links=_remap(pair.alignment.paragraph_links, paragraph_map, side="source"),
        sentence_links=_remap(pair.alignment.sentence_links, sentence_map, side="source"),
        method=pair.alignment.method)
    if not alignment:
        alignment = Alignment()
    content_changed = not _content_equal(old_source, new_source)
    translated_from = pair.translated_from
    was_current = pair.translation is not None and pair.translated_from == pair.source.digest
    if not content_changed and was_current:
        translated_from = new_source.digest
    updated = pair.evolve(source=new_source, disclaimer=disclaimer,
                           alignment=alignment, translated_from=translated_from)
    result = diff_sources(pair, updated)
    updated = _run_aligner(updated, aligner)
    kind = "source-updated" if content_changed else "source-reformatted"
    summary = result.summary()
    return _with_revision(updated, when=when, who=who, kind=kind,
                          note=f"{note}: {summary}" if note else summary), result


def apply_translation_update(pair: ArticlePair, translation: Document | ScrapedPage, *,
                             who: str = "transmgmt", now: dt.datetime | None = None,
                             aligner: Aligner | None = None,
                             note: str | None = None) -> ArticlePair:
    """Give *pair* a new or revised translation, made from the current source.

    Links to translation sentences whose text is unchanged are kept (renumbered);
    the others are dropped for the aligner to redo.

    Raises:
        TrackingError: The translation is in the source's language.
    """
    when = _now(now)
    new_translation = _as_document(translation, when)
    if pair.source is not None and new_translation.lang == pair.source.lang:
        msg = f"article {pair.id}: the translation cannot be in the source language"
        raise TrackingError(msg)
    alignment = Alignment()
    kind = "translation-added"
    if pair.translation is not None:
        kind = "translation-updated"
        old = pair.translation
        if new_translation.sentences or old.sentences:
            new_translation = segment(new_translation)
            old = segment(old)
        paragraph_map, _, _ = _mapping([p.id for p in old.paragraphs],
                                       [p.text for p in old.paragraphs],
                                       [p.id for p in new_translation.paragraphs],
                                       [p.text for p in new_translation.paragraphs])
        sentence_map = {k: v for k, v in _mapping(
            [s.id for s in old.sentences], [s.text for s in old.sentences],
            [s.id for s in new_translation.sentences],
            [s.text for s in new_translation.sentences])[0].items()}
        # Only links to unchanged text survive: a revised sentence needs a new link.
        _, changed, _ = _mapping([s.id for s in old.sentences], [s.text for s in old.sentences],
                                 [s.id for s in new_translation.sentences],
                                 [s.text for s in new_translation.sentences])
        sentence_map = {k: v for k, v in sentence_map.items() if v not in changed}
        alignment = Alignment(
            paragraph_links=_remap(pair.alignment.paragraph_links, paragraph_map, side="target"),
            sentence_links=_remap(pair.alignment.sentence_links, sentence_map, side="target"),
            method=pair.alignment.method)
        if not alignment:
            alignment = Alignment()
    disclaimer = pair.disclaimer
    if disclaimer is not None and disclaimer.reference_lang != new_translation.lang:
        disclaimer = attrs.evolve(disclaimer, reference_lang=new_translation.lang)
    updated = pair.evolve(translation=new_translation, alignment=alignment,
                           disclaimer=disclaimer,
                           translated_from=pair.source.digest if pair.source else None)
    updated = _run_aligner(updated, aligner)
    return _with_revision(updated, when=when, who=who, kind=kind,
                          note=note or "translation made from the current source")


def apply_review(pair: ArticlePair, *, status: str, who: str, now: dt.datetime | None = None,
                 note: str | None = None, accept_source: bool = False) -> ArticlePair:
    """Record an editor's review (``status="reviewed"``) or approval (``"approved"``).

    Args:
        accept_source: Approve an *outdated* translation as correct for the current
            source (the editor checked it): ``translated_from`` moves to the current
            source digest.

    Raises:
        TrackingError: The pair has no source or no translation, or is outdated
            without *accept_source*.

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> zh = Document(lang="zh-Hans", title="题",
        ...               paragraphs=(Paragraph(id="zh-p1", text="文。"),))
        >>> en = Document(lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="Text."),))
        >>> pair = ArticlePair(id="a", source=zh, translation=en, translated_from=zh.digest)
        >>> apply_review(pair, status="approved", who="Li").status
        'approved'
    """
    if status not in (REVIEWED, APPROVED):
        msg = f"status must be {REVIEWED} or {APPROVED}, got {status!r}"
        raise TrackingError(msg)
    if pair.source is None or pair.translation is None:
        msg = f"article {pair.id}: cannot mark {status} while {pair.status}"
        raise TrackingError(msg)
    if pair.status == OUTDATED:
        if not accept_source:
            msg = (f"article {pair.id}: the translation is outdated (the source changed); "
                   "update the translation first, or accept it for the current source")
            raise TrackingError(msg)
        pair = pair.evolve(translated_from=pair.source.digest)
    elif pair.status not in (CURRENT, REVIEWED, APPROVED):
        msg = f"article {pair.id}: cannot mark {status} while {pair.status}"
        raise TrackingError(msg)
    return _with_revision(pair, when=_now(now), who=who, kind=status, note=note, status=status)


# --- archive operations --------------------------------------------------------------


def update_source(archive: Archive, pair_id: str, source: Document | ScrapedPage, *,
                  who: str = "transmgmt", now: dt.datetime | None = None,
                  aligner: Aligner | None = None, note: str | None = None) -> SourceDiff:
    """Add or correct the source of pair *pair_id* in *archive* (see
    :func:`apply_source_update`); the previous version goes to the history.

    Example:
        >>> import tempfile
        >>> from transmgmt.store import Archive
        >>> archive = Archive.open(tempfile.mkdtemp())
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> en = Document(lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="Met."),))
        >>> _ = archive.add(ArticlePair(id="a", translation=en))
        >>> zh = Document(lang="zh-Hans", title="题",
        ...               paragraphs=(Paragraph(id="zh-p1", text="会见。"),))
        >>> _ = archive.update_source("a", zh, who="Li")
        >>> archive.get("a").status
        'current'
    """
    when = _now(now)
    with archive.locked():
        pair = archive.get(pair_id)
        updated, result = apply_source_update(pair, source, who=who, now=when, aligner=aligner,
                                              note=note)
        archive.save_history(pair_id, updated.revisions[-1].kind, now=when)
        archive.put(updated)
    return result


def update_translation(archive: Archive, pair_id: str, translation: Document | ScrapedPage, *,
                       who: str = "transmgmt", now: dt.datetime | None = None,
                       aligner: Aligner | None = None, note: str | None = None) -> ArticlePair:
    """Add or revise the translation of *pair_id* (see :func:`apply_translation_update`)."""
    when = _now(now)
    with archive.locked():
        pair = archive.get(pair_id)
        updated = apply_translation_update(pair, translation, who=who, now=when,
                                           aligner=aligner, note=note)
        archive.save_history(pair_id, updated.revisions[-1].kind, now=when)
        archive.put(updated)
    return updated


def _mark(archive: Archive, pair_id: str, status: str, *, who: str, now: dt.datetime | None,
          note: str | None, accept_source: bool = False) -> ArticlePair:
    with archive.locked():
        pair = archive.get(pair_id)
        updated = apply_review(pair, status=status, who=who, now=now, note=note,
                               accept_source=accept_source)
        archive.put(updated)  # a review adds a revision only: no history copy needed
    return updated


def review(archive: Archive, pair_id: str, *, who: str, now: dt.datetime | None = None,
           note: str | None = None) -> ArticlePair:
    """Record that *who* reviewed the current translation of *pair_id*.

    Raises:
        TrackingError: The pair is outdated, source-pending or translation-missing.
    """
    return _mark(archive, pair_id, REVIEWED, who=who, now=now, note=note)


def approve(archive: Archive, pair_id: str, *, who: str, now: dt.datetime | None = None,
            note: str | None = None, accept_source: bool = False) -> ArticlePair:
    """Record that *who* approved the translation of *pair_id* (see :func:`apply_review`).

    Raises:
        TrackingError: The pair is outdated (unless *accept_source*), source-pending or
            translation-missing.
    """
    return _mark(archive, pair_id, APPROVED, who=who, now=now, note=note,
                 accept_source=accept_source)


def diff(archive: Archive, pair_id: str) -> SourceDiff:
    """What changed in the source of *pair_id* that its translation has not followed.

    When the pair is outdated, the source the translation was made from (found in the
    history by its digest) is compared with the current source. Otherwise the latest
    earlier source version in the history is compared (a re-punctuation then shows
    ``content_changed=False``); with no earlier version the diff is empty.

    Raises:
        ArchiveKeyError: No such pair.
    """
    current = archive.get(pair_id)
    if current.source is None:
        return SourceDiff(id=pair_id, old_digest=None, new_digest=None)
    versions = [v.read() for v in reversed(archive.history(pair_id))]
    with_source = [v for v in versions if v.source is not None]
    old: ArticlePair | None = None
    # with_source holds only versions that have a source.
    if current.translated_from and current.translated_from != current.source.digest:
        old = next((v for v in with_source if v.source.digest == current.translated_from), None)  # type: ignore[union-attr]
    if old is None:
        old = next((v for v in with_source if v.source.digest != current.source.digest), None)  # type: ignore[union-attr]
    if old is None:
        return SourceDiff(id=pair_id, old_digest=None, new_digest=current.source.digest)
    return diff_sources(old, current)

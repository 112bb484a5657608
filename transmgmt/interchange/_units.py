"""What every interchange format shares: link filters, unit texts, reading an archive,
applying imported links.

An *aligned unit* is one link with both sides present (a translation-memory entry);
its texts are the linked sentences (or paragraphs) of each side joined as they stand in
the document, so a 1-2 link's English side reads like the original two sentences.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import attrs
from lxml import etree

from transmgmt._fs import find_files
from transmgmt._xml import parse_xml
from transmgmt.errors import InterchangeError, ModelError
from transmgmt.lang import is_chinese
from transmgmt.model import APPROVED, ArticlePair, Document, Link, Revision
from transmgmt.tei import read_tei

__all__ = [
    "LEVELS",
    "AlignedUnit",
    "ImportResult",
    "LinkFilter",
    "aligned_units",
    "apply_links",
    "load_xml",
    "pairs_of",
    "read_archive",
    "tei_files",
    "unit_text",
]

#: Alignment levels, in the order formats list them.
LEVELS = ("paragraph", "sentence")


@attrs.frozen
class LinkFilter:
    """Which links an export keeps (``--min-score``, ``--types``, ``--approved-only``).

    Attributes:
        min_score: Keep automatic links scoring at least this. Manual links have no
            score and always pass: an editor set them, which is worth more than a score.
        types: Keep only links of these types (``{"1-1", "1-2"}``); None keeps all.
        approved_only: Keep only links of pairs whose status is ``approved``.

    Example:
        >>> from transmgmt.model import Link
        >>> LinkFilter(min_score=0.5).accepts_link(Link(("zh-p1",), ("en-p1",), 0.4))
        False
    """

    min_score: float | None = None
    types: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(frozenset))
    approved_only: bool = False

    def accepts_pair(self, pair: ArticlePair) -> bool:
        """True when links of *pair* may be exported at all."""
        return not self.approved_only or pair.status == APPROVED

    def accepts_link(self, link: Link) -> bool:
        """True when *link* passes the score and type filters."""
        if self.types is not None and link.type not in self.types:
            return False
        if self.min_score is not None and link.status == "auto":
            return link.score is not None and link.score >= self.min_score
        return True


#: The filter that keeps everything.
KEEP_ALL = LinkFilter()


def _units_of(doc: Document) -> dict[str, tuple[str, int, int, int]]:
    """Unit id → (paragraph id, start, end) inside the paragraph text, plus order."""
    where: dict[str, tuple[str, int, int, int]] = {}
    order = 0
    for paragraph in doc.paragraphs:
        where[paragraph.id] = (paragraph.id, 0, len(paragraph.text), order)
        order += 1
        position = 0
        for sentence in paragraph.sentences:
            start = paragraph.text.find(sentence.text, position)
            position = start + len(sentence.text)
            where[sentence.id] = (paragraph.id, start, position, order)
            order += 1
    return where


def unit_text(doc: Document, ids: Sequence[str]) -> str:
    """The text of the units *ids* of *doc*, joined as they stand in the document.

    Consecutive sentences of one paragraph keep the text between them; units from
    different paragraphs are joined with a space (nothing in Chinese, which writes no
    spaces between sentences).

    Raises:
        ModelError: If an id is not a paragraph or sentence of *doc*.

    Example:
        >>> from transmgmt.model import Document, Paragraph, Sentence
        >>> doc = Document(lang="en", title="T", paragraphs=(Paragraph(id="en-p1",
        ...     text="A.  B.", sentences=(Sentence(id="en-p1-s1", text="A."),
        ...                               Sentence(id="en-p1-s2", text="B."))),))
        >>> unit_text(doc, ["en-p1-s1", "en-p1-s2"])
        'A.  B.'
    """
    where = _units_of(doc)
    texts = {p.id: p.text for p in doc.paragraphs}
    joiner = "" if is_chinese(doc.lang) else " "
    pieces: list[str] = []
    previous: tuple[str, int, int, int] | None = None
    for ident in ids:
        if ident not in where:
            msg = f"{ident!r} is not a unit of the {doc.lang} document"
            raise ModelError(msg)
        paragraph_id, start, end, order = where[ident]
        if previous is not None:
            same = previous[0] == paragraph_id and previous[2] <= start and previous[3] < order
            pieces.append(texts[paragraph_id][previous[2]:start] if same else joiner)
        pieces.append(texts[paragraph_id][start:end])
        previous = (paragraph_id, start, end, order)
    return "".join(pieces)


@attrs.frozen
class AlignedUnit:
    """One two-sided link of one article with both texts: a translation-memory entry.

    Attributes:
        pair: The article pair the link belongs to.
        level: ``"paragraph"`` or ``"sentence"``.
        link: The link.
        source_text: The linked source units' text.
        target_text: The linked translation units' text.
    """

    pair: ArticlePair
    level: str
    link: Link
    source_text: str
    target_text: str

    @property
    def created(self) -> dt.datetime | None:
        """When the pair was first recorded (its oldest revision), if known."""
        return self.pair.revisions[0].when if self.pair.revisions else None

    @property
    def changed(self) -> dt.datetime | None:
        """When the pair last changed (its newest revision), if known."""
        return self.pair.revisions[-1].when if self.pair.revisions else None


def aligned_units(pairs: Iterable[ArticlePair], link_filter: LinkFilter = KEEP_ALL, *,
                  levels: Sequence[str] = ("sentence",),
                  two_sided: bool = True) -> Iterator[AlignedUnit]:
    """Every link of *pairs* at *levels* that passes *link_filter*, with its texts.

    One-sided links (1-0, 0-1) are skipped unless *two_sided* is False, and then carry
    an empty text on their empty side.

    Example:
        >>> list(aligned_units([]))
        []
    """
    for pair in pairs:
        if pair.source is None or pair.translation is None or not link_filter.accepts_pair(pair):
            continue
        for level in levels:
            links = (pair.alignment.paragraph_links if level == "paragraph"
                     else pair.alignment.sentence_links)
            for link in links:
                if two_sided and not (link.source and link.target):
                    continue
                if not link_filter.accepts_link(link):
                    continue
                yield AlignedUnit(pair=pair, level=level, link=link,
                                  source_text=unit_text(pair.source, link.source),
                                  target_text=unit_text(pair.translation, link.target))


@attrs.frozen
class ImportResult:
    """What an import did.

    Attributes:
        pairs: Every pair given, in the same order, updated where the file applied.
        changed: Ids of the pairs that changed.
        skipped: One line per unit of the file that could not be applied, with the reason.
    """

    pairs: tuple[ArticlePair, ...]
    changed: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


def load_xml(data: bytes | str | os.PathLike[str], label: str | None, *,
             allow_doctype: bool) -> tuple[etree._Element, str]:
    """Parse an interchange file (bytes or a path) safely; its root and a label for messages.

    Example:
        >>> load_xml(b"<tmx/>", None, allow_doctype=True)[0].tag
        'tmx'
    """
    if isinstance(data, bytes):
        label = label or "<data>"
        tree = parse_xml(data, label=label, allow_doctype=allow_doctype)
    else:
        label = label or os.fspath(data)
        tree = parse_xml(Path(data), label=label, allow_doctype=allow_doctype)
    return tree.getroot(), label


def tei_files(path: str | os.PathLike[str]) -> list[Path]:
    """The TEI files of an archive folder, or ``[path]`` for a file.

    An archive's files are named ``<article id>.tei.xml`` (as ``transmgmt ingest`` writes
    them), searched in subfolders too and sorted; other XML files, such as a TMX or XCES
    export kept beside the archive, are not TEI files and are left alone.

    Raises:
        InterchangeError: If *path* does not exist or the folder holds no TEI file.

    Example:
        >>> tei_files("no/such/folder")
        Traceback (most recent call last):
        ...
        transmgmt.errors.InterchangeError: no such file or folder: no/such/folder
    """
    try:
        files = find_files([path], "*.tei.xml")
    except FileNotFoundError as exc:
        raise InterchangeError(str(exc)) from None
    if not files:
        msg = f"no .tei.xml files in {path}"
        raise InterchangeError(msg)
    return files


def read_archive(path: str | os.PathLike[str]) -> list[tuple[Path, ArticlePair]]:
    """Read every TEI file of an archive folder (or one file), in file-name order.

    Raises:
        InterchangeError: If the path is missing or empty.
        TEIParseError: If a file is not a transmgmt TEI document.

    Example:
        >>> import pathlib, tempfile
        >>> read_archive(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        transmgmt.errors.InterchangeError: no .tei.xml files in ...
    """
    return [(file, read_tei(file)) for file in tei_files(path)]


def pairs_of(pairs: Iterable[ArticlePair] | str | os.PathLike[str]) -> list[ArticlePair]:
    """*pairs* as a list, reading them from the archive when given a path.

    Example:
        >>> pairs_of([])
        []
    """
    if isinstance(pairs, (str, os.PathLike)):
        return [pair for _, pair in read_archive(pairs)]
    return list(pairs)


# -- applying imported links ----------------------------------------------------------


def _in_order(links: Sequence[Link], source_order: dict[str, int],
              target_order: dict[str, int]) -> bool:
    """Whether *links* advance through both documents (no unit goes back)."""
    last_source = last_target = -1
    for link in links:
        for ident in link.source:
            if source_order[ident] <= last_source:
                return False
            last_source = source_order[ident]
        for ident in link.target:
            if target_order[ident] <= last_target:
                return False
            last_target = target_order[ident]
    return True


def _merge_links(pair: ArticlePair, level: str, new: Sequence[Link]) -> tuple[Link, ...]:
    """*pair*'s links at *level* with *new* links replacing those that share a unit.

    Links are ordered by their first source unit; a 0-1 link stays after the link that
    holds the translation unit before it.
    """
    assert pair.source is not None  # only pairs with both documents have links
    assert pair.translation is not None
    old = pair.alignment.paragraph_links if level == "paragraph" else pair.alignment.sentence_links
    taken = {i for link in new for i in (*link.source, *link.target)}
    links = [link for link in old if not taken & {*link.source, *link.target}] + list(new)

    def units(doc: Document) -> list[str]:
        if level == "paragraph":
            return [p.id for p in doc.paragraphs]
        return [s.id for s in doc.sentences]

    source_order = {ident: n for n, ident in enumerate(units(pair.source))}
    target_order = {ident: n for n, ident in enumerate(units(pair.translation))}
    if len(links) == len(new) and _in_order(new, source_order, target_order):
        # The file replaces every link and lists them in document order: keep its order,
        # which also decides where a 0-1 link stands beside a 1-0 link (sorting cannot).
        return tuple(new)
    # Where a translation unit sits in source order: the source position of its link.
    target_key: dict[int, float] = {}
    for link in links:
        if link.source:
            for ident in link.target:
                target_key[target_order[ident]] = source_order[link.source[0]]

    def key(link: Link) -> float:
        if link.source:
            return source_order[link.source[0]]
        position = target_order[link.target[0]]
        before = [target_key[t] for t in range(position) if t in target_key]
        return (max(before) if before else -1) + 0.5

    return tuple(sorted(links, key=key))


def _apply(pair: ArticlePair, found: dict[str, list[Link]], *, when: dt.datetime, who: str,
           what: str) -> ArticlePair:
    alignment = pair.alignment
    for level, links in found.items():
        merged = _merge_links(pair, level, links)
        if level == "paragraph":
            alignment = attrs.evolve(alignment, paragraph_links=merged)
        else:
            alignment = attrs.evolve(alignment, sentence_links=merged)
    if set(alignment.paragraph_links) == set(pair.alignment.paragraph_links) and set(
            alignment.sentence_links) == set(pair.alignment.sentence_links):
        return pair  # nothing new: keep the pair (and its link order) as it was
    count = sum(len(v) for v in found.values())
    revision = Revision(when=when, who=who, kind="aligned",
                        note=f"{count} link{'s' * (count != 1)} imported from {what}")
    return pair.evolve(alignment=alignment, revisions=(*pair.revisions, revision))


def apply_links(pairs: Sequence[ArticlePair], found: dict[str, dict[str, list[Link]]],
                skipped: list[str], *, when: dt.datetime | None, who: str, what: str,
                label: str) -> ImportResult:
    """Apply the links read from a file (by article id and level) to *pairs*.

    Shared by the TMX and XCES importers; a pair whose links do not make a valid
    alignment is left as it was and reported in *skipped*.
    """
    moment = when or dt.datetime.now(dt.timezone.utc)
    updated, changed = [], []
    for pair in pairs:
        new = pair
        if pair.id in found:
            try:
                new = _apply(pair, found[pair.id], when=moment, who=who, what=what)
            except ModelError as exc:  # e.g. two imported links sharing a unit
                skipped.append(f"{label}: article {pair.id}: {exc}")
        updated.append(new)
        if new is not pair:
            changed.append(pair.id)
    return ImportResult(pairs=tuple(updated), changed=tuple(changed), skipped=tuple(skipped))

"""XLIFF 2.1 export of one article for translators, and import of the translated file.

The mapping (``docs/interchange.md`` has it as a table):

- one ``file`` per article (``@id`` the article id, ``@original`` its TEI file), with
  ``xml:space="preserve"`` since sentence text is kept exactly; ``mda:metadata`` records
  the article id, the digest of the source text and the pair's status; ``notes`` hold
  the published disclaimer (category ``disclaimer``) and who is authoritative
  (category ``authority``);
- a ``unit id="title"`` for the title, then one ``unit`` per source paragraph (``@id``
  the paragraph id);
- in a unit, one ``segment`` per sentence link whose first source sentence is in that
  paragraph (``@id`` the link id; a 1-2 link is one segment whose target holds both
  English sentences), one per unlinked source sentence (no target), and the text
  between sentences as ``ignorable``. A paragraph that is not segmented, or has no
  sentence links, is one segment for its paragraph link;
- ``@state``: no target → ``initial``; the pair is approved → ``final``; the pair is
  reviewed or the link was set by an editor (``manual``) → ``reviewed``; otherwise
  (an automatic link) → ``translated``. An outdated pair's segments carry
  ``subState="transmgmt:outdated"``.

Import compares the file with what the archive would export now. Unchanged targets
change nothing, except that a segment marked ``reviewed``/``final`` makes its automatic
link ``manual``. Changed targets make a new translation revision: the English follows
the units (one paragraph per unit, one sentence per segment target, linked to the
segment's source units by ``manual`` links), ``translated_from`` becomes the current
source digest and a revision ``translation-updated`` is recorded. English sentences
with no source (0-1 links) are not in the file and so not in a re-translation.

Example:
    >>> from transmgmt.model import *
    >>> zh = Document(lang="zh-Hans", title="标题",
    ...               paragraphs=(Paragraph(id="zh-p1", text="你好。"),))
    >>> pair = ArticlePair(id="a1", source=zh)
    >>> root = xliff_tree(pair).getroot()
    >>> for segment, text in zip(root.iter(f"{{{XLIFF_NS}}}segment"), ["Title", "Hello."]):
    ...     etree.SubElement(segment, f"{{{XLIFF_NS}}}target").text = text
    >>> data = etree.tostring(root)
    >>> new = import_xliff(data, [pair]).pairs[0]
    >>> new.translation.paragraphs[0].text, new.status, new.revisions[-1].kind
    ('Hello.', 'current', 'translation-updated')
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

import attrs
from lxml import etree

from transmgmt._fs import atomic_write_bytes
from transmgmt._xml import XML_LANG, XML_NS
from transmgmt.errors import InterchangeError, ModelError
from transmgmt.interchange._units import ImportResult, load_xml, pairs_of, unit_text
from transmgmt.lang import is_chinese, language_name, primary_subtag
from transmgmt.model import (
    APPROVED,
    OUTDATED,
    REVIEWED,
    Alignment,
    ArticlePair,
    Document,
    Link,
    Paragraph,
    Revision,
    Sentence,
)

__all__ = ["XLIFF_NS", "import_xliff", "write_xliff", "xliff_bytes", "xliff_tree"]

#: The XLIFF 2.x core namespace (2.1 keeps 2.0's).
XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
#: The XLIFF 2 metadata module namespace.
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
TITLE_UNIT = "title"
_XML_SPACE = f"{{{XML_NS}}}space"
_STATES = ("initial", "translated", "reviewed", "final")


def _x(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def _m(tag: str) -> str:
    return f"{{{MDA_NS}}}{tag}"


@attrs.frozen
class _Segment:
    id: str
    source_ids: tuple[str, ...]  # () for the title
    source: str
    target: str | None
    state: str
    link: Link | None = None
    level: str = "sentence"  # or "paragraph", "title"


@attrs.frozen
class _Unit:
    id: str
    items: tuple[_Segment | str, ...]  # a str is an ignorable (text between segments)


def _state(pair: ArticlePair, link: Link | None, has_target: bool) -> str:
    if not has_target:
        return "initial"
    if pair.status == APPROVED:
        return "final"
    if pair.status == REVIEWED or (link is not None and link.status == "manual"):
        return "reviewed"
    return "translated"


def _plan(pair: ArticlePair) -> list[_Unit]:
    """The units and segments of *pair*, as export writes them and import compares them."""
    source, translation = pair.source, pair.translation
    if source is None:
        msg = f"article {pair.id}: the source is pending, there is nothing to translate from"
        raise InterchangeError(msg)
    if any(p.id == TITLE_UNIT for p in source.paragraphs):
        msg = f"article {pair.id}: a paragraph id {TITLE_UNIT!r} clashes with the title unit"
        raise InterchangeError(msg)

    def target_of(link: Link | None) -> str | None:
        if link is None or not link.target or translation is None:
            return None
        return unit_text(translation, link.target)

    title_target = translation.title if translation is not None else None
    units = [_Unit(TITLE_UNIT, (_Segment(TITLE_UNIT, (), source.title, title_target,
                                         _state(pair, None, title_target is not None),
                                         level="title"),))]
    sentence_link = {i: link for link in pair.alignment.sentence_links for i in link.source}
    paragraph_link = {i: link for link in pair.alignment.paragraph_links for i in link.source}

    def by_sentence(paragraph: Paragraph) -> bool:
        # Sentences are the segments when the aligner linked some of them, or when no
        # paragraph link holds a translation that sentence segments would leave out.
        linked = paragraph_link.get(paragraph.id)
        return bool(paragraph.sentences) and (
            any(s.id in sentence_link for s in paragraph.sentences)
            or linked is None or not linked.target)

    # A paragraph segment holds its own paragraph; a link over several paragraphs puts
    # its translation on the first of them that is segmented by paragraph.
    route = {p.id: by_sentence(p) for p in source.paragraphs}
    carrier: dict[str, Link] = {}
    for bead in pair.alignment.paragraph_links:
        first = next((i for i in bead.source if not route[i]), None)
        if first is not None:
            carrier[first] = bead
    placed: set[str] = set()
    for paragraph in source.paragraphs:
        items: list[_Segment | str] = []
        if route[paragraph.id]:
            gaps = paragraph.gaps()
            for index, sentence in enumerate(paragraph.sentences):
                if sentence.id in placed:
                    continue
                link: Link | None = sentence_link.get(sentence.id)
                ids = link.source if link is not None else (sentence.id,)
                placed.update(ids)
                if gaps[index]:
                    items.append(gaps[index])
                target = target_of(link)
                items.append(_Segment(link.id if link else f"l-{sentence.id}", ids,
                                      unit_text(source, ids), target,
                                      _state(pair, link, target is not None), link))
            if gaps[-1]:
                items.append(gaps[-1])
        else:
            link = carrier.get(paragraph.id)
            target = target_of(link)
            items.append(_Segment(f"l-{paragraph.id}", (paragraph.id,), paragraph.text, target,
                                  _state(pair, link, target is not None), link, "paragraph"))
        if any(isinstance(item, _Segment) for item in items):
            units.append(_Unit(paragraph.id, tuple(items)))
    return units


def _target_lang(pair: ArticlePair) -> str:
    if pair.translation is not None:
        return pair.translation.lang
    return pair.disclaimer.reference_lang if pair.disclaimer is not None else "en"


def xliff_tree(pair: ArticlePair) -> etree._ElementTree:
    """Build the XLIFF 2.1 document of *pair* for translation into English.

    Raises:
        InterchangeError: If the source is pending (nothing to translate from).

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> zh = Document(lang="zh-Hans", title="标题",
        ...               paragraphs=(Paragraph(id="zh-p1", text="你好。"),))
        >>> root = xliff_tree(ArticlePair(id="a1", source=zh)).getroot()
        >>> root.get("srcLang"), root.get("trgLang"), root.get("version")
        ('zh-Hans', 'en', '2.1')
    """
    units = _plan(pair)
    assert pair.source is not None  # _plan refuses a pending source
    nsmap: dict[str | None, str] = {None: XLIFF_NS, "mda": MDA_NS}
    root = etree.Element(_x("xliff"), version="2.1", srcLang=pair.source.lang,
                         trgLang=_target_lang(pair),
                         nsmap=nsmap)  # type: ignore[arg-type]  # stubs refuse the None key
    file = etree.SubElement(root, _x("file"), id=pair.id, original=f"{pair.id}.tei.xml")
    # Sentence text is kept exactly (double spaces, line breaks); tell tools not to fold it.
    file.set(_XML_SPACE, "preserve")
    group = etree.SubElement(etree.SubElement(file, _m("metadata")), _m("metaGroup"),
                             category="transmgmt")
    for kind, value in (("article-id", pair.id), ("source-digest", pair.source.digest),
                        ("status", pair.status)):
        etree.SubElement(group, _m("meta"), type=kind).text = value
    notes = etree.SubElement(file, _x("notes"))
    if pair.disclaimer is not None:
        note = etree.SubElement(notes, _x("note"), id="disclaimer", category="disclaimer")
        note.set(XML_LANG, pair.disclaimer.lang)
        note.text = pair.disclaimer.text
    target_lang = _target_lang(pair)
    authority = etree.SubElement(notes, _x("note"), id="authority", category="authority")
    authority.text = (f"The {language_name(pair.source.lang)} version is authoritative; the "
                      f"{language_name(target_lang)} translation is for reference only.")
    if pair.status == OUTDATED:
        outdated = etree.SubElement(notes, _x("note"), id="outdated", category="status",
                                    priority="1")
        outdated.text = ("The source changed after the translation was made: every target "
                         "needs checking.")
    for unit in units:
        unit_el = etree.SubElement(file, _x("unit"), id=unit.id)
        for item in unit.items:
            if isinstance(item, str):
                ignorable = etree.SubElement(unit_el, _x("ignorable"))
                etree.SubElement(ignorable, _x("source")).text = item
                continue
            segment = etree.SubElement(unit_el, _x("segment"), id=item.id, state=item.state)
            if pair.status == OUTDATED and item.target is not None:
                segment.set("subState", "transmgmt:outdated")
            etree.SubElement(segment, _x("source")).text = item.source
            if item.target is not None:
                etree.SubElement(segment, _x("target")).text = item.target
    etree.indent(root, space="  ")
    return etree.ElementTree(root)


def xliff_bytes(pair: ArticlePair) -> bytes:
    """Serialise :func:`xliff_tree` as UTF-8.

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> zh = Document(lang="zh-Hans", title="标题",
        ...               paragraphs=(Paragraph(id="zh-p1", text="你好。"),))
        >>> b'<unit id="zh-p1">' in xliff_bytes(ArticlePair(id="a1", source=zh))
        True
    """
    return etree.tostring(xliff_tree(pair), xml_declaration=True, encoding="UTF-8") + b"\n"


def write_xliff(pair: ArticlePair, path: str | os.PathLike[str]) -> Path:
    """Write :func:`xliff_bytes` of *pair* to *path* atomically.

    Example:
        >>> import pathlib, tempfile
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> zh = Document(lang="zh-Hans", title="标题",
        ...               paragraphs=(Paragraph(id="zh-p1", text="你好。"),))
        >>> write_xliff(ArticlePair(id="a1", source=zh),
        ...             pathlib.Path(tempfile.mkdtemp()) / "a1.xlf").name
        'a1.xlf'
    """
    return atomic_write_bytes(path, xliff_bytes(pair))


# --- import -------------------------------------------------------------------------


def _plain(element: etree._Element | None, what: str) -> str | None:
    if element is None:
        return None
    if len(element):
        msg = f"{what} holds inline markup, which transmgmt does not keep"
        raise InterchangeError(msg)
    return element.text or ""


def _read_units(file: etree._Element) -> list[tuple[str, list[tuple[str, str, str | None, str]]]]:
    """``(unit id, [(segment id, source, target, state)])`` as the file has them."""
    units = []
    for unit in file.iterfind(_x("unit")):
        segments = []
        for segment in unit.iterfind(_x("segment")):
            where = f"unit {unit.get('id')} segment {segment.get('id')}"
            source = _plain(segment.find(_x("source")), f"{where} source") or ""
            target = _plain(segment.find(_x("target")), f"{where} target")
            state = segment.get("state", "initial")
            if state not in _STATES:
                msg = f"{where}: unknown state {state!r}"
                raise InterchangeError(msg)
            segments.append((segment.get("id", ""), source, target or None, state))
        units.append((unit.get("id", ""), segments))
    return units


def _new_translation(pair: ArticlePair, plan: list[_Unit],
                     read: dict[str, tuple[str | None, str]], lang: str, *,
                     when: dt.datetime, who: str) -> ArticlePair:
    """A new translation revision following the units of the file."""
    assert pair.source is not None  # the plan exists only for pairs with a source
    old = pair.translation
    prefix = primary_subtag(lang)
    joiner = "" if is_chinese(lang) else " "
    title = read[TITLE_UNIT][0] or (old.title if old is not None else None)
    if title is None:
        msg = f"article {pair.id}: the title has no translation"
        raise InterchangeError(msg)
    paragraphs: list[Paragraph] = []
    paragraph_links: list[Link] = []
    sentence_links: list[Link] = []
    linked_paragraphs: set[str] = set()
    for unit in plan[1:]:
        segments = [s for s in unit.items if isinstance(s, _Segment)]
        targets = [(s, (read[s.id][0] or "").strip()) for s in segments]
        targets = [(s, t) for s, t in targets if t]
        if not targets:
            continue
        pid = f"{prefix}-p{len(paragraphs) + 1}"
        text = joiner.join(t for _, t in targets)
        if all(s.level == "sentence" for s, _ in targets):
            sentences = [Sentence(id=f"{pid}-s{n}", text=t) for n, (_, t) in enumerate(targets, 1)]
            sentence_links += [Link(s.source_ids, (sentence.id,), status="manual")
                               for (s, _), sentence in zip(targets, sentences, strict=True)]
            paragraphs.append(Paragraph(id=pid, text=text, sentences=tuple(sentences)))
        else:
            paragraphs.append(Paragraph(id=pid, text=text))
        sources = tuple(dict.fromkeys(
            i for s, _ in targets for i in ((unit.id,) if s.level == "sentence" else s.source_ids)
            if i not in linked_paragraphs))  # a paragraph link over several units came first
        linked_paragraphs.update(sources)
        paragraph_links.append(Link(sources, (pid,), status="manual"))
    if not paragraphs:
        msg = f"article {pair.id}: no segment has a translation"
        raise InterchangeError(msg)
    translation = Document(lang=lang, title=title, paragraphs=tuple(paragraphs))
    if old is not None:  # the page it was published on is still the same page
        translation = attrs.evolve(translation, url=old.url, publisher=old.publisher,
                                   published=old.published, retrieved=old.retrieved,
                                   event_date=old.event_date)
    revision = Revision(when=when, who=who, kind="translation-updated", status="current",
                        note="translation imported from XLIFF", source_digest=pair.source.digest)
    return pair.evolve(translation=translation, translated_from=pair.source.digest,
        alignment=Alignment(paragraph_links=tuple(paragraph_links),
                            sentence_links=tuple(sentence_links)),
        revisions=(*pair.revisions, revision))


def _confirm_links(pair: ArticlePair, plan: list[_Unit], read: dict[str, tuple[str | None, str]],
                   *, when: dt.datetime, who: str) -> ArticlePair:
    """Unchanged targets: a segment a reviewer raised to reviewed/final makes its link manual.

    Only a state that differs from the exported one counts, so that an approved pair
    (all ``final``) reads back unchanged.
    """
    confirmed = {s.link for u in plan for s in u.items
                 if isinstance(s, _Segment) and s.link is not None and s.link.status == "auto"
                 and read[s.id][1] in ("reviewed", "final") and read[s.id][1] != s.state}
    if not confirmed:
        return pair

    def manual(links: tuple[Link, ...]) -> tuple[Link, ...]:
        return tuple(attrs.evolve(link, status="manual") if link in confirmed else link
                     for link in links)

    alignment = attrs.evolve(pair.alignment, paragraph_links=manual(pair.alignment.paragraph_links),
                             sentence_links=manual(pair.alignment.sentence_links))
    revision = Revision(when=when, who=who, kind="aligned",
                        note=f"{len(confirmed)} link(s) confirmed in XLIFF")
    return pair.evolve(alignment=alignment, revisions=(*pair.revisions, revision))


def _import_file(file: etree._Element, pair: ArticlePair, lang: str | None, *,
                 when: dt.datetime, who: str) -> ArticlePair:
    plan = _plan(pair)
    assert pair.source is not None  # _plan refuses a pending source
    meta = f"{_m('metadata')}/{_m('metaGroup')}/{_m('meta')}[@type='source-digest']"
    digest = file.findtext(meta)
    if digest is not None and digest != pair.source.digest:
        msg = f"article {pair.id}: the source changed since this file was exported"
        raise InterchangeError(msg)
    units = _read_units(file)
    expected = [(u.id, [(s.id, s.source) for s in u.items if isinstance(s, _Segment)])
                for u in plan]
    if [(u, [(s, src) for s, src, _, _ in segs]) for u, segs in units] != expected:
        msg = (f"article {pair.id}: units, segments or source texts differ from the archive's "
               "(was the file re-segmented, or exported from another source version?)")
        raise InterchangeError(msg)
    read = {s: (target, state) for _, segs in units for s, _, target, state in segs}
    if lang is None or (pair.translation is not None and lang != pair.translation.lang):
        msg = f"article {pair.id}: trgLang {lang!r} is not the translation's language"
        raise InterchangeError(msg)
    changed = any(read[s.id][0] != s.target for u in plan for s in u.items
                  if isinstance(s, _Segment))
    if changed:
        return _new_translation(pair, plan, read, lang, when=when, who=who)
    return _confirm_links(pair, plan, read, when=when, who=who)


def import_xliff(data: bytes | str | os.PathLike[str],
                 pairs: Iterable[ArticlePair] | str | os.PathLike[str], *,
                 when: dt.datetime | None = None, who: str = "transmgmt",
                 label: str | None = None) -> ImportResult:
    """Apply a translated XLIFF 2.x file to the matching *pairs* (one ``file`` each).

    See the module docstring for what changes. A ``file`` whose article is unknown, or
    whose source no longer matches the archive, is skipped and reported. *pairs* may be
    the archive's folder (or one TEI file) instead of the pairs.

    Raises:
        TEIParseError: Malformed or hostile XML.
        InterchangeError: The document is not XLIFF 2.

    Example:
        >>> import_xliff(b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        ...              b'version="2.1" srcLang="zh"/>', []).pairs
        ()
    """
    root, label = load_xml(data, label, allow_doctype=False)
    if root.tag != _x("xliff") or not root.get("version", "").startswith("2."):
        msg = f"not an XLIFF 2 document (root {root.tag}, version {root.get('version')})"
        raise InterchangeError(msg, source=label)
    pairs = pairs_of(pairs)
    by_id = {pair.id: pair for pair in pairs}
    moment = when or dt.datetime.now(dt.timezone.utc)
    updates: dict[str, ArticlePair] = {}
    skipped: list[str] = []
    for file in root.iterfind(_x("file")):
        article = file.get("id", "")
        if article not in by_id:
            skipped.append(f"{label}:{file.sourceline}: unknown article {article!r}")
            continue
        try:
            updates[article] = _import_file(file, by_id[article], root.get("trgLang"),
                                            when=moment, who=who)
        except (InterchangeError, ModelError) as exc:
            skipped.append(f"{label}:{file.sourceline}: {exc}")
    result = [updates.get(pair.id, pair) for pair in pairs]
    changed = tuple(new.id for old, new in zip(pairs, result, strict=True) if new is not old)
    return ImportResult(pairs=tuple(result), changed=changed, skipped=tuple(skipped))

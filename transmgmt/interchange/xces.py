"""XCES ``cesAlign`` alignment files, as OPUS and InterText read them.

One ``linkGrp`` per article and level points into the article's TEI file (both texts
live in it, with unique ids); each ``link`` has ``xtargets="source ids;target ids"``,
where one side may be empty (a 1-0 or 0-1 link), plus the link's ``id``, ``type``,
``certainty`` (the score, OPUS's name for it) and ``status`` (``auto``/``manual``).

Example:
    >>> from transmgmt.model import *
    >>> zh = Document(lang="zh-Hans", title="标题",
    ...               paragraphs=(Paragraph(id="zh-p1", text="你好。"),))
    >>> en = Document(lang="en", title="Title",
    ...               paragraphs=(Paragraph(id="en-p1", text="Hello."),))
    >>> pair = ArticlePair(id="a1", source=zh, translation=en,
    ...     alignment=Alignment(paragraph_links=(Link(("zh-p1",), ("en-p1",), 0.9),)))
    >>> print(xces_bytes([pair], levels=("paragraph",)).decode().splitlines()[3])
        <link id="l-zh-p1" xtargets="zh-p1;en-p1" type="1-1" certainty="0.9" status="auto"/>
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from lxml import etree

from transmgmt._fs import atomic_write_bytes
from transmgmt.errors import InterchangeError, ModelError
from transmgmt.interchange._units import (
    KEEP_ALL,
    LEVELS,
    ImportResult,
    LinkFilter,
    aligned_units,
    apply_links,
    load_xml,
    pairs_of,
)
from transmgmt.model import ArticlePair, Document, Link

__all__ = ["import_xces", "write_xces", "xces_bytes", "xces_tree"]

_TARG_TYPES = {"sentence": "s", "paragraph": "p"}
_LEVEL_OF = {code: level for level, code in _TARG_TYPES.items()}
_TEI_SUFFIX = ".tei.xml"


def _tei_name(article_id: str) -> str:
    return f"{article_id}{_TEI_SUFFIX}"


def xces_tree(pairs: Iterable[ArticlePair], link_filter: LinkFilter = KEEP_ALL, *,
              levels: Sequence[str] = ("sentence",),
              file_name: Callable[[str], str] = _tei_name) -> etree._ElementTree:
    """Build a ``cesAlign`` document for the links of *pairs*.

    Args:
        link_filter: Which links to keep.
        levels: ``"sentence"``, ``"paragraph"`` or both (one ``linkGrp`` each).
        file_name: The TEI file name of an article id (``fromDoc``/``toDoc``).

    Example:
        >>> xces_tree([]).getroot().tag
        'cesAlign'
    """
    root = etree.Element("cesAlign", version="1.0")
    for pair in pairs:
        for level in (lv for lv in LEVELS if lv in levels):
            units = list(aligned_units([pair], link_filter, levels=[level], two_sided=False))
            if not units:
                continue
            group = etree.SubElement(root, "linkGrp", targType=_TARG_TYPES[level],
                                     fromDoc=file_name(pair.id), toDoc=file_name(pair.id))
            for unit in units:
                link = unit.link
                attributes = {"id": link.id,
                              "xtargets": f"{' '.join(link.source)};{' '.join(link.target)}",
                              "type": link.type}
                if link.score is not None:
                    attributes["certainty"] = repr(link.score)
                attributes["status"] = link.status
                etree.SubElement(group, "link", attributes)
    etree.indent(root, space="  ")
    return etree.ElementTree(root)


def xces_bytes(pairs: Iterable[ArticlePair], link_filter: LinkFilter = KEEP_ALL, *,
               levels: Sequence[str] = ("sentence",)) -> bytes:
    """Serialise :func:`xces_tree` as UTF-8.

    Example:
        >>> xces_bytes([])
        b'<?xml version=\\'1.0\\' encoding=\\'UTF-8\\'?>\\n<cesAlign version="1.0"/>\\n'
    """
    return etree.tostring(xces_tree(pairs, link_filter, levels=levels), xml_declaration=True,
                          encoding="UTF-8") + b"\n"


def write_xces(pairs: Iterable[ArticlePair], path: str | os.PathLike[str],
               link_filter: LinkFilter = KEEP_ALL, *,
               levels: Sequence[str] = ("sentence",)) -> Path:
    """Write :func:`xces_bytes` to *path* atomically.

    Example:
        >>> import pathlib, tempfile
        >>> write_xces([], pathlib.Path(tempfile.mkdtemp()) / "a.xml").name
        'a.xml'
    """
    return atomic_write_bytes(path, xces_bytes(pairs, link_filter, levels=levels))


def _article_of(group: etree._Element) -> str:
    """The article id a ``linkGrp`` points into (its ``fromDoc``, ``<id>.tei.xml``)."""
    from_doc, to_doc = group.get("fromDoc"), group.get("toDoc")
    if not from_doc:
        msg = "linkGrp without fromDoc"
        raise InterchangeError(msg)
    if to_doc not in (None, from_doc):
        # OPUS-style files align two documents; transmgmt keeps both texts in one file.
        msg = (f"fromDoc {from_doc!r} and toDoc {to_doc!r} differ: transmgmt reads "
               "alignments inside one TEI file")
        raise InterchangeError(msg)
    name = from_doc.replace("\\", "/").rsplit("/", 1)[-1]
    return name[: -len(_TEI_SUFFIX)] if name.endswith(_TEI_SUFFIX) else name


def _unit_ids(doc: Document | None, level: str) -> set[str]:
    """The ids of *doc*'s paragraphs or sentences (none without a document)."""
    if doc is None:
        return set()
    units = doc.paragraphs if level == "paragraph" else doc.sentences
    return {unit.id for unit in units}


def _read_xces_link(element: etree._Element, pair: ArticlePair, level: str,
                    known: tuple[set[str], set[str]]) -> Link:
    """The link an XCES ``link`` describes in *pair*; InterchangeError/ModelError say why not.

    *known* holds the ids of the source and translation units at *level* (computed once
    per ``linkGrp``, not per link).
    """
    source, translation = pair.source, pair.translation
    if source is None or translation is None:
        msg = "the pair has no source or no translation to align"
        raise InterchangeError(msg)
    xtargets = element.get("xtargets")
    if xtargets is None or xtargets.count(";") != 1:
        msg = f"xtargets {xtargets!r} is not 'source ids;target ids'"
        raise InterchangeError(msg)
    source_ids, target_ids = (tuple(side.split()) for side in xtargets.split(";"))
    for ids, unit_ids, doc in ((source_ids, known[0], source),
                               (target_ids, known[1], translation)):
        unknown = [i for i in ids if i not in unit_ids]
        if unknown:
            msg = f"{unknown[0]!r} is not a {level} of the {doc.lang} document"
            raise InterchangeError(msg)
    certainty = element.get("certainty")
    try:
        score = float(certainty) if certainty is not None else None
    except ValueError:
        msg = f"certainty is not a number: {certainty!r}"
        raise InterchangeError(msg) from None
    status = element.get("status", "auto")
    # Any string: Link's validator rejects what is not a LinkStatus.
    link = Link(source=source_ids, target=target_ids, score=score,
                status=status)  # type: ignore[arg-type]
    if element.get("type") not in (None, link.type):
        msg = f"type {element.get('type')} does not match the units ({link.type})"
        raise InterchangeError(msg)
    if element.get("id") not in (None, link.id):
        msg = f"id {element.get('id')} does not name the link of its units ({link.id})"
        raise InterchangeError(msg)
    return link


def import_xces(data: bytes | str | os.PathLike[str],
                pairs: Iterable[ArticlePair] | str | os.PathLike[str], *,
                when: dt.datetime | None = None, who: str = "transmgmt",
                label: str | None = None) -> ImportResult:
    """Apply the links of a ``cesAlign`` file (as :func:`xces_bytes` writes) to *pairs*.

    Each ``linkGrp`` names its article by ``fromDoc`` (``<id>.tei.xml``) and its level by
    ``targType`` (``s`` or ``p``); each ``link`` replaces the pair's links that share a
    unit with it. XCES carries ids, not text, so an edit of a unit's text since the export
    cannot be noticed (use TMX for that); unknown articles or units, a wrong ``type`` or
    ``id``, or links that do not make a valid alignment are skipped and reported, and the
    rest still applies. A pair that changed gets a revision of kind ``aligned``.

    Args:
        data: The XCES document (bytes) or its path.
        pairs: The archive's pairs, or its folder (or one TEI file) to read them from.
        when: Time of the recorded revision (default: now).
        who: Who made the change, for the revision.

    Raises:
        TEIParseError: Malformed or hostile XML (a DTD subset is refused; an external DTD
            such as OPUS's ``cesAlign`` doctype is never loaded).
        InterchangeError: The document is not a ``cesAlign`` file.

    Example:
        >>> import_xces(xces_bytes([]), []).pairs
        ()
    """
    root, label = load_xml(data, label, allow_doctype=True)
    if root.tag != "cesAlign":
        msg = f"not an XCES alignment (root <{root.tag}>, expected <cesAlign>)"
        raise InterchangeError(msg, source=label)
    pairs = pairs_of(pairs)
    by_id = {pair.id: pair for pair in pairs}
    found: dict[str, dict[str, list[Link]]] = {}
    skipped: list[str] = []
    for group in root.iterfind("linkGrp"):
        where = f"{label}:{group.sourceline} linkGrp"
        try:
            article = _article_of(group)
        except InterchangeError as exc:
            skipped.append(f"{where}: {exc}")
            continue
        level = _LEVEL_OF.get(group.get("targType", "s"))
        if article not in by_id or level is None:
            reason = (f"unknown article {article!r}" if article not in by_id
                      else f"targType {group.get('targType')!r} is neither s nor p")
            skipped.append(f"{where}: {reason}")
            continue
        pair = by_id[article]
        known = (_unit_ids(pair.source, level), _unit_ids(pair.translation, level))
        for element in group.iterfind("link"):
            try:
                link = _read_xces_link(element, pair, level, known)
            except (InterchangeError, ModelError) as exc:
                skipped.append(f"{label}:{element.sourceline} link "
                               f"{element.get('id', '?')}: {exc}")
                continue
            found.setdefault(article, {}).setdefault(level, []).append(link)
    return apply_links(pairs, found, skipped, when=when, who=who, what="XCES", label=label)

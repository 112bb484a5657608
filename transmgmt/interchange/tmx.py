"""TMX 1.4b export and import of aligned sentence (and paragraph) pairs.

One ``tu`` per two-sided link, ``srclang`` the authoritative source's language and one
``tuv`` per side. What a translation-memory tool ignores but transmgmt needs to put a
link back is kept in ``prop`` elements (TMX reserves the ``x-`` prefix for them):

========================== ======= ==================================================
prop type                  on      value
========================== ======= ==================================================
``x-transmgmt-article``    ``tu``  the article pair id
``x-transmgmt-type``       ``tu``  the link type, ``1-2``
``x-transmgmt-score``      ``tu``  the score in [0, 1] (absent when unknown)
``x-transmgmt-status``     ``tu``  ``auto`` or ``manual``
``x-transmgmt-units``      ``tuv`` the unit ids of that side, space-separated
========================== ======= ==================================================

``tuid`` is the link's stable id (``l-zh-p1-s1``; unique within an article), ``segtype``
says whether the unit is a ``sentence`` or a ``paragraph`` link, and ``creationdate`` /
``changedate`` are the pair's oldest and newest revision. One-sided links (1-0, 0-1) are
not translation units and are not exported.

Example:
    >>> from transmgmt.model import *
    >>> zh = Document(lang="zh-Hans", title="标题",
    ...               paragraphs=(Paragraph(id="zh-p1", text="你好。"),))
    >>> en = Document(lang="en", title="Title",
    ...               paragraphs=(Paragraph(id="en-p1", text="Hello."),))
    >>> pair = ArticlePair(id="a1", source=zh, translation=en,
    ...     alignment=Alignment(paragraph_links=(Link(("zh-p1",), ("en-p1",), 0.9),)))
    >>> data = tmx_bytes([pair], levels=("paragraph",))
    >>> bare = pair.evolve(alignment=Alignment())
    >>> import_tmx(data, [bare]).pairs[0].alignment == pair.alignment
    True
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree

from transmgmt import __version__
from transmgmt._fs import atomic_write_bytes
from transmgmt._xml import XML_LANG
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
    unit_text,
)
from transmgmt.model import ArticlePair, Link

__all__ = [
    "TMX_DOCTYPE",
    "ImportResult",
    "import_tmx",
    "tmx_bytes",
    "tmx_tree",
    "write_tmx",
]

#: The document type declaration TMX files customarily carry (never loaded on import).
TMX_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
PROP_ARTICLE = "x-transmgmt-article"
PROP_TYPE = "x-transmgmt-type"
PROP_SCORE = "x-transmgmt-score"
PROP_STATUS = "x-transmgmt-status"
PROP_UNITS = "x-transmgmt-units"
_SEGTYPES = {"sentence": "sentence", "paragraph": "paragraph"}


def _tmx_date(value: dt.datetime) -> str:
    # TMX 1.4b dates are ISO 8601 basic format in UTC: YYYYMMDDThhmmssZ.
    return value.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         **attributes: str | None) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()
                                             if v is not None})
    element.text = text
    return element


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    _sub(parent, "prop", value, type=kind)


def tmx_tree(pairs: Iterable[ArticlePair], link_filter: LinkFilter = KEEP_ALL, *,
             levels: Sequence[str] = ("sentence",),
             created: dt.datetime | None = None) -> etree._ElementTree:
    """Build the TMX 1.4b document of the aligned units of *pairs*.

    Args:
        link_filter: Which links to export (score, type, approved pairs only).
        levels: ``"sentence"`` (a sentence memory, the default), ``"paragraph"`` or both.
        created: The header's ``creationdate``; omitted when None, so that the same
            archive always exports to the same bytes.

    Example:
        >>> tmx_tree([]).getroot().find("header").get("segtype")
        'sentence'
    """
    pairs = list(pairs)
    source_langs = sorted({p.source.lang for p in pairs if p.source is not None})
    # "*all*" is TMX's value for a memory whose units have different source languages.
    srclang = source_langs[0] if len(source_langs) == 1 else "*all*" if source_langs else "zh-Hans"
    root = etree.Element("tmx", version="1.4")
    _sub(root, "header", creationtool="transmgmt", creationtoolversion=__version__,
         segtype=_SEGTYPES["sentence" if "sentence" in levels else "paragraph"],
         o_tmf="transmgmt TEI", adminlang="en",
         srclang=srclang,
         datatype="plaintext", creationdate=_tmx_date(created) if created else None)
    body = _sub(root, "body")
    for unit in aligned_units(pairs, link_filter, levels=[lv for lv in LEVELS if lv in levels]):
        source, translation = unit.pair.source, unit.pair.translation
        assert source is not None  # aligned_units yields pairs with both documents
        assert translation is not None
        tu = _sub(body, "tu", tuid=unit.link.id, srclang=source.lang, segtype=_SEGTYPES[unit.level],
                  creationdate=_tmx_date(unit.created) if unit.created else None,
                  changedate=_tmx_date(unit.changed) if unit.changed else None)
        _prop(tu, PROP_ARTICLE, unit.pair.id)
        _prop(tu, PROP_TYPE, unit.link.type)
        if unit.link.score is not None:
            _prop(tu, PROP_SCORE, repr(unit.link.score))
        _prop(tu, PROP_STATUS, unit.link.status)
        for lang, ids, text in ((source.lang, unit.link.source, unit.source_text),
                                (translation.lang, unit.link.target, unit.target_text)):
            tuv = _sub(tu, "tuv")
            tuv.set(XML_LANG, lang)
            _prop(tuv, PROP_UNITS, " ".join(ids))
            _sub(tuv, "seg", text)
    etree.indent(root, space="  ")
    # Indentation must not touch segment text: seg holds no child elements, so only the
    # whitespace around elements changes, never inside a seg.
    return etree.ElementTree(root)


def tmx_bytes(pairs: Iterable[ArticlePair], link_filter: LinkFilter = KEEP_ALL, *,
              levels: Sequence[str] = ("sentence",), created: dt.datetime | None = None) -> bytes:
    """Serialise :func:`tmx_tree` as UTF-8 with the customary TMX doctype.

    Example:
        >>> tmx_bytes([]).splitlines()[1]
        b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
    """
    return etree.tostring(tmx_tree(pairs, link_filter, levels=levels, created=created),
                          xml_declaration=True, encoding="UTF-8", doctype=TMX_DOCTYPE) + b"\n"


def write_tmx(pairs: Iterable[ArticlePair], path: str | os.PathLike[str],
              link_filter: LinkFilter = KEEP_ALL, *, levels: Sequence[str] = ("sentence",),
              created: dt.datetime | None = None) -> Path:
    """Write :func:`tmx_bytes` to *path* atomically.

    Example:
        >>> import pathlib, tempfile
        >>> write_tmx([], pathlib.Path(tempfile.mkdtemp()) / "a.tmx").suffix
        '.tmx'
    """
    return atomic_write_bytes(path, tmx_bytes(pairs, link_filter, levels=levels, created=created))


# --- import -------------------------------------------------------------------------


def _props(element: etree._Element) -> dict[str, str]:
    return {p.get("type", ""): p.text or "" for p in element.findall("prop")}


def _read_link(tu: etree._Element, pair: ArticlePair) -> tuple[str, Link]:
    """The level and link a ``tu`` describes; ModelError/InterchangeError say why not."""
    props = _props(tu)
    source, translation = pair.source, pair.translation
    if source is None or translation is None:
        msg = "the pair has no source or no translation to align"
        raise InterchangeError(msg)
    level = tu.get("segtype", "sentence")
    if level not in LEVELS:
        msg = f"segtype {level!r} is neither sentence nor paragraph"
        raise InterchangeError(msg)
    sides: dict[str, tuple[tuple[str, ...], str]] = {}
    for tuv in tu.findall("tuv"):
        seg = tuv.find("seg")
        if seg is None or len(seg):
            msg = "a tuv needs a seg of plain text (inline markup is not transmgmt's)"
            raise InterchangeError(msg)
        sides[tuv.get(XML_LANG, tuv.get("lang", ""))] = (
            tuple(_props(tuv).get(PROP_UNITS, "").split()), seg.text or "")
    if set(sides) != {source.lang, translation.lang}:
        msg = f"languages {sorted(sides)} are not the pair's {source.lang} and {translation.lang}"
        raise InterchangeError(msg)
    for doc in (source, translation):
        ids, text = sides[doc.lang]
        if not ids:
            msg = f"the {doc.lang} tuv has no {PROP_UNITS} prop"
            raise InterchangeError(msg)
        if unit_text(doc, ids) != text:
            msg = f"the {doc.lang} text differs from the archive's (changed since export?)"
            raise InterchangeError(msg)
    try:
        score = float(props[PROP_SCORE]) if PROP_SCORE in props else None
    except ValueError:
        msg = f"{PROP_SCORE} is not a number: {props[PROP_SCORE]!r}"
        raise InterchangeError(msg) from None
    # Any string: Link's validator rejects what is not a LinkStatus.
    link = Link(source=sides[source.lang][0], target=sides[translation.lang][0], score=score,
                status=props.get(PROP_STATUS, "auto"))  # type: ignore[arg-type]
    if PROP_TYPE in props and props[PROP_TYPE] != link.type:
        msg = f"{PROP_TYPE} {props[PROP_TYPE]} does not match the units ({link.type})"
        raise InterchangeError(msg)
    if tu.get("tuid") not in (None, link.id):
        msg = f"tuid {tu.get('tuid')} does not name the link of its units ({link.id})"
        raise InterchangeError(msg)
    return level, link


def import_tmx(data: bytes | str | os.PathLike[str],
               pairs: Iterable[ArticlePair] | str | os.PathLike[str], *,
               when: dt.datetime | None = None, who: str = "transmgmt",
               label: str | None = None) -> ImportResult:
    """Apply the links a TMX file carries to the matching *pairs*.

    A ``tu`` names its article (``x-transmgmt-article``) and the unit ids of each side
    (``x-transmgmt-units``); its link replaces the pair's links that share a unit with
    it. A unit whose texts no longer match the archive (edited since export), names an
    unknown article or unit, or does not make a valid alignment, is skipped and reported,
    and the other units still apply. A pair that changed gets a revision of kind
    ``aligned``; a file that changes nothing returns the pairs unchanged.

    Args:
        data: The TMX document (bytes) or its path.
        pairs: The archive's pairs, or its folder (or one TEI file) to read them from.
        when: Time of the recorded revision (default: now).
        who: Who made the change, for the revision.

    Raises:
        TEIParseError: Malformed or hostile XML (an internal DTD subset is refused; the
            external ``tmx14.dtd`` is never loaded).
        InterchangeError: The document is not TMX.

    Example:
        >>> import_tmx(tmx_bytes([]), []).pairs
        ()
    """
    root, label = load_xml(data, label, allow_doctype=True)
    if root.tag != "tmx" or root.find("body") is None:
        msg = f"not a TMX document (root <{root.tag}>)"
        raise InterchangeError(msg, source=label)
    pairs = pairs_of(pairs)
    by_id = {pair.id: pair for pair in pairs}
    found: dict[str, dict[str, list[Link]]] = {}
    skipped: list[str] = []
    for tu in root.iterfind("body/tu"):
        where = f"{label}:{tu.sourceline} tu {tu.get('tuid', '?')}"
        article = _props(tu).get(PROP_ARTICLE)
        if article not in by_id:
            reason = (f"no {PROP_ARTICLE} prop" if article is None
                      else f"unknown article {article!r}")
            skipped.append(f"{where}: {reason}")
            continue
        try:
            level, link = _read_link(tu, by_id[article])
        except (InterchangeError, ModelError) as exc:
            skipped.append(f"{where}: {exc}")
            continue
        found.setdefault(article, {}).setdefault(level, []).append(link)
    return apply_links(pairs, found, skipped, when=when, who=who, what="TMX", label=label)


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

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from lxml import etree

from transmgmt._fs import atomic_write_bytes
from transmgmt.interchange._units import KEEP_ALL, LEVELS, LinkFilter, aligned_units
from transmgmt.model import ArticlePair

__all__ = ["write_xces", "xces_bytes", "xces_tree"]

_TARG_TYPES = {"sentence": "s", "paragraph": "p"}


def _tei_name(article_id: str) -> str:
    return f"{article_id}.tei.xml"


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

"""One namespace table, one safe parser and one way in for every XML transmgmt reads."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from lxml import etree

from transmgmt.errors import TEIParseError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}

#: ``xml:lang`` and ``xml:id`` in Clark notation.
XML_LANG = f"{{{XML_NS}}}lang"
XML_ID = f"{{{XML_NS}}}id"

# Largest document read by default; larger input needs huge_tree and is refused.
MAX_XML_BYTES = 50 * 1024 * 1024


def qn(tag: str) -> str:
    """Turn ``"tei:p"`` or ``"p"`` into the Clark name ``{http://www.tei-c.org/ns/1.0}p``.

    Example:
        >>> qn("tei:linkGrp")
        '{http://www.tei-c.org/ns/1.0}linkGrp'
    """
    prefix, _, local = tag.rpartition(":")
    if prefix in ("", "tei"):
        return f"{{{TEI_NS}}}{local}"
    if prefix == "xml":
        return f"{{{XML_NS}}}{local}"
    msg = f"unknown namespace prefix {prefix!r}"
    raise ValueError(msg)


def safe_parser() -> etree.XMLParser:
    """A parser that never loads DTDs, never resolves entities, never uses the network.

    A new parser per call: lxml parsers are not safe to share between threads.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def _has_internal_subset(data: bytes) -> bool:
    """True when the document type declaration has an internal subset (``[...]``)."""
    start = data.find(b"<!DOCTYPE")
    if start < 0:  # UTF-16 input or a declaration lxml found elsewhere: refuse to be safe
        return True
    end = data.find(b">", start)
    return b"[" in data[start : end if end >= 0 else len(data)]


def parse_xml(
    source: bytes | str | Path | IO[bytes], *, label: str | None = None, allow_doctype: bool = False
) -> etree._ElementTree:
    """Parse XML safely; every failure becomes a :class:`TEIParseError` with a line.

    A document type declaration is refused: transmgmt never writes one into TEI, and
    entity declarations are how entity bombs and external entities get in. Formats whose
    files customarily start with a bare ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` pass
    *allow_doctype*: the declaration is then accepted as long as it declares nothing
    (no internal subset); the external DTD is never loaded either way.

    Raises:
        TEIParseError: Malformed XML, a DTD with declarations, or a file over the size limit.

    Example:
        >>> parse_xml(b"<a/>").getroot().tag
        'a'
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        label = label or str(path)
        try:
            if path.stat().st_size > MAX_XML_BYTES:
                msg = f"file is larger than {MAX_XML_BYTES // (1024 * 1024)} MB"
                raise TEIParseError(msg, source=label)
            data = path.read_bytes()
        except OSError as exc:
            msg = f"cannot read file: {exc.strerror or exc}"
            raise TEIParseError(msg, source=label) from None
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read()
    if not data.strip():
        msg = "empty document"
        raise TEIParseError(msg, source=label)
    if len(data) > MAX_XML_BYTES:
        msg = f"document is larger than {MAX_XML_BYTES // (1024 * 1024)} MB"
        raise TEIParseError(msg, source=label)
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        message = str(exc.msg) if getattr(exc, "msg", None) else str(exc)
        msg_0 = f"not well-formed XML: {message}"
        raise TEIParseError(msg_0, source=label, line=line) from None
    except ValueError as exc:  # e.g. a str with an encoding declaration
        msg_0 = f"cannot parse: {exc}"
        raise TEIParseError(msg_0, source=label) from None
    docinfo = tree.docinfo
    has_doctype = docinfo.internalDTD is not None or bool(docinfo.doctype)
    if has_doctype and (not allow_doctype or _has_internal_subset(data)):
        msg = "document type declarations are not allowed (entities are never resolved)"
        raise TEIParseError(msg, source=label, line=1)
    return tree

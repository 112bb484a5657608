"""TEI P5 export and import of article pairs.

One TEI document holds one article pair: both language versions in a ``group``, the
source relation and the authority notice in the header, the history in
``revisionDesc`` and the alignment in ``standOff/linkGrp``. The encoding is described
in ``docs/tei-encoding.md``; :func:`pair_from_tei` reads back exactly what
:func:`pair_to_tei` writes, so ``model → TEI → model`` is the identity.

Example:
    >>> from transmgmt.model import ArticlePair, Document, Paragraph
    >>> pair = ArticlePair(id="art-1", translation=Document(
    ...     lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="Body."),)))
    >>> pair_from_tei(tei_bytes(pair)) == pair
    True
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar, cast

from babel.dates import format_date
from lxml import etree

from transmgmt import __version__
from transmgmt._fs import atomic_write_bytes
from transmgmt._xml import TEI_NS, XML_ID, XML_LANG, parse_xml, qn
from transmgmt.errors import ModelError, TEIParseError
from transmgmt.lang import language_name
from transmgmt.model import (
    Alignment,
    ArticlePair,
    Disclaimer,
    Document,
    Link,
    Paragraph,
    Revision,
    Sentence,
    SourceInfo,
    Waiver,
)

__all__ = [
    "pair_from_tei",
    "pair_to_tei",
    "read_tei",
    "tei_bytes",
    "write_tei",
]

_T = TypeVar("_T")

# Fixed ids of the structural parts; paragraph and sentence ids must not take them.
SOURCE_TEXT_ID = "text-source"
TRANSLATION_TEXT_ID = "text-translation"
SOURCE_BIBL_ID = "bibl-source"
TRANSLATION_BIBL_ID = "bibl-translation"
RESERVED_IDS = frozenset({SOURCE_TEXT_ID, TRANSLATION_TEXT_ID, SOURCE_BIBL_ID, TRANSLATION_BIBL_ID})

ARTICLE_IDNO_TYPE = "transmgmt"
# application/@version is a closed pattern in TEI (digits and dots); drop local parts
# such as "+unknown" from development versions.
# A version always starts with a digit, so the match cannot be None.
TEI_VERSION = re.match(r"[0-9]+(?:\.[0-9]+){0,3}", __version__).group(0)  # type: ignore[union-attr]
SEGMENTATION_NOTE = (
    "Body paragraphs are p elements, sentences are s elements inside them. Paragraph and "
    "sentence links between the authoritative source and its reference translation are "
    "stand-off link elements in standOff/linkGrp: @type is '<source count>-<target count>' "
    "and the source pointers come first; @subtype is auto or manual; @cert is the score. "
    "Units left unaligned are ptr elements with @type 1-0 or 0-1."
)


def _el(
    tag: str,
    parent: etree._Element | None = None,
    text: str | None = None,
    **attributes: str | None,
) -> etree._Element:
    """Create a TEI element (``xml_lang``/``xml_id`` map to ``xml:lang``/``xml:id``)."""
    attrib = {}
    for key, value in attributes.items():
        if value is None:
            continue
        name = {"xml_lang": XML_LANG, "xml_id": XML_ID}.get(key, key)
        attrib[name] = value
    element = (
        # The default namespace's key is None, which lxml takes but its stubs refuse.
        etree.Element(qn(tag), attrib, nsmap={None: TEI_NS})  # type: ignore[dict-item]
        if parent is None
        else etree.SubElement(parent, qn(tag), attrib)
    )
    if text is not None:
        element.text = text
    return element


def _display_date(value: dt.date, lang: str) -> str:
    """The date as a reader of *lang* writes it ("June 25, 2021", "2021年6月25日")."""
    try:
        return format_date(value, format="long", locale=lang.replace("-", "_"))
    except (ValueError, LookupError):
        return value.isoformat()


def _when(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _pointers(ids: Iterable[str]) -> str:
    return " ".join(f"#{i}" for i in ids)


def _bibl(
    parent: etree._Element,
    ident: str,
    kind: str,
    lang: str,
    *,
    title: str | None,
    url: str | None,
    publisher: str | None = None,
    published: dt.date | None = None,
    retrieved: dt.date | None = None,
    event_date: dt.date | None = None,
    raw_digest: str | None = None,
    pending: bool = False,
) -> etree._Element:
    bibl = _el(
        "bibl",
        parent,
        xml_id=ident,
        type=kind,
        subtype="pending" if pending else None,
        xml_lang=lang,
    )
    if title is not None:
        _el("title", bibl, title)
    if publisher is not None:
        _el("publisher", bibl, publisher)
    for date_type, value in (
        ("published", published),
        ("retrieved", retrieved),
        ("event", event_date),
    ):
        if value is not None:
            _el("date", bibl, _display_date(value, lang), type=date_type, when=value.isoformat())
    if url is not None:
        _el("idno", bibl, url, type="URI")
    if raw_digest is not None:
        _el("idno", bibl, raw_digest, type="raw-digest")
    return bibl


def _document_bibl(parent: etree._Element, ident: str, kind: str, doc: Document) -> etree._Element:
    return _bibl(
        parent,
        ident,
        kind,
        doc.lang,
        title=doc.title,
        url=doc.url,
        publisher=doc.publisher,
        published=doc.published,
        retrieved=doc.retrieved,
        event_date=doc.event_date,
        raw_digest=doc.raw_digest,
    )


def _header(root: etree._Element, pair: ArticlePair) -> None:
    header = _el("teiHeader", root)
    file_desc = _el("fileDesc", header)
    title_stmt = _el("titleStmt", file_desc)
    for doc in pair.documents():
        _el("title", title_stmt, doc.title, type="main", xml_lang=doc.lang)

    publication = _el("publicationStmt", file_desc)
    _el("authority", publication, "transmgmt archive")
    _el("idno", publication, pair.id, type=ARTICLE_IDNO_TYPE)
    if pair.disclaimer is not None:
        availability = _el("availability", publication, status="unknown")
        _el("p", availability, pair.disclaimer.text, xml_lang=pair.disclaimer.lang)
    if pair.disclaimer is not None or pair.waivers:
        notes = _el("notesStmt", file_desc)
        if pair.disclaimer is not None:
            _el(
                "note",
                notes,
                pair.disclaimer.text,
                type="disclaimer",
                xml_lang=pair.disclaimer.lang,
                target=f"#{TRANSLATION_BIBL_ID}",
                corresp=f"#{SOURCE_BIBL_ID}",
            )
        for waiver in pair.waivers:
            # A typed note: @n names the check code, @target the unit it concerns.
            _el(
                "note",
                notes,
                waiver.reason,
                type="waiver",
                n=waiver.code,
                target=f"#{waiver.target}",
            )

    source_desc = _el("sourceDesc", file_desc)
    if pair.source is not None:
        _document_bibl(source_desc, SOURCE_BIBL_ID, "authoritative", pair.source)
    else:
        info = pair.source_info or SourceInfo()
        _bibl(
            source_desc,
            SOURCE_BIBL_ID,
            "authoritative",
            info.lang,
            title=info.title,
            url=info.url,
            published=info.published,
            pending=True,
        )
    if pair.translation is not None:
        bibl = _document_bibl(source_desc, TRANSLATION_BIBL_ID, "reference", pair.translation)
        _el("relatedItem", bibl, type="translatedFrom", target=f"#{SOURCE_BIBL_ID}")
        if pair.translated_from is not None:
            _el("idno", bibl, pair.translated_from, type="translated-from")
        relations = _el("listRelation", source_desc)
        _el(
            "relation",
            relations,
            name="translationOf",
            active=f"#{TRANSLATION_BIBL_ID}",
            passive=f"#{SOURCE_BIBL_ID}",
        )

    encoding = _el("encodingDesc", header)
    app_info = _el("appInfo", encoding)
    application = _el("application", app_info, ident="transmgmt", version=TEI_VERSION)
    _el("label", application, "transmgmt")
    if pair.alignment.method is not None:
        _el("desc", application, pair.alignment.method, type="aligner")
    decl = _el("editorialDecl", encoding)
    _el("p", _el("segmentation", decl), SEGMENTATION_NOTE)

    lang_usage = _el("langUsage", _el("profileDesc", header))
    languages = [(pair.source_lang, "authoritative source")]
    if pair.translation is not None:
        languages.append((pair.translation.lang, "reference translation"))
    for tag, role in languages:
        _el("language", lang_usage, f"{language_name(tag)}: {role}", ident=tag)

    if pair.revisions:
        revision_desc = _el("revisionDesc", header, status=pair.status)
        # TEI lists changes newest first.
        for revision in reversed(pair.revisions):
            change = _el(
                "change",
                revision_desc,
                when=_when(revision.when),
                type=revision.kind,
                status=revision.status,
            )
            _el("name", change, revision.who)
            if revision.source_digest is not None:
                _el("idno", change, revision.source_digest, type="source-digest")
            if revision.note is not None:
                _el("note", change, revision.note)


def _paragraph(body: etree._Element, paragraph: Paragraph) -> None:
    p = _el("p", body, xml_id=paragraph.id)
    if not paragraph.sentences:
        p.text = paragraph.text
        return
    gaps = paragraph.gaps()
    p.text = gaps[0] or None
    for sentence, gap in zip(paragraph.sentences, gaps[1:], strict=True):
        s = _el("s", p, sentence.text, xml_id=sentence.id)
        s.tail = gap or None


def _text(
    group: etree._Element, ident: str, kind: str, doc: Document, corresp: str | None = None
) -> None:
    text = _el("text", group, xml_id=ident, xml_lang=doc.lang, type=kind, corresp=corresp)
    body = _el("body", text)
    for paragraph in doc.paragraphs:
        _paragraph(body, paragraph)


def _link_group(parent: etree._Element, level: str, links: tuple[Link, ...]) -> None:
    group = _el(
        "linkGrp",
        parent,
        type="alignment",
        subtype=level,
        domains=f"#{SOURCE_TEXT_ID} #{TRANSLATION_TEXT_ID}",
    )
    for link in links:
        score = None if link.score is None else repr(link.score)
        # TEI wants two or more targets on a link; a one-sided unit is a typed ptr.
        tag = "link" if link.source and link.target else "ptr"
        _el(
            tag,
            group,
            xml_id=link.id,
            type=link.type,
            subtype=link.status,
            cert=score,
            target=_pointers((*link.source, *link.target)),
        )


def _check_reserved(pair: ArticlePair) -> None:
    for doc in pair.documents():
        clash = doc.ids() & RESERVED_IDS
        if clash:
            msg = f"article {pair.id}: ids reserved for the TEI structure: {sorted(clash)}"
            raise ModelError(msg)


def _indent(root: etree._Element) -> None:
    """Pretty-print *root*, except inside paragraphs, where whitespace is content.

    The text before, between and after a paragraph's sentences is saved before
    indenting and put back afterwards, in one pass over the paragraphs.
    """
    saved = [(p, p.text, [s.tail for s in p]) for p in root.iter(qn("p")) if len(p)]
    etree.indent(root, space="  ")
    for p, text, tails in saved:
        p.text = text
        for s, tail in zip(p, tails, strict=True):
            s.tail = tail


def pair_to_tei(pair: ArticlePair) -> etree._ElementTree:
    """Build the TEI document of *pair* (pretty-printed layout, content untouched).

    Raises:
        ModelError: If a paragraph or sentence id takes one of the reserved structural ids.

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> pair = ArticlePair(id="art-1", translation=Document(
        ...     lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="Body."),)))
        >>> pair_to_tei(pair).getroot().get("{http://www.w3.org/XML/1998/namespace}id")
        'art-1'
    """
    _check_reserved(pair)
    root = _el("TEI", xml_id=pair.id)
    _header(root, pair)
    group = _el("group", _el("text", root))
    if pair.source is not None:
        _text(group, SOURCE_TEXT_ID, "source", pair.source)
    if pair.translation is not None:
        corresp = f"#{SOURCE_TEXT_ID}" if pair.source is not None else None
        _text(group, TRANSLATION_TEXT_ID, "translation", pair.translation, corresp)
    if pair.alignment:
        stand_off = _el("standOff", root)
        # An empty linkGrp is invalid in tei_all: write only the levels that have links
        # (the reader takes a missing level as no links).
        for level, links in (
            ("paragraph", pair.alignment.paragraph_links),
            ("sentence", pair.alignment.sentence_links),
        ):
            if links:
                _link_group(stand_off, level, links)

    _indent(root)
    return etree.ElementTree(root)


def tei_bytes(pair: ArticlePair) -> bytes:
    """Serialise *pair* as a UTF-8 TEI document with an XML declaration.

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> pair = ArticlePair(id="art-1", translation=Document(
        ...     lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="Body."),)))
        >>> tei_bytes(pair).startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
        True
    """
    return etree.tostring(pair_to_tei(pair), xml_declaration=True, encoding="UTF-8") + b"\n"


def write_tei(pair: ArticlePair, path: str | os.PathLike[str]) -> Path:
    """Write the TEI of *pair* to *path* atomically (temp file, fsync, rename).

    Example:
        >>> import tempfile, pathlib
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> pair = ArticlePair(id="art-1", translation=Document(
        ...     lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="Body."),)))
        >>> write_tei(pair, pathlib.Path(tempfile.mkdtemp()) / "art-1.xml").name
        'art-1.xml'
    """
    return atomic_write_bytes(path, tei_bytes(pair))


# --- import -------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _xpath(path: str) -> etree.XPath:
    # Compiled once: the reader asks a few dozen fixed paths of every document.
    return etree.XPath(path, namespaces={"tei": TEI_NS})


class _Reader:
    """Reads one TEI tree back into the model, naming the first thing it cannot hold."""

    def __init__(self, root: etree._Element, label: str | None) -> None:
        self.root = root
        self.label = label

    def fail(self, reason: str, element: etree._Element | None = None) -> TEIParseError:
        # lxml-stubs declare sourceline as "..."; lxml gives an int or None.
        line: int | None = element.sourceline if element is not None else None  # type: ignore[assignment]
        return TEIParseError(reason, source=self.label, line=line)

    def one(
        self, parent: etree._Element, path: str, *, required: bool = True
    ) -> etree._Element | None:
        found = cast("list[etree._Element]", _xpath(path)(parent))  # paths select elements
        if len(found) > 1:
            msg = f"expected one {path}, found {len(found)}"
            raise self.fail(msg, found[1])
        if not found:
            if required:
                msg = f"missing {path} in {etree.QName(parent).localname}"
                raise self.fail(msg, parent)
            return None
        return found[0]

    def text_of(self, parent: etree._Element, path: str) -> str | None:
        element = self.one(parent, path, required=False)
        if element is None:
            return None
        if len(element):
            msg = f"{path} must hold plain text, not markup"
            raise self.fail(msg, element[0])
        return element.text or ""

    def date_of(self, bibl: etree._Element, kind: str) -> dt.date | None:
        element = self.one(bibl, f"tei:date[@type='{kind}']", required=False)
        if element is None:
            return None
        try:
            return dt.date.fromisoformat(element.get("when", ""))
        except ValueError:
            msg = f"date/@when must be YYYY-MM-DD, got {element.get('when')!r}"
            raise self.fail(msg, element) from None

    def guard(self, build: Callable[[], _T], element: etree._Element) -> _T:
        try:
            return build()
        except ModelError as exc:
            raise self.fail(str(exc), element) from None

    def paragraphs(self, text: etree._Element) -> tuple[Paragraph, ...]:
        body = self.one(text, "tei:body")
        assert body is not None
        paragraphs = []
        for child in body:
            if not isinstance(child.tag, str):
                continue  # comments and processing instructions carry no content
            if child.tag != qn("p"):
                name = etree.QName(child).localname
                msg = f"transmgmt cannot represent <{name}> in a body (only <p>)"
                raise self.fail(msg, child)
            paragraphs.append(self.paragraph(child))
        return tuple(paragraphs)

    def paragraph(self, p: etree._Element) -> Paragraph:
        pieces = [p.text or ""]
        sentences = []
        for child in p:
            if not isinstance(child.tag, str):
                msg = "comments inside a paragraph are not kept by transmgmt"
                raise self.fail(msg, child)
            if child.tag != qn("s"):
                name = etree.QName(child).localname
                msg = f"transmgmt cannot represent <{name}> inside <p> (only <s>)"
                raise self.fail(msg, child)
            if len(child):
                msg = "transmgmt cannot represent markup inside <s>"
                raise self.fail(msg, child[0])
            sentences.append((child.get(XML_ID), child.text or "", child))
            pieces.extend((child.text or "", child.tail or ""))
        return self.guard(
            lambda: Paragraph(
                id=p.get(XML_ID, ""),
                text="".join(pieces),
                sentences=tuple(Sentence(id=i or "", text=t) for i, t, _ in sentences),
            ),
            p,
        )

    def bibl(self, ident: str) -> etree._Element | None:
        return self.one(
            self.root,
            f"tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[@xml:id='{ident}']",
            required=False,
        )

    def document(self, text: etree._Element, bibl: etree._Element) -> Document:
        lang = text.get(XML_LANG)
        if lang is None:
            msg = "a text needs xml:lang"
            raise self.fail(msg, text)
        if bibl.get(XML_LANG) != lang:
            msg = f"bibl xml:lang {bibl.get(XML_LANG)!r} differs from text {lang!r}"
            raise self.fail(msg, bibl)
        title = self.text_of(bibl, "tei:title")
        return self.guard(
            lambda: Document(
                lang=lang,
                title=title or "",
                paragraphs=self.paragraphs(text),
                url=self.text_of(bibl, "tei:idno[@type='URI']"),
                publisher=self.text_of(bibl, "tei:publisher"),
                published=self.date_of(bibl, "published"),
                retrieved=self.date_of(bibl, "retrieved"),
                event_date=self.date_of(bibl, "event"),
                raw_digest=self.text_of(bibl, "tei:idno[@type='raw-digest']"),
            ),
            text,
        )

    def links(self, level: str) -> tuple[Link, ...]:
        group = self.one(self.root, f"tei:standOff/tei:linkGrp[@subtype='{level}']", required=False)
        if group is None:
            return ()
        links = []
        for element in group:
            if not isinstance(element.tag, str):
                continue
            if element.tag not in (qn("link"), qn("ptr")):
                msg = "a linkGrp may hold only link and ptr"
                raise self.fail(msg, element)
            links.append(self.link(element))
        return tuple(links)

    def link(self, element: etree._Element) -> Link:
        kind = element.get("type", "")
        pointers = element.get("target", "").split()
        try:
            n_source, n_target = (int(n) for n in kind.split("-"))
        except ValueError:
            msg = f"link/@type must be '<n>-<m>', got {kind!r}"
            raise self.fail(msg, element) from None
        if n_source + n_target != len(pointers) or not all(p.startswith("#") for p in pointers):
            msg = f"link type {kind} does not match its targets {pointers}"
            raise self.fail(msg, element)
        ids = [p[1:] for p in pointers]
        cert = element.get("cert")
        try:
            score = None if cert is None else float(cert)
        except ValueError:
            msg = f"link/@cert must be a number, got {cert!r}"
            raise self.fail(msg, element) from None
        return self.guard(
            lambda: Link(
                source=ids[:n_source],
                target=ids[n_source:],
                score=score,
                # Any string: Link's validator rejects what is not a LinkStatus.
                status=element.get("subtype", "auto"),  # type: ignore[arg-type]
            ),
            element,
        )

    def revisions(self) -> tuple[Revision, ...]:
        changes = cast("list[etree._Element]", self.root.xpath(
            "tei:teiHeader/tei:revisionDesc/tei:change", namespaces={"tei": TEI_NS}
        ))
        revisions: list[Revision] = []
        for change in changes:
            when = change.get("when", "")
            try:
                moment = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
            except ValueError:
                msg = f"change/@when must be a UTC timestamp, got {when!r}"
                raise self.fail(msg, change) from None
            revisions.append(
                self.guard(
                    # mypy cannot infer a lambda with default arguments for Callable[[], T].
                    lambda change=change, moment=moment: Revision(  # type: ignore[misc]
                        when=moment,
                        who=self.text_of(change, "tei:name") or "",
                        kind=change.get("type", ""),
                        note=self.text_of(change, "tei:note"),
                        status=change.get("status"),
                        source_digest=self.text_of(change, "tei:idno[@type='source-digest']"),
                    ),
                    change,
                )
            )
        return tuple(reversed(revisions))  # the model keeps history oldest first

    def disclaimer(self, source_lang: str, translation_lang: str | None) -> Disclaimer | None:
        note = self.one(
            self.root,
            "tei:teiHeader/tei:fileDesc/tei:notesStmt/tei:note[@type='disclaimer']",
            required=False,
        )
        if note is None:
            return None
        if (
            note.get("corresp") != f"#{SOURCE_BIBL_ID}"
            or note.get("target") != f"#{TRANSLATION_BIBL_ID}"
        ):
            msg = (
                "the disclaimer note must point to the source (corresp) and the "
                "translation (target) bibl"
            )
            raise self.fail(msg, note)
        if len(note):
            msg = "the disclaimer note must hold plain text"
            raise self.fail(msg, note[0])
        return self.guard(
            lambda: Disclaimer(
                text=note.text or "",
                lang=note.get(XML_LANG, ""),
                authoritative_lang=source_lang,
                reference_lang=translation_lang or "",
            ),
            note,
        )

    def waivers(self) -> tuple[Waiver, ...]:
        notes = cast("list[etree._Element]", self.root.xpath(
            "tei:teiHeader/tei:fileDesc/tei:notesStmt/tei:note[@type='waiver']",
            namespaces={"tei": TEI_NS},
        ))
        waivers: list[Waiver] = []
        for note in notes:
            if len(note):
                reason = "a waiver note must hold plain text"
                raise self.fail(reason, note[0])
            target = note.get("target", "")
            if not target.startswith("#") or " " in target:
                reason = f"a waiver must target one local pointer, got {target!r}"
                raise self.fail(reason, note)
            waivers.append(
                self.guard(
                    # mypy cannot infer a lambda with default arguments for Callable[[], T].
                    lambda note=note, target=target: Waiver(  # type: ignore[misc]
                        code=note.get("n", ""), target=target[1:], reason=note.text or ""
                    ),
                    note,
                )
            )
        return tuple(waivers)

    def pair(self) -> ArticlePair:
        root = self.root
        if root.tag != qn("TEI"):
            msg = f"the root element must be TEI in the TEI namespace, got {root.tag}"
            raise self.fail(msg, root)
        article_id = self.text_of(
            root,
            f"tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='{ARTICLE_IDNO_TYPE}']",
        )
        if article_id is None:
            msg = "not a transmgmt TEI file: no publicationStmt/idno[@type='transmgmt']"
            raise self.fail(msg, root)
        if root.get(XML_ID) != article_id:
            msg = f"TEI/@xml:id {root.get(XML_ID)!r} differs from the article id {article_id!r}"
            raise self.fail(msg, root)
        group = self.one(root, "tei:text/tei:group")
        assert group is not None
        source_text = self.one(group, f"tei:text[@xml:id='{SOURCE_TEXT_ID}']", required=False)
        translation_text = self.one(
            group, f"tei:text[@xml:id='{TRANSLATION_TEXT_ID}']", required=False
        )
        for child in group:
            if isinstance(child.tag, str) and child not in (source_text, translation_text):
                msg = "a group holds only the source and the translation text"
                raise self.fail(msg, child)
        source_bibl = self.bibl(SOURCE_BIBL_ID)
        if source_bibl is None:
            msg = f"missing sourceDesc/bibl[@xml:id='{SOURCE_BIBL_ID}']"
            raise self.fail(msg, root)

        source = source_info = translation = None
        translated_from = None
        if source_text is not None:
            source = self.document(source_text, source_bibl)
        else:
            lang = source_bibl.get(XML_LANG, "zh-Hans")
            source_info = self.guard(
                lambda: SourceInfo(
                    lang=lang,
                    url=self.text_of(source_bibl, "tei:idno[@type='URI']"),
                    title=self.text_of(source_bibl, "tei:title"),
                    published=self.date_of(source_bibl, "published"),
                ),
                source_bibl,
            )
        if translation_text is not None:
            translation_bibl = self.bibl(TRANSLATION_BIBL_ID)
            if translation_bibl is None:
                msg = f"missing sourceDesc/bibl[@xml:id='{TRANSLATION_BIBL_ID}']"
                raise self.fail(msg, root)
            translation = self.document(translation_text, translation_bibl)
            translated_from = self.text_of(translation_bibl, "tei:idno[@type='translated-from']")
        app = self.one(
            root,
            "tei:teiHeader/tei:encodingDesc/tei:appInfo/tei:application"
            "[@ident='transmgmt']/tei:desc[@type='aligner']",
            required=False,
        )
        alignment = self.guard(
            lambda: Alignment(
                paragraph_links=self.links("paragraph"),
                sentence_links=self.links("sentence"),
                method=None if app is None else app.text or "",
            ),
            root,
        )
        # source_info is read just above whenever there is no source text.
        source_lang = source.lang if source is not None else source_info.lang  # type: ignore[union-attr]
        return self.guard(
            lambda: ArticlePair(
                id=article_id,
                source=source,
                translation=translation,
                source_info=source_info,
                disclaimer=self.disclaimer(source_lang, translation.lang if translation else None),
                alignment=alignment,
                revisions=self.revisions(),
                translated_from=translated_from,
                waivers=self.waivers(),
            ),
            root,
        )


def pair_from_tei(
    source: bytes | etree._ElementTree | etree._Element, *, label: str | None = None
) -> ArticlePair:
    """Read a TEI document written by transmgmt back into an :class:`ArticlePair`.

    Raises:
        TEIParseError: The XML is malformed or hostile, or holds something transmgmt
            cannot represent (the message names it and gives the line).

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> pair = ArticlePair(id="art-1", translation=Document(
        ...     lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="Body."),)))
        >>> pair_from_tei(tei_bytes(pair)).translation.title
        'T'
    """
    if isinstance(source, bytes):
        root = parse_xml(source, label=label).getroot()
    elif isinstance(source, etree._ElementTree):
        root = source.getroot()
    else:
        root = source
    return _Reader(root, label).pair()


def read_tei(path: str | os.PathLike[str]) -> ArticlePair:
    """Read a TEI file written by transmgmt (see :func:`pair_from_tei`).

    Example:
        >>> import tempfile, pathlib
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> pair = ArticlePair(id="art-1", translation=Document(
        ...     lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="Body."),)))
        >>> read_tei(write_tei(pair, pathlib.Path(tempfile.mkdtemp()) / "a.xml")) == pair
        True
    """
    label = os.fspath(path)
    return pair_from_tei(parse_xml(Path(path), label=label), label=label)

"""A static HTML site for an archive: Chinese and English side by side.

The pages are built as lxml trees in Python, not with XSLT: the view needs what the
model computes (the pair's status, which unit a link joins, the link types), and
reading the TEI once into the model reuses the tested reader instead of restating the
encoding in XSLT 1.0. Building trees (never concatenating strings) escapes every text.

Each article page shows the authoritative source and the reference translation in two
columns, every aligned sentence (or paragraph) carrying ``data-link`` with the link id:
``static/view.js`` highlights both sides of a link on hover, so the page works offline,
from ``file://``, without a framework. The published notice is shown as the original
pages show it, at the end of the English text, and each column says which version is
authoritative. ``index.html`` lists the articles with status badges and filters.

Example:
    >>> import pathlib, tempfile
    >>> from transmgmt.model import ArticlePair, Document, Paragraph
    >>> pair = ArticlePair(id="a1", translation=Document(lang="en", title="T",
    ...     paragraphs=(Paragraph(id="en-p1", text="Body."),)))
    >>> [p.name for p in build_site([pair], pathlib.Path(tempfile.mkdtemp()))]
    ['view.css', 'view.js', 'a1.html', 'index.html']
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from lxml import etree
from lxml.html import builder as E

from transmgmt import __version__
from transmgmt._fs import atomic_write_bytes
from transmgmt.lang import language_name
from transmgmt.model import (
    APPROVED,
    CURRENT,
    OUTDATED,
    REVIEWED,
    SOURCE_PENDING,
    STATUSES,
    TRANSLATION_MISSING,
    ArticlePair,
    Document,
    Link,
    Paragraph,
)

__all__ = ["STATIC_FILES", "article_html", "build_site", "index_html", "page_name"]

#: The files of ``static/`` every site gets.
STATIC_FILES = ("view.css", "view.js")
_DOCTYPE = "<!DOCTYPE html>"
#: Badge label of each status ("pending" covers both missing halves).
_BADGE = {SOURCE_PENDING: "source pending", TRANSLATION_MISSING: "translation missing",
          CURRENT: "current", OUTDATED: "outdated", REVIEWED: "reviewed", APPROVED: "approved"}


def page_name(article_id: str) -> str:
    """The file name of an article's page (``<id>.html``).

    Example:
        >>> page_name("art-1")
        'art-1.html'
    """
    return f"{article_id}.html"


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, method="html", encoding="UTF-8", doctype=_DOCTYPE) + b"\n"


def _head(title: str, static: str) -> etree._Element:
    head: etree._Element = E.HEAD(
        E.META(charset="utf-8"),
        E.META(name="viewport", content="width=device-width, initial-scale=1"),
        E.META(name="generator", content=f"transmgmt {__version__}"),
        E.TITLE(title),
        E.LINK(rel="stylesheet", href=f"{static}/view.css"),
        E.SCRIPT(src=f"{static}/view.js", defer="defer"),
    )
    return head


def _badge(status: str) -> etree._Element:
    badge: etree._Element = E.SPAN(_BADGE.get(status, status),
                                   {"class": f"badge status-{status}", "data-status": status})
    return badge


def _link_maps(pair: ArticlePair) -> dict[str, Link]:
    """Unit id → the link it is in (paragraph and sentence ids never clash)."""
    return {i: link for link in pair.alignment.links() for i in (*link.source, *link.target)}


def _describe(link: Link) -> str:
    score = "" if link.score is None else f" · score {link.score:g}"
    return f"{link.type} link · {link.status}{score}"


def _unit_attributes(ident: str, kind: str, links: dict[str, Link]) -> dict[str, str]:
    attributes = {"id": ident, "class": kind}
    link = links.get(ident)
    if link is None:
        attributes["class"] += " unlinked"
        return attributes
    attributes["data-link"] = link.id
    attributes["title"] = _describe(link)
    attributes["class"] += f" link-{link.status}"
    if not (link.source and link.target):
        attributes["class"] += " one-sided"
    return attributes


def _paragraph(paragraph: Paragraph, links: dict[str, Link]) -> etree._Element:
    p: etree._Element = E.P(_unit_attributes(paragraph.id, "p", links))
    if not paragraph.sentences:
        p.text = paragraph.text
        return p
    gaps = paragraph.gaps()
    p.text = gaps[0]
    for sentence, gap in zip(paragraph.sentences, gaps[1:], strict=True):
        span = E.SPAN(sentence.text, _unit_attributes(sentence.id, "s", links))
        span.tail = gap
        p.append(span)
    return p


def _document(doc: Document, role: str, links: dict[str, Link]) -> list[etree._Element]:
    label = ("Authoritative version" if role == "source" else "Reference translation")
    facts = [E.SPAN(f"{label} · {language_name(doc.lang)}", {"class": f"role role-{role}"})]
    if doc.publisher:
        facts.append(E.SPAN(doc.publisher, {"class": "publisher"}))
    date = doc.published or doc.event_date
    if date:
        facts.append(E.TIME(date.isoformat(), datetime=date.isoformat()))
    if doc.url:
        facts.append(E.A("original page", href=doc.url, rel="noreferrer"))
    return [E.DIV({"class": "doc-head"}, *facts), E.H2(doc.title),
            *(_paragraph(p, links) for p in doc.paragraphs)]


def _legend() -> etree._Element:
    legend: etree._Element = E.P({"class": "legend"}, "Hover a sentence to see its counterpart. ",
               E.SPAN("manual link", {"class": "s link-manual"}), " ",
               E.SPAN("automatic link", {"class": "s link-auto"}), " ",
               E.SPAN("not aligned", {"class": "s unlinked"}))
    return legend


def article_html(pair: ArticlePair, *, static: str = "static",
                 source_file: str | None = None) -> bytes:
    """The HTML page of one article pair.

    Args:
        static: Where ``view.css`` and ``view.js`` are, relative to the page.
        source_file: The TEI file the page was made from, named in the footer.

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> pair = ArticlePair(id="a1", translation=Document(lang="en", title="T",
        ...     paragraphs=(Paragraph(id="en-p1", text="Body."),)))
        >>> b'<span class="badge status-source-pending"' in article_html(pair)
        True
    """
    links = _link_maps(pair)
    titles = [d.title for d in pair.documents()]
    source_col = E.SECTION({"class": "doc source", "lang": pair.source_lang})
    if pair.source is not None:
        source_col.extend(_document(pair.source, "source", links))
    else:
        info = pair.source_info
        source_col.append(E.DIV({"class": "doc-head"}, E.SPAN(
            f"Authoritative version · {language_name(pair.source_lang)}",
            {"class": "role role-source"})))
        placeholder = E.DIV({"class": "placeholder"},
                            E.P("The authoritative Chinese source is not in the archive yet."))
        if info is not None and info.title:
            placeholder.append(E.P(info.title, lang=info.lang))
        if info is not None and info.url:
            placeholder.append(E.P(E.A(info.url, href=info.url, rel="noreferrer")))
        source_col.append(placeholder)
    translation_lang = pair.translation.lang if pair.translation is not None else "en"
    translation_col = E.SECTION({"class": "doc translation", "lang": translation_lang})
    if pair.translation is not None:
        translation_col.extend(_document(pair.translation, "translation", links))
    else:
        translation_col.append(E.DIV({"class": "placeholder"},
                                     E.P("There is no English translation yet.", lang="en")))
    if pair.disclaimer is not None:
        # Government pages print the notice under the English text, set apart.
        translation_col.append(E.ASIDE({"class": "disclaimer", "lang": pair.disclaimer.lang,
                                        "role": "note"}, pair.disclaimer.text))
    authority = (f"The {language_name(pair.source_lang)} version is authoritative; the "
                 f"English version is a reference translation.")
    body = E.BODY(
        {"class": "article", "data-status": pair.status},
        E.NAV(E.A("← All articles", href="index.html")),
        E.HEADER(
            E.H1(titles[0], lang=next(pair.documents()).lang),
            *([E.P(titles[1], {"class": "subtitle", "lang": "en"})] if len(titles) > 1 else []),
            E.P({"class": "meta"}, _badge(pair.status), " ", E.CODE(pair.id), " ",
                E.SPAN(authority, {"class": "authority"})),
            *([_legend()] if pair.alignment else []),
        ),
        E.MAIN({"class": "columns"}, source_col, translation_col),
        E.FOOTER(f"transmgmt {__version__}" + (f" · from {source_file}" if source_file else "")),
    )
    return _serialise(E.HTML({"lang": "en"}, _head(" / ".join(titles), static), body))


def index_html(pairs: Iterable[ArticlePair], *, static: str = "static") -> bytes:
    """The index page: one row per article, with status, language and text filters.

    Example:
        >>> b'id="filters"' in index_html([])
        True
    """
    pairs = list(pairs)
    langs = sorted({d.lang for p in pairs for d in p.documents()})
    rows = []
    for pair in pairs:
        present = [d.lang for d in pair.documents()]
        search = " ".join([pair.id, *(d.title for d in pair.documents())]).lower()
        titles = E.TD(*[E.DIV(E.A(d.title, href=page_name(pair.id)), lang=d.lang)
                        for d in pair.documents()])
        rows.append(E.TR({"data-status": pair.status, "data-langs": " ".join(present),
                          "data-search": search},
                         E.TD(_badge(pair.status)), titles,
                         E.TD(", ".join(language_name(lang) for lang in present)),
                         E.TD(E.CODE(pair.id))))
    status_select = E.SELECT({"id": "filter-status", "name": "status"},
                             E.OPTION("any status", value=""),
                             *(E.OPTION(_BADGE[s], value=s) for s in STATUSES))
    lang_select = E.SELECT({"id": "filter-lang", "name": "lang"},
                           E.OPTION("any language", value=""),
                           *(E.OPTION(language_name(lang), value=lang) for lang in langs))
    body = E.BODY(
        {"class": "index"},
        E.HEADER(E.H1("Article pairs"),
                 E.P(f"{len(pairs)} articles: authoritative Chinese originals and their "
                     "English reference translations.")),
        E.FORM({"id": "filters", "class": "filters", "role": "search"},
               E.LABEL("Status ", status_select), E.LABEL("Language ", lang_select),
               E.LABEL("Search ", E.INPUT(id="filter-text", type="search", name="q",
                                          placeholder="title or id")),
               E.OUTPUT({"id": "shown"}, f"{len(pairs)} shown")),
        E.TABLE({"id": "articles"},
                E.THEAD(E.TR(E.TH("Status"), E.TH("Title"), E.TH("Languages"), E.TH("Id"))),
                E.TBODY(*rows)),
        E.FOOTER(f"transmgmt {__version__}"),
    )
    return _serialise(E.HTML({"lang": "en"}, _head("Article pairs", static), body))


def _static_bytes(name: str) -> bytes:
    # typeshed lets Traversable.joinpath take several parts only from Python 3.11; the
    # pathlib.Path that files() returns for an installed package takes them on 3.10 too.
    return resources.files("transmgmt.view").joinpath("static", name).read_bytes()  # type: ignore[call-arg]


def build_site(pairs: Iterable[ArticlePair] | Iterable[tuple[Path, ArticlePair]] | str
               | os.PathLike[str], out: str | os.PathLike[str]) -> list[Path]:
    """Write the site of *pairs* into *out*: ``static/``, one page per pair, ``index.html``.

    *pairs* may be pairs, ``(tei file, pair)`` tuples as :func:`read_archive` returns
    them (the page footer then names the file), or an archive folder or one TEI file to
    read. Every file is written atomically.

    Example:
        >>> import pathlib, tempfile
        >>> build_site([], pathlib.Path(tempfile.mkdtemp()))[-1].name
        'index.html'
    """
    if isinstance(pairs, (str, os.PathLike)):
        from transmgmt.interchange._units import read_archive  # noqa: PLC0415 - no cycle at import

        pairs = read_archive(pairs)
    folder = Path(out)
    (folder / "static").mkdir(parents=True, exist_ok=True)
    written = [atomic_write_bytes(folder / "static" / name, _static_bytes(name))
               for name in STATIC_FILES]
    listed = []
    for item in pairs:
        path, pair = item if isinstance(item, tuple) else (None, item)
        written.append(atomic_write_bytes(folder / page_name(pair.id), article_html(
            pair, source_file=path.name if path is not None else None)))
        listed.append(pair)
    written.append(atomic_write_bytes(folder / "index.html", index_html(listed)))
    return written

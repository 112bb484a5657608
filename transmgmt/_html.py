
"""Pull the title, body blocks and metadata out of a scraped HTML page.

Everything goes through one lxml HTML parser that never touches the network.  The
HTML parser does not process DTDs, so no external or custom entity is ever
resolved; an unknown ``&foo;`` stays literal text.

The main content is found the way reader modes do it: the element whose child
paragraphs hold the most text wins, after page furniture (navigation, headers,
footers, share widgets, breadcrumbs, print/close links) has been cut out by tag and
by class/id.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

import lxml.html
from lxml import etree

__all__ = ["HtmlPage", "looks_like_html", "parse_html"]

# One parser for every page: no network, comments and processing instructions gone
# (they hold CMS markers, never text), and recover=True because scraped HTML is rarely
# well formed.
_PARSER = lxml.html.HTMLParser(
    no_network=True,
    remove_comments=True,
    remove_pis=True,
    recover=True,
)

_HTML_START_RE = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|main|div|p|h1|table|br|meta|title)[\s>/]",
    re.IGNORECASE,
)
_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

# Elements that never hold article text.
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "button", "select", "option", "textarea",
    "input", "template", "svg", "canvas", "object", "embed", "map", "link", "meta", "head",
    "title", "img", "video", "audio", "source",
})  # fmt: skip
# Elements that are furniture on almost every page, but not quite always: ASP.NET
# pages wrap the whole page, article included, in one <form>, and some templates put
# the article inside <header>.  These are dropped unless they hold paragraphs of text.
_FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu", "dialog", "label"})

# class/id tokens of furniture containers.  Whole tokens only ("share" matches
# "bdshare share-box" but not "shared-services"), so ordinary class names survive.
_FURNITURE_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:share|shares|bdshare|bdsharebuttonbox|jiathis|social|sns|breadcrumbs?|"
    r"crumbs?|bread|navbar|nav|menu|footer|foot|sidebar|print|close|qrcode|qr|ewm|erweima|"
    r"wechat|weixin|toolbar|pagination|pager|related|comments?|copyright|advert|ads|banner|"
    r"login|search|skip|gotop|backtop|totop|goback|fontsize|font-size|position|location)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)

_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "center", "dd", "div", "dl", "dt", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre",
    "section", "table", "tbody", "td", "th", "thead", "tr", "ul", "body", "html",
})  # fmt: skip

_CODE_TAGS = frozenset({"script", "style", "noscript", "template"})

_PARAGRAPH_TAGS = ("p", "div", "td", "section", "blockquote", "pre")

_PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "firstpublishedtime",
    "dcterms.issued",
    "dcterms.date",
    "dc.date.issued",
    "dc.date",
    "date",
)
_PUBLISHER_KEYS = ("og:site_name", "publisher", "sitename", "site_name", "contentsource", "source")
_URL_KEYS = ("og:url",)


class HtmlPage(NamedTuple):
    """What :func:`parse_html` found; text is raw (not yet whitespace-normalised)."""

    title: str
    #: Blocks of the main content, furniture removed.
    blocks: list[str]
    published: str | None
    url: str | None
    publisher: str | None
    #: Blocks of the whole page before furniture removal, where a notice printed
    #: outside the article (in a footer, a sidebar box) can still be found.
    page_blocks: list[str]


def looks_like_html(text: str) -> bool:
    """True when *text* is markup: a doctype, ``<html>``, ``<body>``, ``<p>``... near the top.

    Example:
        >>> looks_like_html("<!DOCTYPE html><p>x</p>"), looks_like_html("Title\\n\\nBody")
        (True, False)
    """
    return _HTML_START_RE.search(text[:8192]) is not None


def parse_html(text: str) -> HtmlPage:
    """Parse *text* as HTML and return its title, body blocks and metadata.

    Raises:
        ValueError: If lxml finds no document at all (the caller turns this into an
            :class:`~transmgmt.errors.IngestError`).
    """
    # lxml refuses str input that carries an encoding declaration; the bytes are
    # already decoded, so the declaration has done its job.
    text = _XML_DECLARATION_RE.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError) as exc:
        msg = f"not parseable as HTML ({exc})"
        raise ValueError(msg) from None

    meta = _meta(root)
    published = _first(meta, _PUBLISHED_KEYS) or _time_datetime(root)
    publisher = _first(meta, _PUBLISHER_KEYS) or _json_ld_publisher(root)
    url = _canonical(root) or _first(meta, _URL_KEYS)
    head_title = _text(root.find(".//title")) if root.find(".//title") is not None else ""
    og_title = meta.get("og:title", "")

    body = root.find("body")
    if body is None:
        body = root
    page_blocks = _blocks(body)
    _drop_furniture(body)

    main = _main_content(body)
    h1 = _title_heading(body, main, (og_title, head_title))
    if h1 is not None:
        title = _text(h1)
        if h1.getparent() is not None:
            h1.drop_tree()  # the title must not come back as the first body paragraph
    else:
        title = og_title or _strip_site_suffix(head_title, publisher)

    return HtmlPage(title, _blocks(main), published, url, publisher, page_blocks)


def _title_heading(
    body: lxml.html.HtmlElement, main: lxml.html.HtmlElement, head_titles: tuple[str, ...]
) -> lxml.html.HtmlElement | None:
    """The ``<h1>`` that is the article title, if any.

    An ``<h1>`` inside the main content is the title.  Outside it, an ``<h1>`` is often
    the site logo, so it only counts when ``<title>``/``og:title`` repeat it as most of
    their text ("Real title - NIA" names the article, not the "NIA" logo), or when the
    page has no other title at all.
    """
    h1s = [h for h in body.iter("h1") if _text(h).strip()]
    for h1 in h1s:
        if h1 is main or main in h1.iterancestors():
            return h1
    known = [" ".join(t.split()) for t in head_titles if t.strip()]
    for h1 in h1s:
        text = " ".join(_text(h1).split())
        if any(text in title and 2 * len(text) > len(title) for title in known):
            return h1
    if h1s and not known:
        return h1s[0]
    return None


def _text(el: lxml.html.HtmlElement) -> str:
    return str(el.text_content())


def _meta(root: lxml.html.HtmlElement) -> dict[str, str]:
    """``<meta name|property|itemprop=... content=...>`` as a lower-cased key → content map."""
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        content = el.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key]
    return None


def _time_datetime(root: lxml.html.HtmlElement) -> str | None:
    for el in root.iter("time"):
        value = str(el.get("datetime") or "").strip()
        if value:
            return value
    return None


def _canonical(root: lxml.html.HtmlElement) -> str | None:
    for el in root.iter("link"):
        rels = str(el.get("rel") or "").lower().split()
        href = str(el.get("href") or "").strip()
        if "canonical" in rels and href:
            return href
    return None


def _json_ld_publisher(root: lxml.html.HtmlElement) -> str | None:
    for el in root.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(el.text or "")
        except ValueError:
            continue  # broken JSON-LD is common and never worth failing a page for
        for item in data if isinstance(data, list) else [data]:
            publisher = item.get("publisher") if isinstance(item, dict) else None
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                return publisher["name"].strip() or None
    return None


def _strip_site_suffix(title: str, publisher: str | None) -> str:
    """Drop a trailing " - Site name" from a ``<title>`` when it repeats the publisher."""
    title = title.strip()
    if publisher:
        for sep in (" - ", " | ", "_", "--", " – ", " — ", "-"):
            head, found, tail = title.rpartition(sep)
            if found and tail.strip() == publisher.strip() and head.strip():
                return head.strip()
    return title


def _is_furniture_element(el: lxml.html.HtmlElement) -> bool:
    if el.tag in _DROP_TAGS:
        return True
    if (el.get("role") or "").lower() in {"navigation", "banner", "contentinfo", "search"}:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    hinted = bool(names.strip()) and _FURNITURE_CLASS_RE.search(names) is not None
    if el.tag not in _FURNITURE_TAGS and not hinted:
        return False
    # Tag and class are only hints: an article container that happens to be called
    # "print-area" (or sits in a page-wide <form>) holds paragraphs of text, a share
    # widget or a menu does not.
    paragraphs = sum(1 for p in el.iter("p") if len(p.text_content().strip()) > 40)
    return paragraphs < 2


def _drop_furniture(body: lxml.html.HtmlElement) -> None:
    doomed = [
        el
        for el in body.iter()
        if isinstance(el.tag, str) and el is not body and _is_furniture_element(el)
    ]
    for el in doomed:
        # drop_tree keeps the element's tail text, which belongs to its parent.
        if el.getparent() is not None:
            el.drop_tree()


def _main_content(body: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element whose paragraphs hold the most text (half credit to grandparents).

    Paragraphs are ``<p>`` elements and text-holding leaf blocks (a ``<div>`` or
    ``<td>`` with no block inside), since many Chinese CMS templates write
    ``<div>``/``<br>`` paragraphs without any ``<p>``.
    """
    # Elements with a block inside, marked upwards from each block in one pass; an
    # ancestor already marked has all of its own ancestors marked, so stop there.
    holds_block: set[lxml.html.HtmlElement] = set()
    for el in body.iter(*_BLOCK_TAGS):
        for ancestor in el.iterancestors():
            if ancestor in holds_block:
                break
            holds_block.add(ancestor)
    scores: dict[lxml.html.HtmlElement, float] = {}
    # Paragraph text held anywhere inside each element.
    totals: dict[lxml.html.HtmlElement, float] = {}
    for el in body.iter(*_PARAGRAPH_TAGS):
        if el.tag != "p" and el in holds_block:
            continue
        length = len(el.text_content().strip())
        parent = el.getparent()
        if not length or parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + length
        for ancestor in el.iterancestors():
            totals[ancestor] = totals.get(ancestor, 0.0) + length
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + length / 2
    if not scores:
        return body
    best = max(scores, key=lambda el: scores[el])
    # An article split over several containers (one <div> per paragraph, or per
    # section) has a best container that holds only part of it: move up to the
    # nearest ancestor holding at least twice as much paragraph text.
    while True:
        have = totals.get(best, 0.0)
        for ancestor in best.iterancestors():
            if totals.get(ancestor, 0.0) >= 2 * have:
                best = ancestor
                break
        else:
            return best


def _blocks(root: lxml.html.HtmlElement) -> list[str]:
    """Text of *root* cut at block-element boundaries and at ``<br>``."""
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        if text.strip():
            out.append(text)

    def walk(el: lxml.html.HtmlElement) -> None:
        if not isinstance(el.tag, str):  # comments/PIs that survived, entities
            return
        tag = el.tag.lower()
        if tag in _CODE_TAGS:
            return  # script and style text is never page text (the tail is the parent's)
        block = tag in _BLOCK_TAGS
        if block or tag == "br":
            # Chinese CMS pages separate paragraphs with <br>　　 as often as with <p>,
            # so a line break starts a new block.
            flush()
        if el.text:
            buffer.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buffer.append(child.tail)
        if block:
            flush()

    walk(root)
    flush()
    return out

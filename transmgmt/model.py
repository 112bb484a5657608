"""The article model: documents, article pairs, disclaimers, alignment and revisions.

Every class is a frozen attrs class whose validators reject values the TEI encoding
could not hold (bad identifiers, bad language tags, links to unknown ids), so a model
that exists can always be exported, and an exported file reads back to an equal model.

Example:
    >>> from transmgmt.model import ArticlePair, Document, Paragraph
    >>> en = Document(lang="en", title="Xu Ganlu Meets IOM Chief",
    ...               paragraphs=(Paragraph(id="en-p1", text="Xu Ganlu met ..."),))
    >>> pair = ArticlePair(id="art-1", translation=en)
    >>> pair.status
    'source-pending'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Literal

import attrs

from transmgmt.errors import ModelError
from transmgmt.lang import validate_lang_tag

__all__ = [
    "APPROVED",
    "CURRENT",
    "LINK_STATUSES",
    "OUTDATED",
    "REVIEWED",
    "SOURCE_PENDING",
    "STATUSES",
    "TRANSLATION_MISSING",
    "WAIVER_CODE_RE",
    "Alignment",
    "ArticlePair",
    "Disclaimer",
    "Document",
    "Link",
    "Paragraph",
    "Revision",
    "Sentence",
    "SourceInfo",
    "Waiver",
    "text_digest",
    "validate_identifier",
]

#: The pair has an English translation whose Chinese source is not known yet.
SOURCE_PENDING = "source-pending"
#: The pair has a source but no translation yet.
TRANSLATION_MISSING = "translation-missing"
#: The translation was made from the current source text.
CURRENT = "current"
#: The source changed after the translation was made.
OUTDATED = "outdated"
#: An editor reviewed the current translation.
REVIEWED = "reviewed"
#: An editor approved the current translation.
APPROVED = "approved"
#: Every pair status, in workflow order.
STATUSES = (SOURCE_PENDING, TRANSLATION_MISSING, CURRENT, OUTDATED, REVIEWED, APPROVED)

#: How a link came to be: computed by an aligner, or set by an editor.
LINK_STATUSES = ("auto", "manual")
LinkStatus = Literal["auto", "manual"]

# Identifiers become xml:id values and file names, so they are restricted to an ASCII
# subset of XML NCName that is also safe as a file name on every platform.
_IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,127}$")
_DIGEST_RE = re.compile(r"^sha256:[0-9a-f]{64}$")
_WHITESPACE_RE = re.compile(r"\s+")
# What XML 1.0 cannot carry: C0 controls but tab, newline and carriage return, U+FFFE/F.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def validate_identifier(value: str, what: str = "identifier") -> str:
    """Return *value* if it is a safe identifier (an xml:id that is also a file name).

    Raises:
        ModelError: If *value* is not 1-128 ASCII letters, digits, ``_ . -`` starting
            with a letter or underscore.

    Example:
        >>> validate_identifier("art-000_b36e647bb89e86f8")
        'art-000_b36e647bb89e86f8'
    """
    if not isinstance(value, str) or not _IDENTIFIER_RE.match(value):
        msg = (
            f"{what} must be 1-128 ASCII letters, digits, '_', '.', '-' starting with a "
            f"letter or '_', got {value!r}"
        )
        raise ModelError(msg)
    return value


def text_digest(parts: Iterable[str]) -> str:
    """Digest of a text given as parts (title, paragraphs), insensitive to layout.

    Parts are NFC-normalised and their whitespace collapsed, so re-wrapping a page or
    changing its indentation does not change the digest; any change of characters does.

    Example:
        >>> text_digest(["a  b", "c"]) == text_digest(["a b ", " c"])
        True
    """
    sha = hashlib.sha256()
    for part in parts:
        normal = _WHITESPACE_RE.sub(" ", unicodedata.normalize("NFC", part)).strip()
        sha.update(normal.encode("utf-8"))
        sha.update(b"\x1e")  # record separator: ["ab", "c"] and ["a", "bc"] differ
    return f"sha256:{sha.hexdigest()}"


def _identifier(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    validate_identifier(value, attribute.name)


def _lang_tag(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    try:
        validate_lang_tag(value)
    except ModelError as exc:
        msg = f"{attribute.name}: {exc}"
        raise ModelError(msg) from None


def _optional_lang_tag(instance: object, attribute: attrs.Attribute, value: str | None) -> None:
    if value is not None:
        _lang_tag(instance, attribute, value)


def _clean_text(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not isinstance(value, str):
        msg = f"{attribute.name} must be a string, got {type(value).__name__}"
        raise ModelError(msg)
    if value != value.strip():
        msg = f"{attribute.name} must not start or end with whitespace: {value[:40]!r}"
        raise ModelError(msg)
    # XML 1.0 cannot carry most control characters; reject them here, not at export.
    # One regex search, not a Python loop per character: every text of every article
    # read passes here.
    bad = _CONTROL_RE.search(value)
    if bad is not None:
        msg = f"{attribute.name} contains control character U+{ord(bad.group()):04X}"
        raise ModelError(msg)


def _non_empty_text(instance: object, attribute: attrs.Attribute, value: str) -> None:
    _clean_text(instance, attribute, value)
    if not value:
        msg = f"{attribute.name} must not be empty"
        raise ModelError(msg)


def _optional_text(instance: object, attribute: attrs.Attribute, value: str | None) -> None:
    if value is not None:
        _non_empty_text(instance, attribute, value)


def _optional_digest(_instance: object, attribute: attrs.Attribute, value: str | None) -> None:
    if value is not None and not _DIGEST_RE.match(value):
        msg = f"{attribute.name} must look like 'sha256:<64 hex digits>', got {value!r}"
        raise ModelError(msg)


def _one_of(options: tuple[str, ...], *, optional: bool = False):
    """Validator: the value is one of *options* (or None when *optional*)."""

    def check(_instance: object, attribute: attrs.Attribute, value: object) -> None:
        if value is None and optional:
            return
        if value not in options:
            msg = f"{attribute.name} must be one of {', '.join(options)}; got {value!r}"
            raise ModelError(msg)

    return check


def _optional_date(_instance: object, attribute: attrs.Attribute, value: object) -> None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        msg = f"{attribute.name} must be a datetime.date or None, got {value!r}"
        raise ModelError(msg)


def _utc_seconds(value: dt.datetime) -> dt.datetime:
    """Normalise a timestamp to UTC, whole seconds (what TEI @when keeps)."""
    if not isinstance(value, dt.datetime):
        msg = f"timestamp must be a datetime.datetime, got {value!r}"
        raise ModelError(msg)
    if value.tzinfo is None:
        msg = f"timestamp must be timezone-aware, got naive {value.isoformat()}"
        raise ModelError(msg)
    return value.astimezone(dt.timezone.utc).replace(microsecond=0)


# Tuple converters, one per element type. They do exactly what ``converter=tuple`` did;
# they exist because mypy's attrs plugin cannot bind the type variable of a generic
# converter (``tuple`` or an ``Iterable[T] -> tuple[T, ...]`` helper), so every caller
# would be rejected. Named functions with concrete types give the constructors precise
# ``Iterable[X]`` parameters.
def _str_tuple(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _sentence_tuple(items: Iterable[Sentence]) -> tuple[Sentence, ...]:
    return tuple(items)


def _paragraph_tuple(items: Iterable[Paragraph]) -> tuple[Paragraph, ...]:
    return tuple(items)


def _link_tuple(items: Iterable[Link]) -> tuple[Link, ...]:
    return tuple(items)


def _revision_tuple(items: Iterable[Revision]) -> tuple[Revision, ...]:
    return tuple(items)


def _waiver_tuple(items: Iterable[Waiver]) -> tuple[Waiver, ...]:
    return tuple(items)


@attrs.frozen
class Sentence:
    """One sentence of a paragraph.

    Attributes:
        id: Stable id, derived from the paragraph id (``zh-p1-s2``).
        text: The sentence, an exact substring of its paragraph's text.
    """

    id: str = attrs.field(validator=_identifier)
    text: str = attrs.field(validator=_non_empty_text)


@attrs.frozen
class Paragraph:
    """One body paragraph of a document.

    Attributes:
        id: Stable id (``en-p3``), unique within the article pair.
        text: The paragraph text, whitespace-normalised.
        sentences: The paragraph split into sentences, in order; empty until segmented.
            Each sentence text occurs in ``text`` after the previous one, so the
            paragraph can be rebuilt exactly from the sentences and what lies between.
    """

    id: str = attrs.field(validator=_identifier)
    text: str = attrs.field(validator=_non_empty_text)
    sentences: tuple[Sentence, ...] = attrs.field(default=(), converter=_sentence_tuple)

    def __attrs_post_init__(self) -> None:
        position = 0
        for sentence in self.sentences:
            found = self.text.find(sentence.text, position)
            if found < 0:
                msg = (
                    f"sentence {sentence.id} is not a substring of paragraph {self.id} "
                    f"after the previous sentence: {sentence.text[:40]!r}"
                )
                raise ModelError(msg)
            position = found + len(sentence.text)

    def gaps(self) -> list[str]:
        """The text between sentences: before the first, between each, after the last.

        There are ``len(sentences) + 1`` gaps; with no sentences the only gap is the text.

        Example:
            >>> p = Paragraph(id="en-p1", text="A. B.", sentences=(
            ...     Sentence(id="en-p1-s1", text="A."), Sentence(id="en-p1-s2", text="B.")))
            >>> p.gaps()
            ['', ' ', '']
        """
        gaps: list[str] = []
        position = 0
        for sentence in self.sentences:
            found = self.text.find(sentence.text, position)
            gaps.append(self.text[position:found])
            position = found + len(sentence.text)
        gaps.append(self.text[position:])
        return gaps


@attrs.frozen
class SourceInfo:
    """What is known of an authoritative source that is not (yet) in the archive.

    An English page names or implies its Chinese original; until the original is found
    the pair is *source pending* and keeps this partial description.

    Attributes:
        lang: Language of the source (``zh-Hans`` unless known otherwise).
        url: Address of the source page, if known.
        title: Title of the source page, if known.
        published: Publication date of the source, if known.
    """

    lang: str = attrs.field(default="zh-Hans", validator=_lang_tag, converter=str)
    url: str | None = attrs.field(default=None, validator=_optional_text)
    title: str | None = attrs.field(default=None, validator=_optional_text)
    published: dt.date | None = attrs.field(default=None, validator=_optional_date)


@attrs.frozen
class Document:
    """One language version of an article: the source or the translation.

    Attributes:
        lang: BCP 47 tag (``zh-Hans``, ``zh-Hant``, ``en``), checked with babel.
        title: The article title as published.
        paragraphs: Body paragraphs with ids unique in the document.
        url: Where the page was published.
        publisher: Who published it (ministry, agency, newspaper).
        published: Publication date of the page.
        retrieved: When the page was fetched or imported.
        event_date: The date of the reported event, found in the text.
        raw_digest: ``sha256:…`` of the raw bytes imported, to recognise a re-import.
    """

    lang: str = attrs.field(validator=_lang_tag)
    title: str = attrs.field(validator=_non_empty_text)
    paragraphs: tuple[Paragraph, ...] = attrs.field(converter=_paragraph_tuple)
    url: str | None = attrs.field(default=None, validator=_optional_text)
    publisher: str | None = attrs.field(default=None, validator=_optional_text)
    published: dt.date | None = attrs.field(default=None, validator=_optional_date)
    retrieved: dt.date | None = attrs.field(default=None, validator=_optional_date)
    event_date: dt.date | None = attrs.field(default=None, validator=_optional_date)
    raw_digest: str | None = attrs.field(default=None, validator=_optional_digest)

    @paragraphs.validator
    def _check_paragraphs(self, _attribute: attrs.Attribute, value: tuple[Paragraph, ...]) -> None:
        if not value:
            msg = "a document needs at least one paragraph"
            raise ModelError(msg)
        seen: set[str] = set()
        for paragraph in value:
            if not isinstance(paragraph, Paragraph):
                msg = f"paragraphs must be Paragraph objects, got {type(paragraph).__name__}"
                raise ModelError(msg)
            for ident in (paragraph.id, *(s.id for s in paragraph.sentences)):
                if ident in seen:
                    msg = f"duplicate id {ident!r} in document"
                    raise ModelError(msg)
                seen.add(ident)

    @property
    def digest(self) -> str:
        """Digest of the title and paragraph texts (see :func:`text_digest`)."""
        return text_digest([self.title, *(p.text for p in self.paragraphs)])

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """All sentences of the document, in reading order."""
        return tuple(s for p in self.paragraphs for s in p.sentences)

    def ids(self) -> set[str]:
        """Every paragraph and sentence id of the document."""
        return {i for p in self.paragraphs for i in (p.id, *(s.id for s in p.sentences))}


@attrs.frozen
class Disclaimer:
    """The notice that says which language version is authoritative.

    Attributes:
        text: The notice exactly as published.
        lang: Language the notice is written in.
        authoritative_lang: The language the notice declares authoritative.
        reference_lang: The language the notice declares "for reference only".

    Example:
        >>> Disclaimer(text="Notice: The English version is only for reference.",
        ...            lang="en", authoritative_lang="zh-Hans", reference_lang="en").lang
        'en'
    """

    text: str = attrs.field(validator=_non_empty_text)
    lang: str = attrs.field(validator=_lang_tag)
    authoritative_lang: str = attrs.field(validator=_lang_tag)
    reference_lang: str = attrs.field(validator=_lang_tag)

    def __attrs_post_init__(self) -> None:
        if self.authoritative_lang == self.reference_lang:
            msg = (
                f"a disclaimer cannot declare {self.authoritative_lang!r} both authoritative "
                "and for reference only"
            )
            raise ModelError(msg)


def _score(_instance: object, attribute: attrs.Attribute, value: float | None) -> None:
    if value is not None and not (isinstance(value, float) and 0.0 <= value <= 1.0):
        msg = f"{attribute.name} must be a float in [0, 1] or None, got {value!r}"
        raise ModelError(msg)


def _round_score(value: float | None) -> float | None:
    # Scores are stored with 4 decimals so the TEI text reads back to the same float.
    return None if value is None else round(float(value), 4)


@attrs.frozen
class Link:
    """An alignment link between source units and translation units.

    ``source`` and ``target`` hold paragraph ids (paragraph links) or sentence ids
    (sentence links). One side may be empty: a 1-0 link is a source unit left
    untranslated, a 0-1 link a translation unit with no source.

    Attributes:
        source: Ids in the source document, in order.
        target: Ids in the translation, in order.
        score: Confidence in [0, 1], or None when unknown (manual links).
        status: ``"auto"`` (computed) or ``"manual"`` (set by an editor).

    Example:
        >>> Link(source=("zh-p1-s1",), target=("en-p1-s1", "en-p1-s2"), score=0.9).type
        '1-2'
    """

    source: tuple[str, ...] = attrs.field(converter=_str_tuple)
    target: tuple[str, ...] = attrs.field(converter=_str_tuple)
    score: float | None = attrs.field(default=None, converter=_round_score, validator=_score)
    status: LinkStatus = attrs.field(default="auto", validator=_one_of(LINK_STATUSES))

    def __attrs_post_init__(self) -> None:
        if not self.source and not self.target:
            msg = "a link needs at least one source or target id"
            raise ModelError(msg)
        if (not self.source or not self.target) and len(self.source) + len(self.target) != 1:
            msg = (
                f"a one-sided link holds exactly one unit (1-0 or 0-1), "
                f"got {len(self.source)}-{len(self.target)}"
            )
            raise ModelError(msg)
        for ident in (*self.source, *self.target):
            validate_identifier(ident, "link member")
        if len(set(self.source) | set(self.target)) != len(self.source) + len(self.target):
            msg = f"a link names an id twice: {self.source} / {self.target}"
            raise ModelError(msg)

    @property
    def type(self) -> str:
        """``"<source count>-<target count>"``, e.g. ``"2-1"``."""
        return f"{len(self.source)}-{len(self.target)}"

    @property
    def id(self) -> str:
        """A stable id: every unit is in at most one link, so its first member names it."""
        return f"l-{(self.source or self.target)[0]}"


@attrs.frozen
class Alignment:
    """Paragraph and sentence links between the source and the translation.

    Attributes:
        paragraph_links: Links between paragraph ids.
        sentence_links: Links between sentence ids.
        method: How the automatic links were made (aligner name and settings), for
            the record (``appInfo`` in TEI); None when there are no automatic links.
    """

    paragraph_links: tuple[Link, ...] = attrs.field(default=(), converter=_link_tuple)
    sentence_links: tuple[Link, ...] = attrs.field(default=(), converter=_link_tuple)
    method: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        for level, links in (
            ("paragraph", self.paragraph_links),
            ("sentence", self.sentence_links),
        ):
            seen: set[str] = set()
            for link in links:
                for ident in (*link.source, *link.target):
                    if ident in seen:
                        msg = f"{ident!r} is in more than one {level} link"
                        raise ModelError(msg)
                    seen.add(ident)

    def __bool__(self) -> bool:
        return bool(self.paragraph_links or self.sentence_links)

    def links(self) -> Iterator[Link]:
        """Every link, paragraph links first."""
        yield from self.paragraph_links
        yield from self.sentence_links


#: Revision kinds whose changes make an earlier review or approval stale.
CONTENT_CHANGES = frozenset(
    {"ingest", "source-added", "source-updated", "translation-added", "translation-updated"}
)


@attrs.frozen
class Revision:
    """One recorded change to an article pair (``revisionDesc/change`` in TEI).

    Attributes:
        when: Timezone-aware time of the change (kept in UTC, whole seconds).
        who: The person or program that made it.
        kind: What happened: ``ingest``, ``source-added``, ``source-updated``,
            ``translation-updated``, ``aligned``, ``reviewed``, ``approved`` (any
            identifier-like word is accepted so later tools can add kinds).
        note: A free-text description.
        status: The pair's status after the change, if the change set one.
        source_digest: Digest of the source text the translation was made from (or
            that the change produced), so tracking can compare versions later.
    """

    when: dt.datetime = attrs.field(converter=_utc_seconds)
    who: str = attrs.field(validator=_non_empty_text)
    kind: str = attrs.field(validator=_identifier)
    note: str | None = attrs.field(default=None, validator=_optional_text)
    status: str | None = attrs.field(default=None, validator=_one_of(STATUSES, optional=True))
    source_digest: str | None = attrs.field(default=None, validator=_optional_digest)


#: What a waiver's code looks like: the check code it silences (``TM501``).
WAIVER_CODE_RE = re.compile(r"^[A-Z]{1,8}[0-9]{1,6}$")


def _waiver_code(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not isinstance(value, str) or not WAIVER_CODE_RE.match(value):
        msg = f"{attribute.name} must be a check code such as 'TM501', got {value!r}"
        raise ModelError(msg)


@attrs.frozen
class Waiver:
    """A check finding an editor accepted, with the reason, kept in the TEI file.

    ``transmgmt check`` does not report a finding whose code and unit match a waiver.
    In TEI it is ``notesStmt/note[@type='waiver'][@n=code][@target='#unit']``.

    Attributes:
        code: The check code waived (``TM501``).
        target: The id of the unit concerned (paragraph or sentence), or the article
            id for a finding about the whole article.
        reason: Why the finding is accepted, for the next reader.

    Example:
        >>> Waiver(code="TM501", target="zh-p1-s1", reason="The date is the weekday.").code
        'TM501'

    .. versionadded:: 0.1
    """

    code: str = attrs.field(validator=_waiver_code)
    target: str = attrs.field(validator=_identifier)
    reason: str = attrs.field(validator=_non_empty_text)


def _optional_document(_instance: object, attribute: attrs.Attribute, value: object) -> None:
    if value is not None and not isinstance(value, Document):
        msg = f"{attribute.name} must be a Document or None, got {type(value).__name__}"
        raise ModelError(msg)


@attrs.frozen
class ArticlePair:
    """An authoritative source and its reference translation, either possibly absent.

    Attributes:
        id: Stable identifier of the pair (also the TEI ``xml:id`` and file stem).
        source: The authoritative (Chinese) document, or None while pending.
        translation: The reference (English) translation, or None while missing.
        source_info: What is known of a source that is not in the archive yet.
        disclaimer: The published notice on authority, if any.
        alignment: Paragraph and sentence links between the two documents.
        revisions: The history of the pair, oldest first.
        translated_from: Digest of the source text the translation was made from;
            when it differs from the current source's digest the pair is outdated.
        waivers: Check findings accepted by an editor, each with its reason.
    """

    id: str = attrs.field(validator=_identifier)
    source: Document | None = attrs.field(default=None, validator=_optional_document)
    translation: Document | None = attrs.field(default=None, validator=_optional_document)
    source_info: SourceInfo | None = None
    disclaimer: Disclaimer | None = None
    alignment: Alignment = attrs.field(factory=Alignment)
    revisions: tuple[Revision, ...] = attrs.field(default=(), converter=_revision_tuple)
    translated_from: str | None = attrs.field(default=None, validator=_optional_digest)
    waivers: tuple[Waiver, ...] = attrs.field(default=(), converter=_waiver_tuple)

    def __attrs_post_init__(self) -> None:
        if self.source is None and self.translation is None:
            msg = f"article {self.id}: a pair needs a source or a translation"
            raise ModelError(msg)
        if self.source is not None and self.source_info is not None:
            msg = f"article {self.id}: source_info describes a pending source only"
            raise ModelError(msg)
        if self.source is None and self.source_info is None:
            # A pending source is always described, if only by its language, so that a
            # pair built without source_info equals the same pair read back from TEI.
            object.__setattr__(self, "source_info", SourceInfo())
        if (
            self.source is not None
            and self.translation is not None
            and self.source.lang == self.translation.lang
        ):
            msg = f"article {self.id}: source and translation are both {self.source.lang!r}"
            raise ModelError(msg)
        self._check_unique_ids()
        self._check_links()
        self._check_disclaimer()
        self._check_waivers()

    def evolve(self, **changes: object) -> ArticlePair:
        """A copy with *changes* applied, dropping waivers whose unit no longer exists.

        Use it whenever a document is replaced (a corrected source, an imported
        translation): a waiver is about a unit, and a unit that is gone takes its waiver
        with it instead of making the new pair invalid.

        Example:
            >>> en = Document(lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="x"),))
            >>> pair = ArticlePair(id="a", translation=en,
            ...                    waivers=(Waiver(code="TM701", target="en-p1", reason="ok"),))
            >>> new = Document(lang="en", title="T", paragraphs=(Paragraph(id="en-p9", text="y"),))
            >>> pair.evolve(translation=new).waivers
            ()
        """
        draft = {name: getattr(self, name) for name in attrs.fields_dict(type(self))}
        draft.update(changes)
        known = {draft["id"]}
        for doc in (draft["source"], draft["translation"]):
            if isinstance(doc, Document):
                known |= doc.ids()
        draft["waivers"] = tuple(w for w in draft["waivers"] if w.target in known)
        return type(self)(**draft)

    def _check_waivers(self) -> None:
        if not self.waivers:
            return
        known = {self.id}
        for doc in self.documents():
            known |= doc.ids()
        seen: set[tuple[str, str]] = set()
        for waiver in self.waivers:
            if not isinstance(waiver, Waiver):
                got = type(waiver).__name__
                msg = f"article {self.id}: waivers must be Waiver objects, got {got}"
                raise ModelError(msg)
            if waiver.target not in known:
                msg = (
                    f"article {self.id}: waiver of {waiver.code} targets {waiver.target!r}, "
                    "which is neither the article id nor a paragraph or sentence id"
                )
                raise ModelError(msg)
            if (waiver.code, waiver.target) in seen:
                msg = f"article {self.id}: {waiver.code} is waived twice for {waiver.target!r}"
                raise ModelError(msg)
            seen.add((waiver.code, waiver.target))

    def _check_unique_ids(self) -> None:
        source_ids = self.source.ids() if self.source else set()
        target_ids = self.translation.ids() if self.translation else set()
        clash = source_ids & target_ids
        if clash:
            msg = f"article {self.id}: ids used in both documents: {sorted(clash)[:5]}"
            raise ModelError(msg)

    def _check_links(self) -> None:
        if not self.alignment:
            return
        if self.source is None or self.translation is None:
            msg = f"article {self.id}: alignment needs both a source and a translation"
            raise ModelError(msg)
        levels = (
            ("paragraph", self.alignment.paragraph_links, lambda d: {p.id for p in d.paragraphs}),
            ("sentence", self.alignment.sentence_links, lambda d: {s.id for s in d.sentences}),
        )
        for level, links, ids_of in levels:
            source_ids, target_ids = ids_of(self.source), ids_of(self.translation)
            for link in links:
                unknown = [i for i in link.source if i not in source_ids]
                unknown += [i for i in link.target if i not in target_ids]
                if unknown:
                    msg = (
                        f"article {self.id}: {level} link {link.id} points to ids that are "
                        f"not {level}s of its side: {unknown}"
                    )
                    raise ModelError(msg)

    def _check_disclaimer(self) -> None:
        if self.disclaimer is None:
            return
        if self.translation is None:
            msg = f"article {self.id}: a disclaimer belongs to a translation, and there is none"
            raise ModelError(msg)
        if self.disclaimer.authoritative_lang != self.source_lang:
            msg = (
                f"article {self.id}: disclaimer declares {self.disclaimer.authoritative_lang!r} "
                f"authoritative but the source is {self.source_lang!r}"
            )
            raise ModelError(msg)
        if self.disclaimer.reference_lang != self.translation.lang:
            msg = (
                f"article {self.id}: disclaimer declares {self.disclaimer.reference_lang!r} for "
                f"reference but the translation is {self.translation.lang!r}"
            )
            raise ModelError(msg)

    @property
    def source_lang(self) -> str:
        """Language of the authoritative source, known even while it is pending."""
        if self.source is not None:
            return self.source.lang
        if self.source_info is not None:
            return self.source_info.lang
        return "zh-Hans"

    @property
    def status(self) -> str:
        """The pair's tracking status, one of :data:`STATUSES`.

        ``source-pending`` and ``translation-missing`` follow from what is present;
        ``outdated`` from a translation made from another source version; otherwise the
        latest review or approval stands until a later change of content.
        """
        if self.source is None:
            return SOURCE_PENDING
        if self.translation is None:
            return TRANSLATION_MISSING
        if self.translated_from is not None and self.translated_from != self.source.digest:
            return OUTDATED
        for revision in reversed(self.revisions):
            if revision.status in (REVIEWED, APPROVED):
                return revision.status
            if revision.kind in CONTENT_CHANGES:
                break
        return CURRENT

    def documents(self) -> Iterator[Document]:
        """The documents present, source first."""
        if self.source is not None:
            yield self.source
        if self.translation is not None:
            yield self.translation

"""Hypothesis strategies that build valid article pairs (shared by several test modules)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

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

# Everything XML 1.0 can carry in text: no C0 controls (but tab/newline), no surrogates,
# no U+FFFE/U+FFFF; CR is excluded because XML parsers turn it into LF by definition.
_chars = st.characters(
    blacklist_categories=("Cs", "Cc"),
    blacklist_characters="\ufffe\uffff",
) | st.sampled_from("\t\n中文。，“”「」《》、…𠀀𪚥 &<>\"'")
texts = st.text(_chars, min_size=1, max_size=40).map(str.strip).filter(bool)
dates = st.dates(min_value=dt.date(1949, 1, 1), max_value=dt.date(2100, 12, 31))
times = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.just(dt.timezone.utc),
)
digests = st.binary(min_size=32, max_size=32).map(lambda b: f"sha256:{b.hex()}")


@st.composite
def paragraphs(draw: st.DrawFn, pid: str) -> Paragraph:
    pieces = draw(st.lists(texts, min_size=1, max_size=4))
    gaps = [draw(st.sampled_from(["", " ", "  ", "\n"])) for _ in pieces[1:]]
    text = pieces[0] + "".join(g + p for g, p in zip(gaps, pieces[1:], strict=True))
    segmented = draw(st.booleans())
    sentences = (
        tuple(Sentence(id=f"{pid}-s{i}", text=p) for i, p in enumerate(pieces, 1))
        if segmented
        else ()
    )
    return Paragraph(id=pid, text=text, sentences=sentences)


@st.composite
def documents(draw: st.DrawFn, lang: str, prefix: str) -> Document:
    count = draw(st.integers(min_value=1, max_value=4))
    optional = lambda s: draw(st.none() | s)  # noqa: E731
    return Document(
        lang=lang,
        title=draw(texts),
        paragraphs=tuple(draw(paragraphs(f"{prefix}-p{i}")) for i in range(1, count + 1)),
        url=optional(st.just(f"https://example.org/{prefix}/1.html")),
        publisher=optional(texts),
        published=optional(dates),
        retrieved=optional(dates),
        event_date=optional(dates),
        raw_digest=optional(digests),
    )


def _links(draw: st.DrawFn, source: list[str], target: list[str]) -> tuple[Link, ...]:
    """Monotonic links covering both id lists, with random bead sizes."""
    links = []
    i = j = 0
    while i < len(source) or j < len(target):
        n = draw(st.integers(0, min(2, len(source) - i)))
        m = draw(st.integers(0, min(2, len(target) - j)))
        if n == 0 or m == 0:  # one-sided links hold exactly one unit
            n, m = (1, 0) if (m == 0 and i < len(source)) else (0, 1)
        links.append(
            Link(
                source=tuple(source[i : i + n]),
                target=tuple(target[j : j + m]),
                score=draw(st.none() | st.floats(0, 1)),
                status=draw(st.sampled_from(["auto", "manual"])),
            )
        )
        i, j = i + n, j + m
    return tuple(links)


@st.composite
def pairs(draw: st.DrawFn) -> ArticlePair:
    source_lang = draw(st.sampled_from(["zh-Hans", "zh-Hant", "zh-Hans-CN"]))
    shape = draw(st.sampled_from(["both", "pending", "missing"]))
    source = draw(documents(source_lang, "zh")) if shape != "pending" else None
    translation = draw(documents("en", "en")) if shape != "missing" else None
    source_info = None
    if source is None and draw(st.booleans()):
        source_info = SourceInfo(
            lang=source_lang,
            url=draw(st.none() | st.just("https://x.cn/a")),
            title=draw(st.none() | texts),
            published=draw(st.none() | dates),
        )
    if source is None and source_info is None:
        source_lang = "zh-Hans"  # what a pair without source_info assumes
    disclaimer = None
    if translation is not None and draw(st.booleans()):
        disclaimer = Disclaimer(
            text=draw(texts),
            lang=draw(st.sampled_from(["en", source_lang])),
            authoritative_lang=source_lang,
            reference_lang="en",
        )
    alignment = Alignment()
    if source is not None and translation is not None and draw(st.booleans()):
        alignment = Alignment(
            paragraph_links=_links(
                draw, [p.id for p in source.paragraphs], [p.id for p in translation.paragraphs]
            ),
            sentence_links=_links(
                draw, [s.id for s in source.sentences], [s.id for s in translation.sentences]
            ),
            method=draw(st.none() | texts),
        )
    revisions = tuple(
        Revision(
            when=draw(times),
            who=draw(texts),
            kind=draw(st.sampled_from(["ingest", "source-updated", "approved", "aligned"])),
            note=draw(st.none() | texts),
            status=draw(st.none() | st.sampled_from(["current", "outdated", "approved"])),
            source_digest=draw(st.none() | digests),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    article_id = draw(st.from_regex(r"[A-Za-z][A-Za-z0-9_.-]{0,20}", fullmatch=True))
    units = sorted({article_id, *(i for d in (source, translation) if d for i in d.ids())})
    waived = draw(
        st.lists(
            st.tuples(st.sampled_from(["TM101", "TM501", "TM701"]), st.sampled_from(units)),
            max_size=3,
            unique=True,
        )
    )
    return ArticlePair(
        id=article_id,
        source=source,
        translation=translation,
        source_info=source_info,
        disclaimer=disclaimer,
        alignment=alignment,
        revisions=revisions,
        translated_from=draw(st.none() | digests) if source and translation else None,
        waivers=tuple(Waiver(code=c, target=t, reason=draw(texts)) for c, t in waived),
    )

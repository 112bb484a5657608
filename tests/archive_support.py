"""Helpers for the archive tests: a tiny 1-1 aligner and page fixtures.

The real aligner lives in ``transmgmt.align`` (written separately); these tests only
need something with its contract: fill sentences and links, keep manual links.
"""

from __future__ import annotations

import attrs
from conftest import REPO

from transmgmt.model import Alignment, ArticlePair, Document, Link, Sentence
from transmgmt.segment import split_sentences

PAIRING = REPO / "tests" / "data" / "pairing"
ZH_XU = PAIRING / "zh" / "xu-ganlu-iom.txt"
SEED_XU = "art-000_b36e647bb89e86f8"
SEED_FORUM = "art-001_94d346b9cbc6fb15"


def _segmented(document: Document) -> Document:
    paragraphs = []
    for p in document.paragraphs:
        texts = split_sentences(p.text, document.lang)
        paragraphs.append(p if p.sentences else attrs.evolve(p, sentences=tuple(
            Sentence(id=f"{p.id}-s{n}", text=t) for n, t in enumerate(texts, 1))))
    return attrs.evolve(document, paragraphs=tuple(paragraphs))


def _in_order(source: list[str], target: list[str], manual: tuple[Link, ...]) -> tuple[Link, ...]:
    taken = {i for link in manual for i in (*link.source, *link.target)}
    free_source = [i for i in source if i not in taken]
    free_target = [i for i in target if i not in taken]
    links = list(manual)
    links += [Link((a,), (b,), 0.5) for a, b in zip(free_source, free_target, strict=False)]
    n = min(len(free_source), len(free_target))
    links += [Link((a,), ()) for a in free_source[n:]]
    links += [Link((), (b,)) for b in free_target[n:]]
    return tuple(links)


def one_to_one(pair: ArticlePair) -> ArticlePair:
    """Segment both sides, keep manual links, link the rest 1-1 in order."""
    if pair.source is None or pair.translation is None:
        return pair
    source, translation = _segmented(pair.source), _segmented(pair.translation)
    manual_p = tuple(k for k in pair.alignment.paragraph_links if k.status == "manual")
    manual_s = tuple(k for k in pair.alignment.sentence_links if k.status == "manual")
    alignment = Alignment(
        paragraph_links=_in_order([p.id for p in source.paragraphs],
                                  [p.id for p in translation.paragraphs], manual_p),
        sentence_links=_in_order([s.id for s in source.sentences],
                                 [s.id for s in translation.sentences], manual_s),
        method="test 1-1 aligner")
    return attrs.evolve(pair, source=source, translation=translation, alignment=alignment)

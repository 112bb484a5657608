"""What a check function sees: the article, its TEI tree and where each unit is."""

from __future__ import annotations

from functools import cached_property

import attrs
from lxml import etree

from transmgmt._xml import XML_ID
from transmgmt.checks._glossary import Glossary
from transmgmt.model import ArticlePair, Paragraph

__all__ = ["AlignedUnits", "Context"]


@attrs.frozen
class AlignedUnits:
    """One link with both sides: the source and translation units and their texts."""

    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    source_text: str
    target_text: str
    level: str

    @property
    def where(self) -> str:
        """``zh-p1-s1 ↔ en-p1-s1`` for messages."""
        return f"{'+'.join(self.source_ids)} \u2194 {'+'.join(self.target_ids)}"


@attrs.define
class Context:
    """The article being checked.

    Attributes:
        tree: The parsed TEI document.
        file: The file name as given, or None for an in-memory pair.
        pair: The article read from the tree, or None when it could not be read
            (then only ``file`` checks run).
        glossary: Required renderings, if a glossary was given.
    """

    tree: etree._ElementTree
    file: str | None = None
    pair: ArticlePair | None = None
    glossary: Glossary | None = None
    #: Results shared between checks of one article (TM501 and TM502 share a comparison).
    cache: dict[object, object] = attrs.field(factory=dict)

    @cached_property
    def lines(self) -> dict[str, int]:
        """Line of every element with an xml:id (first occurrence)."""
        found: dict[str, int] = {}
        for element in self.tree.getroot().iter():
            ident = element.get(XML_ID) if isinstance(element.tag, str) else None
            if ident is not None and ident not in found and element.sourceline:
                found[ident] = element.sourceline  # type: ignore[assignment]  # lxml-stubs: "..."
        return found

    def line(self, unit: str | None) -> int | None:
        """Line of *unit* (an xml:id), else of the root element."""
        if unit is not None and unit in self.lines:
            return self.lines[unit]
        return self.tree.getroot().sourceline  # type: ignore[return-value]  # lxml-stubs: "..."

    @cached_property
    def context_year(self) -> int | None:
        """The year of dates written without one: the event, else publication, date."""
        if self.pair is None:
            return None
        for doc in self.pair.documents():
            for date in (doc.event_date, doc.published):
                if date is not None:
                    return date.year
        return None

    @cached_property
    def aligned(self) -> list[AlignedUnits]:
        """The links with both sides: sentence links if any, else paragraph links."""
        pair = self.pair
        if pair is None or pair.source is None or pair.translation is None:
            return []
        sentence_links = [lk for lk in pair.alignment.sentence_links if lk.source and lk.target]
        if sentence_links:
            level, links = "sentence", sentence_links
            source_texts = {s.id: s.text for s in pair.source.sentences}
            target_texts = {s.id: s.text for s in pair.translation.sentences}
        else:
            level = "paragraph"
            links = [lk for lk in pair.alignment.paragraph_links if lk.source and lk.target]
            source_texts = {p.id: p.text for p in pair.source.paragraphs}
            target_texts = {p.id: p.text for p in pair.translation.paragraphs}
        return [
            AlignedUnits(
                link.source, link.target,
                "".join(source_texts[i] for i in link.source),
                " ".join(target_texts[i] for i in link.target),
                level,
            )
            for link in links
        ]


def unit_at(paragraph: Paragraph, offset: int) -> str:
    """The id of the sentence of *paragraph* that holds *offset*, else the paragraph's."""
    position = 0
    for sentence in paragraph.sentences:
        start = paragraph.text.find(sentence.text, position)
        end = start + len(sentence.text)
        if start <= offset < end:
            return sentence.id
        position = end
    return paragraph.id

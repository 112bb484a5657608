"""Moses-style parallel text for MT training: one sentence pair per line.

``corpus.zh`` and ``corpus.en`` hold the two sides, line *n* of one translating line *n*
of the other; ``corpus.tsv`` describes each line (article id, link id, type, score,
status) so a training set can be traced back to the archive. Only two-sided links are
written; whitespace inside a unit (line breaks, tabs) becomes one space, since a line
break would shift every following pair.

Example:
    >>> from transmgmt.model import *
    >>> zh = Document(lang="zh-Hans", title="标题",
    ...               paragraphs=(Paragraph(id="zh-p1", text="你好。"),))
    >>> en = Document(lang="en", title="Title",
    ...               paragraphs=(Paragraph(id="en-p1", text="Hello,\\nworld."),))
    >>> pair = ArticlePair(id="a1", source=zh, translation=en,
    ...     alignment=Alignment(paragraph_links=(Link(("zh-p1",), ("en-p1",), 0.9),)))
    >>> list(moses_lines([pair], levels=("paragraph",)))
    [('你好。', 'Hello, world.', ('a1', 'l-zh-p1', '1-1', '0.9', 'auto'))]
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from transmgmt._fs import atomic_write_bytes
from transmgmt.errors import InterchangeError
from transmgmt.interchange._units import KEEP_ALL, LinkFilter, aligned_units
from transmgmt.lang import primary_subtag
from transmgmt.model import ArticlePair

__all__ = ["TSV_COLUMNS", "moses_lines", "write_moses"]

#: The columns of the ``.tsv`` file, in order (its first line names them).
TSV_COLUMNS = ("article_id", "link_id", "type", "score", "status")
_SPACE_RE = re.compile(r"\s+")


def _line(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def moses_lines(pairs: Iterable[ArticlePair], link_filter: LinkFilter = KEEP_ALL, *,
                levels: Sequence[str] = ("sentence",),
                ) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """``(source line, target line, TSV row)`` for every two-sided link kept.

    Example:
        >>> list(moses_lines([]))
        []
    """
    for unit in aligned_units(pairs, link_filter, levels=levels):
        link = unit.link
        row = (unit.pair.id, link.id, link.type, "" if link.score is None else repr(link.score),
               link.status)
        yield _line(unit.source_text), _line(unit.target_text), row


def write_moses(pairs: Iterable[ArticlePair], folder: str | os.PathLike[str],
                link_filter: LinkFilter = KEEP_ALL, *, prefix: str = "corpus",
                levels: Sequence[str] = ("sentence",)) -> list[Path]:
    """Write ``<prefix>.<src>``, ``<prefix>.<tgt>`` and ``<prefix>.tsv`` into *folder*.

    The suffixes are the languages' primary subtags (``zh``, ``en``), as Moses and most
    MT toolkits expect. Every file is written atomically.

    Raises:
        InterchangeError: If the pairs mix source (or translation) languages that do
            not share a primary subtag, which one file per side cannot hold.

    Example:
        >>> import pathlib, tempfile
        >>> [p.name for p in write_moses([], pathlib.Path(tempfile.mkdtemp()))]
        ['corpus.zh', 'corpus.en', 'corpus.tsv']
    """
    pairs = [p for p in pairs if p.source is not None and p.translation is not None]
    langs = []
    for side in ("source", "translation"):
        found = {primary_subtag(getattr(p, side).lang) for p in pairs}
        if len(found) > 1:
            msg = f"the {side}s are in several languages ({', '.join(sorted(found))})"
            raise InterchangeError(msg)
        langs.append(found.pop() if found else ("zh" if side == "source" else "en"))
    source_lines, target_lines = [], []
    rows = ["\t".join(TSV_COLUMNS)]
    for source, target, row in moses_lines(pairs, link_filter, levels=levels):
        source_lines.append(source)
        target_lines.append(target)
        rows.append("\t".join(row))
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, lines in ((langs[0], source_lines), (langs[1], target_lines), ("tsv", rows)):
        data = "".join(f"{line}\n" for line in lines).encode("utf-8")
        written.append(atomic_write_bytes(out / f"{prefix}.{suffix}", data))
    return written

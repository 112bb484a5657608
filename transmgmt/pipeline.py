"""The main job: scraped pages in, one validated TEI file per article pair out.

Files are grouped into pairs by name: ``story.zh.html`` and ``story.en.txt`` (also
``_zh``/``-en``, ``.zh-Hans``, ``.cn``) form one pair ``story``; any other file is an
article of its own. Every output is validated against ``schemas/`` before it is
written, and written atomically, so a rejected input leaves nothing behind.

Example:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "story.en.txt").write_text("Title\\n\\nBody on June 25, 2021.\\n")
    >>> [o.article_id for o in ingest_to_tei([folder], folder / "out")]
    ['story']
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from transmgmt._fs import find_files
from transmgmt.align import align_pair
from transmgmt.articles import article_id_from_name, pair_from_pages
from transmgmt.errors import IngestError, TransmgmtError
from transmgmt.ingest import ScrapedPage, read_page_file
from transmgmt.model import ArticlePair
from transmgmt.tei import tei_bytes, write_tei
from transmgmt.validate import validate_tei

__all__ = ["IngestOutcome", "group_inputs", "ingest_to_tei", "tei_file_name"]

_LANG_SUFFIX = re.compile(
    r"^(?P<stem>.+?)[._-](?P<lang>zh(?:[-_]hans|[-_]hant|[-_]cn|[-_]tw)?|cn|chs|cht|en(?:[-_]\w\w)?)$",
    re.IGNORECASE,
)
_INPUT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ""}


@attrs.frozen
class IngestOutcome:
    """What became of one group of input files.

    Attributes:
        inputs: The files read for this article.
        article_id: The article id (also the output file stem).
        output: The TEI file written, or None when rejected.
        pair: The article pair, or None when rejected.
        error: The one-line reason of a rejection, or None.
    """

    inputs: tuple[Path, ...]
    article_id: str
    output: Path | None = None
    pair: ArticlePair | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the TEI file was written."""
        return self.error is None


def tei_file_name(article_id: str) -> str:
    """The file name of an article's TEI (``<id>.tei.xml``)."""
    return f"{article_id}.tei.xml"


def _expand(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():  # in folders, pages only
            files.extend(f for f in find_files([path], "*") if f.suffix.lower() in _INPUT_SUFFIXES)
        else:  # a named file is read whatever its suffix; a missing one is rejected later
            files.append(path)
    return files


def group_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, tuple[Path, ...]]]:
    """Expand folders and group files into articles: ``[(article id, files), ...]``.

    Two files group into one article when their names differ only by a language
    marker (``x.zh.txt`` / ``x.en.txt``); everything else stands alone.

    Example:
        >>> group_inputs(["a.zh.html", "a.en.txt", "b.txt"])
        [('a', (PosixPath('a.zh.html'), PosixPath('a.en.txt'))), ('b', (PosixPath('b.txt'),))]
    """
    groups: dict[str, list[Path]] = {}
    for path in _expand(paths):
        match = _LANG_SUFFIX.match(path.stem if path.suffix else path.name)
        key = str(path.parent / (match["stem"] if match else path.stem))
        groups.setdefault(key, []).append(path)
    result: list[tuple[str, tuple[Path, ...]]] = []
    used: set[str] = set()
    for key, files in groups.items():
        if len(files) > 2:  # not a zh/en pair: keep each file as its own article
            units: list[tuple[str, tuple[Path, ...]]] = [(f.stem, (f,)) for f in files]
        else:
            units = [(Path(key).name, tuple(files))]
        for stem, unit in units:
            article_id = article_id_from_name(stem)
            if article_id in used:  # two folders with the same file stem
                article_id = article_id_from_name(f"{stem}-{len(used)}")
            used.add(article_id)
            result.append((article_id, unit))
    return result


def _read_all(files: Sequence[Path]) -> list[ScrapedPage]:
    return [read_page_file(f) for f in files]


def ingest_to_tei(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    now: dt.datetime | None = None,
    who: str = "transmgmt",
    align: bool = True,
) -> list[IngestOutcome]:
    """Ingest pages into one TEI file per article under *out_dir*.

    Args:
        paths: Files and folders (searched recursively; hidden files skipped).
        out_dir: Where ``<id>.tei.xml`` files go (created if missing).
        now: Time recorded in the ingest revision (default: now, UTC).
        who: Agent recorded in the revision.
        align: Align each pair that has both texts (paragraphs, then sentences).

    Every input is handled on its own: one bad page never stops the batch, and a
    rejected article leaves no file behind.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    outcomes: list[IngestOutcome] = []
    for article_id, files in group_inputs(paths):
        try:
            pair = pair_from_pages(_read_all(files), article_id=article_id, now=now, who=who)
            if align and pair.source is not None and pair.translation is not None:
                pair = align_pair(pair, who=who, now=now)
            report = validate_tei(tei_bytes(pair))
            if not report.valid:  # a bug in transmgmt, but still no invalid file
                first = report.errors[0]
                reason = f"internal error: TEI would be invalid ({first.message})"
                raise IngestError(reason)
            target = out / tei_file_name(pair.id)
            if target.resolve().parent != out.resolve():
                reason = f"unsafe output name for article id {pair.id!r}"
                raise IngestError(reason)
            write_tei(pair, target)
            outcomes.append(
                IngestOutcome(inputs=files, article_id=article_id, output=target, pair=pair)
            )
        except IngestError as exc:
            outcomes.append(IngestOutcome(inputs=files, article_id=article_id, error=exc.reason))
        except TransmgmtError as exc:
            outcomes.append(IngestOutcome(inputs=files, article_id=article_id, error=str(exc)))
    return outcomes

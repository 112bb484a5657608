"""Glossaries of required renderings: CSV and TBX-Basic (ISO 30042).

CSV rows are ``source,target[,alternative;alternative…]``; a first row
``source,target…`` is a header and skipped. TBX files are read with the safe parser
(no DTD loading, no entity resolution, no network); both TBX v3 (``conceptEntry`` /
``langSec`` / ``termSec``) and TBX v2 (``termEntry`` / ``langSet`` / ``tig``) are
understood, in any namespace.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import attrs
from lxml import etree

from transmgmt._xml import XML_LANG, safe_parser
from transmgmt.errors import TransmgmtError
from transmgmt.lang import is_chinese

__all__ = ["Glossary", "GlossaryError", "Term", "load_glossary"]


class GlossaryError(TransmgmtError, ValueError):
    """A glossary file cannot be read (the message names the file and the row)."""


@attrs.frozen
class Term:
    """A source term and the renderings a translation must use for it.

    Attributes:
        source: The term as it appears in the source (国家移民管理局).
        renderings: Accepted translations, preferred first
            (``("National Immigration Administration", "NIA")``).
    """

    source: str
    renderings: tuple[str, ...]

    def rendered_in(self, text: str) -> bool:
        """True when one of the renderings occurs in *text* (case-insensitive, whole words).

        Example:
            >>> Term("国家移民管理局", ("National Immigration Administration", "NIA")).rendered_in(
            ...     "the NIA said")
            True
        """
        return any(_pattern(r).search(text) for r in self.renderings)


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(rendering: str) -> re.Pattern[str]:
    pattern = _PATTERNS.get(rendering)
    if pattern is None:
        words = r"\s+".join(re.escape(w) for w in rendering.split())
        # Whole words only: "NIA" must not be found in "Tanzania".
        pattern = _PATTERNS[rendering] = re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)
    return pattern


@attrs.frozen
class Glossary:
    """Required renderings of source terms.

    Example:
        >>> g = Glossary((Term("国家移民管理局", ("National Immigration Administration", "NIA")),))
        >>> [t.source for t in g.terms_in("国家移民管理局表示")]
        ['国家移民管理局']
    """

    terms: tuple[Term, ...] = ()

    def terms_in(self, source_text: str) -> list[Term]:
        """The terms that occur in *source_text*."""
        return [t for t in self.terms if t.source in source_text]

    def __len__(self) -> int:
        return len(self.terms)


def _from_csv(text: str, label: str) -> Glossary:
    terms = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), 1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and [c.lower() for c in cells[:2]] == ["source", "target"]:
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            msg = f"{label}:{number}: expected 'source,target[,alternatives;…]', got {row!r}"
            raise GlossaryError(msg)
        alternatives = [a.strip() for c in cells[2:] for a in c.split(";") if a.strip()]
        terms.append(Term(cells[0], (cells[1], *alternatives)))
    return Glossary(tuple(terms))


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _from_tbx(data: bytes, label: str, source_lang: str) -> Glossary:
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        msg = f"{label}:{exc.lineno}: not well-formed TBX: {exc.msg}"
        raise GlossaryError(msg) from None
    if root.getroottree().docinfo.internalDTD is not None:
        # Entity declarations are how entity bombs and external entities get in; an
        # external DTD reference (TBX v2's martif) is allowed and never loaded.
        msg = f"{label}: a TBX glossary may not declare entities (internal DTD subset)"
        raise GlossaryError(msg)
    terms: list[Term] = []
    for entry in root.iter():
        if _local(entry) not in ("conceptEntry", "termEntry"):
            continue
        sources: list[str] = []
        targets: list[str] = []
        for section in entry:
            if _local(section) not in ("langSec", "langSet"):
                continue
            lang = section.get(XML_LANG) or section.get("lang") or ""
            words = [
                # lxml-stubs allow bytes; text parsed from a document is always str.
                " ".join("".join(t.itertext()).split())  # type: ignore[arg-type]
                for t in section.iter()
                if _local(t) == "term"
            ]
            (sources if is_chinese(lang) == is_chinese(source_lang) else targets).extend(
                w for w in words if w)
        terms.extend(Term(s, tuple(targets)) for s in sources if targets)
    if not terms:
        msg = f"{label}: no term entry with both a source and a target term"
        raise GlossaryError(msg)
    return Glossary(tuple(terms))


def load_glossary(path: str | os.PathLike[str], *, source_lang: str = "zh-Hans") -> Glossary:
    """Read a glossary from a CSV or TBX file (by extension, else by content).

    Raises:
        GlossaryError: If the file is missing, unreadable or malformed.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "terms.csv"
        >>> _ = path.write_text("国家移民管理局,National Immigration Administration,NIA\\n",
        ...                     encoding="utf-8")
        >>> load_glossary(path).terms[0].renderings
        ('National Immigration Administration', 'NIA')
    """
    file = Path(path)
    label = str(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        msg = f"{label}: cannot read glossary: {exc.strerror or exc}"
        raise GlossaryError(msg) from None
    if file.suffix.lower() in (".tbx", ".xml") or data.lstrip().startswith(b"<"):
        return _from_tbx(data, label, source_lang)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        msg = f"{label}: a CSV glossary must be UTF-8"
        raise GlossaryError(msg) from None
    return _from_csv(text, label)

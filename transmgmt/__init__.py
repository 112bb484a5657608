"""transmgmt: Chinese originals and their English reference translations.

The public API in brief (see each object's docstring):

- the model: :class:`ArticlePair`, :class:`Document`, :class:`Paragraph`,
  :class:`Sentence`, :class:`Disclaimer`, :class:`Alignment`, :class:`Link`,
  :class:`Revision`, :class:`SourceInfo`;
- ingestion: :func:`read_page`, :func:`read_page_file`, :func:`pair_from_pages`;
- TEI: :func:`tei_bytes`, :func:`write_tei`, :func:`read_tei`, :func:`pair_from_tei`,
  :func:`validate_tei`;
- the main job: :func:`ingest_to_tei`;
- checks: :func:`check`, :class:`Checker`, :class:`Finding`, :func:`render` (reports),
  :func:`load_glossary`, waivers (:class:`Waiver`);
- the archive: :class:`Archive` (tracking in :mod:`transmgmt.tracking`, pairing in
  :mod:`transmgmt.pairing`);
- alignment: :mod:`transmgmt.align`; interchange: :mod:`transmgmt.interchange`;
  the HTML view: :mod:`transmgmt.view`.

Example:
    >>> import transmgmt
    >>> page = transmgmt.read_page(b"Title\\n\\nBody on June 25, 2021.\\n", name="a.txt")
    >>> pair = transmgmt.pair_from_pages([page], article_id="art-a")
    >>> pair.status, pair.translation.event_date.isoformat()
    ('source-pending', '2021-06-25')
"""

from importlib.metadata import PackageNotFoundError, version

__version__: str
try:
    __version__ = version("transmgmt")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

from transmgmt.articles import article_id_from_name, document_from_page, pair_from_pages
from transmgmt.checks import Checker, Finding, check, load_glossary, render
from transmgmt.errors import (
    AlignmentError,
    EncodingError,
    IngestError,
    ModelError,
    TEIParseError,
    TransmgmtError,
    ValidationError,
)
from transmgmt.ingest import ScrapedPage, read_page, read_page_file
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
from transmgmt.pipeline import IngestOutcome, ingest_to_tei
from transmgmt.store import Archive
from transmgmt.tei import pair_from_tei, pair_to_tei, read_tei, tei_bytes, write_tei
from transmgmt.validate import ValidationReport, validate_tei

__all__ = [
    "Alignment",
    "AlignmentError",
    "Archive",
    "ArticlePair",
    "Checker",
    "Disclaimer",
    "Document",
    "EncodingError",
    "Finding",
    "IngestError",
    "IngestOutcome",
    "Link",
    "ModelError",
    "Paragraph",
    "Revision",
    "ScrapedPage",
    "Sentence",
    "SourceInfo",
    "TEIParseError",
    "TransmgmtError",
    "ValidationError",
    "ValidationReport",
    "Waiver",
    "__version__",
    "article_id_from_name",
    "check",
    "document_from_page",
    "ingest_to_tei",
    "load_glossary",
    "pair_from_pages",
    "pair_from_tei",
    "pair_to_tei",
    "read_page",
    "read_page_file",
    "read_tei",
    "render",
    "tei_bytes",
    "validate_tei",
    "write_tei",
]

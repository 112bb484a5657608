"""Interchange formats: TMX 1.4b, XLIFF 2.1, XCES alignments, Moses parallel text.

Example:
    >>> from transmgmt.interchange import LinkFilter
    >>> LinkFilter(types={"1-1"}).types
    frozenset({'1-1'})
"""

from transmgmt.interchange._units import (
    AlignedUnit,
    ImportResult,
    LinkFilter,
    aligned_units,
    read_archive,
    tei_files,
    unit_text,
)
from transmgmt.interchange.moses import moses_lines, write_moses
from transmgmt.interchange.tmx import import_tmx, tmx_bytes, tmx_tree, write_tmx
from transmgmt.interchange.xces import import_xces, write_xces, xces_bytes, xces_tree
from transmgmt.interchange.xliff import import_xliff, write_xliff, xliff_bytes, xliff_tree

__all__ = [
    "AlignedUnit",
    "ImportResult",
    "LinkFilter",
    "aligned_units",
    "import_tmx",
    "import_xces",
    "import_xliff",
    "moses_lines",
    "read_archive",
    "tei_files",
    "tmx_bytes",
    "tmx_tree",
    "unit_text",
    "write_moses",
    "write_tmx",
    "write_xces",
    "write_xliff",
    "xces_bytes",
    "xces_tree",
    "xliff_bytes",
    "xliff_tree",
]

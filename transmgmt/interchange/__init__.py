"""Interchange formats: TMX, XLIFF 2.1, XCES alignments and Moses-style parallel text.

Example:
    >>> from transmgmt.interchange import LinkFilter
    >>> LinkFilter(types={"1-1"}).types
    frozenset({'1-1'})
"""

from transmgmt.interchange._units import (
    AlignedUnit,
    LinkFilter,
    aligned_units,
    read_archive,
    unit_text,
)
from transmgmt.interchange.tmx import ImportResult, import_tmx, tmx_bytes, tmx_tree, write_tmx

__all__ = [
    "AlignedUnit",
    "ImportResult",
    "LinkFilter",
    "aligned_units",
    "import_tmx",
    "read_archive",
    "tmx_bytes",
    "tmx_tree",
    "unit_text",
    "write_tmx",
]

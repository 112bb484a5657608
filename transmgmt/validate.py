"""Validation of transmgmt TEI against the project's RELAX NG and Schematron schemas.

The two schemas in ``schemas/`` (shipped inside the package as ``transmgmt/schemas``)
are compiled once per process, on first use, and shared by every call.

Example:
    >>> from transmgmt.model import ArticlePair, Document, Paragraph
    >>> from transmgmt.tei import tei_bytes
    >>> pair = ArticlePair(id="art-1", translation=Document(
    ...     lang="en", title="T", paragraphs=(Paragraph(id="en-p1", text="Body."),)))
    >>> report = validate_tei(tei_bytes(pair))
    >>> report.valid, [p.rule for p in report.warnings]
    (True, ['translation-disclaimer'])
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import attrs
from lxml import etree, isoschematron  # type: ignore[attr-defined]  # not in lxml-stubs

from transmgmt._xml import parse_xml
from transmgmt.errors import ValidationError

__all__ = [
    "Problem",
    "ValidationReport",
    "assert_valid_tei",
    "relaxng",
    "schema_path",
    "schematron",
    "validate_tei",
]

RELAXNG_FILE = "transmgmt-tei.rng"
SCHEMATRON_FILE = "transmgmt-tei.sch"
_SVRL = "http://purl.oclc.org/dsdl/svrl"


def schema_path(name: str) -> Path:
    """Path of a file of ``schemas/``: inside the installed package, else the source tree.

    Example:
        >>> schema_path("transmgmt-tei.rng").name
        'transmgmt-tei.rng'
    """
    packaged = resources.files("transmgmt") / "schemas" / name
    if packaged.is_file():
        return Path(str(packaged))
    # An editable install or a source checkout: schemas/ sits beside the package.
    return Path(__file__).resolve().parent.parent / "schemas" / name


@lru_cache(maxsize=1)
def relaxng() -> etree.RelaxNG:
    """The compiled RELAX NG schema (compiled once per process)."""
    return etree.RelaxNG(parse_xml(schema_path(RELAXNG_FILE)))


@lru_cache(maxsize=1)
def schematron() -> isoschematron.Schematron:
    """The compiled Schematron rules (compiled once per process)."""
    return isoschematron.Schematron(parse_xml(schema_path(SCHEMATRON_FILE)), store_report=True)


@attrs.frozen
class Problem:
    """One schema violation.

    Attributes:
        line: 1-based line in the document, when known.
        message: What is wrong, in words.
        rule: ``relaxng`` for grammar errors, the Schematron assertion id otherwise.
        severity: ``error`` or ``warning``.
    """

    line: int | None
    message: str
    rule: str
    severity: str = "error"


@attrs.frozen
class ValidationReport:
    """The outcome of :func:`validate_tei`: errors make a document invalid, warnings do not."""

    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors


def _line_of(tree: etree._ElementTree, location: str) -> int | None:
    try:
        found = tree.xpath(location)
    except etree.XPathError:
        return None
    if isinstance(found, list) and found:
        node = found[0]
        if isinstance(node, etree._Element):
            return node.sourceline  # type: ignore[return-value]  # lxml-stubs: "..."
        parent = getattr(node, "getparent", lambda: None)()
        return parent.sourceline if parent is not None else None
    return None


def validate_tei(source: bytes | str | os.PathLike[str] | etree._ElementTree) -> ValidationReport:
    """Validate a TEI document against ``schemas/`` (RELAX NG, then Schematron).

    Schematron runs only on grammatically valid documents: its rules assume the
    grammar's structure, and a broken structure is reported better by the grammar.

    Raises:
        TEIParseError: If the document is not well-formed XML (or is hostile XML).
    """
    if isinstance(source, etree._ElementTree):
        tree = source
    elif isinstance(source, bytes):
        tree = parse_xml(source)
    else:
        tree = parse_xml(Path(source))
    grammar = relaxng()
    if not grammar.validate(tree):
        grammar_errors = tuple(
            Problem(line=e.line or None, message=e.message, rule="relaxng")
            for e in grammar.error_log
        )
        return ValidationReport(errors=grammar_errors, warnings=())
    rules = schematron()
    rules.validate(tree)
    report = rules.validation_report
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for failed in report.getroot().iter(f"{{{_SVRL}}}failed-assert"):
        text = " ".join("".join(failed.itertext()).split())
        problem = Problem(
            line=_line_of(tree, failed.get("location", "")),
            message=text,
            rule=failed.get("id") or "schematron",
            severity="warning" if failed.get("role") == "warning" else "error",
        )
        (warnings if problem.severity == "warning" else errors).append(problem)
    return ValidationReport(errors=tuple(errors), warnings=tuple(warnings))


def assert_valid_tei(
    source: bytes | str | os.PathLike[str] | etree._ElementTree, *, label: str | None = None
) -> ValidationReport:
    """Like :func:`validate_tei` but raise :class:`ValidationError` when invalid.

    Raises:
        ValidationError: With every ``(line, message)`` problem found.
        TEIParseError: If the document is not well-formed.
    """
    report = validate_tei(source)
    if not report.valid:
        raise ValidationError(
            [(p.line, p.message) for p in report.errors],
            source=label
            or (None if isinstance(source, (bytes, etree._ElementTree)) else str(source)),
        )
    return report


"""Validation for CI: checks with stable codes, reports, baselines and waivers.

The public surface (everything else is private):

- :func:`check` runs the checks on an :class:`~transmgmt.model.ArticlePair`, a TEI
  file or a folder and returns :class:`Finding` objects;
- :class:`Checker` does the same one article at a time (streaming, used by the CLI
  and the pytest plugin);
- :data:`REGISTRY` maps every code to its :class:`Check`; :func:`register` adds one;
- :func:`load_glossary` reads CSV or TBX glossaries into a :class:`Glossary`;
- :func:`render` writes findings as text, JSON, JUnit XML or SARIF 2.1.0;
- :func:`read_baseline` / :func:`baseline_bytes` handle baselines of fingerprints.

Example:
    >>> from transmgmt.checks import check
    >>> from transmgmt.model import ArticlePair, Document, Paragraph
    >>> pair = ArticlePair(id="a", translation=Document(lang="en", title="T",
    ...     paragraphs=(Paragraph(id="en-p1", text="The the notice."),)))
    >>> [f"{f.code} {f.severity} {f.unit}" for f in check(pair, select=["typography"])]
    ['TM701 warning en-p1']
"""

from transmgmt.checks._baseline import baseline_bytes, read_baseline
from transmgmt.checks._finding import SEVERITIES, Finding
from transmgmt.checks._glossary import Glossary, GlossaryError, Term, load_glossary
from transmgmt.checks._registry import REGISTRY, Check, Hit, load_plugins, register
from transmgmt.checks._report import FORMATS, render
from transmgmt.checks._run import Checker, check, tei_files

load_plugins()

__all__ = [
    "FORMATS",
    "REGISTRY",
    "SEVERITIES",
    "Check",
    "Checker",
    "Finding",
    "Glossary",
    "GlossaryError",
    "Hit",
    "Term",
    "baseline_bytes",
    "check",
    "load_glossary",
    "read_baseline",
    "register",
    "render",
    "tei_files",
]

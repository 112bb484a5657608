"""What a check reports: :class:`Finding`, its severity and its stable fingerprint."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import attrs

__all__ = ["SEVERITIES", "Finding", "severity_rank"]

#: Severities, most severe first.
SEVERITIES = ("error", "warning", "info")
_RANK = {"error": 2, "warning": 1, "info": 0}
_SPACE = re.compile(r"\s+")


def severity_rank(severity: str) -> int:
    """2 for ``error``, 1 for ``warning``, 0 for ``info`` (higher is more severe).

    Example:
        >>> severity_rank("error") > severity_rank("warning")
        True
    """
    try:
        return _RANK[severity]
    except KeyError:
        msg = f"severity must be one of {', '.join(SEVERITIES)}, got {severity!r}"
        raise ValueError(msg) from None


def _severity(_instance: object, _attribute: attrs.Attribute, value: str) -> None:
    severity_rank(value)


@attrs.frozen
class Finding:
    """One problem found by a check.

    Attributes:
        code: Stable code of the check (``TM501``); see :data:`transmgmt.checks.REGISTRY`.
        severity: ``error``, ``warning`` or ``info``.
        message: What is wrong, in words a translator understands.
        file: The TEI file, as given (None when an in-memory pair was checked).
        line: 1-based line in the file, when known.
        article: The article id, when known.
        unit: The paragraph or sentence id concerned, if any.

    Example:
        >>> f = Finding("TM701", "warning", 'doubled word "the the"', file="a.xml", line=3,
        ...             article="art-1", unit="en-p1-s1")
        >>> f.location()
        'a.xml:3'
        >>> len(f.fingerprint())
        16
    """

    code: str
    severity: str = attrs.field(validator=_severity)
    message: str
    file: str | None = None
    line: int | None = None
    article: str | None = None
    unit: str | None = None

    def location(self) -> str:
        """``file:line`` (or what of it is known)."""
        where = self.file or "<pair>"
        return f"{where}:{self.line}" if self.line else where

    def fingerprint(self) -> str:
        """A stable identity for baselines: code, file, article, unit and the message.

        Line numbers are left out (an edit above a finding moves it, it is still the
        same finding), the message is NFC-normalised with its whitespace collapsed,
        and the file is compared by its path with forward slashes.
        """
        message = _SPACE.sub(" ", unicodedata.normalize("NFC", self.message)).strip().lower()
        file = (self.file or "").replace("\\", "/")
        key = "\x1f".join((self.code, file, self.article or "", self.unit or "", message))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, object]:
        """The finding as a JSON-ready dict, with its fingerprint."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "article": self.article,
            "unit": self.unit,
            "fingerprint": self.fingerprint(),
        }

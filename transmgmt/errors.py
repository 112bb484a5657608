"""The exceptions transmgmt raises.

Every error derives from :class:`TransmgmtError`; subclasses also derive from the
matching builtin (``ValueError``) so callers may catch either, and carry their
context as attributes so a CLI or a report can name the file and the place.
"""

from __future__ import annotations


class TransmgmtError(Exception):
    """Base class of every error transmgmt raises on purpose."""


class ModelError(TransmgmtError, ValueError):
    """A model object was given a value it cannot hold (bad id, bad language tag...)."""


class IngestError(TransmgmtError, ValueError):
    """A page could not be read into an article.

    Attributes:
        source: The file name or label of the rejected input, when known.
        reason: A one-line reason a user can act on.
    """

    def __init__(self, reason: str, *, source: str | None = None) -> None:
        #: The file name or label of the input, if known.
        self.source = source
        #: The one-line reason, without the file name.
        self.reason = reason
        super().__init__(f"{source}: {reason}" if source else reason)


class EncodingError(IngestError):
    """The bytes of an input could not be decoded as text in any supported encoding."""


class TEIParseError(TransmgmtError, ValueError):
    """A TEI document could not be parsed or is not one transmgmt can represent.

    Attributes:
        source: File name or label, when known.
        line: 1-based line of the problem, when known.
        reason: The message without the location.
    """

    def __init__(self, reason: str, *, source: str | None = None, line: int | None = None) -> None:
        #: File name or label of the document, if known.
        self.source = source
        #: 1-based line number of the problem, if known.
        self.line = line
        #: The message without the location.
        self.reason = reason
        where = source or "<tei>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {reason}")


class ValidationError(TransmgmtError, ValueError):
    """A TEI document is not valid against transmgmt's schemas.

    Attributes:
        problems: ``(line, message)`` pairs, one per violation.
    """

    def __init__(
        self, problems: list[tuple[int | None, str]], *, source: str | None = None
    ) -> None:
        #: One ``(line, message)`` pair per violation.
        self.problems = problems
        #: File name or label, if known.
        self.source = source
        first = problems[0][1] if problems else "invalid"
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{source or '<tei>'}: {first}{more}")


class AlignmentError(TransmgmtError, ValueError):
    """Alignment input is inconsistent (unknown ids, overlapping manual links...)."""


class ArchiveError(TransmgmtError):
    """An archive operation failed (unknown id, conflict, unreadable file...).

    Attributes:
        path: The archive file or folder concerned, when known.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        #: The archive file or folder concerned, if known.
        self.path = path
        super().__init__(message)


class ArchiveKeyError(ArchiveError, KeyError):
    """No pair with this id is in the archive."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ArchiveConflictError(ArchiveError):
    """The operation would overwrite or contradict what the archive holds."""


class ArchiveLockedError(ArchiveError):
    """Another process holds the archive's write lock (after waiting for the timeout)."""


class UnrepresentableTEIError(ArchiveError, ValueError):
    """A TEI file in the archive holds something transmgmt cannot represent.

    Attributes:
        error: The :class:`TEIParseError` that names the construct and the line.
    """

    def __init__(self, error: TEIParseError, *, path: str | None = None) -> None:
        #: The underlying parse error (``.line``, ``.reason``).
        self.error = error
        super().__init__(f"{error}", path=path)


class TrackingError(TransmgmtError, ValueError):
    """A tracking step does not apply to the pair's state (approve an outdated translation...)."""


class InterchangeError(TransmgmtError, ValueError):
    """An interchange file (TMX, XLIFF) cannot be exported or imported.

    Attributes:
        source: File name or label of the interchange file, when known.
        reason: The message without the location.
    """

    def __init__(self, reason: str, *, source: str | None = None) -> None:
        #: File name or label of the interchange file, if known.
        self.source = source
        #: The message without the location.
        self.reason = reason
        super().__init__(f"{source}: {reason}" if source else reason)

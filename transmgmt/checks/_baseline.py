"""Baselines: the findings a team accepted when adopting the checks on an archive.

A baseline is a JSON file of finding fingerprints (code, file, article, unit and the
normalised message; not the line, which moves with every edit above it). Checking
against it reports only findings that are not in it, so CI fails on new problems only.
A fingerprint is matched as many times as it occurs in the baseline.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from transmgmt.checks._finding import Finding
from transmgmt.errors import TransmgmtError

__all__ = ["BaselineError", "baseline_bytes", "filter_baseline", "read_baseline"]

_FORMAT = "transmgmt-baseline/1"


class BaselineError(TransmgmtError, ValueError):
    """A baseline file cannot be read."""


def baseline_bytes(findings: Iterable[Finding]) -> bytes:
    """The baseline file for *findings* (sorted, so re-writing it gives a small diff).

    Example:
        >>> f = Finding("TM701", "warning", "doubled word", file="a.xml", article="a", unit="en-p1")
        >>> sorted(read_baseline_data(baseline_bytes([f])).elements()) == [f.fingerprint()]
        True
    """
    entries = sorted(
        ({"fingerprint": f.fingerprint(), "code": f.code, "file": f.file, "article": f.article,
          "unit": f.unit, "message": f.message} for f in findings),
        key=lambda e: (str(e["file"]), str(e["article"]), str(e["unit"]), str(e["code"]),
                       str(e["fingerprint"])),
    )
    document = {"format": _FORMAT, "findings": entries}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_baseline_data(data: bytes, label: str = "<baseline>") -> Counter[str]:
    """Fingerprint counts of baseline *data*.

    Raises:
        BaselineError: If *data* is not a transmgmt baseline.
    """
    try:
        document = json.loads(data.decode("utf-8"))
        if document.get("format") != _FORMAT:
            msg = f"{label}: not a transmgmt baseline (format {document.get('format')!r})"
            raise BaselineError(msg)
        return Counter(str(entry["fingerprint"]) for entry in document["findings"])
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        msg = f"{label}: cannot read baseline: {exc}"
        raise BaselineError(msg) from None


def read_baseline(path: str | os.PathLike[str]) -> Counter[str]:
    """Fingerprint counts of the baseline file at *path*.

    Raises:
        BaselineError: If the file is missing or is not a baseline.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "baseline.json"
        >>> _ = path.write_bytes(baseline_bytes([]))
        >>> read_baseline(path)
        Counter()
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read baseline: {exc.strerror or exc}"
        raise BaselineError(msg) from None
    return read_baseline_data(data, str(path))


def filter_baseline(findings: Iterable[Finding], baseline: Counter[str]) -> list[Finding]:
    """The findings not accounted for by *baseline* (which is not modified).

    Example:
        >>> f = Finding("TM701", "warning", "doubled word", file="a.xml")
        >>> filter_baseline([f, f], Counter({f.fingerprint(): 1})) == [f]
        True
    """
    remaining = Counter(baseline)
    new = []
    for finding in findings:
        fingerprint = finding.fingerprint()
        if remaining[fingerprint] > 0:
            remaining[fingerprint] -= 1
        else:
            new.append(finding)
    return new

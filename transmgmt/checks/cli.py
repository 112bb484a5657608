"""``transmgmt check``: run the checks for CI, with reports, baselines and exit codes.

Exit codes: 0 when no finding is at or above ``--fail-on`` (after waivers and the
baseline), 1 when there is one, 2 for usage and I/O errors (raised as
:class:`~transmgmt.cli.CommandError` and turned into the code by ``transmgmt.cli``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from transmgmt._fs import atomic_write_bytes
from transmgmt.checks._baseline import BaselineError, baseline_bytes, filter_baseline, read_baseline
from transmgmt.checks._cache import CACHE_ENV, cache_location
from transmgmt.checks._finding import severity_rank
from transmgmt.checks._glossary import GlossaryError
from transmgmt.checks._report import FORMATS, render
from transmgmt.checks._run import Checker, _displays, tei_files
from transmgmt.cli import EXIT_FAILURES, EXIT_OK, CommandError, command

__all__: list[str] = []

# Progress is shown only for runs long enough to need it, and only on a terminal.
_PROGRESS_MIN_FILES = 200


def _codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="TEI files or folders of *.xml files"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format")
    parser.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the report here (atomically) instead of stdout",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        default="error",
        help="lowest severity that makes the run fail (exit 1)",
    )
    parser.add_argument(
        "--select",
        type=_codes,
        action="extend",
        default=[],
        metavar="CODES",
        help="comma-separated codes, prefixes (TM5) or categories to run",
    )
    parser.add_argument(
        "--ignore",
        type=_codes,
        action="extend",
        default=[],
        metavar="CODES",
        help="comma-separated codes, prefixes or categories to skip",
    )
    parser.add_argument(
        "--baseline", type=Path, metavar="FILE", help="report only findings not in this baseline"
    )
    parser.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="write the findings as a new baseline (then exit 0)",
    )
    parser.add_argument(
        "--glossary",
        type=Path,
        metavar="FILE",
        help="CSV (source,target[,alt;…]) or TBX glossary of required terms",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="check files in N worker processes (same findings; 0 = one per CPU)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help=f"reuse the results of unchanged files from this folder (default: ${CACHE_ENV}); "
        "the findings are the same",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help=f"do not use a result cache (not even ${CACHE_ENV})"
    )
    parser.add_argument(
        "--sigma",
        type=float,
        default=3.0,
        help="length-ratio outliers beyond this many standard deviations (TM403)",
    )


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.jobs == 0:
        args.jobs = os.cpu_count() or 1
    if args.jobs < 0:
        msg = f"--jobs must be 0 or more, got {args.jobs}"
        raise CommandError(msg)
    try:
        files = tei_files(args.paths)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from None
    if not files:
        msg = "no .xml files found"
        raise CommandError(msg)
    try:
        checker = Checker(
            select=args.select or None,
            ignore=args.ignore or None,
            glossary=args.glossary,
            sigma=args.sigma,
            cache=None if args.no_cache else cache_location(args.cache),
            warn=lambda message: print(f"transmgmt: warning: {message}", file=err),
        )
        baseline = read_baseline(args.baseline) if args.baseline else None
    except (ValueError, GlossaryError, BaselineError) as exc:
        raise CommandError(str(exc)) from None

    progress = err.isatty() and len(files) >= _PROGRESS_MIN_FILES
    findings = []
    try:
        for number, found in enumerate(checker.check_files(files, jobs=args.jobs), 1):
            findings.extend(found)
            if progress and (number % 100 == 0 or number == len(files)):
                print(f"\rchecked {number}/{len(files)} files", end="", file=err, flush=True)
        if progress:
            print(file=err)
        findings.extend(checker.finish())
    finally:
        checker.close()
    order: dict[str | None, int] = {label: i for i, label in enumerate(_displays(files))}
    findings.sort(key=lambda f: (order.get(f.file, len(order)), f.line or 0, f.code))

    if args.write_baseline:
        try:
            atomic_write_bytes(args.write_baseline, baseline_bytes(findings))
        except OSError as exc:
            msg = f"cannot write {args.write_baseline}: {exc.strerror or exc}"
            raise CommandError(
                msg
            ) from None
        print(f"baseline of {len(findings)} findings written to {args.write_baseline}", file=err)
        return EXIT_OK
    known = 0
    if baseline is not None:
        new = filter_baseline(findings, baseline)
        known = len(findings) - len(new)
        findings = new

    report = render(
        findings,
        args.format,
        articles=checker.articles,
        fail_on=args.fail_on,
        summary={"files": len(files), "waived": checker.waived, "baseline": known},
    )
    if args.output:
        try:
            atomic_write_bytes(args.output, report)
        except OSError as exc:
            msg = f"cannot write {args.output}: {exc.strerror or exc}"
            raise CommandError(msg) from None
    else:
        _write(out, report)
    threshold = severity_rank(args.fail_on)
    failing = sum(severity_rank(f.severity) >= threshold for f in findings)
    counts = ", ".join(
        f"{sum(f.severity == s for f in findings)} {s}s" for s in ("error", "warning", "info")
    )
    extra = f", {checker.waived} waived" if checker.waived else ""
    extra += f", {known} in baseline" if baseline is not None else ""
    if checker.cache_hits is not None:
        extra += f", {checker.cache_hits} from the cache"
    print(f"{len(files)} files checked: {counts}{extra}", file=err)
    return EXIT_FAILURES if failing else EXIT_OK


def _write(out: TextIO, data: bytes) -> None:
    buffer = getattr(out, "buffer", None)
    if buffer is not None and out in (sys.stdout, sys.__stdout__):
        out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data.decode("utf-8"))


command(
    "check",
    "run the CI checks on TEI files: structure, authority, language, coverage, "
    "numbers, terms, typography",
)(_configure)(_check)

"""The ``transmgmt`` command line: a thin layer over the library.

Every command returns an exit code: 0 when everything succeeded, 1 when some input
was rejected or invalid, 2 for a usage or I/O error. Errors are turned into messages
and exit codes here, in one place; no command prints a traceback for bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from transmgmt import __version__
from transmgmt._fs import find_files
from transmgmt.errors import TransmgmtError

__all__ = ["CommandError", "main", "run"]

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2


class CommandError(TransmgmtError):
    """A usage or I/O problem that stops a command (exit code 2)."""

    exit_code = EXIT_USAGE


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        msg = f"{self.prog}: {message}"
        raise CommandError(msg)


Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]
_COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Handler, str]] = {}


def command(
    name: str, help_text: str
) -> Callable[[Callable[[argparse.ArgumentParser], None]], Callable[[Handler], Handler]]:
    """Register a sub-command: ``@command(name, help)(configure)(handler)``."""

    def with_configure(
        configure: Callable[[argparse.ArgumentParser], None],
    ) -> Callable[[Handler], Handler]:
        def with_handler(handler: Handler) -> Handler:
            _COMMANDS[name] = (configure, handler, help_text)
            return handler

        return with_handler

    return with_configure


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- ingest --------------------------------------------------------------------------


def _configure_ingest(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="scraped pages (.txt/.html) or folders of them",
    )
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DIR",
        help="folder for the TEI files (created if missing)",
    )
    parser.add_argument("--who", default="transmgmt", help="agent recorded in the revision history")
    parser.add_argument(
        "--no-align", action="store_true", help="do not align pairs that have both texts"
    )
    parser.add_argument(
        "--lock-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="when --out is an archive, wait this long for its writers' lock",
    )


def _ingest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from transmgmt.pipeline import ingest_to_tei  # noqa: PLC0415 - keep `--help` fast

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        msg = f"no such file or folder: {missing[0]}"
        raise CommandError(msg)
    if args.out.exists() and not args.out.is_dir():
        msg = f"--out is not a folder: {args.out}"
        raise CommandError(msg)
    try:
        # Into an archive folder, write under its writers' lock like every archive write.
        with _writers_lock(args.out / "_", args.lock_timeout):
            outcomes = ingest_to_tei(args.paths, args.out, who=args.who,
                                     align=not args.no_align)
    except OSError as exc:
        msg = f"cannot write to {args.out}: {exc.strerror or exc}"
        raise CommandError(msg) from None
    if not outcomes:
        msg = "no input files found (.txt, .html)"
        raise CommandError(msg)
    for outcome in outcomes:
        names = " + ".join(_display(p) for p in outcome.inputs)
        if outcome.ok and outcome.pair is not None and outcome.output is not None:
            pair = outcome.pair
            docs = "+".join(d.lang for d in pair.documents())
            paragraphs = sum(len(d.paragraphs) for d in pair.documents())
            dates = ",".join(
                sorted({d.event_date.isoformat() for d in pair.documents() if d.event_date})
            )
            notice = "notice" if pair.disclaimer else "no notice"
            print(
                f"ok        {names} -> {_display(outcome.output)} "
                f"[{docs}; {pair.status}; {paragraphs} paragraphs; {notice}; "
                f"date {dates or 'unknown'}]",
                file=out,
            )
        else:
            print(f"rejected  {names}: {outcome.error}", file=out)
    rejected = sum(not o.ok for o in outcomes)
    print(f"{len(outcomes) - rejected} written, {rejected} rejected", file=err)
    return EXIT_FAILURES if rejected else EXIT_OK


command("ingest", "turn scraped pages into TEI files, one per article pair")(_configure_ingest)(
    _ingest
)


# --- validate ------------------------------------------------------------------------


def _xml_files(paths: Sequence[Path], pattern: str) -> list[Path]:
    """Files named on the command line plus, for folders, their files matching *pattern*."""
    try:
        files = find_files(paths, pattern)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from None
    if not files:
        msg = f"no {pattern} files found"
        raise CommandError(msg)
    return files


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="TEI files or folders of *.xml files"
    )


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from transmgmt.validate import validate_tei  # noqa: PLC0415

    files = _xml_files(args.paths, "*.xml")
    invalid = 0
    for path in files:
        try:
            report = validate_tei(path)
        except TransmgmtError as exc:
            invalid += 1
            print(f"invalid   {exc}", file=out)
            continue
        for problem in (*report.errors, *report.warnings):
            line = f":{problem.line}" if problem.line else ""
            print(
                f"{problem.severity:<9} {_display(path)}{line}: {problem.message} [{problem.rule}]",
                file=out,
            )
        if report.valid:
            print(f"valid     {_display(path)}", file=out)
        else:
            invalid += 1
    print(f"{len(files) - invalid} valid, {invalid} invalid", file=err)
    return EXIT_FAILURES if invalid else EXIT_OK


command("validate", "validate TEI files against transmgmt's RELAX NG and Schematron")(
    _configure_validate
)(_validate)


# --- align ---------------------------------------------------------------------------


def _configure_align(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="transmgmt TEI files or folders of *.tei.xml files (updated in place)",
    )
    parser.add_argument("--who", default="transmgmt", help="agent recorded in the revision history")
    parser.add_argument(
        "--lock-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="wait this long for an archive's writers' lock",
    )


def _writers_lock(path: Path, timeout: float) -> contextlib.AbstractContextManager[object]:
    """The archive's writers' lock when *path* (a file, existing or not) lies in an
    archive folder, else nothing."""
    from transmgmt._lock import ArchiveLock  # noqa: PLC0415
    from transmgmt.store import HIDDEN_DIR, LOCK_FILE  # noqa: PLC0415

    meta = path.parent / HIDDEN_DIR
    return (
        ArchiveLock(meta / LOCK_FILE, timeout=timeout)
        if meta.is_dir()
        else contextlib.nullcontext()
    )


def _align(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from transmgmt._fs import atomic_write_bytes  # noqa: PLC0415
    from transmgmt.align import align_pair  # noqa: PLC0415 - keep `--help` fast
    from transmgmt.tei import read_tei, tei_bytes  # noqa: PLC0415
    from transmgmt.validate import validate_tei  # noqa: PLC0415

    files = _xml_files(args.paths, "*.tei.xml")
    failed = 0
    for path in files:
        try:
            # In an archive, rewrite under its writers' lock, as every archive write does.
            with _writers_lock(path, args.lock_timeout):
                pair = read_tei(path)
                if pair.source is None or pair.translation is None:
                    print(f"skipped   {_display(path)}: {pair.status}, nothing to align", file=out)
                    continue
                aligned = align_pair(pair, who=args.who)
                data = tei_bytes(aligned)
                report = validate_tei(data)
                if not report.valid:
                    msg = (
                        f"internal error: aligned TEI would be invalid ({report.errors[0].message})"
                    )
                    raise CommandError(msg)
                atomic_write_bytes(path, data)
        except TransmgmtError as exc:
            failed += 1
            print(f"failed    {_display(path)}: {exc}", file=out)
            continue
        links = aligned.alignment.sentence_links
        kinds = Counter(link.type for link in links)
        both = sum(n for kind, n in kinds.items() if "0" not in kind.split("-"))
        summary = ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items()))
        paragraph_links = len(aligned.alignment.paragraph_links)
        print(
            f"aligned   {_display(path)}: {paragraph_links} paragraph links, "
            f"{len(links)} sentence links ({summary}); {both}/{len(links)} with both sides",
            file=out,
        )
    print(f"{len(files) - failed} aligned or skipped, {failed} failed", file=err)
    return EXIT_FAILURES if failed else EXIT_OK


command("align", "align the texts of TEI files in place (paragraphs, then sentences)")(
    _configure_align
)(_align)


# --- entry points --------------------------------------------------------------------

# Modules that register further sub-commands with @command when imported; each feature
# keeps its command next to its code instead of growing this file.
_COMMAND_MODULES: tuple[str, ...] = (
    "transmgmt.checks.cli",
    "transmgmt.archive_cli",
    "transmgmt.interchange.cli",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered sub-command."""
    for module in _COMMAND_MODULES:
        importlib.import_module(module)
    parser = _Parser(prog="transmgmt", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"transmgmt {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (configure, _handler, help_text) in _COMMANDS.items():
        configure(subparsers.add_parser(name, help=help_text, description=help_text))
    return parser


def run(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line with *argv* and return the exit code (never raises for bad input).

    Example:
        >>> import io
        >>> run(["ingest"], stderr=io.StringIO())
        2
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help(out)
            return EXIT_USAGE
        _configure, handler, _help = _COMMANDS[args.command]
        return handler(args, out, err)
    except CommandError as exc:
        print(f"error: {exc}", file=err)
        return exc.exit_code
    except TransmgmtError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return 130


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())

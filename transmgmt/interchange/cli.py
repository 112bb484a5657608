"""``transmgmt export`` and ``transmgmt import``: interchange formats on the command line.

``export ARCHIVE|FILE --format F --out DIR`` writes an archive (a folder of TEI files,
or one file) as TEI, TMX, XLIFF, XCES, Moses text or an HTML site;
``import FILE --archive DIR`` applies a TMX or XLIFF file to the archive's TEI files,
rewriting each changed file atomically after validating it. Exit codes as for every
command: 0 ok, 1 some input rejected or skipped, 2 usage error.

Example:
    >>> import io
    >>> from transmgmt.cli import run
    >>> run(["export", "no-such-folder", "--format", "tmx", "--out", "x"], stderr=io.StringIO())
    2
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TextIO

from transmgmt.cli import CommandError, command
from transmgmt.errors import TransmgmtError
from transmgmt.model import ArticlePair

__all__ = ["FORMATS"]

#: The formats ``transmgmt export`` writes.
FORMATS = ("tei", "tmx", "xliff", "xces", "moses", "html")
# Formats whose output is per link: only these take link filters.
_LINK_FORMATS = ("tmx", "xces", "moses")
_TYPE_RE = re.compile(r"^[0-9]+-[0-9]+$")


def _types(value: str) -> frozenset[str]:
    types = frozenset(t.strip() for t in value.split(",") if t.strip())
    bad = sorted(t for t in types if not _TYPE_RE.match(t))
    if bad or not types:
        msg = f"--types wants link types like 1-1,1-2; got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return types


def _score(value: str) -> float:
    try:
        score = float(value)
    except ValueError:
        score = -1.0
    if not 0.0 <= score <= 1.0:
        msg = f"--min-score wants a number in [0, 1]; got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return score


def _levels(value: str) -> tuple[str, ...]:
    levels = tuple(v.strip() for v in value.split(",") if v.strip())
    if not levels or any(v not in ("sentence", "paragraph") for v in levels):
        msg = f"--levels wants sentence, paragraph or both; got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return levels


def _read(path: Path, out: TextIO) -> tuple[list[tuple[Path, ArticlePair]], int]:
    """The archive's pairs, and how many files were rejected (each reported on *out*)."""
    from transmgmt.interchange._units import tei_files  # noqa: PLC0415 - keep --help fast
    from transmgmt.tei import read_tei  # noqa: PLC0415

    if not path.exists():
        msg = f"no such file or folder: {path}"
        raise CommandError(msg)
    try:
        files = tei_files(path)
    except TransmgmtError as exc:
        raise CommandError(str(exc)) from None
    pairs, rejected = [], 0
    for file in files:
        try:
            pairs.append((file, read_tei(file)))
        except TransmgmtError as exc:
            rejected += 1
            print(f"rejected  {exc}", file=out)
    return pairs, rejected


# --- export --------------------------------------------------------------------------


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive", type=Path, metavar="ARCHIVE|FILE",
                        help="a folder of TEI files, or one TEI file")
    parser.add_argument("--format", required=True, choices=FORMATS, dest="format")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="folder for the output (created if missing)")
    parser.add_argument("--min-score", type=_score, metavar="X",
                        help="keep automatic links scoring at least X (manual links always "
                             "pass); tmx, xces, moses")
    parser.add_argument("--types", type=_types, metavar="T,…",
                        help="keep links of these types, e.g. 1-1,1-2; tmx, xces, moses")
    parser.add_argument("--approved-only", action="store_true",
                        help="only pairs whose status is approved")
    parser.add_argument("--levels", type=_levels, default=("sentence",), metavar="L,…",
                        help="alignment levels for tmx, xces, moses: sentence (default), "
                             "paragraph, or both")
    parser.add_argument("--name", default="corpus",
                        help="file stem of tmx, xces and moses output (default: corpus)")


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from transmgmt._fs import atomic_write_bytes  # noqa: PLC0415
    from transmgmt.interchange import (  # noqa: PLC0415
        LinkFilter,
        write_moses,
        write_tmx,
        write_xces,
        write_xliff,
    )
    from transmgmt.tei import tei_bytes  # noqa: PLC0415
    from transmgmt.view import build_site  # noqa: PLC0415

    if args.format not in _LINK_FORMATS and (args.min_score is not None or args.types):
        msg = (f"--min-score and --types filter links; {args.format} exports whole "
               "articles (use --approved-only)")
        raise CommandError(msg)
    if args.out.exists() and not args.out.is_dir():
        msg = f"--out is not a folder: {args.out}"
        raise CommandError(msg)
    if not args.name or "/" in args.name or args.name.startswith("."):
        msg = f"--name must be a plain file stem, got {args.name!r}"
        raise CommandError(msg)
    items, rejected = _read(args.archive, out)
    link_filter = LinkFilter(min_score=args.min_score, types=args.types,
                             approved_only=args.approved_only)
    items = [(f, p) for f, p in items if link_filter.accepts_pair(p)]
    pairs = [p for _, p in items]
    written: list[Path] = []
    skipped = 0
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        if args.format == "tei":
            written = [atomic_write_bytes(args.out / f"{p.id}.tei.xml", tei_bytes(p))
                       for p in pairs]
        elif args.format == "tmx":
            written = [write_tmx(pairs, args.out / f"{args.name}.tmx", link_filter,
                                 levels=args.levels)]
        elif args.format == "xces":
            written = [write_xces(pairs, args.out / f"{args.name}.xces.xml", link_filter,
                                  levels=args.levels)]
        elif args.format == "moses":
            written = write_moses(pairs, args.out, link_filter, prefix=args.name,
                                  levels=args.levels)
        elif args.format == "xliff":
            for pair in pairs:
                if pair.source is None:
                    skipped += 1
                    print(f"skipped   {pair.id}: the source is pending, nothing to translate",
                          file=out)
                    continue
                written.append(write_xliff(pair, args.out / f"{pair.id}.xlf"))
        else:
            written = build_site(items, args.out)
    except OSError as exc:
        msg = f"cannot write to {args.out}: {exc.strerror or exc}"
        raise CommandError(msg) from None
    for path in written:
        print(f"wrote     {path}", file=out)
    print(f"{len(pairs)} article(s) exported as {args.format}, {len(written)} file(s) "
          f"written, {rejected} rejected, {skipped} skipped", file=err)
    return 1 if rejected else 0


command("export", "export TEI files as TEI, TMX, XLIFF, XCES, Moses text or an HTML site")(
    _configure_export)(_export)


# --- import --------------------------------------------------------------------------


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a TMX, XLIFF 2 or XCES file")
    parser.add_argument("--archive", required=True, type=Path, metavar="DIR",
                        help="the folder of TEI files to update")
    parser.add_argument("--who", default="transmgmt", help="agent recorded in the revisions")


def _sniff(data: bytes) -> str:
    head = data[:4096]
    if b"urn:oasis:names:tc:xliff:document:2" in head:
        return "xliff"
    if re.search(rb"<tmx[\s>]", head):
        return "tmx"
    if re.search(rb"<cesAlign[\s>/]", head):
        return "xces"
    msg = "the file is neither TMX, XLIFF 2 nor XCES"
    raise CommandError(msg)


def _import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from transmgmt._fs import atomic_write_bytes  # noqa: PLC0415
    from transmgmt.interchange import import_tmx, import_xces, import_xliff  # noqa: PLC0415
    from transmgmt.tei import tei_bytes  # noqa: PLC0415
    from transmgmt.validate import validate_tei  # noqa: PLC0415

    if not args.file.is_file():
        msg = f"no such file: {args.file}"
        raise CommandError(msg)
    if not args.archive.is_dir():
        msg = f"--archive is not a folder: {args.archive}"
        raise CommandError(msg)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        msg = f"cannot read {args.file}: {exc.strerror or exc}"
        raise CommandError(msg) from None
    importer = {"xliff": import_xliff, "tmx": import_tmx, "xces": import_xces}[_sniff(data)]
    items, rejected = _read(args.archive, out)
    result = importer(data, [p for _, p in items], who=args.who, label=str(args.file))
    for line in result.skipped:
        print(f"skipped   {line}", file=out)
    updated = 0
    for (path, old), new in zip(items, result.pairs, strict=True):
        if new is old:
            continue
        data = tei_bytes(new)
        report = validate_tei(data)
        if not report.valid:
            rejected += 1
            print(f"rejected  {path}: the update is not valid TEI: {report.errors[0].message}",
                  file=out)
            continue
        try:
            atomic_write_bytes(path, data)
        except OSError as exc:
            msg = f"cannot write {path}: {exc.strerror or exc}"
            raise CommandError(msg) from None
        updated += 1
        print(f"updated   {path} [{new.status}]", file=out)
    print(f"{updated} updated, {len(result.skipped)} skipped, {rejected} rejected", file=err)
    return 1 if (result.skipped or rejected) else 0


command("import", "apply a TMX, XLIFF or XCES file to the TEI files of an archive")(
    _configure_import)(_import)

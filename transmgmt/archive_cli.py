"""Archive sub-commands of ``transmgmt``: status, add, update-source, approve, diff, pair...

Each command is a thin layer over :mod:`transmgmt.store`, :mod:`transmgmt.tracking`
and :mod:`transmgmt.pairing`. Exit codes: 0 ok, 1 some failure (a rejected page, a
step that does not apply, an unreadable file), 2 usage or I/O error (no such archive
or id, lock held by another writer). Errors are one line, never a traceback.

:func:`transmgmt.align.align_pair` aligns every pair that gains a source or a
translation (``--no-align`` turns it off).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from transmgmt.cli import EXIT_FAILURES, EXIT_OK, CommandError, command
from transmgmt.errors import TrackingError, TransmgmtError
from transmgmt.model import STATUSES, ArticlePair

if TYPE_CHECKING:
    from transmgmt.ingest import ScrapedPage
    from transmgmt.store import Archive

__all__: list[str] = []


def _aligner(args: argparse.Namespace) -> Callable[[ArticlePair], ArticlePair] | None:
    from transmgmt.align import align_pair  # noqa: PLC0415 - loaded only when aligning

    return None if getattr(args, "no_align", False) else align_pair


def _open(path: Path, *, create: bool = False) -> Archive:
    from transmgmt.store import Archive  # noqa: PLC0415 - keep `--help` fast

    try:
        return Archive.open(path, create=create)
    except OSError as exc:
        msg = f"cannot open archive {path}: {exc.strerror or exc}"
        raise CommandError(msg) from None


def _archive_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive", type=Path, metavar="ARCHIVE", help="the archive folder")


def _who_arg(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument(
        "--who",
        required=required,
        default=None if required else "transmgmt",
        help="who makes the change (recorded in the revision history)",
    )


def _align_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-align", action="store_true", help="do not run the aligner on the changed pair"
    )


def _read_page(path: Path) -> ScrapedPage:
    from transmgmt.ingest import read_page_file  # noqa: PLC0415

    if not path.is_file():
        msg = f"no such file: {path}"
        raise CommandError(msg)
    return read_page_file(path)


# --- status --------------------------------------------------------------------------


def _configure_status(parser: argparse.ArgumentParser) -> None:
    _archive_arg(parser)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--status",
        choices=STATUSES,
        action="append",
        help="only pairs with this status (repeatable)",
    )
    parser.add_argument("--title", help="only pairs whose title contains this text")
    parser.add_argument("--limit", type=int, metavar="N", help="show at most N pairs")


def _status(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with _open(args.archive) as archive:
        entries = archive.query(status=args.status, title=args.title, limit=args.limit)
        problems = archive.problems()
        if archive.refresh_skipped:
            print(
                "warning: another process is writing; the index may lag behind the files", file=err
            )
    if args.format == "json":
        json.dump(
            {
                "pairs": [e.as_dict() for e in entries],
                "problems": [{"file": f, "message": m} for f, m in problems],
            },
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
    else:
        print(
            f"{'id':<28} {'title':<40} {'source':<8} {'translation':<11} {'status':<19} "
            f"{'aligned':>7}  last change",
            file=out,
        )
        for e in entries:
            title = e.title if len(e.title) <= 40 else e.title[:39] + "…"
            coverage = "-" if e.coverage is None else f"{e.coverage:.0%}"
            last = f"{e.last_when or '-'} {e.last_kind or ''} {e.last_who or ''}".strip()
            print(
                f"{e.id:<28} {title:<40} {'present' if e.has_source else 'pending':<8} "
                f"{'present' if e.has_translation else 'missing':<11} {e.status:<19} "
                f"{coverage:>7}  {last}",
                file=out,
            )
        for file, message in problems:
            print(f"unreadable {file}: {message}", file=out)
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.status] = counts.get(e.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no pairs"
    print(f"{len(entries)} pairs ({summary}); {len(problems)} unreadable", file=err)
    return EXIT_FAILURES if problems else EXIT_OK


command("status", "list the pairs of an archive with their tracking status")(_configure_status)(
    _status
)


# --- add -----------------------------------------------------------------------------


def _configure_add(parser: argparse.ArgumentParser) -> None:
    _archive_arg(parser)
    parser.add_argument(
        "pages",
        nargs="+",
        type=Path,
        metavar="PAGE",
        help="pages or folders; x.zh.txt + x.en.txt form one pair x",
    )
    _who_arg(parser)
    _align_arg(parser)


def _add(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from transmgmt.articles import pair_from_pages  # noqa: PLC0415
    from transmgmt.pipeline import group_inputs  # noqa: PLC0415

    missing = [p for p in args.pages if not p.exists()]
    if missing:
        msg = f"no such file or folder: {missing[0]}"
        raise CommandError(msg)
    aligner = _aligner(args)
    groups = group_inputs(args.pages)
    if not groups:
        msg = "no input files found (.txt, .html)"
        raise CommandError(msg)
    failed = 0
    with _open(args.archive, create=True) as archive:
        for article_id, files in groups:
            names = " + ".join(str(f) for f in files)
            try:
                from transmgmt.ingest import read_page_file  # noqa: PLC0415

                pair = pair_from_pages(
                    [read_page_file(f) for f in files], article_id=article_id, who=args.who
                )
                if aligner is not None and pair.source and pair.translation:
                    pair = aligner(pair)
                archive.add(pair)
            except TransmgmtError as exc:
                failed += 1
                print(f"rejected  {names}: {exc}", file=out)
                continue
            print(f"added     {names} -> {article_id} [{pair.status}]", file=out)
    print(f"{len(groups) - failed} added, {failed} rejected", file=err)
    return EXIT_FAILURES if failed else EXIT_OK


command("add", "add pages to an archive as new pairs")(_configure_add)(_add)


# --- update-source / update-translation ---------------------------------------------------


def _configure_update(parser: argparse.ArgumentParser) -> None:
    _archive_arg(parser)
    parser.add_argument("id", metavar="ID", help="the pair id")
    parser.add_argument("page", type=Path, metavar="PAGE", help="the new page")
    _who_arg(parser)
    parser.add_argument("--note", help="a note for the revision history")
    _align_arg(parser)


def _update_source(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    page = _read_page(args.page)
    with _open(args.archive) as archive:
        try:
            result = archive.update_source(
                args.id, page, who=args.who, note=args.note, aligner=_aligner(args)
            )
        except TrackingError as exc:
            print(f"error: {exc}", file=err)
            return EXIT_FAILURES
        status = archive.entry(args.id).status
    print(f"{args.id}: {status}; {result.summary()}", file=out)
    return EXIT_OK


command("update-source", "add or correct the Chinese source of a pair")(_configure_update)(
    _update_source
)


def _update_translation(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    page = _read_page(args.page)
    with _open(args.archive) as archive:
        try:
            pair = archive.update_translation(
                args.id, page, who=args.who, note=args.note, aligner=_aligner(args)
            )
        except TrackingError as exc:
            print(f"error: {exc}", file=err)
            return EXIT_FAILURES
    print(f"{args.id}: {pair.status}", file=out)
    return EXIT_OK


command("update-translation", "add or revise the English translation of a pair")(_configure_update)(
    _update_translation
)


# --- review / approve ----------------------------------------------------------------


def _configure_mark(parser: argparse.ArgumentParser) -> None:
    _archive_arg(parser)
    parser.add_argument("id", metavar="ID", help="the pair id")
    _who_arg(parser, required=True)
    parser.add_argument("--note", help="a note for the revision history")
    parser.add_argument(
        "--accept-source",
        action="store_true",
        help="approve an outdated translation as right for the corrected source",
    )


def _mark(args: argparse.Namespace, out: TextIO, err: TextIO, *, approve: bool) -> int:
    with _open(args.archive) as archive:
        try:
            if approve:
                pair = archive.approve(
                    args.id, who=args.who, note=args.note, accept_source=args.accept_source
                )
            else:
                pair = archive.review(args.id, who=args.who, note=args.note)
        except TrackingError as exc:
            print(f"error: {exc}", file=err)
            return EXIT_FAILURES
    print(f"{args.id}: {pair.status} by {args.who}", file=out)
    return EXIT_OK


def _approve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    return _mark(args, out, err, approve=True)


def _review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.accept_source:
        msg = "review: --accept-source applies to approve only"
        raise CommandError(msg)
    return _mark(args, out, err, approve=False)


command("approve", "record an editor's approval of a translation")(_configure_mark)(_approve)
command("review", "record an editor's review of a translation")(_configure_mark)(_review)


# --- diff ----------------------------------------------------------------------------


def _configure_diff(parser: argparse.ArgumentParser) -> None:
    _archive_arg(parser)
    parser.add_argument("id", metavar="ID", help="the pair id")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import attrs  # noqa: PLC0415

    with _open(args.archive) as archive:
        result = archive.diff(args.id)
        status = archive.entry(args.id).status
    if args.format == "json":
        data = attrs.asdict(result)
        data.update(status=status, revisit=list(result.revisit))
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print(f"{result.render()}\nstatus: {status}", file=out)
    return EXIT_OK


command("diff", "show what changed in a source since its translation was made")(_configure_diff)(
    _diff
)


# --- pair ----------------------------------------------------------------------------


def _configure_pair(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("zh_dir", type=Path, metavar="ZH_DIR", help="folder of Chinese pages")
    parser.add_argument("en_dir", type=Path, metavar="EN_DIR", help="folder of English pages")
    parser.add_argument(
        "--archive",
        type=Path,
        metavar="DIR",
        help="add the pairs (and the pages left over) to this archive",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=None,
        metavar="X",
        help="minimum confidence of a pair (default 0.5)",
    )
    _who_arg(parser)
    _align_arg(parser)


def _pages(folder: Path, err: TextIO) -> tuple[dict[str, tuple[Path, ScrapedPage]], int]:
    from transmgmt.ingest import read_page_file  # noqa: PLC0415
    from transmgmt.pipeline import _expand  # noqa: PLC0415

    if not folder.is_dir():
        msg = f"not a folder: {folder}"
        raise CommandError(msg)
    pages: dict[str, tuple[Path, ScrapedPage]] = {}
    failed = 0
    for path in _expand([folder]):
        try:
            page = read_page_file(path)
        except TransmgmtError as exc:
            failed += 1
            print(f"rejected  {exc}", file=err)
            continue
        pages[page.source_name or path.name] = (path, page)
    return pages, failed


def _pair(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from transmgmt.articles import article_id_from_name, pair_from_pages  # noqa: PLC0415
    from transmgmt.pairing import DEFAULT_THRESHOLD, propose_pairs  # noqa: PLC0415

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    if not 0.0 <= threshold <= 1.0:
        msg = f"--threshold must be in [0, 1], got {threshold}"
        raise CommandError(msg)
    zh, failed_zh = _pages(args.zh_dir, err)
    en, failed_en = _pages(args.en_dir, err)
    result = propose_pairs(
        [p for _, p in zh.values()],
        [p for _, p in en.values()],
        threshold=threshold,
    )
    for c in result.pairs:
        print(f"pair      {c.en} <- {c.zh}  {c.score:.2f}  ({c.explain()})", file=out)
    for name in result.unmatched_en:
        best = next((c for c in result.candidates if c.en == name), None)
        hint = f" (best {best.zh} {best.score:.2f})" if best else ""
        print(f"pending   {name}: no source among the Chinese pages{hint}", file=out)
    for name in result.unmatched_zh:
        print(f"untranslated {name}: no English page", file=out)
    failed = failed_zh + failed_en
    if args.archive is not None:
        aligner = _aligner(args)
        groups = [([zh[c.zh][1], en[c.en][1]], en[c.en][0]) for c in result.pairs]
        groups += [([en[n][1]], en[n][0]) for n in result.unmatched_en]
        groups += [([zh[n][1]], zh[n][0]) for n in result.unmatched_zh]
        with _open(args.archive, create=True) as archive:
            for pages, path in groups:
                stem = path.name.split(".")[0]
                article_id = article_id_from_name(stem)
                try:
                    pair = pair_from_pages(pages, article_id=article_id, who=args.who)
                    if aligner is not None and pair.source and pair.translation:
                        pair = aligner(pair)
                    archive.add(pair)
                except TransmgmtError as exc:
                    failed += 1
                    print(f"rejected  {path}: {exc}", file=out)
                    continue
                print(f"added     {article_id} [{pair.status}]", file=out)
    print(
        f"{len(result.pairs)} paired, {len(result.unmatched_en)} English without source, "
        f"{len(result.unmatched_zh)} Chinese without translation",
        file=err,
    )
    return EXIT_FAILURES if failed else EXIT_OK


command("pair", "propose which English page translates which Chinese page")(_configure_pair)(_pair)


# --- reindex -------------------------------------------------------------------------


def _configure_reindex(parser: argparse.ArgumentParser) -> None:
    _archive_arg(parser)
    parser.add_argument(
        "--check",
        action="store_true",
        help="only report whether the index is stale (exit 1 when it is)",
    )


def _reindex(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from transmgmt.store import Archive  # noqa: PLC0415

    if args.check:
        archive = Archive.open(args.archive, refresh=False)
        with archive:
            report = archive.stale(verify=True)
        for kind, names in (
            ("added", report.added),
            ("changed", report.changed),
            ("removed", report.removed),
        ):
            for name in names:
                print(f"{kind:<9} {name}", file=out)
        print("index is stale" if report.stale else "index is up to date", file=err)
        return EXIT_FAILURES if report.stale else EXIT_OK
    archive = Archive.open(args.archive, refresh=False)
    with archive:
        done = archive.reindex()
    for file, message in done.problems:
        print(f"unreadable {file}: {message}", file=out)
    print(f"{done.indexed} indexed, {len(done.problems)} unreadable", file=err)
    return EXIT_FAILURES if done.problems else EXIT_OK


command("reindex", "rebuild an archive's index from its TEI files")(_configure_reindex)(_reindex)

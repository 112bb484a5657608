
"""Benchmark the archive: adds, status queries via the index, reindex, peak memory.

Run from the repository root::

    python bench/archive_speed.py            # 10,000 files + 100,000 index rows
    python bench/archive_speed.py --quick    # 1,000 files + 10,000 index rows

Phases:

1. *add*: ``Archive.put_many`` of N generated pairs (both texts, 3 paragraphs,
   9+9 sentences, sentence links, 2 revisions; ~10 KB of TEI each): every pair is
   validated (RELAX NG + Schematron), written atomically (fsync) and indexed.
2. *query*: latency of status queries on the index of those N pairs: a page of 100
   entries of one status (``transmgmt status --status X --limit 100``), every entry of
   one status (1/6 of the archive), only the ids of every pair of one status, the count
   per status, and a title search.
3. the same queries on an index of 10×N rows inserted directly (no files: the queries
   only touch the index).
   A tenth of N is also added with ``validate=False`` (trusted bulk load) to show what
   the per-file validation costs.
4. *reindex*: ``Archive.reindex()`` of the N files (parse, model, index).

Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transmgmt._index import Index, entry_from_pair
from transmgmt.model import (
    STATUSES,
    Alignment,
    ArticlePair,
    Document,
    Link,
    Paragraph,
    Revision,
    Sentence,
)
from transmgmt.store import Archive

UTC = dt.timezone.utc
ZH = ["2021年6月25日，国家移民管理局局长会见了国际移民组织驻华代表。",
      "双方就深化移民领域合作交换意见。",
      "他表示，中方将继续支持国际移民组织的工作。"]
EN = ["On June 25, 2021, the NIA commissioner met the IOM chief of mission in China.",
      "The two sides exchanged views on deepening cooperation in immigration.",
      "He said China would continue to support the work of IOM."]


def _doc(lang: str, prefix: str, sentences: list[str], title: str, n: int) -> Document:
    paragraphs = []
    for p in range(1, 4):
        texts = [f"{s} ({n}-{p})" if lang == "en" else f"{s}（{n}-{p}）" for s in sentences]
        joiner = " " if lang == "en" else ""
        paragraphs.append(Paragraph(
            id=f"{prefix}-p{p}", text=joiner.join(texts),
            sentences=tuple(Sentence(id=f"{prefix}-p{p}-s{i}", text=t)
                            for i, t in enumerate(texts, 1))))
    publisher = "National Immigration Administration" if lang == "en" else "国家移民管理局"
    return Document(lang=lang, title=title, paragraphs=tuple(paragraphs), publisher=publisher,
                    event_date=dt.date(2015, 1, 1) + dt.timedelta(days=n % 3650))


def make_pair(n: int) -> ArticlePair:
    """A realistic pair number *n*; its status cycles through the workflow."""
    source = _doc("zh-Hans", "zh", ZH, f"会见国际移民组织代表 第{n}号", n)
    translation = _doc("en", "en", EN, f"NIA Chief Meets IOM Envoy, Report {n}", n)
    links = tuple(Link((s.id,), (t.id,), 0.9) for s, t in
                  zip(source.sentences, translation.sentences, strict=True))
    when = dt.datetime(2026, 1, 1, tzinfo=UTC) + dt.timedelta(minutes=n)
    kind = n % 4
    revisions = [Revision(when=when, who="transmgmt", kind="ingest", status="current",
                          source_digest=source.digest)]
    translated_from = source.digest
    if kind == 1:
        revisions.append(Revision(when=when + dt.timedelta(hours=1), who="Wang", kind="approved",
                                  status="approved"))
    elif kind == 2:
        translated_from = "sha256:" + "0" * 64  # made from an earlier source: outdated
    elif kind == 3:
        revisions.append(Revision(when=when + dt.timedelta(hours=1), who="Li", kind="reviewed",
                                  status="reviewed"))
    return ArticlePair(id=f"art-{n:06d}", source=source, translation=translation,
                       alignment=Alignment(sentence_links=links, method="bench"),
                       revisions=tuple(revisions), translated_from=translated_from)


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds."""
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49] * 1000, q[94] * 1000, q[98] * 1000


def time_queries(label: str, index: Index, rows: int, repeat: int) -> list[str]:
    """Latency lines for the standard queries on *index*."""
    rng = random.Random(1)
    queries: list[tuple[str, Callable[[], object]]] = [
        ("status page (limit 100)", lambda: index.query(status=rng.choice(STATUSES), limit=100)),
        ("status, all rows", lambda: index.query(status=rng.choice(STATUSES))),
        ("status, all ids", lambda: index.query_ids(status=rng.choice(STATUSES))),
        ("count per status", index.status_counts),
        ("title search", lambda: index.query(title=f"Report {rng.randrange(rows)}", limit=100)),
    ]
    lines = []
    for name, run in queries:
        run()  # warm the page cache
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            run()
            samples.append(time.perf_counter() - start)
        p50, p95, p99 = percentiles(samples)
        lines.append(f"| query {label}: {name} | {rows:,} | p50 {p50:.2f} ms, p95 {p95:.2f} ms, "
                     f"p99 {p99:.2f} ms |")
    return lines


def big_index(path: Path, rows: int) -> Index:
    """An index of *rows* entries inserted directly (queries never read the files)."""
    index = Index(path)
    template = entry_from_pair(make_pair(0), file="x", mtime_ns=1, size=1, sha256="0" * 64)
    statuses = ("current", "approved", "outdated", "reviewed", "source-pending",
                "translation-missing")
    with index.transaction():
        for n in range(rows):
            index.upsert(attrs.evolve(
                template, id=f"art-{n:07d}", file=f"art-{n:07d}.tei.xml",
                status=statuses[n % len(statuses)],
                translation_title=f"NIA Chief Meets IOM Envoy, Report {n}",
                source_title=f"会见国际移民组织代表 第{n}号",
                date=(dt.date(2015, 1, 1) + dt.timedelta(days=n % 3650)).isoformat()))
    return index


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 files, 10,000 index rows")
    parser.add_argument("--files", type=int, help="number of pair files (default 10,000)")
    parser.add_argument("--rows", type=int, help="rows of the large index (default 100,000)")
    parser.add_argument("--repeat", type=int, default=200, help="runs per query")
    args = parser.parse_args(argv)
    files = args.files or (1_000 if args.quick else 10_000)
    rows = args.rows or (10_000 if args.quick else 100_000)

    lines = ["| measure | size | result |", "| --- | --- | --- |"]
    with tempfile.TemporaryDirectory(prefix="transmgmt-bench-") as tmp:
        archive = Archive.open(Path(tmp) / "archive", create=True)

        def pairs() -> Iterator[ArticlePair]:
            return (make_pair(n) for n in range(files))

        start = time.perf_counter()
        archive.put_many(pairs())
        took = time.perf_counter() - start
        size = sum(p.stat().st_size for p in archive.root.glob("*.tei.xml"))
        lines.append(f"| add (validate + atomic write + index) | {files:,} pairs "
                     f"({size / files / 1024:.1f} KB each) | {files / took:,.0f} pairs/s "
                     f"({took:.1f} s) |")
        sample = max(1, files // 10)
        bulk = Archive.open(Path(tmp) / "bulk", create=True, validate=False)
        start = time.perf_counter()
        bulk.put_many(make_pair(n) for n in range(sample))
        took = time.perf_counter() - start
        bulk.close()
        lines.append(f"| add without validation (`validate=False`) | {sample:,} pairs | "
                     f"{sample / took:,.0f} pairs/s |")
        counts = archive.status_counts()
        assert sum(counts.values()) == files, counts
        lines += time_queries("via index", archive.index, files, args.repeat)

        start = time.perf_counter()
        report = archive.reindex()
        took = time.perf_counter() - start
        assert report.indexed == files
        assert not report.problems
        lines.append(f"| reindex (parse + model + index) | {files:,} files | "
                     f"{files / took:,.0f} files/s ({took:.1f} s) |")
        start = time.perf_counter()
        stale = archive.stale()
        took = time.perf_counter() - start
        assert not stale.stale
        lines.append(f"| stale check (stat every file) | {files:,} files | {took * 1000:.0f} ms |")
        archive.close()

        start = time.perf_counter()
        index = big_index(Path(tmp) / "big.sqlite", rows)
        took = time.perf_counter() - start
        lines.append(f"| build index rows directly | {rows:,} rows | {rows / took:,.0f} rows/s |")
        lines += time_queries("via index", index, rows, args.repeat)
        index.close()

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(f"| peak memory (max RSS) | whole run | {peak:.0f} MB |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

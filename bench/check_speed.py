"""Benchmark `transmgmt check` against jing on generated folders of article TEI files.

Usage::

    python bench/check_speed.py                 # 1,000 and 10,000 files
    python bench/check_speed.py --sizes 1000    # one size

For each size a folder of realistic aligned article pairs (both languages, sentences
and links; one file in 50 carries a planted defect, so that both verdicts occur) is
generated into a temporary directory. transmgmt runs every check (RELAX NG, Schematron
and all content checks, corpus statistics included) in a fresh process that streams the
files one by one; jing validates the same files against schemas/transmgmt-tei.rng in one
JVM process over all files. The table gives files/s, per-file latency percentiles
(transmgmt; jing reports no per-file time), the peak resident memory of each process,
and the agreement of the grammar verdicts (jing checks the RELAX NG only, so its verdict
is compared with transmgmt's well-formedness + RELAX NG findings, TM100/TM101/TM103/TM106).

The result cache (``--cache``) is timed as CI reruns see it: ``cache fill`` is a cold
run that also writes the cache, ``warm`` a second run with nothing changed, ``1% edit``
a run after one file in 100 was edited (a word added to a sentence; jing is run again
on the edited folder for the agreement column). ``wall s`` is the whole process
(interpreter start, imports and schema compilation included; jing: JVM start included).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

GRAMMAR_CODES = {"TM100", "TM101", "TM103", "TM106"}
# Defects that make a file invalid against the RELAX NG (what jing sees) and some that
# only the Schematron or the content checks see.
DEFECTS = ["TM101", "TM106", "TM501", "TM104", "TM701", "TM201"]


def generate(folder: Path, count: int) -> None:
    """Write *count* article files; every 50th has one planted defect."""
    from check_corpus import PLANTED, clean_pair  # noqa: PLC0415

    from transmgmt.tei import tei_bytes  # noqa: PLC0415

    folder.mkdir(parents=True)
    for i in range(count):
        if i % 50 == 49:
            code = DEFECTS[(i // 50) % len(DEFECTS)]
            data = PLANTED[code](i)
        else:
            data = tei_bytes(clean_pair(i))
        (folder / f"art-{i:05d}.tei.xml").write_bytes(data)


def edit(folder: Path, every: int = 100) -> int:
    """Add a word to the last sentence of every *every*-th file; return how many changed."""
    files = sorted(folder.glob("*.xml"))
    edited = 0
    for path in files[every // 2::every]:
        data = path.read_bytes()
        head, sep, tail = data.rpartition(b"</s>")
        if sep:
            path.write_bytes(head + b" as revised" + sep + tail)
            edited += 1
    return edited


def worker(folder: Path, jobs: int = 1, cache: str | None = None) -> None:
    """Check every file of *folder* in this process; print timings and verdicts as JSON."""
    from transmgmt.checks import Checker, tei_files  # noqa: PLC0415
    from transmgmt.validate import relaxng, schematron  # noqa: PLC0415

    started = time.perf_counter()
    relaxng()
    schematron()  # compiled once per run, as in `transmgmt check`
    compile_time = time.perf_counter() - started
    latencies = []
    grammar_invalid = []
    findings = 0
    begin = time.perf_counter()
    # Built inside the timing: with a cache it fingerprints transmgmt and opens the database.
    checker = Checker(cache=cache)
    t0 = time.perf_counter()
    for found in checker.check_files(tei_files([folder]), jobs=jobs):
        # With workers this is the time between results, not the time of one file.
        latencies.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        findings += len(found)
        if any(f.code in GRAMMAR_CODES for f in found):
            grammar_invalid.append(Path(found[0].file or "").name)
    findings += len(checker.finish())
    checker.close()  # writes the cache: part of the run's cost
    total = time.perf_counter() - begin
    hits = checker.cache.hits if checker.cache is not None else 0
    # Peak RSS of this process (with workers: the parent, which holds the corpus data).
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"latencies": latencies, "total": total, "compile": compile_time,
                      "peak_kib": peak_kib, "grammar_invalid": grammar_invalid,
                      "findings": findings, "hits": hits}))


def run_transmgmt(folder: Path, jobs: int = 1, cache: Path | None = None) -> dict:
    command = [sys.executable, __file__, "--worker", str(folder), "--jobs", str(jobs)]
    if cache is not None:
        command += ["--cache", str(cache)]
    started = time.perf_counter()
    result = subprocess.run(command,
                            capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    return {**json.loads(result.stdout), "wall": wall}


def run_jing(folder: Path) -> dict:
    files = sorted(str(p) for p in folder.glob("*.xml"))
    schema = REPO / "schemas" / "transmgmt-tei.rng"
    # GNU time gives the JVM's peak memory; fall back to the children's rusage.
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(["jing", str(schema), *files], capture_output=True, text=True,
                            check=False)
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    invalid = {Path(m.group(1)).name for m in
               re.finditer(r"^(.+?\.xml):\d+:\d+: (?:error|fatal)", result.stdout, re.MULTILINE)}
    return {"total": total, "peak_kib": max(peak, before), "invalid": invalid}


def run_jing_per_file(folder: Path, sample: int) -> dict:
    """jing started once per file, as a CI loop over changed files does (JVM start each time)."""
    files = sorted(folder.glob("*.xml"))[:sample]
    schema = REPO / "schemas" / "transmgmt-tei.rng"
    latencies = []
    for path in files:
        started = time.perf_counter()
        subprocess.run(["jing", str(schema), str(path)], capture_output=True, check=False)
        latencies.append(time.perf_counter() - started)
    return {"total": sum(latencies), "count": len(files), "latencies": latencies}


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="also time transmgmt with this many worker processes")
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    parser.add_argument("--per-file-sample", type=int, default=30,
                        help="files validated by one jing process each (0 to skip)")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.jobs, args.cache)
        return
    if shutil.which("jing") is None:
        sys.exit("jing is not installed (apt-get install jing)")
    rows = []
    base = Path(tempfile.mkdtemp(prefix="transmgmt-bench-"))
    try:
        for size in args.sizes:
            folder = base / f"n{size}"
            t0 = time.perf_counter()
            generate(folder, size)
            print(f"generated {size} files in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            jing = run_jing(folder)
            per_file = (run_jing_per_file(folder, args.per_file_sample)
                        if args.per_file_sample else None)
            runs = [("transmgmt", run_transmgmt(folder, 1))]
            if args.jobs > 1:
                runs.append((f"tm -j{args.jobs}", run_transmgmt(folder, args.jobs)))
            cache = base / f"cache{size}"
            runs.append(("cache fill", run_transmgmt(folder, 1, cache)))
            runs.append(("warm", run_transmgmt(folder, 1, cache)))
            table = [(tool, ours, jing) for tool, ours in runs]
            edited = edit(folder)
            print(f"edited {edited} files", file=sys.stderr)
            jing_edited = run_jing(folder)
            table.append(("1% edit", run_transmgmt(folder, 1, cache), jing_edited))
            rows.append((size, table, jing, jing_edited, per_file, edited))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    print(f"\nCPU: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    header = (f"{'files':>6} {'tool':<10} {'files/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'p99 ms':>8} {'wall s':>7} {'peak MiB':>9} {'invalid':>8} {'agree':>12} "
              f"{'findings':>8} {'cached':>7}")
    print(header)
    print("-" * len(header))
    for size, table, jing, jing_edited, per_file, edited in rows:
        for tool, ours, reference in table:
            ms = [x * 1000 for x in ours["latencies"]]
            agree = sum((name in set(ours["grammar_invalid"])) == (name in reference["invalid"])
                        for name in (f"art-{i:05d}.tei.xml" for i in range(size)))
            # With workers the parent sees results, not files being checked: no latency.
            cells = [f"{percentile(ms, q):>8.2f}" if "-j" not in tool else f"{'-':>8}"
                     for q in (50, 95, 99)]
            print(f"{size:>6} {tool:<10} {size / ours['total']:>9.0f} {' '.join(cells)} "
                  f"{ours['wall']:>7.2f} {ours['peak_kib'] / 1024:>9.0f} "
                  f"{len(ours['grammar_invalid']):>8} {agree:>6}/{size:<5} "
                  f"{ours['findings']:>8} {ours['hits']:>7}")
        for label, result in (("jing", jing), ("jing 1%ed", jing_edited)):
            print(f"{size:>6} {label:<10} {size / result['total']:>9.0f} {'-':>8} {'-':>8} "
                  f"{'-':>8} {result['total']:>7.2f} {result['peak_kib'] / 1024:>9.0f} "
                  f"{len(result['invalid']):>8}")
        cold = table[0][1]
        warm = table[-2][1]
        rerun = table[-1][1]
        print(f"{'':>6} transmgmt/jing throughput: cold {jing['total'] / cold['total']:.2f}x, "
              f"warm {jing['total'] / warm['total']:.1f}x, "
              f"{edited} files edited {jing_edited['total'] / rerun['total']:.1f}x")
        if per_file is not None:
            ms = [x * 1000 for x in per_file["latencies"]]
            rate = per_file["count"] / per_file["total"]
            print(f"{size:>6} {'jing/file':<10} {rate:>9.1f} "
                  + " ".join(f"{percentile(ms, q):>8.1f}" for q in (50, 95, 99))
                  + f"  (one JVM per file, {per_file['count']} files sampled)")
            print(f"{'':>6} ratio transmgmt cold/(jing per file): "
                  f"{(size / cold['total']) / rate:.1f}x")


if __name__ == "__main__":
    main()

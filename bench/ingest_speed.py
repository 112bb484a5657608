"""Benchmark the main job: scraped page → model → TEI → validation, per stage.

Usage: python bench/ingest_speed.py [--pages N]

Pages are made from the two seeds with their paragraphs repeated to several sizes
(1x, 4x, 16x the seed body), so the table shows how each stage grows with page size.
Prints, per stage and size: pages/s, latency p50/p95/p99 (ms) and peak memory (tracemalloc).
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from transmgmt.articles import pair_from_pages
from transmgmt.ingest import read_page
from transmgmt.tei import pair_from_tei, tei_bytes
from transmgmt.validate import validate_tei

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def pages(scale: int) -> list[bytes]:
    """Seed pages with the body repeated *scale* times (title and notice kept once)."""
    out = []
    for seed in sorted(SEEDS.glob("*.txt")):
        blocks = [b for b in seed.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        title, body, notice = blocks[0], blocks[1:-1], blocks[-1]
        out.append("\n\n".join([title, *(body * scale), notice]).encode("utf-8"))
    return out


def measure(stage: Callable[[], object], repeat: int) -> tuple[list[float], int]:
    tracemalloc.start()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        stage()
        times.append(time.perf_counter() - start)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return times, peak


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="pages per measurement")
    args = parser.parse_args()
    validate_tei(
        tei_bytes(pair_from_pages([read_page(pages(1)[0], name="warm")], article_id="warm"))
    )  # compile the schemas once
    print(
        f"{'stage':<18} {'size':>5} {'KB':>6} {'pages/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'peak KB':>8}"
    )
    for scale in (1, 4, 16):
        raw = pages(scale)[0]
        page = read_page(raw, name="a.txt")
        pair = pair_from_pages([page], article_id="a")
        tei = tei_bytes(pair)
        stages: list[tuple[str, Callable[[], object]]] = [
            ("read_page", lambda raw=raw: read_page(raw, name="a.txt")),
            ("pair_from_pages", lambda page=page: pair_from_pages([page], article_id="a")),
            ("tei_bytes", lambda pair=pair: tei_bytes(pair)),
            ("validate_tei", lambda tei=tei: validate_tei(tei)),
            ("pair_from_tei", lambda tei=tei: pair_from_tei(tei)),
        ]
        for name, stage in stages:
            times, peak = measure(stage, args.pages)
            print(
                f"{name:<18} {scale:>4}x {len(raw) / 1024:>6.1f} {len(times) / sum(times):>9.0f} "
                f"{statistics.median(times) * 1e3:>8.2f} {percentile(times, 0.95) * 1e3:>8.2f} "
                f"{percentile(times, 0.99) * 1e3:>8.2f} {peak / 1024:>8.0f}"
            )


if __name__ == "__main__":
    main()

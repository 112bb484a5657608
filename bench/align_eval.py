"""Evaluate sentence alignment (and segmentation) on folders in the align-gold format.

Usage::

    python bench/align_eval.py [DIR] [--write OUTDIR] [--segmentation] [--no-dictionary]
    python bench/align_eval.py [DIR] --tune      # leave-one-chapter-out weight selection

``DIR`` holds ``NNN.zh`` / ``NNN.en`` files (one sentence per line) and optionally
``NNN.align`` gold beads; default ``$TRANSMGMT_SHARED/align-gold/mac-dev`` or
``<repo>/../shared/align-gold/mac-dev``. The table reports strict and lax precision,
recall and F1 per chapter and pooled (counts summed over chapters), following the
metric of Sennrich & Volk (2011) as described in the gold README, plus throughput and
peak memory. ``--write OUTDIR`` saves the predicted beads as ``NNN.align``.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import time
import tracemalloc
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._gold import chapters, default_gold, format_beads, load_chapter
from transmgmt import align as align_mod
from transmgmt.align import LexicalScorer, align_sentences
from transmgmt.segment import sentence_spans

Pair = tuple[tuple[int, ...], tuple[int, ...]]


# --------------------------------------------------------------------------------------
# The metric


def _pairs(beads: Iterable[Pair]) -> set[tuple[int, int]]:
    """All (source, target) sentence links of beads that have both sides."""
    return {(s, t) for src, tgt in beads for s in src for t in tgt}


def counts(predicted: Sequence[Pair], gold: Sequence[Pair]) -> dict[str, int]:
    """Counts behind strict and lax precision and recall for one document.

    * strict: a bead is right when it equals a gold bead exactly. Precision is over all
      predicted beads (1-0 and 0-1 included: an exactly matching gold 1-0 counts as
      right); recall is over gold beads non-empty on both sides, found among predicted
      beads non-empty on both sides.
    * lax: a bead is right when it shares at least one source sentence and one of that
      sentence's gold target sentences with some gold bead, i.e. it contains at least one
      gold sentence link; in both directions as above. A predicted 1-0 or 0-1 bead is
      lax-right only when it equals a gold bead (it holds no link).

    Example:
        >>> counts([((0,), (0,)), ((1,), (1, 2))], [((0,), (0,)), ((1,), (1,)), ((), (2,))])
        {'pred': 2, 'gold': 2, 'strict_p': 1, 'strict_r': 1, 'lax_p': 2, 'lax_r': 2}
    """
    pred = [(tuple(s), tuple(t)) for s, t in predicted]
    gold_list = [(tuple(s), tuple(t)) for s, t in gold]
    gold_set = set(gold_list)
    gold_both = [b for b in gold_list if b[0] and b[1]]
    pred_both = {b for b in pred if b[0] and b[1]}
    gold_links = _pairs(gold_list)
    pred_links = _pairs(pred)

    def lax_hit(bead: Pair, links: set[tuple[int, int]], exact: set[Pair]) -> bool:
        if not bead[0] or not bead[1]:
            return bead in exact
        return any(link in links for link in itertools.product(bead[0], bead[1]))

    return {
        "pred": len(pred),
        "gold": len(gold_both),
        "strict_p": sum(1 for b in pred if b in gold_set),
        "strict_r": sum(1 for b in gold_both if b in pred_both),
        "lax_p": sum(1 for b in pred if lax_hit(b, gold_links, gold_set)),
        "lax_r": sum(1 for b in gold_both if lax_hit(b, pred_links, set())),
    }


def scores(total: dict[str, int]) -> dict[str, float]:
    """Strict and lax precision, recall and F1 from (pooled) counts."""
    out: dict[str, float] = {}
    for mode in ("strict", "lax"):
        p = total[f"{mode}_p"] / total["pred"] if total["pred"] else 0.0
        r = total[f"{mode}_r"] / total["gold"] if total["gold"] else 0.0
        out[f"{mode}_p"], out[f"{mode}_r"] = p, r
        out[f"{mode}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
    return out


def pool(per_doc: Iterable[dict[str, int]]) -> dict[str, int]:
    """Sum per-document counts."""
    total: dict[str, int] = {}
    for c in per_doc:
        for key, value in c.items():
            total[key] = total.get(key, 0) + value
    return total


# --------------------------------------------------------------------------------------
# Segmentation


def score_folder(folder: Path) -> tuple[dict[str, float], int]:
    """Pooled scores of the default aligner on the gold chapters of *folder*, and how
    many chapters had gold (the regression floors in the tests use it)."""
    per_doc = []
    for name in chapters(folder):
        zh, en, gold = load_chapter(folder, name)
        if gold is None:
            continue
        beads = align_sentences(zh, en)
        per_doc.append(counts([(b.source, b.target) for b in beads], gold))
    return scores(pool(per_doc)), len(per_doc)


def segmentation_counts(sentences: list[str], lang: str) -> tuple[int, int, int]:
    """(true positives, predicted, gold) sentence boundaries on rebuilt text.

    The gold sentences of a chapter are joined into one text, with a space for English
    and nothing for Chinese (paragraph breaks are not in the data, so none are given to
    the segmenter: this measures the harder case of running text). A boundary is the
    character offset where a sentence ends; the end of the text is not counted.
    """
    sep = "" if lang.startswith("zh") else " "
    sentences = [s for s in sentences if s]
    text = sep.join(sentences)
    gold: set[int] = set()
    pos = 0
    for sentence in sentences[:-1]:
        pos += len(sentence)
        gold.add(pos)
        pos += len(sep)
    predicted = {end for _, end in sentence_spans(text, lang)[:-1]}
    return len(gold & predicted), len(predicted), len(gold)


def run_segmentation(folder: Path) -> None:
    print(f"\nSentence segmentation on {folder} (boundary precision / recall / F1)")
    print(f"{'chapter':<10}{'lang':<6}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}")
    for lang, tag in (("zh", "zh-Hans"), ("en", "en")):
        tot = [0, 0, 0]
        for name in chapters(folder):
            zh, en, _ = load_chapter(folder, name)
            tp, npred, ngold = segmentation_counts(zh if lang == "zh" else en, tag)
            tot = [tot[0] + tp, tot[1] + npred, tot[2] + ngold]
            _seg_row(name, lang, tp, npred, ngold)
        _seg_row("pooled", lang, *tot)


def _seg_row(name: str, lang: str, tp: int, npred: int, ngold: int) -> None:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{name:<10}{lang:<6}{p:8.3f}{r:8.3f}{f:8.3f}{ngold:7d}")


# --------------------------------------------------------------------------------------
# Alignment


def run_alignment(
    folder: Path, write: Path | None, scorer: LexicalScorer, model: object | None = None
) -> dict[str, int] | None:
    names = chapters(folder)
    if not names:
        print(f"no NNN.zh/NNN.en pairs in {folder}", file=sys.stderr)
        return None
    # Load the optional dictionary before timing: it is a one-off cost per process.
    start = time.perf_counter()
    align_sentences(["预热。"], ["Warm up."], scorer=scorer)
    load_time = time.perf_counter() - start
    if write:
        write.mkdir(parents=True, exist_ok=True)
    header = (
        f"{'chapter':<9}{'zh':>5}{'en':>5}{'beads':>6} | {'strict P':>8}{'R':>7}{'F1':>7}"
        f" | {'lax P':>7}{'R':>7}{'F1':>7} | {'sent/s':>8}"
    )
    print(header)
    print("-" * len(header))
    per_doc = []
    total_time = 0.0
    total_pairs = 0
    for name in names:
        zh, en, gold = load_chapter(folder, name)
        start = time.perf_counter()
        if model is None:
            beads = align_sentences(zh, en, scorer=scorer)
        else:
            beads = align_mod._align(
                zh,
                en,
                source_lang="zh-Hans",
                target_lang="en",
                fixed=(),
                scorer=scorer,
                model=model,
            )
        elapsed = time.perf_counter() - start
        pairs = (len(zh) + len(en)) / 2
        total_time += elapsed
        total_pairs += pairs
        if write:
            (write / f"{name}.align").write_text(format_beads(beads), encoding="utf-8")
        if gold is None:
            print(
                f"{name:<9}{len(zh):5d}{len(en):5d}{len(beads):6d} | (no gold){'':>46}"
                f" | {pairs / elapsed:8.0f}"
            )
            continue
        c = counts([(b.source, b.target) for b in beads], gold)
        per_doc.append(c)
        _row(name, (len(zh), len(en), len(beads)), scores(c), pairs / elapsed)
    # Memory: a separate traced run of the largest chapter (tracing slows Python, so it
    # is kept out of the timings), and the process's peak resident set size.
    largest = max(names, key=lambda n: len(load_chapter(folder, n)[0]))
    zh, en, _ = load_chapter(folder, largest)
    tracemalloc.start()
    align_sentences(zh, en, scorer=scorer)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    if per_doc:
        total = pool(per_doc)
        print("-" * len(header))
        _row("pooled", (0, 0, total["pred"]), scores(total), total_pairs / total_time)
    print(
        f"\nthroughput {total_pairs / total_time:,.0f} sentence pairs/s "
        f"(pairs = (zh + en sentences) / 2, one core); peak traced memory of one "
        f"alignment {peak / 2**20:.1f} MiB (chapter {largest}); process peak RSS "
        f"{rss:.0f} MiB; "
        f"lexicon load {load_time:.2f} s"
    )
    return pool(per_doc) if per_doc else None


def _row(name: str, sizes: tuple[int, int, int], s: dict[str, float], rate: float) -> None:
    nz, ne, nb = sizes
    sizes_text = f"{nz:5d}{ne:5d}" if nz else f"{'':10}"
    print(
        f"{name:<9}{sizes_text}{nb:6d} | {s['strict_p']:8.3f}{s['strict_r']:7.3f}"
        f"{s['strict_f1']:7.3f} | {s['lax_p']:7.3f}{s['lax_r']:7.3f}{s['lax_f1']:7.3f}"
        f" | {rate:8.0f}"
    )


# The grid searched by --tune: weight of the lexical similarity, weight of the length
# log-density, and the length log-density credited to 1-0 / 0-1 beads (fixed: a run
# over -2, -4, -6 found no difference on the gold data; see _aligndata.py).
GRID = {
    "w_lex": (2.0, 3.0, 4.0, 6.0),
    "w_len": (0.5, 1.0),
    "skip_len": (-0.1,),
}


def run_tune(folder: Path, scorer: LexicalScorer) -> None:
    """Choose the bead-score weights by leave-one-chapter-out on the gold folder.

    For each held-out chapter the grid point with the best pooled strict F1 on the
    other chapters is applied to the held-out one; the held-out counts are pooled into
    an honest estimate. The grid point best on all chapters is printed last: that is
    the value to put in ``transmgmt/_aligndata.py``.
    """
    names = [n for n in chapters(folder) if load_chapter(folder, n)[2] is not None]
    data = {n: load_chapter(folder, n) for n in names}
    keys = list(GRID)
    results: dict[tuple[float, ...], dict[str, dict[str, int]]] = {}
    for values in itertools.product(*(GRID[k] for k in keys)):
        model = align_mod._Model(**dict(zip(keys, values, strict=True)))
        per = {}
        for name, (zh, en, gold) in data.items():
            beads = align_mod._align(
                zh,
                en,
                source_lang="zh-Hans",
                target_lang="en",
                fixed=(),
                scorer=scorer,
                model=model,
            )
            per[name] = counts([(b.source, b.target) for b in beads], gold)
        results[values] = per
        f1 = scores(pool(per.values()))
        print(
            f"{dict(zip(keys, values, strict=True))}: strict F1 {f1['strict_f1']:.3f} "
            f"lax F1 {f1['lax_f1']:.3f}",
            flush=True,
        )
    held_out = []
    for name in names:

        def train_f1(values: tuple[float, ...], held: str = name) -> float:
            return scores(pool(c for n, c in results[values].items() if n != held))["strict_f1"]

        choice = max(results, key=train_f1)
        held_out.append(results[choice][name])
        s = scores(results[choice][name])
        print(
            f"held out {name}: chose {dict(zip(keys, choice, strict=True))} -> strict F1 "
            f"{s['strict_f1']:.3f} lax F1 {s['lax_f1']:.3f}"
        )
    loco = scores(pool(held_out))
    print(
        f"leave-one-chapter-out pooled: strict P {loco['strict_p']:.3f} R "
        f"{loco['strict_r']:.3f} F1 {loco['strict_f1']:.3f} | lax P {loco['lax_p']:.3f} "
        f"R {loco['lax_r']:.3f} F1 {loco['lax_f1']:.3f}"
    )
    best = max(results, key=lambda v: scores(pool(results[v].values()))["strict_f1"])
    print(f"best on all chapters: {dict(zip(keys, best, strict=True))}")


def run_baseline(folder: Path) -> None:
    """Score the length-only Gale-Church aligner of bench/align_speed.py, for comparison."""
    from bench.align_speed import gale_church  # noqa: PLC0415

    per = []
    for name in chapters(folder):
        zh, en, gold = load_chapter(folder, name)
        if gold is None:
            continue
        beads, i, j = [], 0, 0
        for a, b in gale_church(zh, en):
            beads.append((tuple(range(i, i + a)), tuple(range(j, j + b))))
            i, j = i + a, j + b
        per.append(counts(beads, gold))
        _row(name, (len(zh), len(en), len(beads)), scores(per[-1]), 0.0)
    total = pool(per)
    _row("pooled", (0, 0, total["pred"]), scores(total), 0.0)
    print("(Gale-Church, length only; speed column not measured)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--write", type=Path, default=None, help="save beads to this folder")
    parser.add_argument("--segmentation", action="store_true", help="also score segmentation")
    parser.add_argument(
        "--no-dictionary", action="store_true", help="length + anchors only (no CC-CEDICT)"
    )
    parser.add_argument("--tune", action="store_true", help="leave-one-out weight search")
    parser.add_argument("--jieba", action="store_true", help="segment Chinese with jieba")
    parser.add_argument(
        "--gale-church", action="store_true", help="score the Gale-Church peer baseline instead"
    )
    args = parser.parse_args(argv)
    folder = args.folder or default_gold()
    if not folder.is_dir():
        print(f"gold folder not found: {folder} (set TRANSMGMT_SHARED)", file=sys.stderr)
        return 2
    scorer = LexicalScorer(use_dictionary=not args.no_dictionary, use_jieba=args.jieba)
    print(f"Alignment of {folder} (dictionary: {not args.no_dictionary}, jieba: {args.jieba})")
    try:
        if args.tune:
            run_tune(folder, scorer)
        elif args.gale_church:
            run_baseline(folder)
        else:
            run_alignment(folder, args.write, scorer)
            if args.segmentation:
                run_segmentation(folder)
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        # Data that is not in the gold format: say which file, not a traceback.
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

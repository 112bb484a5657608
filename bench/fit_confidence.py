"""Fit the mapping from a bead's evidence to its confidence score (``Bead.score``).

Usage::

    python bench/fit_confidence.py [GOLD_DIR]

The aligner is run on every gold chapter; for each output bead with sentences on both
sides we record its lexical similarity, its score gain in the decoder (how much it
added to the path score) and whether it is a multi-sentence bead, and whether it
equals a gold bead exactly. A logistic regression on these features gives the
probability that a bead is exactly right. It is fitted leaving one chapter out, and
the held-out predictions are binned to show the calibration; the all-chapter fit is
what ``transmgmt/_aligndata.py`` holds. 1-0 / 0-1 beads get their observed precision.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._gold import chapters, default_gold, load_chapter
from transmgmt import align as align_mod

Row = tuple[list[float], bool]


def collect(folder: Path) -> dict[str, tuple[list[Row], list[bool]]]:
    """Per chapter: (features, correct) of two-sided beads, and correctness of skips."""
    out: dict[str, tuple[list[Row], list[bool]]] = {}
    original = align_mod._confidence
    records: list[tuple[tuple[int, int], float, float]] = []

    def spy(kind: tuple[int, int], gain: float, similarity: float) -> float:
        records.append((kind, gain, similarity))
        return original(kind, gain, similarity)

    align_mod._confidence = spy
    try:
        for name in chapters(folder):
            zh, en, gold = load_chapter(folder, name)
            assert gold is not None
            gold_set = {(tuple(s), tuple(t)) for s, t in gold}
            records.clear()
            beads = align_mod.align_sentences(zh, en)
            # The decoder scores beads while tracing back, i.e. in reverse order.
            feats = list(reversed(records))[-len(beads) :]
            rows: list[Row] = []
            skips: list[bool] = []
            for bead, (kind, gain, similarity) in zip(beads, feats, strict=True):
                right = (bead.source, bead.target) in gold_set
                if kind[0] and kind[1]:
                    rows.append((features(kind, gain, similarity), right))
                else:
                    skips.append(right)
            out[name] = (rows, skips)
    finally:
        align_mod._confidence = original
    return out


def features(kind: tuple[int, int], gain: float, similarity: float) -> list[float]:
    return [1.0, similarity, gain / 10.0, 1.0 if sum(kind) > 2 else 0.0]


def fit(rows: list[Row], steps: int = 3000, rate: float = 0.5) -> list[float]:
    """Logistic regression by batch gradient descent with a little L2 shrinkage."""
    w = [0.0] * len(rows[0][0])
    for _ in range(steps):
        grad = [0.0] * len(w)
        for x, y in rows:
            p = 1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x, strict=True))))
            for k, xk in enumerate(x):
                grad[k] += (p - y) * xk
        w = [wk - rate * (g / len(rows) + 1e-3 * wk) for wk, g in zip(w, grad, strict=True)]
    return w


def predict(w: list[float], x: list[float]) -> float:
    return 1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x, strict=True))))


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else default_gold()
    data = collect(folder)
    held: list[tuple[float, bool]] = []
    for name in data:
        train = [r for n, (rows, _) in data.items() if n != name for r in rows]
        w = fit(train)
        held += [(predict(w, x), y) for x, y in data[name][0]]
    print("held-out calibration (leave one chapter out), two-sided beads:")
    print(f"{'score bin':<12}{'beads':>7}{'mean score':>12}{'exact':>8}")
    for lo in range(10):
        group = [(p, y) for p, y in held if lo / 10 <= p < (lo + 1) / 10 or (lo == 9 and p == 1)]
        if group:
            mean = sum(p for p, _ in group) / len(group)
            acc = sum(y for _, y in group) / len(group)
            print(f"{lo / 10:.1f}-{(lo + 1) / 10:.1f}    {len(group):7d}{mean:12.3f}{acc:8.3f}")
    brier = sum((p - y) ** 2 for p, y in held) / len(held)
    print(f"Brier score {brier:.4f}")
    w = fit([r for rows, _ in data.values() for r in rows])
    skips = [s for _, sk in data.values() for s in sk]
    print("all-chapter coefficients [bias, similarity, gain/10, multi]:", [round(v, 3) for v in w])
    print(f"skip beads: {len(skips)} predicted, {sum(skips)} exact")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Fit the aligner's length model and bead-type priors on gold alignments.

Usage::

    python bench/fit_length.py [GOLD_DIR]

For every gold bead with sentences on both sides, the statistic is the log length ratio
``r = log(en_chars / zh_chars)`` centred on the document's own ratio
``log(total en chars / total zh chars)`` (the aligner centres the same way, so the
mean carries over to other genres whose overall ratio differs). Its variance shrinks
with bead length; we fit ``var(r) = a + b / zh_chars`` by least squares on the squared
residuals. Bead-type priors are counts with add-one smoothing over the allowed types.
Each fit is repeated leaving one chapter out, to show how stable the numbers are;
the values in ``transmgmt/_aligndata.py`` are the all-chapter fit printed last.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._gold import chapters, default_gold, load_chapter
from transmgmt.align import ALLOWED_KINDS, en_length, zh_length


def observations(folder: Path, names: list[str]) -> tuple[list[tuple[float, float]], dict]:
    obs: list[tuple[float, float]] = []
    kinds: dict[str, int] = {}
    for name in names:
        zh, en, gold = load_chapter(folder, name)
        assert gold is not None
        doc = math.log(sum(en_length(s) for s in en) / sum(zh_length(s) for s in zh))
        for src, tgt in gold:
            kind = f"{len(src)}-{len(tgt)}"
            kinds[kind] = kinds.get(kind, 0) + 1
            if src and tgt:
                lz = sum(zh_length(zh[i]) for i in src)
                le = sum(en_length(en[j]) for j in tgt) + len(tgt) - 1
                obs.append((lz, math.log(le / lz) - doc))
    return obs, kinds


def fit(obs: list[tuple[float, float]]) -> tuple[float, float, float]:
    mean = sum(r for _, r in obs) / len(obs)
    # Least squares of (r - mean)^2 on [1, 1/lz].
    xs = [1 / lz for lz, _ in obs]
    ys = [(r - mean) ** 2 for _, r in obs]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    covariance = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    b = covariance / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    return mean, max(a, 1e-3), max(b, 0.0)


def priors(kinds: dict[str, int]) -> dict[str, float]:
    total = sum(kinds.get(k, 0) + 1 for k in ALLOWED_KINDS)
    return {k: round((kinds.get(k, 0) + 1) / total, 4) for k in ALLOWED_KINDS}


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else default_gold()
    names = chapters(folder)
    for held in names:
        obs, kinds = observations(folder, [n for n in names if n != held])
        mean, a, b = fit(obs)
        held_obs, _ = observations(folder, [held])
        # Held-out average log-likelihood of the Gaussian model, a check that it transfers.
        ll = sum(
            -0.5 * (r - mean) ** 2 / (a + b / lz) - 0.5 * math.log(2 * math.pi * (a + b / lz))
            for lz, r in held_obs
        ) / len(held_obs)
        print(f"without {held}: mean={mean:+.4f} a={a:.4f} b={b:.3f} held-out loglik={ll:.3f}")
    obs, kinds = observations(folder, names)
    mean, a, b = fit(obs)
    print(f"all chapters: n={len(obs)} mean={mean:+.4f} a={a:.4f} b={b:.3f}")
    print("bead counts:", dict(sorted(kinds.items(), key=lambda kv: -kv[1])))
    print("priors (add-one over allowed kinds):", priors(kinds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Compare the cold per-file cost of `transmgmt check` between source trees, in alternation.

Usage::

    git archive OLD_COMMIT | tar -x -C /tmp/old          # the tree to compare with
    python bench/check_speed.py --sizes 1000 --keep      # a generated folder
    python bench/check_cpu.py FOLDER /tmp/old . --rounds 3

Each round runs every tree once, each in a fresh process (schemas compiled before the
timing), and prints wall-clock and CPU files/s. CPU time is the fairer number on a
machine shared with other jobs: contention stretches the wall clock, much less the
process's own CPU time. Run the trees in alternation so that drifts in load hit both.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

_WORKER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from transmgmt.checks import Checker, tei_files
from transmgmt.validate import relaxng, schematron
relaxng(); schematron()
files = tei_files([sys.argv[2]])
checker = Checker()
wall, cpu = time.perf_counter(), time.process_time()
for _ in checker.check_files(files):
    pass
checker.finish()
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(f"{len(files) / wall:.0f} {len(files) / cpu:.0f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of TEI files to check")
    parser.add_argument("trees", type=Path, nargs="+", help="source trees (repository roots)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for round_number in range(1, args.rounds + 1):
        for tree in args.trees:
            result = subprocess.run(
                [sys.executable, "-c", _WORKER, str(tree.resolve()), str(args.folder)],
                capture_output=True, text=True, check=True,
            )
            wall, cpu = result.stdout.split()
            print(f"round {round_number} {tree}: wall {wall} files/s, cpu {cpu} files/s")


if __name__ == "__main__":
    main()

"""Read folders in the align-gold format (``NNN.zh``, ``NNN.en``, optional ``NNN.align``).

Shared by the alignment benchmarks. The gold data is GPL and copyrighted, so it is
never copied into the repository: it is found through ``$TRANSMGMT_SHARED`` or the
``shared/`` folder next to the repository.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_BEAD_RE = re.compile(r"^\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def shared_location() -> Path:
    """The shared data folder: ``$TRANSMGMT_SHARED`` or ``<repo>/../shared`` (may not exist)."""
    env = os.environ.get("TRANSMGMT_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def default_gold() -> Path:
    """The MAC development folder inside the shared data folder."""
    return shared_location() / "align-gold" / "mac-dev"


def read_lines(path: Path) -> list[str]:
    """Sentences of a one-sentence-per-line file (blank lines kept as empty strings)."""
    # utf-8-sig: gold files saved by Windows editors start with a BOM; CRLF ends are
    # removed by the strip below.
    text = path.read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.strip() for line in lines]


def parse_beads(text: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Parse ``[1,2]:[3]`` lines into ``((1, 2), (3,))`` pairs."""
    beads = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _BEAD_RE.match(line.strip())
        if match is None:
            msg = f"not a bead line: {line!r}"
            raise ValueError(msg)
        src, tgt = (tuple(int(x) for x in g.split(",") if x.strip()) for g in match.groups())
        beads.append((src, tgt))
    return beads


def format_beads(beads) -> str:  # type: ignore[no-untyped-def]
    """Format ``(source, target)`` pairs (or Beads) in the gold ``[..]:[..]`` format."""
    out = []
    for bead in beads:
        src, tgt = (bead.source, bead.target) if hasattr(bead, "source") else bead
        out.append(f"[{','.join(map(str, src))}]:[{','.join(map(str, tgt))}]\n")
    return "".join(out)


def chapters(folder: Path) -> list[str]:
    """The chapter names (``NNN``) that have both a ``.zh`` and an ``.en`` file."""
    return sorted(p.stem for p in folder.glob("*.zh") if p.with_suffix(".en").exists())


def load_chapter(folder: Path, name: str):  # type: ignore[no-untyped-def]
    """``(zh sentences, en sentences, gold beads or None)`` of one chapter."""
    zh = read_lines(folder / f"{name}.zh")
    en = read_lines(folder / f"{name}.en")
    align = folder / f"{name}.align"
    gold = None
    if align.exists():
        try:
            gold = parse_beads(align.read_text(encoding="utf-8-sig"))
        except ValueError as exc:
            msg = f"{align}: {exc}"
            raise ValueError(msg) from None
        for source, target in gold:
            if any(i >= len(zh) for i in source) or any(i >= len(en) for i in target):
                msg = (f"{align}: bead {list(source)}:{list(target)} points past the "
                       f"{len(zh)} zh / {len(en)} en lines")
                raise ValueError(msg)
    return zh, en, gold

"""Fitted constants of the default aligner (how each was obtained is noted beside it).

Length model and priors: ``python bench/fit_length.py`` on the MAC development data
(6 chapters, 1,329 gold beads); leave-one-chapter-out refits are printed by the same
command and stay within a few percent of these values. Weights of the bead score:
``python bench/align_eval.py --tune``, a small grid chosen by leave-one-chapter-out
(see ALIGN-NOTES.md for the held-out scores).
"""

from __future__ import annotations

# Log length ratio log(en chars / zh chars), centred on the document's own overall
# ratio: mean offset and variance var = LEN_VAR_A + LEN_VAR_B / zh_chars.
LEN_MEAN = 0.0
LEN_VAR_A = 0.05
LEN_VAR_B = 3.0

# Bead-type prior probabilities (add-one smoothed counts over the allowed kinds).
PRIORS = {
    "1-1": 0.60,
    "1-2": 0.22,
    "2-1": 0.05,
    "1-3": 0.06,
    "3-1": 0.01,
    "2-2": 0.02,
    "1-0": 0.01,
    "0-1": 0.01,
}

# Weights of the bead score: prior + W_LEN * length log-density + W_LEX * similarity
# term; SKIP_LEN is the length log-density credited to 1-0 and 0-1 beads.
W_LEN = 1.0
W_LEX = 4.0
SKIP_LEN = -3.0

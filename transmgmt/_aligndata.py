"""Fitted constants of the default aligner (how each was obtained is noted beside it).

Length model and priors: ``python bench/fit_length.py`` on the MAC development data
(6 chapters, 1,329 gold beads); leave-one-chapter-out refits are printed by the same
command and stay within a few percent of these values. Weights of the bead score:
``python bench/align_eval.py --tune``, a small grid chosen by leave-one-chapter-out
(the held-out scores are in the README, section Alignment).
"""

from __future__ import annotations

# Log length ratio log(en chars / zh chars), centred on the document's own overall
# ratio: mean offset and variance var = LEN_VAR_A + LEN_VAR_B / zh_chars.
# Fitted on 1,316 beads: mean -0.0483, a 0.0294, b 1.484 (leave-one-chapter-out
# ranges: mean -0.055..-0.032, a 0.018..0.041, b 1.05..1.80).
LEN_MEAN = -0.0483
LEN_VAR_A = 0.0294
LEN_VAR_B = 1.484

# Bead-type prior probabilities (add-one smoothed counts over the allowed kinds).
# Beads of kinds the aligner does not produce (1-4, 2-3, ...; 5 % of the gold) are
# left out of the counts.
PRIORS = {
    "1-1": 0.6436,
    "1-2": 0.2172,
    "2-1": 0.0496,
    "1-3": 0.0598,
    "3-1": 0.0008,
    "2-2": 0.0173,
    "1-0": 0.0079,
    "0-1": 0.0039,
}

# Weights of the bead score of an a-b bead:
#   log prior + W_LEN * length log-density + W_LEX * (a + b) * similarity
# W_LEX and W_LEN: chosen by leave-one-chapter-out grid search (bench/align_eval.py
# --tune): best on all chapters (4, 1), strict F1 .773; the six held-out choices were
# (4, 0.5) three times, (3, 1) twice and (4, 1) once, pooled held-out strict F1 .765.
# SKIP_LEN is the length log-density credited to 1-0 and 0-1 beads: the typical
# (median over chapters) held-out log-density of true beads printed by
# bench/fit_length.py (about -0.1), so a
# skipped sentence is neither rewarded nor punished for length and only its prior
# counts. (The gold data cannot tune it: values from -6 to -2 gave identical F1.)
W_LEN = 1.0
W_LEX = 4.0
SKIP_LEN = -0.1

# Confidence (Bead.score) of two-sided beads: logistic regression of "bead is exactly
# right" on [1, similarity, gain / 10, joins more than two sentences], fitted on the
# aligner's own output by bench/fit_confidence.py (held-out Brier score 0.167). Skip
# beads get the observed precision of predicted 1-0 / 0-1 beads (5 of 15).
CONF_COEF = (1.265, 0.919, 1.521, -1.174)
CONF_SKIP = 0.33

"""Sentence segmentation for Chinese and English text.

Two functions share one contract: :func:`sentence_spans` returns ``(start, end)``
character offsets into the text, and :func:`split_sentences` returns the matching
substrings. Every sentence is an exact substring of the input, stripped of surrounding
whitespace, in order, and only whitespace lies between or around the spans, so a
caller can always map a sentence back to its place in the original text.

The rules are deliberately plain (no trained model) and were measured against the
sentence segmentation of the MAC development data (see ``bench/align_eval.py
--segmentation``):

* Chinese splits after ``。！？!?…`` (and a ``.`` followed by whitespace, for embedded
  Latin text), taking any closing quotes and brackets that follow (``”’」』）``). The
  full-width semicolon ``；`` does *not* split: in the gold data no sentence ends with
  one, while 28 sentences contain one.
* English splits after ``.``, ``!``, ``?`` or an ellipsis (plus closing quotes and
  brackets) when whitespace and a plausible sentence start follow, except after known
  abbreviations (``Mr.``, ``Dr.``, ``e.g.``, ``No. 5``, ``Jan. 5``), initials
  (``J. R. R. Tolkien``) and dotted acronyms followed by a name (``U.S. Army``).
* A blank line always ends a sentence, in both languages.
"""

from __future__ import annotations

import re

from transmgmt.lang import is_chinese

__all__ = ["sentence_spans", "split_sentences"]

# Closing punctuation that belongs to the sentence it follows.
_CLOSERS = "”’」』）)】》〉］]\"'»"
_ZH_STOPS = "。！？!?．｡"
# Closers that cannot open a sentence, so they may follow the stop after a space.
_ZH_CLOSERS = "”’」』）)】》〉］]»"

# A Chinese sentence ends at a run of terminators (``？！``, ``……``) and the closers
# after it. ASCII ``.`` counts only before whitespace so ``3.5`` and ``www.gov.cn``
# stay whole.
_ZH_END = re.compile(
    rf"(?:[{_ZH_STOPS}]+[…]*|…+(?=\s*[{re.escape(_ZH_CLOSERS)}])|(?<![0-9])\.(?=\s))"
    rf"(?:\s*[{re.escape(_ZH_CLOSERS)}]|[\"'])*"
)
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")

# An English sentence-final run: terminators (including ``...`` and ``…``), then any
# closing quotes or brackets, then the whitespace that separates it from what follows.
_EN_END = re.compile(rf"(?:[.!?…]+|[—–](?=[{re.escape(_CLOSERS)}]))[{re.escape(_CLOSERS)}]*(?=\s)")

# Abbreviations after which a full stop never ends a sentence: titles come before a
# name, and the Latin ones are followed by more of the same sentence.
# fmt: off
_NEVER_FINAL = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "rev", "hon", "gen", "col", "lt", "capt", "cmdr",
        "sgt", "gov", "sen", "rep", "pres", "fr", "sr", "jr", "mt", "ft", "messrs", "mme",
        "e.g", "i.e", "cf", "vs", "viz", "approx", "dept", "est", "fig", "figs", "vol",
        "vols", "pp", "ch", "ed", "eds", "assn", "corp", "inc", "ltd", "co",
    }
)
# fmt: on
# Abbreviations that end a sentence only when no number follows (``No. 5``, ``Jan. 5``
# and ``p. 12`` continue; ``in Jan. The...`` ends).
# fmt: off
_BEFORE_NUMBER = frozenset(
    {
        "no", "nos", "art", "p", "para", "sec", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec",
    }
)
# fmt: on
# Abbreviations that may end a sentence: they split only before a word that usually
# starts one.
_MAYBE_FINAL = frozenset({"etc", "st", "ave", "blvd", "rd", "al"})
# Words that commonly open an English sentence; used to decide ambiguous cases such as
# ``U.S. He`` (split) versus ``U.S. Army`` (no split).
# fmt: off
_SENTENCE_STARTERS = frozenset(
    {
        "a", "an", "the", "he", "she", "it", "they", "we", "i", "you", "this", "that",
        "these", "those", "there", "but", "and", "or", "so", "yet", "in", "on", "at",
        "as", "if", "when", "while", "after", "before", "since", "for", "his", "her",
        "its", "their", "our", "my", "your", "what", "why", "how", "who", "where",
        "however", "meanwhile", "then", "now", "still", "also", "some", "many", "most",
        "all", "no", "not", "one", "each", "every", "such", "to", "by", "with", "from",
        "according", "last", "next", "during", "about", "over", "under",
    }
)
# fmt: on
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.+$")
_NEXT_TOKEN = re.compile(r"\s*([\"'“‘(\[«]*)(\S*)")


def split_sentences(text: str, lang: str) -> list[str]:
    """Split *text* into sentences (exact substrings, surrounding whitespace removed).

    Args:
        text: A paragraph or a whole document.
        lang: A BCP 47 tag; tags starting with ``zh`` use the Chinese rules, anything
            else the English ones.

    Example:
        >>> split_sentences("Mr. Li arrived at 3.5 p.m. on Jan. 5. He left.", "en")
        ['Mr. Li arrived at 3.5 p.m. on Jan. 5.', 'He left.']
        >>> split_sentences("他说：“好。”然后走了。", "zh-Hans")
        ['他说：“好。”', '然后走了。']
    """
    return [text[start:end] for start, end in sentence_spans(text, lang)]


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the sentences of *text*.

    ``text[start:end]`` is a sentence with no leading or trailing whitespace; spans are
    in order, do not overlap, and together cover every non-whitespace character.

    Example:
        >>> sentence_spans("  One. Two.  ", "en")
        [(2, 6), (7, 11)]
    """
    cuts = _zh_cuts(text) if is_chinese(lang) else _en_cuts(text)
    cuts.update(m.start() for m in _BLANK_LINE.finditer(text))
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*sorted(cuts), len(text)]:
        span = _strip(text, start, cut)
        if span is not None:
            spans.append(span)
        start = cut
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _zh_cuts(text: str) -> set[int]:
    return {m.end() for m in _ZH_END.finditer(text)}


def _en_cuts(text: str) -> set[int]:
    cuts: set[int] = set()
    for match in _EN_END.finditer(text):
        if _en_is_boundary(text, match.start(), match.end()):
            cuts.add(match.end())
    return cuts


def _en_is_boundary(text: str, start: int, end: int) -> bool:
    """Decide whether the terminator run ``text[start:end]`` ends a sentence."""
    punct = text[start:end]
    following = _NEXT_TOKEN.match(text, end)
    assert following is not None  # the pattern can match the empty string
    opener, word = following.group(1), following.group(2)
    if not word and not opener:
        return True  # end of text
    first = (word or opener)[0]
    # A sentence starts with a capital, a digit or an opening quote/bracket; a lowercase
    # word after "?" or "!" is the rest of a quotation ("Why?" he asked.).
    starts_sentence = bool(opener) or first.isupper() or first.isdigit() or not first.isalpha()
    if not starts_sentence:
        return False
    if "…" in punct or ".." in punct or word.startswith("."):
        # An ellipsis (``...``, ``…``, ``. . .``) trails off inside a sentence far more
        # often than it ends one: in the gold data it never ended a sentence.
        return False
    if not punct.startswith("."):
        return True  # ! ? and dashes have no abbreviation reading
    before = _WORD_BEFORE.search(text, max(0, start - 40), start + 1)
    if before is None:
        return True
    token = before.group(1)
    lower = token.lower()
    next_lower = word.lower().strip("\"'“‘(")
    if lower in _NEVER_FINAL:
        return False
    if lower in _BEFORE_NUMBER:
        return not first.isdigit()
    if lower in _MAYBE_FINAL:
        return next_lower in _SENTENCE_STARTERS
    if len(token) == 1 and token.isupper():
        # An initial ("J. R. R. Tolkien") unless the next word clearly opens a sentence.
        return next_lower in _SENTENCE_STARTERS and opener == ""
    if "." in token and len(token) <= 6:
        # Dotted acronyms and abbreviations: U.S., U.N., p.m., a.m., Ph.D.
        return next_lower in _SENTENCE_STARTERS or bool(opener)
    return True

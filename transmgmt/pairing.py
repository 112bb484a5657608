
"""Pairing: which English page translates which Chinese page, when nothing links them.

Without a dictionary, a reference translation still shares verifiable facts with its
original: the **dates** of the event, the **numbers** (counted in 万 in Chinese and in
millions in English: 287.7万 = 2.877 million), the **Latin-script names and acronyms**
that Chinese pages keep (IOM, COVID-19, Giuseppe Crocetti), numbers and names in the
**titles**, and a **length** ratio (an English translation has about three characters
for every Chinese one). Each kind of evidence gives a score in [0, 1] (or nothing when
neither page offers it); the confidence is their weighted mean, scaled down when little
evidence was available, so a pair supported by length alone never passes.

Pages are then paired one to one, greedily by confidence, above a threshold; an
English page left over stays *source pending*, a Chinese one *translation missing*.

Example:
    >>> from transmgmt.ingest import read_page
    >>> zh = read_page("会见\\n\\n2021年6月25日，许甘露会见IOM代表，双方签署3项协议。".encode(),
    ...                name="zh.txt")
    >>> en = read_page(b"Meeting\\n\\nOn June 25, 2021, Xu met the IOM chief; "
    ...                b"they signed 3 agreements.", name="en.txt")
    >>> result = propose_pairs([zh], [en])
    >>> [(c.zh, c.en) for c in result.pairs]
    [('zh.txt', 'en.txt')]
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import attrs

from transmgmt._dates import find_dates
from transmgmt.ingest import ScrapedPage
from transmgmt.lang import is_chinese
from transmgmt.quantities import extract

__all__ = [
    "DEFAULT_THRESHOLD",
    "Candidate",
    "PageFeatures",
    "PairingResult",
    "page_features",
    "propose_pairs",
    "score_pair",
]

#: Confidence a candidate needs to be paired.
DEFAULT_THRESHOLD = 0.5
#: Weight of each kind of evidence in the confidence.
WEIGHTS = {"dates": 3.0, "numbers": 3.0, "names": 2.0, "title": 1.0, "length": 1.5}
# With less than this much weight of evidence available the confidence is scaled down.
_FULL_SUPPORT = 5.0
# English characters per Chinese character in a translation, and the spread (log scale).
_LENGTH_RATIO = 3.0
_LENGTH_SIGMA = 0.4

_DATE_KINDS = frozenset({"date", "month", "day"})
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")


@attrs.frozen
class PageFeatures:
    """The evidence a page offers for pairing.

    Attributes:
        name: The page's file name or label.
        lang: Its language.
        dates: Every date written in the title and body.
        event_date: The page's event date, if found.
        numbers: Numbers as exact values (``287.7万`` and ``2.877 million`` are equal).
        names: Latin-script words, lower-cased (acronyms, names).
        title_terms: Numbers and Latin words of the title.
        length: Characters of the body, whitespace excluded.
    """

    name: str
    lang: str
    dates: frozenset[dt.date]
    event_date: dt.date | None
    numbers: frozenset[Decimal]
    names: frozenset[str]
    title_terms: frozenset[str]
    length: int


@attrs.frozen
class Candidate:
    """A scored (Chinese, English) page pair.

    Attributes:
        zh: Name of the Chinese page.
        en: Name of the English page.
        score: Confidence in [0, 1].
        evidence: Score of each kind of evidence available (``dates``, ``numbers``,
            ``names``, ``title``, ``length``).
    """

    zh: str
    en: str
    score: float
    evidence: dict[str, float] = attrs.field(factory=dict, hash=False)

    def explain(self) -> str:
        """The evidence in one line.

        Example:
            >>> Candidate("a", "b", 0.8, {"dates": 1.0, "length": 0.5}).explain()
            'dates 1.00, length 0.50'
        """
        return ", ".join(f"{k} {v:.2f}" for k, v in self.evidence.items())


@attrs.frozen
class PairingResult:
    """Pairs chosen, pages left over, and every candidate scored.

    Attributes:
        pairs: Chosen pairs, best first.
        unmatched_en: English pages with no source among the Chinese pages.
        unmatched_zh: Chinese pages with no translation among the English pages.
        candidates: Every (zh, en) candidate, best first.
    """

    pairs: tuple[Candidate, ...]
    unmatched_en: tuple[str, ...]
    unmatched_zh: tuple[str, ...]
    candidates: tuple[Candidate, ...]


def _numbers(text: str, chinese: bool) -> frozenset[Decimal]:
    """Number values of *text*, read by the checks' reader (1244万 = 12.44 million =
    12,440,000; 二十五 = twenty-five); dates and months are compared separately."""
    values: set[Decimal] = set()
    for quantity in extract(text, "zh" if chinese else "en"):
        if quantity.kind in _DATE_KINDS or not isinstance(quantity.value, float):
            continue
        try:
            # Rounded so that float noise (0.1 + 0.2) cannot make two equal values differ.
            values.add(Decimal(repr(round(quantity.value, 6))).normalize())
        except InvalidOperation:  # inf or nan from an absurd literal
            continue
    return frozenset(values)


def _names(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _LATIN.findall(text) if len(w) >= 2)


def page_features(page: ScrapedPage) -> PageFeatures:
    """Extract the pairing evidence of *page*.

    Example:
        >>> from transmgmt.ingest import read_page
        >>> f = page_features(read_page("标题\\n\\n共保障287.7万人次。".encode(), name="a"))
        >>> sorted(str(n) for n in f.numbers)
        ['2.877E+6']
    """
    chinese = is_chinese(page.lang)
    body = "\n\n".join(page.paragraphs)
    text = unicodedata.normalize("NFKC", f"{page.title}\n\n{body}")
    title = unicodedata.normalize("NFKC", page.title)
    title_terms = {str(n) for n in _numbers(title, chinese)} | set(_names(title))
    return PageFeatures(
        name=page.source_name or page.title,
        lang=page.lang,
        dates=frozenset(find_dates(text, page.lang)),
        event_date=page.event_date,
        numbers=_numbers(text, chinese),
        names=_names(text),
        title_terms=frozenset(title_terms),
        length=sum(not c.isspace() for c in body),
    )


def _dice(a: frozenset[object], b: frozenset[object]) -> float | None:
    if not a or not b:
        return None
    return 2 * len(a & b) / (len(a) + len(b))


def score_pair(zh: PageFeatures, en: PageFeatures) -> Candidate:
    """Score how likely *en* is the translation of *zh*.

    Example:
        >>> from transmgmt.ingest import read_page
        >>> zh = page_features(read_page("题\\n\\n2021年6月25日会见。".encode(), name="zh"))
        >>> en = page_features(read_page(b"T\\n\\nMet on June 25, 2021.", name="en"))
        >>> score_pair(zh, en).evidence["dates"]
        1.0
    """
    evidence: dict[str, float] = {}
    dates = _dice(zh.dates, en.dates)
    if dates is not None:
        if zh.event_date and en.event_date and zh.event_date == en.event_date:
            dates = max(dates, 0.9)  # the same event date is strong evidence by itself
        evidence["dates"] = dates
    numbers = _dice(zh.numbers, en.numbers)
    if numbers is not None:
        evidence["numbers"] = numbers
    if zh.names:
        # Latin words of a Chinese page are names and acronyms its translation keeps.
        evidence["names"] = len(zh.names & en.names) / len(zh.names)
    if zh.title_terms:
        # The numbers and Latin words of the Chinese title should reappear in the English
        # title (whose every word is Latin, so the measure is one-sided).
        evidence["title"] = len(zh.title_terms & en.title_terms) / len(zh.title_terms)
    if zh.length and en.length:
        ratio = en.length / zh.length
        evidence["length"] = math.exp(-(math.log(ratio / _LENGTH_RATIO) ** 2)
                                      / (2 * _LENGTH_SIGMA**2))
    weight = sum(WEIGHTS[k] for k in evidence)
    if not weight:
        return Candidate(zh=zh.name, en=en.name, score=0.0, evidence=evidence)
    mean = sum(WEIGHTS[k] * v for k, v in evidence.items()) / weight
    score = mean * min(1.0, weight / _FULL_SUPPORT)
    return Candidate(zh=zh.name, en=en.name, score=round(score, 4),
                     evidence={k: round(v, 4) for k, v in evidence.items()})


def propose_pairs(zh_pages: Sequence[ScrapedPage], en_pages: Sequence[ScrapedPage], *,
                  threshold: float = DEFAULT_THRESHOLD) -> PairingResult:
    """Pair Chinese and English pages one to one, greedily by confidence.

    Args:
        zh_pages: Chinese originals (names from ``source_name`` must be unique).
        en_pages: English pages.
        threshold: Minimum confidence of a pair.

    Every candidate is scored (``len(zh) × len(en)``, cheap features); the best
    candidate whose pages are both free is taken, then the next, until the scores fall
    below *threshold*.
    """
    zh_features = [page_features(p) for p in zh_pages]
    en_features = [page_features(p) for p in en_pages]
    candidates = sorted((score_pair(z, e) for z in zh_features for e in en_features),
                        key=lambda c: (-c.score, c.en, c.zh))
    used_zh: set[str] = set()
    used_en: set[str] = set()
    chosen = []
    for candidate in candidates:
        if candidate.score < threshold:
            break
        if candidate.zh in used_zh or candidate.en in used_en:
            continue
        chosen.append(candidate)
        used_zh.add(candidate.zh)
        used_en.add(candidate.en)
    return PairingResult(
        pairs=tuple(chosen),
        unmatched_en=tuple(f.name for f in en_features if f.name not in used_en),
        unmatched_zh=tuple(f.name for f in zh_features if f.name not in used_zh),
        candidates=tuple(candidates),
    )

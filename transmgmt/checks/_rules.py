

"""The built-in checks. Each is a small function ``check(ctx) -> Iterable[Hit]``.

Codes are grouped by hundreds: 1xx structure, 2xx authority and disclaimer,
3xx language, 4xx coverage, 5xx numbers and dates, 6xx terminology, 7xx
typography. ``docs/checks.md`` lists every code with a broken and a correct example.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from lxml import etree

from transmgmt._xml import TEI_NS, XML_ID
from transmgmt.checks._context import Context, unit_at
from transmgmt.checks._registry import Hit, declare, register
from transmgmt.ingest import _authoritative_lang, is_notice
from transmgmt.lang import (
    han_characters,
    han_ratio,
    is_chinese,
    is_english,
    primary_subtag,
    script_evidence,
)
from transmgmt.model import Document
from transmgmt.quantities import Discrepancy, compare

__all__: list[str] = []

_P = f"{{{TEI_NS}}}p"
_S = f"{{{TEI_NS}}}s"
_NS = {"tei": TEI_NS}

# ----------------------------------------------------------------------------- structure

declare("TM100", "xml-malformed", "error",
        "The file is not well-formed XML (or cannot be read, or declares a DTD).", scope="parse")
declare("TM101", "schema-grammar", "error",
        "The file breaks the RELAX NG grammar schemas/transmgmt-tei.rng.", scope="parse")
declare("TM102", "schema-rule", "error",
        "The file breaks a Schematron rule of schemas/transmgmt-tei.sch.", scope="parse")
declare("TM103", "duplicate-id", "error", "An xml:id is used more than once.", scope="parse")
declare("TM104", "dangling-pointer", "error",
        "A pointer (@target, @corresp...) names an id that does not exist.", scope="parse")
declare("TM105", "link-sides", "error",
        "A link's type does not match its targets, or its pointers are on the wrong side "
        "or level (a one-sided link).", scope="parse")
declare("TM107", "unreadable-article", "error",
        "The file is valid XML but not an article transmgmt can read.", scope="parse")


def _own_text(element: etree._Element) -> str:
    # lxml-stubs allow bytes; text parsed from a file is always str.
    return "".join(element.itertext())  # type: ignore[arg-type]


@register("TM106", "empty-unit", "error", "A paragraph or sentence has no text.", scope="file")
def empty_unit(ctx: Context) -> Iterator[Hit]:
    """Paragraphs and sentences with no text (or only whitespace)."""
    for element in ctx.tree.getroot().iter(_P, _S):
        # getparent() gives the same element both times; mypy cannot narrow a call.
        if element.getparent() is None or element.getparent().tag not in (  # type: ignore[union-attr]
            f"{{{TEI_NS}}}body", _P):
            continue
        if not _own_text(element).strip():
            kind = "paragraph" if element.tag == _P else "sentence"
            yield Hit(f"empty {kind}: it has no text", unit=element.get(XML_ID),
                      line=element.sourceline)  # type: ignore[arg-type]  # lxml-stubs: "..."


_DOUBLE_SPACE = re.compile(r"(?<=\S)( {2,}|[\u00a0\u3000\t]+| ?\n ?)(?=\S)")
# Every match holds two spaces or one of these: most paragraphs have neither, and
# substring tests are far cheaper than the pattern's scan.
_UNUSUAL_SPACES = ("  ", "\u00a0", "\u3000", "\t", "\n")


@register("TM702", "whitespace", "warning",
          "Leading, trailing or doubled spaces in a paragraph or sentence.", scope="file")
def whitespace(ctx: Context) -> Iterator[Hit]:
    """Leading/trailing white space in a unit (also a schema error) and doubled spaces."""
    for text_element in ctx.tree.getroot().iter(f"{{{TEI_NS}}}text"):
        lang = text_element.get("{http://www.w3.org/XML/1998/namespace}lang")
        if lang is not None:
            yield from _whitespace_in(text_element, is_chinese(lang))


def _whitespace_in(text_element: etree._Element, chinese: bool) -> Iterator[Hit]:
    for element in text_element.iter(_P, _S):
        parent = element.getparent()
        if parent is None or parent.tag not in (f"{{{TEI_NS}}}body", _P):
            continue
        text = _own_text(element)
        if not text.strip():
            continue  # TM106
        ident = element.get(XML_ID)
        if (element.tag == _S or len(element) == 0) and text != text.strip():
            side = "starts" if text[0].isspace() else "ends"
            yield Hit(f"the text {side} with white space: {text.strip()[:40]!r}", unit=ident,
                      severity="error", line=element.sourceline)  # type: ignore[arg-type]  # lxml-stubs: "..."
            continue
        if element.tag == _P and any(space in text for space in _UNUSUAL_SPACES):
            for match in _DOUBLE_SPACE.finditer(text):
                if chinese and match.group() == " ":
                    continue
                if match.group() in (" ", "\n") or (chinese and match.group() == "\u3000"):
                    continue
                context = text[max(0, match.start() - 15):match.end() + 15]
                yield Hit(f"doubled or unusual space in {context!r}", unit=ident,
                          line=element.sourceline)  # type: ignore[arg-type]  # lxml-stubs: "..."
                break


# ----------------------------------------------------------------------------- authority

_SCRIPT_NAMED = re.compile(r"simplified|traditional|简体|簡體|繁体|繁體", re.IGNORECASE)


def _disclaimer_line(ctx: Context) -> int | None:
    found = cast("list[etree._Element]",
                 ctx.tree.xpath("//tei:notesStmt/tei:note[@type='disclaimer']", namespaces=_NS))
    # lxml-stubs declare sourceline as "..."; lxml gives an int or None.
    return found[0].sourceline if found else ctx.line(None)  # type: ignore[return-value]


@register("TM201", "disclaimer-missing", "warning",
          "A translation has no notice saying which version is authoritative.")
def disclaimer_missing(ctx: Context) -> Iterator[Hit]:
    """A translation without a disclaimer."""
    pair = ctx.pair
    if pair is not None and pair.translation is not None and pair.disclaimer is None:
        yield Hit("the translation has no notice on authority (e.g. \"The English version is "
                  "only for reference\"); add the page's notice as the disclaimer",
                  line=ctx.line("text-translation"))


@register("TM202", "disclaimer-unnamed-authority", "warning",
          "The disclaimer does not name the authoritative language.")
def disclaimer_unnamed(ctx: Context) -> Iterator[Hit]:
    """A notice that only says "for reference" without naming the authoritative version."""
    pair = ctx.pair
    if pair is None or pair.disclaimer is None:
        return
    if _authoritative_lang(pair.disclaimer.text, pair.source_lang) is None:
        yield Hit(f"the disclaimer does not name the authoritative version "
                  f"(\"{pair.disclaimer.text[:80]}\"); it should say e.g. \"the Chinese version "
                  f"shall prevail\" or 以中文版为准", line=_disclaimer_line(ctx))


@register("TM203", "disclaimer-wrong-authority", "error",
          "The disclaimer names another language as authoritative than the source's.")
def disclaimer_wrong(ctx: Context) -> Iterator[Hit]:
    """The notice names English (or the other Chinese script) as authoritative."""
    pair = ctx.pair
    if pair is None or pair.disclaimer is None:
        return
    named = _authoritative_lang(pair.disclaimer.text, pair.source_lang)
    if named is None:
        return
    source = pair.source_lang
    wrong = primary_subtag(named) != primary_subtag(source)
    if not wrong and _SCRIPT_NAMED.search(pair.disclaimer.text):
        wrong = _script_of(named) != _script_of(source)
    if wrong:
        yield Hit(f"the disclaimer names {named} as authoritative, but the authoritative "
                  f"source is {source}: \"{pair.disclaimer.text[:80]}\"",
                  line=_disclaimer_line(ctx))


@register("TM204", "disclaimer-in-body", "warning",
          "The notice on authority is in the body text instead of the disclaimer.")
def disclaimer_in_body(ctx: Context) -> Iterator[Hit]:
    """A body paragraph that is the notice (it belongs in the header)."""
    if ctx.pair is None:
        return
    for doc in ctx.pair.documents():
        for paragraph in doc.paragraphs:
            if is_notice(paragraph.text):
                yield Hit(f"this paragraph is the notice on authority, not body text: "
                          f"\"{paragraph.text[:80]}\"; move it to the disclaimer",
                          unit=paragraph.id)


_TRANSLATION_MARK = re.compile(
    r"\b(?:unofficial\s+|english\s+|machine\s+)?translation\b|\btranslated\s+(?:by|from)\b|"
    r"译文|譯文|翻译稿|翻譯稿|英译|英譯|（译）|\(译\)|译者|譯者",
    re.IGNORECASE,
)


@register("TM205", "source-is-translation", "error",
          "The version marked authoritative is itself a translation.")
def source_is_translation(ctx: Context) -> Iterator[Hit]:
    """The authoritative source is English, or its title or text says it is a translation."""
    pair = ctx.pair
    if pair is None:
        return
    if is_english(pair.source_lang) and pair.translation is not None and is_chinese(
            pair.translation.lang):
        yield Hit(f"the authoritative source is English ({pair.source_lang}) and the reference "
                  f"translation Chinese: the roles look swapped", line=ctx.line("bibl-source"))
        return
    if pair.source is None:
        return
    opening = [(p.text, p.id) for p in pair.source.paragraphs[:2]]
    for text, unit in ((pair.source.title, None), *opening):
        match = _TRANSLATION_MARK.search(text)
        if match:
            yield Hit(f"the authoritative source calls itself a translation "
                      f"(\"{match.group()}\" in \"{text[:60]}\"); an authoritative source must "
                      f"be the original", unit=unit, line=ctx.line(unit or "bibl-source"))
            return


# ------------------------------------------------------------------------------ language


def _script_of(tag: str) -> str:
    parts = tag.split("-")
    if "Hant" in parts or any(p in ("TW", "HK", "MO") for p in parts):
        return "Hant"
    return "Hans"


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


@register("TM301", "script-mismatch", "warning",
          "Text whose script does not match its xml:lang (Han in English, Latin-only Chinese).")
def script_mismatch(ctx: Context) -> Iterator[Hit]:
    """Han characters left in English text; Chinese text without Han characters."""
    if ctx.pair is None:
        return
    for doc in ctx.pair.documents():
        for paragraph in doc.paragraphs:
            text = paragraph.text
            if is_chinese(doc.lang):
                if _letters(text) >= 10 and han_ratio(text) == 0:
                    yield Hit(f"declared {doc.lang} but has no Chinese characters: "
                              f"\"{text[:60]}\"", unit=paragraph.id, severity="error")
            elif not is_chinese(doc.lang):
                han = han_characters(text)
                if han:
                    severity = "error" if han_ratio(text) >= 0.3 else "warning"
                    yield Hit(f"declared {doc.lang} but contains Chinese characters "
                              f"\"{han[:20]}\"; translate or romanise them",
                              unit=unit_at(paragraph, text.find(han[0])), severity=severity)


@register("TM302", "chinese-script-mismatch", "warning",
          "Simplified characters in a text tagged Traditional, or the reverse.")
def chinese_script_mismatch(ctx: Context) -> Iterator[Hit]:
    """The text's Chinese script (GB2312 vs Big5 evidence) differs from its tag."""
    if ctx.pair is None:
        return
    documents = ((ctx.pair.source, "text-source"), (ctx.pair.translation, "text-translation"))
    for doc, text_id in documents:
        if doc is None or not is_chinese(doc.lang):
            continue
        simplified, traditional = _script_evidence(doc)
        declared = _script_of(doc.lang)
        found = "Hant" if traditional > simplified else "Hans"
        evidence = traditional if found == "Hant" else simplified
        if found != declared and evidence >= 2:
            names = {"Hans": "Simplified", "Hant": "Traditional"}
            yield Hit(f"tagged {doc.lang} ({names[declared]}) but written in {names[found]} "
                      f"characters ({simplified} simplified-only, {traditional} "
                      f"traditional-only); fix the text or the xml:lang",
                      line=ctx.line(text_id))


def _script_evidence(doc: Document) -> tuple[int, int]:
    counts = [script_evidence(text) for text in (doc.title, *(p.text for p in doc.paragraphs))]
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


# ------------------------------------------------------------------------------ coverage


@register("TM401", "untranslated-source", "error",
          "A source paragraph or sentence has no translation (1-0 link or unlinked).")
def untranslated_source(ctx: Context) -> Iterator[Hit]:
    """Source units left without translation, where an alignment exists."""
    yield from _one_sided(ctx, source_side=True)


@register("TM402", "translation-without-source", "warning",
          "A translation paragraph or sentence has no source (0-1 link or unlinked).")
def translation_without_source(ctx: Context) -> Iterator[Hit]:
    """Translation units with no source, where an alignment exists."""
    yield from _one_sided(ctx, source_side=False)


def _one_sided(ctx: Context, *, source_side: bool) -> Iterator[Hit]:
    pair = ctx.pair
    if pair is None or pair.source is None or pair.translation is None or not pair.alignment:
        return
    doc = pair.source if source_side else pair.translation
    flagged_paragraphs: set[str] = set()
    what = "source" if source_side else "translation"
    missing = "no translation" if source_side else "no source"
    for level, links in (("paragraph", pair.alignment.paragraph_links),
                         ("sentence", pair.alignment.sentence_links)):
        if not links:
            continue
        covered = {i for lk in links if lk.source and lk.target
                   for i in (lk.source if source_side else lk.target)}
        for paragraph in doc.paragraphs:
            if paragraph.id in flagged_paragraphs:
                continue
            units = [(paragraph.id, paragraph.text)] if level == "paragraph" else [
                (s.id, s.text) for s in paragraph.sentences]
            for ident, text in units:
                if ident not in covered:
                    if level == "paragraph":
                        flagged_paragraphs.add(ident)
                    severity = None if level == "paragraph" else "warning"
                    yield Hit(f"{what} {level} has {missing}: \"{text[:60]}\"", unit=ident,
                              severity=severity)


@register("TM404", "not-aligned", "info",
          "Both versions are present but not aligned: coverage, numbers and terms are not checked.")
def not_aligned(ctx: Context) -> Iterator[Hit]:
    """A pair with both texts and no alignment."""
    pair = ctx.pair
    if pair is not None and pair.source is not None and pair.translation is not None \
            and not pair.alignment:
        yield Hit("source and translation are not aligned, so unit-by-unit checks "
                  "(coverage, numbers, terms) cannot run; run the aligner")


@register("TM405", "source-pending", "info",
          "The authoritative source is not in the archive yet; the translation is checked alone.")
def source_pending(ctx: Context) -> Iterator[Hit]:
    """A translation whose source is pending."""
    pair = ctx.pair
    if pair is not None and pair.source is None:
        yield Hit("the authoritative source is not in the archive yet (source pending): "
                  "numbers, terms and coverage cannot be checked against it",
                  line=ctx.line("bibl-source"))


# ------------------------------------------------------------------------------- numbers


@register("TM501", "number-mismatch", "error",
          "A number of the source is missing or changed in its aligned translation.")
def number_mismatch(ctx: Context) -> Iterator[Hit]:
    """Numbers (cardinal, ordinal, percent, money, year) compared by value per link."""
    yield from _quantities(ctx, dates=False)


@register("TM502", "date-mismatch", "error",
          "A date of the source is missing or changed in its aligned translation.")
def date_mismatch(ctx: Context) -> Iterator[Hit]:
    """Dates (with the article's year when the Chinese omits it) compared as dates."""
    yield from _quantities(ctx, dates=True)


def _quantities(ctx: Context, *, dates: bool) -> Iterator[Hit]:
    pair = ctx.pair
    if pair is None or pair.source is None or pair.translation is None:
        return
    cache = ctx.cache
    for units in ctx.aligned:
        key = ("quantities", units.source_ids)
        if key not in cache:
            cache[key] = compare(units.source_text, units.target_text, pair.source.lang,
                                 pair.translation.lang, context_year=ctx.context_year)
        # The same value missing twice from one link (6国 ... 6国) is one finding that
        # says how often, not two identical lines.
        repeats: dict[tuple[str, bool], int] = {}
        for problem in cast("list[Discrepancy]", cache[key]):  # stored just above
            is_date = problem.source.kind in ("date", "month", "day")
            if is_date == dates:
                entry = (problem.message, problem.source.firm)
                repeats[entry] = repeats.get(entry, 0) + 1
        for (message, firm), count in repeats.items():
            times = f" ({count} times)" if count > 1 else ""
            yield Hit(f"{message}{times} ({units.where})", unit=units.source_ids[0],
                      severity=None if firm else "warning")


# --------------------------------------------------------------------------- terminology


@register("TM601", "term-missing", "error",
          "A glossary term of the source lacks its required rendering in the translation.")
def term_missing(ctx: Context) -> Iterator[Hit]:
    """Glossary terms whose required rendering is absent from the aligned translation."""
    pair = ctx.pair
    if ctx.glossary is None or not len(ctx.glossary) or pair is None or pair.source is None \
            or pair.translation is None:
        return
    if ctx.aligned:
        pieces: list[tuple[str, str, str | None, str]] = [
            (u.source_text, u.target_text, u.source_ids[0], f" ({u.where})")
            for u in ctx.aligned
        ]
    else:
        # Without an alignment the whole texts are compared.
        pieces = [(" ".join(p.text for p in pair.source.paragraphs),
                   " ".join(p.text for p in pair.translation.paragraphs), None, "")]
    for source_text, target_text, unit, where in pieces:
        for term in ctx.glossary.terms_in(source_text):
            if not term.rendered_in(target_text):
                options = " or ".join(f"\"{r}\"" for r in term.renderings)
                yield Hit(f"source has the term {term.source}; the translation should render "
                          f"it as {options}{where}", unit=unit)


# ---------------------------------------------------------------------------- typography

_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
_DOUBLE_OK = frozenset({"had", "that", "bye", "ha", "no", "very", "so"})


@register("TM701", "doubled-word", "warning", "A word is repeated (\"the the\").")
def doubled_word(ctx: Context) -> Iterator[Hit]:
    """Doubled words in English text."""
    if ctx.pair is None:
        return
    for doc in ctx.pair.documents():
        if is_chinese(doc.lang):
            continue
        for paragraph in doc.paragraphs:
            for match in _DOUBLED.finditer(paragraph.text):
                if match.group(1).lower() in _DOUBLE_OK:
                    continue
                yield Hit(f"doubled word \"{match.group()}\"",
                          unit=unit_at(paragraph, match.start()))


_PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "《": "》", "【": "】", "「": "」",
          "『": "』", "“": "”", "〈": "〉"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def _unbalanced(text: str) -> str | None:
    stack: list[str] = []
    for char in text:
        if char in _PAIRS:
            stack.append(char)
        elif char in _CLOSERS:
            if not stack or stack[-1] != _CLOSERS[char]:
                return f"\"{char}\" closes nothing"
            stack.pop()
    if stack:
        return f"\"{stack[-1]}\" is never closed"
    if text.count('"') % 2:
        return "an odd number of '\"'"
    return None


@register("TM703", "unbalanced-brackets", "warning",
          "Brackets or quotation marks that are not closed, or close nothing.")
def unbalanced_brackets(ctx: Context) -> Iterator[Hit]:
    """Unbalanced (), [], （）, 《》, “” and straight double quotes, per paragraph."""
    if ctx.pair is None:
        return
    for doc in ctx.pair.documents():
        for paragraph in doc.paragraphs:
            problem = _unbalanced(paragraph.text)
            if problem:
                yield Hit(f"unbalanced brackets or quotes: {problem} in \"{paragraph.text[:60]}\"",
                          unit=paragraph.id)


# U+201C/U+201D are deliberately not here: they are the English curly quotes as well.
_FULLWIDTH = re.compile(r"[，。：；（）！？、【】《》「」『』\u3000\uff01-\uff5e]")


@register("TM704", "fullwidth-punctuation", "warning",
          "Full-width (Chinese) punctuation left in English text.")
def fullwidth_punctuation(ctx: Context) -> Iterator[Hit]:
    """Full-width punctuation and forms (，。：；（）…) in English text."""
    if ctx.pair is None:
        return
    for doc in ctx.pair.documents():
        if is_chinese(doc.lang):
            continue
        for paragraph in doc.paragraphs:
            found = _FULLWIDTH.findall(paragraph.text)
            if found:
                first = _FULLWIDTH.search(paragraph.text)
                assert first is not None
                chars = "".join(dict.fromkeys(found))
                yield Hit(f"full-width punctuation {chars!r} in English text; use , . : ; ( ) ! ?",
                          unit=unit_at(paragraph, first.start()))


# -------------------------------------------------------------------------------- corpus

declare("TM403", "length-ratio", "warning",
        "An aligned unit whose length ratio is an outlier for the corpus (k sigma).",
        scope="corpus")
declare("TM602", "inconsistent-translation", "warning",
        "The same source sentence is translated differently across the corpus.", scope="corpus")

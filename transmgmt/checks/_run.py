"""Run the checks over article pairs, TEI files and folders; corpus statistics.

Files are streamed: each is parsed, checked and dropped before the next is read, so
memory does not grow with the folder (only the per-unit length statistics and the
hashes of translated sentences are kept until the end, a few dozen bytes per unit).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import copy as copy_module
import hashlib
import math
import multiprocessing
import os
import re
import stat
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypedDict, cast

import attrs
from lxml import etree

from transmgmt._fs import find_files
from transmgmt._xml import TEI_NS, parse_xml
from transmgmt.checks._cache import FileResult, ResultCache, fingerprint
from transmgmt.checks._context import Context
from transmgmt.checks._finding import Finding
from transmgmt.checks._glossary import Glossary, load_glossary
from transmgmt.checks._registry import REGISTRY, iter_checks, selected
from transmgmt.errors import TEIParseError
from transmgmt.lang import primary_subtag
from transmgmt.model import ArticlePair
from transmgmt.tei import pair_from_tei, tei_bytes
from transmgmt.validate import validate_tei

__all__ = ["LENGTH_PRIORS", "Checker", "check", "tei_files"]

#: Fallback prior of log(translation chars / source chars) per language pair, used
#: while the corpus has fewer than :data:`MIN_UNITS_FOR_STATISTICS` aligned units:
#: (mean, standard deviation). English runs about three letters per Chinese character
#: (non-space characters; measured on NIA/State Council pages and the MAC dev data).
LENGTH_PRIORS: dict[tuple[str, str], tuple[float, float]] = {
    ("zh", "en"): (math.log(3.0), 0.45),
    ("en", "zh"): (-math.log(3.0), 0.45),
}
#: Prior for language pairs without their own entry: equal length, wide spread.
DEFAULT_PRIOR = (0.0, 0.6)
#: Aligned units needed before the corpus's own mean and deviation replace the prior.
MIN_UNITS_FOR_STATISTICS = 30
#: Units shorter than this (source characters, no spaces) are too short for a ratio.
MIN_RATIO_CHARS = 8
#: The deviation learned from a corpus is never taken below this (a very uniform corpus
#: would otherwise flag ordinary variation).
MIN_SIGMA = 0.15
#: Source sentences shorter than this are not compared across the corpus (TM602).
MIN_CONSISTENCY_CHARS = 10

_RULE_CODES = {
    "id-unique": "TM103",
    "pointer-local": "TM104",
    "pointer-resolves": "TM104",
    "link-type-count": "TM105",
    "link-source-side": "TM105",
    "link-target-side": "TM105",
    "link-paragraph-level": "TM105",
    "link-sentence-level": "TM105",
}
# The grammar's own warning duplicates TM201, which says it in a translator's words.
_RULES_COVERED_ELSEWHERE = frozenset({"translation-disclaimer"})
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[\W_]+")


def tei_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The TEI files to check: files as given, folders searched for ``*.xml`` (sorted).

    Raises:
        FileNotFoundError: If a path does not exist.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "b.tei.xml").write_text("<a/>"); _ = (folder / "a.xml").write_text("<a/>")
        >>> [p.name for p in tei_files([folder])]
        ['a.xml', 'b.tei.xml']
    """
    return find_files(paths, "*.xml")


@attrs.define
class _Unit:
    """Where a corpus-level finding would point."""

    file: str | None
    line: int | None
    article: str
    unit: str


def _display(path: Path, folders: dict[str, str] | None = None) -> str:
    """*path* relative to the working folder when it lies inside it, else as given.

    *folders* caches the resolved folders of a batch of files (see :func:`_displays`).
    """
    if os.name == "posix":
        # The pathlib form below, in strings: a third of the cost of a cached file went
        # into its Path objects.
        resolved = _realpath(os.fspath(path), folders) if folders is not None else (
            os.path.realpath(path))
        cwd = os.getcwd()
        if resolved == cwd:
            return "."
        prefix = cwd if cwd.endswith("/") else cwd + "/"
        if resolved.startswith(prefix):
            return resolved[len(prefix):]
        return path.as_posix()
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _realpath(path: str, folders: dict[str, str]) -> str:
    # os.path.realpath(path), resolving each folder once per batch: realpath makes one
    # lstat per path component, for each of thousands of files in the same folder.
    head, tail = os.path.split(path)
    if tail in ("", ".", ".."):
        return os.path.realpath(path)
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return os.path.realpath(path)
    except OSError:
        pass  # realpath leaves a missing name as it is, like the join below
    folder = folders.get(head)
    if folder is None:
        folder = folders[head] = os.path.realpath(head)
    return os.path.join(folder, tail)


def _displays(files: Sequence[str | os.PathLike[str]]) -> list[str]:
    """:func:`_display` of each of *files* (one batch: folders are resolved once)."""
    folders: dict[str, str] = {}
    return [_display(Path(p), folders) for p in files]


class Checker:
    """Runs the selected checks on one article after another, then the corpus checks.

    Args:
        select: Codes, code prefixes or categories to run (all when None).
        ignore: Codes, code prefixes or categories to skip.
        glossary: Required renderings (a :class:`Glossary` or a CSV/TBX path).
        sigma: How many standard deviations from the mean make a length ratio an outlier.
        cache: A folder for the result cache (see :mod:`transmgmt.checks._cache`): files
            whose bytes were checked before with the same checks, glossary, schemas and
            transmgmt are not checked again. The findings are the same without it.
        warn: Called with a message if the cache cannot be used (default: printed on
            stderr); the run then goes on without it.

    Raises:
        ValueError: If *select* or *ignore* names no known check.

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> checker = Checker(select=["TM2"])
        >>> pair = ArticlePair(id="a", translation=Document(lang="en", title="T",
        ...                    paragraphs=(Paragraph(id="en-p1", text="Body."),)))
        >>> [f.code for f in checker.check_pair(pair)] + [f.code for f in checker.finish()]
        ['TM201']
    """

    def __init__(
        self,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        glossary: Glossary | str | os.PathLike[str] | None = None,
        sigma: float = 3.0,
        cache: str | os.PathLike[str] | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.codes = selected(select, ignore)
        if glossary is not None and not isinstance(glossary, Glossary):
            glossary = load_glossary(glossary)
        self.glossary = glossary
        self.sigma = sigma
        self.cache = (
            None if cache is None else ResultCache(cache, fingerprint(self.codes, glossary), warn)
        )
        self.files_checked = 0
        self.waived = 0
        #: ``(file, article id)`` of every document checked, in order (None when unknown).
        self.articles: list[tuple[str | None, str | None]] = []
        # Corpus statistics, kept as numbers only so memory stays small as the corpus
        # grows: per language pair the log ratios and, in parallel arrays, the file and
        # aligned-unit index of each; per source sentence hash the first translation's
        # hash and where it was. Locations are re-read from the few files concerned.
        self._ratios: dict[tuple[str, str], tuple[array, array, array]] = {}
        self._translations: dict[int, tuple[int, int, int]] = {}
        self._inconsistent: list[tuple[int, int, int, int]] = []
        self._sources: list[tuple[str | bytes, str | None]] = []  # (path or TEI, label)
        self._waivers: dict[str, set[tuple[str, str]]] = {}

    # -- one article -------------------------------------------------------------------

    def check_pair(self, pair: ArticlePair) -> list[Finding]:
        """Check an in-memory pair (its TEI serialisation gives the line numbers)."""
        return self.check_bytes(tei_bytes(pair), None)

    def check_path(self, path: str | os.PathLike[str]) -> list[Finding]:
        """Check one TEI file; unreadable files become a TM100 finding."""
        return self._check_path(path, _display(Path(path)))

    def _check_path(self, path: str | os.PathLike[str], label: str) -> list[Finding]:
        try:
            data = _read(path)
        except OSError as exc:
            return self._take(self._unreadable(label, exc), label, None)
        return self._check(data, label, stored=os.fspath(path))

    def _unreadable(self, label: str, exc: OSError) -> FileResult:
        result = self._parse_failure(label, None, f"cannot read the file: {exc.strerror or exc}")
        # The bytes are unknown: nothing to key the result by.
        result.cacheable = False
        return result

    def _finding(  # noqa: PLR0917 - one private constructor, called with the fields in order
        self,
        code: str,
        message: str,
        file: str | None,
        line: int | None = None,
        article: str | None = None,
        unit: str | None = None,
        severity: str | None = None,
    ) -> Finding:
        return Finding(
            code,
            severity or REGISTRY[code].severity,
            message,
            file=file,
            line=line,
            article=article,
            unit=unit,
        )

    def _parse_failure(self, file: str | None, line: int | None, reason: str) -> FileResult:
        code = "TM103" if "already defined" in reason else "TM100"
        if code not in self.codes:
            return FileResult([])
        return FileResult([self._finding(code, reason, file, line)])

    def check_bytes(self, data: bytes, file: str | None) -> list[Finding]:
        """Check one TEI document given as bytes; *file* labels the findings."""
        return self._check(data, file, stored=None)

    def _check(self, data: bytes, file: str | None, *, stored: str | None) -> list[Finding]:
        # *stored*: the path to read the file again at the end (corpus findings are located by
        # re-reading the few files concerned instead of keeping every article in memory).
        cache = self.cache
        if cache is None:
            result = self._compute(data, file)
        else:
            key = cache.key(data)
            cached = cache.get(key, file)
            if cached is None:
                result = self._compute(data, file)
                cache.put(key, result)
            else:
                result = cached
        return self._take(result, file, stored if stored is not None else data)

    def _take(self, result: FileResult, file: str | None, source: str | bytes | None
              ) -> list[Finding]:
        """Add one file's result to the run (counts, articles, waivers, corpus statistics)."""
        self.files_checked += 1
        self.articles.append((file, result.article))
        self.waived += result.waived
        if result.waivers is not None:
            self._waivers[result.waivers[0]] = result.waivers[1]
        if result.observations and source is not None:
            self._sources.append((source, file))
            self._absorb(result.observations, len(self._sources) - 1)
        return result.findings

    def _compute(self, data: bytes, file: str | None) -> FileResult:
        """Check one document: its findings and observations; the checker is not changed."""
        try:
            tree = parse_xml(data, label=file)
        except TEIParseError as exc:
            reason = exc.reason
            if "already defined" in reason:
                reason = (
                    "duplicate xml:id: " + reason.replace("not well-formed XML: ", "").split(",")[0]
                )
            return self._parse_failure(file, exc.line, reason)
        article = tree.getroot().get("{http://www.w3.org/XML/1998/namespace}id")
        ctx = Context(tree=tree, file=file, glossary=self.glossary)
        findings: list[Finding] = []
        for check in iter_checks("file", self.codes):
            # iter_checks yields only checks whose function is not None.
            for hit in check.function(ctx):  # type: ignore[misc]
                findings.append(
                    self._finding(
                        check.code,
                        hit.message,
                        file,
                        hit.line or ctx.line(hit.unit),
                        article,
                        hit.unit,
                        hit.severity,
                    )
                )
        reported_lines = {f.line for f in findings if f.severity == "error"}
        # The grammar reports an empty or padded unit far from the unit (on the text
        # whose content model failed); validate a copy with those units repaired, so
        # that only the grammar errors not explained above remain.
        schema_tree = _repaired(tree) if reported_lines else tree
        report = validate_tei(schema_tree)
        grammar_failed = False
        seen_lines: set[int | None] = set()
        reported: set[tuple[str, int | None]] = set()
        # Pointer errors first: a dangling pointer also puts its link on the "wrong
        # side", and one defect should be reported once.
        problems = sorted(
            (*report.errors, *report.warnings),
            key=lambda p: _RULE_CODES.get(p.rule, "TM102") != "TM104",
        )
        for problem in problems:
            if problem.rule in _RULES_COVERED_ELSEWHERE:
                continue
            if problem.rule == "relaxng":
                grammar_failed = True
                # One finding per line: lxml often explains one defect in two messages.
                if problem.line in reported_lines or problem.line in seen_lines:
                    continue
                seen_lines.add(problem.line)
                code, message = "TM101", f"schema: {problem.message}"
            else:
                code = _RULE_CODES.get(problem.rule, "TM102")
                message = f"{problem.message} [{problem.rule}]"
                if (
                    problem.line in reported_lines
                    or (code, problem.line) in reported
                    or (code == "TM105" and ("TM104", problem.line) in reported)
                ):
                    continue
                reported.add((code, problem.line))
            if code in self.codes:
                severity = "warning" if problem.severity == "warning" else None
                findings.append(
                    self._finding(code, message, file, problem.line, article, severity=severity)
                )
        if grammar_failed or any(f.severity == "error" for f in findings):
            # Only structural errors so far (file checks and schemas); the model reader
            # would repeat them in other words.
            return FileResult(findings, article=article)
        try:
            ctx.pair = pair_from_tei(tree, label=file)
        except TEIParseError as exc:
            if "TM107" in self.codes:
                findings.append(self._finding("TM107", exc.reason, file, exc.line, article))
            return FileResult(findings, article=article)
        pair = ctx.pair
        for check in iter_checks("article", self.codes):
            # iter_checks yields only checks whose function is not None.
            for hit in check.function(ctx):  # type: ignore[misc]
                findings.append(
                    self._finding(
                        check.code,
                        hit.message,
                        file,
                        hit.line or ctx.line(hit.unit),
                        pair.id,
                        hit.unit,
                        hit.severity,
                    )
                )
        observations = self._observe(ctx)
        if not pair.waivers:
            return FileResult(findings, observations, article)
        waived = {(w.code, w.target) for w in pair.waivers}
        kept = [f for f in findings if not _is_waived(f, waived, pair.id)]
        return FileResult(kept, observations, article, len(findings) - len(kept),
                          (pair.id, waived))

    # -- corpus ------------------------------------------------------------------------

    def _observe(self, ctx: Context) -> list[tuple[object, ...]]:
        """What the corpus checks need from one article: small tuples of numbers."""
        pair = ctx.pair
        if pair is None or pair.source is None or pair.translation is None:
            return []
        key = (primary_subtag(pair.source.lang), primary_subtag(pair.translation.lang))
        want_ratio = "TM403" in self.codes
        want_consistency = "TM602" in self.codes
        observations: list[tuple[object, ...]] = []
        for index, units in enumerate(ctx.aligned):
            source_chars = len(_SPACE.sub("", units.source_text))
            if want_ratio and source_chars >= MIN_RATIO_CHARS:
                target_chars = max(1, len(_SPACE.sub("", units.target_text)))
                observations.append(("ratio", key, math.log(target_chars / source_chars), index))
            if (
                want_consistency
                and units.level == "sentence"
                and source_chars >= MIN_CONSISTENCY_CHARS
                and len(units.source_ids) == 1
            ):
                target = _PUNCT.sub(" ", _normal(units.target_text)).strip()
                observations.append(("sentence", _hash(_normal(units.source_text)),
                                     _hash(target), index))
        return observations

    def _absorb(self, observations: Iterable[tuple[object, ...]], file_index: int) -> None:
        """Add one article's observations to the corpus statistics, in corpus order."""
        # The types of the middle two fields depend on the kind (see _observe).
        typed = cast("Iterable[tuple[str, Any, Any, int]]", observations)
        for kind, first, second, unit_index in typed:
            if kind == "ratio":
                columns = self._ratios.get(first)
                if columns is None:
                    columns = self._ratios[first] = (array("d"), array("q"), array("q"))
                columns[0].append(second)
                columns[1].append(file_index)
                columns[2].append(unit_index)
                continue
            seen = self._translations.get(first)
            if seen is None:
                self._translations[first] = (second, file_index, unit_index)
            elif seen[0] != second:
                self._inconsistent.append((file_index, unit_index, seen[1], seen[2]))

    def _locate(self, file_index: int, unit_index: int, cache: dict[int, Context]
                ) -> tuple[_Unit, str]:
        """Where aligned unit *unit_index* of article *file_index* is, and its translation."""
        ctx = cache.get(file_index)
        if ctx is None:
            source, label = self._sources[file_index]
            tree = parse_xml(Path(source) if isinstance(source, str) else source, label=label)
            ctx = cache[file_index] = Context(tree=tree, file=label,
                                              pair=pair_from_tei(tree, label=label))
        units = ctx.aligned[unit_index]
        assert ctx.pair is not None  # it was read before
        unit = units.source_ids[0]
        return _Unit(ctx.file, ctx.line(unit), ctx.pair.id, unit), units.target_text

    # -- many files --------------------------------------------------------------------

    def check_files(self, files: Sequence[str | os.PathLike[str]], *, jobs: int = 1
                    ) -> Iterator[list[Finding]]:
        """Check *files* in order, yielding each file's findings (then call :meth:`finish`).

        With ``jobs > 1`` the files are checked in that many worker processes; the
        corpus statistics are still gathered here, in file order, so the findings are
        the same as with one process.
        """
        if jobs <= 1 or len(files) < 2 * jobs:
            for path, label in zip(files, _displays(files), strict=True):
                yield self._check_path(path, label)
        else:
            yield from self._check_parallel(files, jobs)
        if self.cache is not None:
            self.cache.flush()

    def _check_parallel(self, files: Sequence[str | os.PathLike[str]], jobs: int
                        ) -> Iterator[list[Finding]]:
        labels = _displays(files)
        # With a cache the parent reads and hashes each file first (cheap next to a check)
        # and only the misses go to the workers; the results are still taken in file order.
        cached: list[bytes | None] = [None] * len(files)
        key: bytes | None
        todo = list(range(len(files)))
        if self.cache is not None:
            todo = []
            for index, path in enumerate(files):
                try:
                    key = self.cache.key(_read(path))
                except OSError:
                    todo.append(index)
                    continue
                if self.cache.contains(key):
                    cached[index] = key
                else:
                    todo.append(index)
        tasks = [(os.fspath(files[i]), labels[i]) for i in todo]
        with contextlib.ExitStack() as stack:
            if len(tasks) < 2 * jobs:
                computed: Iterator[tuple[bytes | None, FileResult]] = map(self._compute_file, tasks)
            else:
                options: _WorkerOptions = {
                    "codes": self.codes, "glossary": self.glossary, "sigma": self.sigma
                }
                chunk = max(1, min(64, len(tasks) // (jobs * 8)))
                context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
                pool = stack.enter_context(concurrent.futures.ProcessPoolExecutor(
                    jobs, mp_context=context, initializer=_init_worker, initargs=(options,)))
                computed = pool.map(_work, tasks, chunksize=chunk)
            for index, path in enumerate(files):
                key = cached[index]
                result = None
                if key is not None:
                    assert self.cache is not None  # keys are only kept with a cache
                    result = self.cache.get(key, labels[index])
                    if result is None:  # the cache failed since: check the file here
                        key, result = self._compute_file((os.fspath(path), labels[index]))
                else:
                    key, result = next(computed)
                    if key is not None and self.cache is not None:
                        self.cache.put(key, result)
                yield self._take(result, labels[index], os.fspath(path))

    def _compute_file(self, task: tuple[str, str]) -> tuple[bytes | None, FileResult]:
        """Read and check one file: the digest of the bytes checked (None if unreadable)."""
        path, label = task
        try:
            data = _read(path)
        except OSError as exc:
            return None, self._unreadable(label, exc)
        return ResultCache.key(data), self._compute(data, label)

    def _ratio_findings(self, cache: dict[int, Context]) -> list[Finding]:
        findings = []
        for key, (values, file_indexes, unit_indexes) in self._ratios.items():
            mean, sigma, learned = _statistics(values, key, self.sigma)
            for value, file_index, unit_index in zip(values, file_indexes, unit_indexes,
                                                     strict=True):
                z = (value - mean) / sigma
                if abs(z) <= self.sigma:
                    continue
                where, _ = self._locate(file_index, unit_index, cache)
                basis = (
                    f"corpus mean over {len(values)} aligned units"
                    if learned
                    else f"prior for {key[0]}\u2192{key[1]} (corpus too small)"
                )
                findings.append(
                    self._finding(
                        "TM403",
                        f"translation is {math.exp(value):.2f}\u00d7 the source length; typical "
                        f"is {math.exp(mean):.2f}\u00d7 ({basis}, {abs(z):.1f} sigma): part of the "
                        f"text may be missing or added",
                        where.file, where.line, where.article, where.unit,
                    )
                )
        return findings

    def finish(self) -> list[Finding]:
        """The corpus findings (length ratios, inconsistent translations), once all is checked."""
        cache: dict[int, Context] = {}
        findings = self._ratio_findings(cache)
        for file_index, unit_index, first_file, first_unit in self._inconsistent:
            where, _ = self._locate(file_index, unit_index, cache)
            first, first_text = self._locate(first_file, first_unit, cache)
            findings.append(
                self._finding(
                    "TM602",
                    f"the same source sentence is translated differently in "
                    f'{first.file or first.article} ({first.unit}): "{first_text[:80]}"',
                    where.file, where.line, where.article, where.unit,
                )
            )
        kept = []
        for finding in findings:
            waived = self._waivers.get(finding.article or "")
            if waived and _is_waived(finding, waived, finding.article or ""):
                self.waived += 1
            else:
                kept.append(finding)
        self._ratios.clear()
        self._translations.clear()
        self._inconsistent.clear()
        self._sources.clear()
        if self.cache is not None:
            self.cache.flush()
        return kept

    @property
    def cache_hits(self) -> int | None:
        """Files whose result came from the cache, or None without a working cache."""
        if self.cache is None or not self.cache.enabled:
            return None
        return self.cache.hits

    def close(self) -> None:
        """Write out and close the result cache, if any (the checker then runs uncached)."""
        if self.cache is not None:
            self.cache.close()


_WORKER: Checker | None = None


class _WorkerOptions(TypedDict):
    """What a worker process needs to rebuild the parent's checker."""

    codes: set[str]
    glossary: Glossary | None
    sigma: float


def _init_worker(options: _WorkerOptions) -> None:
    global _WORKER  # noqa: PLW0603 - one checker per worker process
    checker = Checker(glossary=options["glossary"], sigma=options["sigma"])
    checker.codes = options["codes"]
    _WORKER = checker


def _work(task: tuple[str, str]) -> tuple[bytes | None, FileResult]:
    checker = _WORKER
    assert checker is not None  # set by the pool initializer
    return checker._compute_file(task)


def _read(path: str | os.PathLike[str]) -> bytes:
    # Path.read_bytes builds Path objects: a fifth of the cost of a cached file.
    with open(path, "rb") as handle:
        return handle.read()


def _repaired(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy of *tree* whose empty and white-space-padded units are filled and trimmed."""
    copy = copy_module.deepcopy(tree)
    for element in copy.getroot().iter(f"{{{TEI_NS}}}p", f"{{{TEI_NS}}}s"):
        if len(element):
            continue
        text = (element.text or "").strip()
        element.text = text or "x"
    return copy


def _is_waived(finding: Finding, waived: set[tuple[str, str]], article: str) -> bool:
    # A waiver on the article id waives the code everywhere in the article.
    return (finding.code, finding.unit or article) in waived or (finding.code, article) in waived


def _hash(text: str) -> int:
    # 64 bits: a collision among a few million sentences is out of the question.
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def _statistics(
    values: Sequence[float], key: tuple[str, str], k: float
) -> tuple[float, float, bool]:
    """Mean and deviation of log length ratios: learned from *values*, else the prior.

    The corpus estimate is computed twice: the second time without the values beyond
    *k* sigma of the first, so that a few gross outliers do not widen the band that
    should catch them.
    """
    if len(values) < MIN_UNITS_FOR_STATISTICS:
        mean, sigma = LENGTH_PRIORS.get(key, DEFAULT_PRIOR)
        return mean, sigma, False
    mean, sigma = _mean_sd(values)
    inliers = [v for v in values if abs(v - mean) <= k * max(sigma, MIN_SIGMA)]
    if len(inliers) >= MIN_UNITS_FOR_STATISTICS:
        mean, sigma = _mean_sd(inliers)
    return mean, max(sigma, MIN_SIGMA), True


def _mean_sd(values: Sequence[float]) -> tuple[float, float]:
    mean = math.fsum(values) / len(values)
    variance = math.fsum((v - mean) ** 2 for v in values) / max(1, len(values) - 1)
    return mean, math.sqrt(variance)


def _sort_key(order: dict[str | None, int]) -> Callable[[Finding], tuple[int, int, str]]:
    return lambda f: (order.get(f.file, len(order)), f.line or 0, f.code)


def check(
    target: ArticlePair | str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    glossary: Glossary | str | os.PathLike[str] | None = None,
    sigma: float = 3.0,
    jobs: int = 1,
    cache: str | os.PathLike[str] | None = None,
) -> list[Finding]:
    """Check an article pair, a TEI file, a folder of TEI files (or a list of those).

    Args:
        target: What to check.
        select: Codes (``TM501``), prefixes (``TM5``) or categories (``numbers``) to run.
        ignore: Codes, prefixes or categories to skip.
        glossary: A :class:`Glossary` or the path of a CSV/TBX glossary (TM601).
        sigma: Length ratios further than this many standard deviations are reported.
        jobs: Worker processes for folders (the findings do not depend on it).
        cache: A result-cache folder: unchanged files are not checked again (the
            findings do not depend on it either).

    Returns:
        The findings, by file and line. Waived findings are left out.

    Raises:
        FileNotFoundError: If a path does not exist.
        ValueError: If *select*/*ignore* name no check.
        GlossaryError: If the glossary cannot be read.

    Example:
        >>> from transmgmt.model import ArticlePair, Document, Paragraph
        >>> pair = ArticlePair(id="a", translation=Document(lang="en", title="T",
        ...     paragraphs=(Paragraph(id="en-p1", text="It rose rose by 3\uff05."),)))
        >>> [(f.code, f.unit) for f in check(pair, ignore=["TM405"])]
        [('TM201', None), ('TM701', 'en-p1'), ('TM704', 'en-p1')]
    """
    checker = Checker(select=select, ignore=ignore, glossary=glossary, sigma=sigma, cache=cache)
    try:
        if isinstance(target, ArticlePair):
            findings = checker.check_pair(target)
            findings += checker.finish()
            return findings
        paths = [target] if isinstance(target, (str, os.PathLike)) else list(target)
        files = tei_files(paths)
        findings = []
        for found in checker.check_files(files, jobs=jobs):
            findings.extend(found)
        findings.extend(checker.finish())
    finally:
        checker.close()
    order: dict[str | None, int] = {label: i for i, label in enumerate(_displays(files))}
    return sorted(findings, key=_sort_key(order))


__all__ += ["DEFAULT_PRIOR", "MIN_UNITS_FOR_STATISTICS"]

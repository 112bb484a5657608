"""pytest plugin: ``pytest --transmgmt PATH`` checks every TEI article as a test item.

Registered as the ``transmgmt`` entry point of the ``pytest11`` group, so installing
transmgmt makes the options available; nothing happens without ``--transmgmt``.
Each TEI file under the given paths becomes one test item, marked ``transmgmt``;
an item fails when its article has a finding at or above ``--transmgmt-fail-on``,
and the failure lists the findings. The whole corpus is checked once, on the first
item, so the corpus checks (length ratios, consistent translations) see everything.

Example (a shell session)::

    $ pytest --transmgmt archive/ --transmgmt-glossary terms.csv -q
    $ pytest --transmgmt archive/ --transmgmt-cache .transmgmt-cache   # CI reruns
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr, TracebackStyle

    from transmgmt.checks._finding import Finding

# The checks (lxml, babel, schemas) are imported only when --transmgmt is given, so an
# installed transmgmt costs other projects' pytest runs nothing.

__all__ = ["TransmgmtFailure", "TransmgmtFile", "TransmgmtItem"]

_STATE = pytest.StashKey["_State"]()


class TransmgmtFailure(Exception):
    """An article has findings at or above the failure threshold."""

    def __init__(self, findings: list[Finding]) -> None:
        #: The findings that failed the article.
        self.findings = findings
        super().__init__(f"{len(findings)} finding(s)")


class _State:
    """The corpus run, shared by every item of the session (computed once)."""

    def __init__(self, config: pytest.Config, roots: list[Path]) -> None:
        from transmgmt.checks._run import tei_files  # noqa: PLC0415 - see the module top

        self.config = config
        self.roots = roots
        self.files = {p.resolve() for p in tei_files(roots)}
        self._by_file: dict[str, list[Finding]] | None = None
        #: Files whose result came from the cache (None without a cache).
        self.cache_hits: int | None = None

    def findings(self, path: Path) -> list[Finding]:
        from transmgmt.checks._run import Checker, _display  # noqa: PLC0415

        if self._by_file is None:
            from transmgmt.checks._cache import cache_location  # noqa: PLC0415

            option = self.config.getoption
            checker = Checker(select=option("transmgmt_select") or None,
                              ignore=option("transmgmt_ignore") or None,
                              glossary=option("transmgmt_glossary"),
                              cache=cache_location(option("transmgmt_cache")), warn=self._warn)
            found: list[Finding] = []
            try:
                for file_findings in checker.check_files(sorted(self.files)):
                    found.extend(file_findings)
                found.extend(checker.finish())
            finally:
                self.cache_hits = checker.cache_hits
                checker.close()
            self._by_file = {}
            for finding in found:
                self._by_file.setdefault(finding.file or "", []).append(finding)
        return self._by_file.get(_display(path), [])

    def _warn(self, message: str) -> None:
        # A damaged cache never changes a verdict; say so where pytest shows warnings.
        self.config.issue_config_time_warning(pytest.PytestWarning(message), stacklevel=2)


def _codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ``--transmgmt*`` options."""
    group = parser.getgroup("transmgmt", "transmgmt TEI article checks")
    group.addoption("--transmgmt", action="append", default=[], metavar="PATH",
                    help="check the TEI files under PATH, one test item per article")
    group.addoption("--transmgmt-fail-on", choices=("error", "warning"), default="error",
                    help="lowest severity that fails an article (default: error)")
    group.addoption("--transmgmt-select", type=_codes, action="extend", default=[],
                    metavar="CODES", help="check codes, prefixes or categories to run")
    group.addoption("--transmgmt-ignore", type=_codes, action="extend", default=[],
                    metavar="CODES", help="check codes, prefixes or categories to skip")
    group.addoption("--transmgmt-glossary", default=None, metavar="FILE",
                    help="CSV or TBX glossary of required renderings")
    group.addoption("--transmgmt-cache", default=None, metavar="DIR",
                    help="result cache folder (default: $TRANSMGMT_CACHE; see "
                         "`transmgmt check --cache`)")


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker and, with ``--transmgmt``, add its paths to the collection."""
    config.addinivalue_line("markers", "transmgmt: a transmgmt check of one TEI article")
    paths = config.getoption("transmgmt")
    if not paths:
        return
    roots = [Path(p) for p in paths]
    missing = [str(p) for p in roots if not p.exists()]
    if missing:
        msg = f"--transmgmt: no such file or folder: {', '.join(missing)}"
        raise pytest.UsageError(msg)
    config.stash[_STATE] = _State(config, roots)
    for root in roots:
        if str(root) not in config.args:
            config.args.append(str(root))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """With a result cache, say how many articles it answered."""
    state = terminalreporter.config.stash.get(_STATE, None)
    if state is not None and state.cache_hits is not None:
        terminalreporter.write_line(
            f"transmgmt: {state.cache_hits} of {len(state.files)} articles from the cache")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect the TEI files that ``--transmgmt`` names."""
    state = parent.config.stash.get(_STATE, None)
    if state is not None and file_path.resolve() in state.files:
        return TransmgmtFile.from_parent(parent, path=file_path)
    return None


class TransmgmtFile(pytest.File):
    """A TEI file: one article, one item."""

    def collect(self) -> Iterator[pytest.Item]:
        """The article's item (named after the file stem, the article id)."""
        name = self.path.name.removesuffix(".xml").removesuffix(".tei")
        item = TransmgmtItem.from_parent(self, name=name)
        item.add_marker("transmgmt")
        yield item


class TransmgmtItem(pytest.Item):
    """The checks of one article."""

    def runtest(self) -> None:
        """Fail when the article has findings at or above the threshold."""
        from transmgmt.checks._finding import severity_rank  # noqa: PLC0415

        state: _State = self.config.stash[_STATE]
        threshold = severity_rank(self.config.getoption("transmgmt_fail_on"))
        failing = [f for f in state.findings(self.path) if severity_rank(f.severity) >= threshold]
        if failing:
            raise TransmgmtFailure(failing)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: TracebackStyle | None = None) -> str | TerminalRepr:
        """The findings, one line each, instead of a traceback."""
        if isinstance(excinfo.value, TransmgmtFailure):
            from transmgmt.checks._report import render  # noqa: PLC0415

            return render(excinfo.value.findings).decode("utf-8").rstrip("\n")
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the item comes from, for pytest's report header."""
        return self.path, None, f"transmgmt check {self.name}"

"""Tests for transmgmt.pytest_plugin with pytester: one item per article, findings on failure."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from check_corpus import clean_pair, planted_corpus

from transmgmt.tei import tei_bytes

pytest_plugins = ["pytester"]

# Installed, transmgmt registers the plugin through its pytest11 entry point; from a
# source tree it has to be named (naming it twice would register it twice).
PLUGIN = (
    []
    if any(e.name == "transmgmt" for e in entry_points(group="pytest11"))
    else ["-p", "transmgmt.pytest_plugin"]
)


@pytest.fixture
def archive(pytester: pytest.Pytester) -> Path:
    folder = pytester.path / "archive"
    folder.mkdir()
    for i in range(3):
        (folder / f"art-{i:05d}.tei.xml").write_bytes(tei_bytes(clean_pair(i)))
    return folder


def test_one_passing_item_per_article(pytester: pytest.Pytester, archive: Path) -> None:
    """`pytest --transmgmt DIR` collects one item per TEI file; clean articles pass."""
    result = pytester.runpytest(*PLUGIN, "--transmgmt", str(archive), "-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*art-00000*PASSED*"])


def test_failing_article_shows_its_findings(pytester: pytest.Pytester, archive: Path) -> None:
    """A broken article fails with its findings listed; warnings fail only on request."""
    planted = planted_corpus(pytester.path / "planted", clean=0)
    (archive / "broken.tei.xml").write_bytes(planted["TM501"].read_bytes())
    (archive / "warn.tei.xml").write_bytes(planted["TM701"].read_bytes())
    result = pytester.runpytest(*PLUGIN, "--transmgmt", str(archive))
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(
        ["*broken.tei.xml:*: TM501 error [[]defect-TM501/zh-p2-s1] source has 1244万 (12,440,000)*"]
    )
    result = pytester.runpytest(
        *PLUGIN, "--transmgmt", str(archive), "--transmgmt-fail-on", "warning", "-m", "transmgmt"
    )
    result.assert_outcomes(passed=3, failed=2)


def test_without_option_nothing_is_collected(pytester: pytest.Pytester, archive: Path) -> None:
    """Without --transmgmt, TEI files are not test items."""
    pytester.makepyfile("def test_plain():\n    assert True\n")
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(passed=1)


def test_missing_path_is_a_usage_error(pytester: pytest.Pytester) -> None:
    """A missing --transmgmt path stops pytest with a usage error."""
    result = pytester.runpytest(*PLUGIN, "--transmgmt", "nowhere")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--transmgmt: no such file or folder: nowhere*"])


def test_cache_gives_the_same_outcome(pytester: pytest.Pytester, archive: Path) -> None:
    """--transmgmt-cache fills a result cache, and a rerun from it fails the same article."""
    planted = planted_corpus(pytester.path / "planted", clean=0)
    (archive / "broken.tei.xml").write_bytes(planted["TM501"].read_bytes())
    cache = pytester.path / "cache"
    for hits in (0, 4):
        result = pytester.runpytest(*PLUGIN, "--transmgmt", str(archive),
                                    "--transmgmt-cache", str(cache))
        result.assert_outcomes(passed=3, failed=1)
        result.stdout.fnmatch_lines(["*broken.tei.xml:*: TM501 error*source has 1244万*",
                                     f"transmgmt: {hits} of 4 articles from the cache"])

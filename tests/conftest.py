"""Shared fixtures: the conformance data in ../shared, the official TEI schema, jing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from bench._gold import shared_location

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def shared_dir() -> Path | None:
    """``../shared`` beside the repository (or $TRANSMGMT_SHARED), if present."""
    candidate = shared_location()  # one rule for tests and benchmarks
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared conformance data; tests that need it skip when it is absent."""
    path = shared_dir()
    if path is None:
        pytest.skip("../shared (conformance data: official TEI schema, gold data) is absent")
    return path


@pytest.fixture(scope="session")
def tei_all(shared: Path) -> etree.RelaxNG:
    """The official TEI P5 4.8.0 tei_all schema, compiled once per session (~6 s)."""
    path = shared / "tei" / "tei_all.rng"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.RelaxNG(etree.parse(str(path), parser))


@pytest.fixture(scope="session")
def jing(shared: Path) -> list[str]:
    """Command prefix that validates files against tei_all with the jing reference validator."""
    executable = shutil.which("jing")
    if executable is None:
        pytest.fail("jing is not installed: `apt-get install jing` (.ci/run does it)")
    return [executable, str(shared / "tei" / "tei_all.rng")]


def run_jing(command: list[str], *files: Path) -> subprocess.CompletedProcess[str]:
    """Run jing on *files*; returncode 0 means every file is valid."""
    return subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, check=False, timeout=120
    )

"""The package type-checks with mypy (configured in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_mypy_passes(tmp_path: Path) -> None:
    """`mypy transmgmt` finds no issue: the hints throughout the package are checked."""
    api = pytest.importorskip("mypy.api", reason="mypy is in the test extra")
    out, err, status = api.run(["--cache-dir", str(tmp_path / "cache"),
                                "--config-file", str(REPO / "pyproject.toml"),
                                str(REPO / "transmgmt")])
    assert status == 0, out + err
    assert out.startswith("Success")

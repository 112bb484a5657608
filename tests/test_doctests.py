"""Run the examples in every public module's docstrings."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import transmgmt

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(transmgmt.__path__, "transmgmt.")
    if not name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """Every example in the module's docstrings runs and prints what it shows."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0

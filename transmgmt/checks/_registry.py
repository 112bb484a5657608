"""The registry of checks: small uniform callables, each with a stable code.

A check is a plain function that takes a context and yields :class:`Hit` objects
(what is wrong, where); the runner turns hits into :class:`Finding` objects with the
file, line and article filled in. Checks are registered with :func:`register`, and
further checks are found through the ``transmgmt.checks`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import entry_points

import attrs

__all__ = ["CATEGORIES", "REGISTRY", "Check", "Hit", "load_plugins", "register", "selected"]

#: Check categories, in the order of their code ranges.
CATEGORIES = {
    "1": "structure", "2": "authority", "3": "language", "4": "coverage",
    "5": "numbers", "6": "terminology", "7": "typography",
}  # fmt: skip


@attrs.frozen
class Hit:
    """What a check function yields: a message and where it applies.

    Attributes:
        message: What is wrong.
        unit: Paragraph or sentence id (None for the whole article).
        severity: Overrides the check's default severity when given.
        line: Overrides the line looked up from *unit* when given.
    """

    message: str
    unit: str | None = None
    severity: str | None = None
    line: int | None = None


@attrs.frozen
class Check:
    """A registered check.

    Attributes:
        code: Stable code (``TM501``).
        name: Short name (``number-missing``).
        severity: Default severity of its findings.
        scope: ``file`` (runs on the parsed tree, also when the model cannot be read),
            ``article`` (runs on the :class:`~transmgmt.model.ArticlePair`), or
            ``corpus`` (computed by the runner over every article checked).
        summary: One line: what the check reports.
        function: The callable (None for corpus and parse-level checks).
    """

    code: str
    name: str
    severity: str
    scope: str
    summary: str
    function: Callable[..., Iterable[Hit]] | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def category(self) -> str:
        """``structure``, ``authority``, ``language``... from the code's first digit."""
        return CATEGORIES.get(self.code[2:3], "other")


#: Every known check by code, in code order once :func:`load_plugins` ran.
REGISTRY: dict[str, Check] = {}


def register(code: str, name: str, severity: str, summary: str, *, scope: str = "article"
             ) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    """Register a check function under *code* (a decorator).

    Example:
        >>> @register("TM999", "always", "info", "Example check.")
        ... def _always(ctx):
        ...     yield Hit("example")
        >>> REGISTRY.pop("TM999").name
        'always'
    """

    def decorate(function: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        if code in REGISTRY:
            msg = f"check code {code} is registered twice ({REGISTRY[code].name}, {name})"
            raise ValueError(msg)
        REGISTRY[code] = Check(code, name, severity, scope, summary, function)
        return function

    return decorate


def declare(code: str, name: str, severity: str, summary: str, *, scope: str) -> None:
    """Register a check that the runner computes itself (parse errors, corpus statistics)."""
    REGISTRY[code] = Check(code, name, severity, scope, summary)


_PLUGINS_LOADED = False


def load_plugins() -> None:
    """Import the built-in checks and the ``transmgmt.checks`` entry points, once."""
    global _PLUGINS_LOADED  # noqa: PLW0603 - one process-wide registry is the point
    if _PLUGINS_LOADED:
        return
    # Imported here, not at the top: _rules imports this module to register its checks.
    from transmgmt.checks import _rules  # noqa: F401, PLC0415

    for entry in entry_points(group="transmgmt.checks"):
        entry.load()
    _PLUGINS_LOADED = True


def _matches(code: str, patterns: Iterable[str]) -> bool:
    # "TM5" selects TM5xx, "TM501" one check, "numbers" a category.
    check = REGISTRY.get(code)
    category = check.category if check else ""
    return any(code.startswith(p.upper()) or p.lower() == category for p in patterns)


def selected(select: Iterable[str] | None, ignore: Iterable[str] | None) -> set[str]:
    """The codes to run: all (or those matching *select*) minus those matching *ignore*.

    A pattern is a code (``TM501``), a code prefix (``TM5``) or a category name
    (``numbers``).

    Raises:
        ValueError: If a pattern matches no check.

    Example:
        >>> load_plugins()
        >>> sorted(selected(["TM70"], ["TM704"]))
        ['TM701', 'TM702', 'TM703']
    """
    load_plugins()
    select = [s for s in (select or []) if s]
    ignore = [s for s in (ignore or []) if s]
    for pattern in (*select, *ignore):
        if not any(_matches(code, [pattern]) for code in REGISTRY):
            known = ", ".join(sorted(REGISTRY))
            msg = f"{pattern!r} matches no check code or category (known codes: {known})"
            raise ValueError(msg)
    codes = {c for c in REGISTRY if not select or _matches(c, select)}
    return {c for c in codes if not _matches(c, ignore)}


def iter_checks(scope: str, codes: set[str]) -> Iterator[Check]:
    """The registered checks of *scope* among *codes*, in code order."""
    for code in sorted(codes):
        check = REGISTRY[code]
        if check.scope == scope and check.function is not None:
            yield check

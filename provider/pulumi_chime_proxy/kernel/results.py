"""Check and diff outcomes as the ``pulumi.dynamic`` results the engine receives."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from pulumi.dynamic import CheckFailure, CheckResult, DiffResult

from .check import Failure
from .diff import ResourceDiff


def check_failure(failure: Failure, inputs: Collection[str], sensitive: Collection[str]) -> CheckFailure:
    """The engine's form of one failure.

    For a ``CheckFailure`` with a property the engine prints ``property <name> value
    {<the input's value>} has a problem: <reason>``, whatever the value holds (secret
    config included), and ``{<nil>}`` when the name is not a top-level input. So a
    failure keeps its property only when that is a top-level, non-sensitive input;
    otherwise the property is left empty and its path leads the reason: the engine then
    prints ``<type> resource '<name>' has a problem: <path>: <reason>``, no value.
    """
    return CheckFailure(*failure_fields(failure, inputs, sensitive))


def failure_fields(failure: Failure, inputs: Collection[str], sensitive: Collection[str],
                   name: Callable[[str], str] = str) -> tuple[str, str]:
    """(property, reason) as the engine should get them (see :func:`check_failure`);
    ``name`` spells a property path (the native provider's schema names)."""
    if failure.property in inputs and failure.property not in sensitive:
        return name(failure.property), failure.reason
    return "", f"{name(failure.property)}: {failure.reason}"


def check_result(normalized: dict[str, Any], failures: Iterable[Failure],
                 inputs: Collection[str], sensitive: Collection[str]) -> CheckResult:
    """The checked inputs and one ``CheckFailure`` per problem (see :func:`check_failure`)."""
    return CheckResult(normalized, [check_failure(f, inputs, sensitive) for f in failures])


def diff_result(diff: ResourceDiff) -> DiffResult:
    """Changes and replaces; a replacement creates the new one before deleting the old."""
    return DiffResult(changes=diff.has_changes, replaces=diff.replaces,
                      delete_before_replace=False)

"""Check and diff outcomes as the ``pulumi.dynamic`` results the engine receives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pulumi.dynamic import CheckFailure, CheckResult, DiffResult

from .check import Failure
from .diff import ResourceDiff


def check_result(normalized: dict[str, Any], failures: Iterable[Failure]) -> CheckResult:
    """The checked inputs and one ``CheckFailure`` per problem."""
    return CheckResult(normalized, [CheckFailure(f.property, f.reason) for f in failures])


def diff_result(diff: ResourceDiff) -> DiffResult:
    """Changes and replaces; a replacement creates the new one before deleting the old."""
    return DiffResult(changes=diff.has_changes, replaces=diff.replaces,
                      delete_before_replace=False)

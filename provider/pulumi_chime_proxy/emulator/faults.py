"""Fault injection: errors, latency, dropped connections and commit-then-fail.

Faults are registered through the admin surface and consulted by the gateway
once per AWS API request, after routing, so tests can exercise a client's
retries, timeouts and idempotence against a real HTTP endpoint.
"""

from __future__ import annotations

import itertools
import math
import random
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from ..servicemodel import spec
from .errors import BadRequestException

if TYPE_CHECKING:
    from typing_extensions import Unpack


class FaultEffects(TypedDict, total=False):
    """What a fault does; the admin API's ``POST /_emulator/faults`` spells each member
    in PascalCase (``LatencyMs``)."""

    error: str | None
    count: int | None
    rate: float | None
    latency_ms: float | None
    drop: bool
    commit_then_fail: bool

ANY_OPERATION = "*"
#: Longest injected latency: longer would only look like a hung test.
MAX_LATENCY_MS = 600_000.0
MAX_COUNT = 2**31 - 1


@dataclass
class Fault:
    """One registered fault. ``count`` is how many more requests it hits (None: all)."""

    fault_id: str
    operation: str
    error: str | None = None
    count: int | None = None
    rate: float | None = None
    latency_ms: float | None = None
    drop: bool = False
    commit_then_fail: bool = False


@dataclass
class FaultPlan:
    """What the faults that fired ask of one request."""

    latency_ms: float = 0.0
    error: str | None = None
    drop: bool = False
    commit_then_fail: bool = False

    @property
    def active(self) -> bool:
        return bool(self.latency_ms or self.error or self.drop or self.commit_then_fail)


class FaultInjector:
    """Thread-safe registry of faults."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._rng = rng or random.Random()

    def add(self, operation: str, **effects: Unpack[FaultEffects]) -> str:
        """Register a fault and return its id; BadRequestException if it makes no sense.

        A fault that names no effect (no error, latency, drop or commit-then-fail)
        answers ``ServiceFailureException``.
        """
        error, count, rate = effects.get("error"), effects.get("count"), effects.get("rate")
        latency_ms, drop = effects.get("latency_ms"), effects.get("drop", False)
        commit_then_fail = effects.get("commit_then_fail", False)
        if operation != ANY_OPERATION and operation not in spec.service_model().operation_names:
            raise BadRequestException(f"Operation: {operation[:60]!r} is not a chime-sdk-voice operation")
        if error is not None and error not in spec.ERROR_CODES:
            raise BadRequestException(f"Error: must be one of {', '.join(spec.ERROR_CODES)}")
        if count is not None and (
            isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT
        ):
            raise BadRequestException(f"Count: must be an integer from 1 to {MAX_COUNT}")
        if rate is not None and not _number_within(rate, 0.0, 1.0):
            raise BadRequestException("Rate: must be a number from 0.0 to 1.0")
        if latency_ms is not None and not _number_within(latency_ms, 0.0, MAX_LATENCY_MS):
            raise BadRequestException(f"LatencyMs: must be a number from 0 to {MAX_LATENCY_MS:.0f}")
        if error is None and not (latency_ms or drop or commit_then_fail):
            error = "ServiceFailureException"
        with self._lock:
            fault = Fault(
                fault_id=f"fault-{next(self._ids)}",
                operation=operation,
                error=error,
                count=count,
                rate=None if rate is None else float(rate),
                latency_ms=None if latency_ms is None else float(latency_ms),
                drop=bool(drop),
                commit_then_fail=bool(commit_then_fail),
            )
            self._faults.append(fault)
            return fault.fault_id

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def list(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def plan(self, operation: str) -> FaultPlan:
        """Fire the faults matching ``operation`` and merge their effects."""
        plan = FaultPlan()
        with self._lock:
            if not self._faults:
                return plan
            for fault in list(self._faults):
                if fault.operation not in (operation, ANY_OPERATION):
                    continue
                if fault.rate is not None and self._rng.random() >= fault.rate:
                    continue
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
                plan.latency_ms += fault.latency_ms or 0.0
                plan.error = plan.error or fault.error
                plan.drop = plan.drop or fault.drop
                plan.commit_then_fail = plan.commit_then_fail or fault.commit_then_fail
        return plan


def _number_within(value: object, low: float, high: float) -> bool:
    """A real number (not a boolean) in [low, high]; False for NaN and infinities."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        number = float(value)
    except OverflowError:
        return False
    return math.isfinite(number) and low <= number <= high

"""AWS API requests received: counts per operation and concurrency (admin ``/_emulator/calls``).

The concurrency figures say how many requests a client really kept in flight, which is
what a latency-bound refresh depends on: ``BusySeconds / ActiveSeconds`` is the mean
number in flight between the first request's arrival and the last one's answer.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any


class CallCounter:
    """Thread-safe request counter. Requests that match no operation count in Total only."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._total = 0
        self._by_operation: Counter[str] = Counter()
        self._in_flight = 0
        self._peak_in_flight = 0
        self._busy_seconds = 0.0
        self._first_start: float | None = None
        self._last_end: float | None = None

    def record(self, operation: str | None) -> None:
        with self._lock:
            self._total += 1
            if operation is not None:
                self._by_operation[operation] += 1

    def begin(self) -> float:
        """A request arrived; returns its start time, for ``end``."""
        with self._lock:
            now = self._clock()
            self._in_flight += 1
            self._peak_in_flight = max(self._peak_in_flight, self._in_flight)
            if self._first_start is None:
                self._first_start = now
            return now

    def end(self, started: float) -> None:
        """The request that ``begin`` returned ``started`` for has its answer."""
        with self._lock:
            now = self._clock()
            self._in_flight = max(0, self._in_flight - 1)
            if self._first_start is not None and started >= self._first_start:
                self._busy_seconds += now - started
                self._last_end = now

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            active = (self._last_end - self._first_start
                      if self._first_start is not None and self._last_end is not None else 0.0)
            return {
                "Total": self._total,
                "ByOperation": dict(self._by_operation),
                "InFlight": self._in_flight,
                "PeakInFlight": self._peak_in_flight,
                "BusySeconds": round(self._busy_seconds, 6),
                "ActiveSeconds": round(max(active, 0.0), 6),
            }

    def reset(self) -> None:
        """Forget counts and figures; requests still in flight keep counting as in flight
        but their time is not added (they started before the reset)."""
        with self._lock:
            self._total = 0
            self._by_operation.clear()
            self._peak_in_flight = self._in_flight
            self._busy_seconds = 0.0
            self._first_start = None
            self._last_end = None

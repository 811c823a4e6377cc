"""Counts of AWS API requests received, per operation (admin ``/_emulator/calls``)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any


class CallCounter:
    """Thread-safe request counter. Requests that match no operation count in Total only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._total = 0
        self._by_operation: Counter[str] = Counter()

    def record(self, operation: str | None) -> None:
        with self._lock:
            self._total += 1
            if operation is not None:
                self._by_operation[operation] += 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"Total": self._total, "ByOperation": dict(self._by_operation)}

    def reset(self) -> None:
        with self._lock:
            self._total = 0
            self._by_operation.clear()

"""A clock the tests control: wall time plus an offset that only moves forward.

Session expiry is computed against this clock when sessions are read, so tests
call :meth:`Clock.advance` instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from .timestamps import UTC, to_millis


class Clock:
    """``now()`` = ``source()`` + everything passed to :meth:`advance`."""

    def __init__(self, source: Callable[[], dt.datetime] | None = None) -> None:
        self._source = source or (lambda: dt.datetime.now(UTC))
        self._offset = dt.timedelta()
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        """Current emulated time, UTC, millisecond precision."""
        with self._lock:
            offset = self._offset
        return to_millis(self._source() + offset)

    def advance(self, seconds: float) -> dt.datetime:
        """Move the clock forward (never backward) and return the new time."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += dt.timedelta(seconds=seconds)
        return self.now()

    @property
    def offset_seconds(self) -> float:
        with self._lock:
            return self._offset.total_seconds()

    def set_offset(self, seconds: float) -> None:
        """Restore a saved offset (state file) or clear it (reset)."""
        with self._lock:
            self._offset = dt.timedelta(seconds=max(0.0, seconds))

"""A clock the tests control: wall time plus an offset that only moves forward.

Session expiry is computed against this clock when sessions are read, so tests
call :meth:`Clock.advance` instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Callable

from .timestamps import LATEST, UTC, to_millis


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
        """Move the clock forward (never backward, never to :data:`LATEST`) and return the new time.

        Raises ValueError, leaving the clock as it was, for a negative or non-finite
        amount or one that would reach :data:`LATEST`.
        """
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError("the clock only moves forward by a finite number of seconds")
        with self._lock:
            self._offset = self._checked_offset(self._offset.total_seconds() + seconds)
        return self.now()

    def _checked_offset(self, seconds: float) -> dt.timedelta:
        """``seconds`` as an offset, if wall time plus it stays before :data:`LATEST`."""
        room = (LATEST - self._source()).total_seconds() - 86_400  # a day of wall time to spare
        if not math.isfinite(seconds) or not 0 <= seconds <= room:
            raise ValueError(f"the clock cannot move past {LATEST.date().isoformat()}")
        return dt.timedelta(seconds=seconds)

    @property
    def offset_seconds(self) -> float:
        with self._lock:
            return self._offset.total_seconds()

    def set_offset(self, seconds: float) -> None:
        """Restore a saved offset (state file) or clear it (reset); ValueError if out of range."""
        with self._lock:
            self._offset = self._checked_offset(max(0.0, seconds))

"""The controllable clock."""

from __future__ import annotations

import datetime as dt

import pytest
from pulumi_chime_proxy.emulator.clock import Clock

START = dt.datetime(2026, 11, 23, 10, 0, 0, 123456, tzinfo=dt.timezone.utc)


def test_advance_moves_forward_only() -> None:
    clock = Clock(lambda: START)
    assert clock.now() == START.replace(microsecond=123000)
    assert clock.advance(90) - clock.now() == dt.timedelta(0)
    assert clock.now() - START.replace(microsecond=123000) == dt.timedelta(seconds=90)
    with pytest.raises(ValueError):
        clock.advance(-1)
    clock.set_offset(0)
    assert clock.offset_seconds == 0

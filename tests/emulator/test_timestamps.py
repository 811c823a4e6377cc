"""Timestamp wire formats."""

from __future__ import annotations

import datetime as dt

import pytest
from pulumi_chime_proxy.emulator.timestamps import format_iso8601, format_timestamp, parse_timestamp

UTC = dt.timezone.utc
MOMENT = dt.datetime(2026, 11, 23, 10, 0, 0, 123456, tzinfo=UTC)


def test_iso8601_has_milliseconds_and_z() -> None:
    assert format_iso8601(MOMENT) == "2026-11-23T10:00:00.123Z"
    assert format_timestamp(MOMENT, "unixTimestamp") == 1795428000.123
    assert format_timestamp(MOMENT, "rfc822") == "Mon, 23 Nov 2026 10:00:00 GMT"


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23T10:00:00.123Z",
        "2026-11-23T10:00:00.123+00:00",
        "2026-11-23T11:00:00.123+01:00",
        1795428000.123,
        "1795428000.123",
    ],
)
def test_parse_accepts_aws_forms(text: object) -> None:
    assert parse_timestamp(text) == MOMENT.replace(microsecond=123000)


def test_parse_rejects_garbage() -> None:
    for value in ("yesterday", True, None, []):
        with pytest.raises(ValueError):
            parse_timestamp(value)

"""Timestamp conversions between the wire formats of the model and ``datetime``.

All timestamps inside the emulator are timezone-aware UTC ``datetime`` values,
rounded to the millisecond that ``iso8601`` on the wire can carry.
"""

from __future__ import annotations

import datetime as dt
import email.utils

UTC = dt.timezone.utc
#: No timestamp the emulator holds is this late: the clock stops short of it, and
#: a session's deadline (creation + at most 2**31 - 1 minutes, about 4,083 years)
#: then stays below ``datetime.max``.
LATEST = dt.datetime(5000, 1, 1, tzinfo=UTC)


def to_millis(value: dt.datetime) -> dt.datetime:
    """Drop sub-millisecond precision (the wire carries milliseconds)."""
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def format_iso8601(value: dt.datetime) -> str:
    """``2026-11-23T10:00:00.000Z``: the form AWS uses for ``iso8601`` members."""
    value = to_millis(value)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def format_timestamp(value: dt.datetime, fmt: str) -> str | float:
    """Serialize ``value`` in a model ``timestampFormat``."""
    if fmt == "unixTimestamp":
        return round(to_millis(value).timestamp(), 3)
    if fmt == "rfc822":
        return email.utils.format_datetime(to_millis(value), usegmt=True)
    return format_iso8601(value)


def parse_timestamp(value: object) -> dt.datetime:
    """Parse any timestamp form AWS clients send (ISO-8601, epoch number, RFC 822).

    Raises ValueError for anything else, and for instants at or after :data:`LATEST`,
    so the caller can name the field.
    """
    try:
        parsed = _parse(value)
    except (OverflowError, OSError) as exc:  # epoch or UTC offset beyond datetime's range
        raise ValueError(f"timestamp out of range: {value!r}") from exc
    if parsed >= LATEST:
        raise ValueError(f"timestamp out of range (must be before {format_iso8601(LATEST)}): {value!r}")
    return parsed


def _parse(value: object) -> dt.datetime:
    if isinstance(value, bool):
        raise ValueError(f"not a timestamp: {value!r}")
    if isinstance(value, (int, float)):
        return to_millis(dt.datetime.fromtimestamp(value, UTC))
    if not isinstance(value, str):
        raise ValueError(f"not a timestamp: {value!r}")
    text = value.strip()
    try:
        return to_millis(dt.datetime.fromtimestamp(float(text), UTC))
    except ValueError:
        pass
    try:
        iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
        return to_millis(dt.datetime.fromisoformat(iso))
    except ValueError:
        pass
    try:
        return to_millis(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a timestamp: {value!r}") from exc

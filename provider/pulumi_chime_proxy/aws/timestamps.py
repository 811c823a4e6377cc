"""A fast parser for the ISO-8601 timestamps Chime SDK Voice answers with.

botocore's default parser goes through dateutil, a large share of the client CPU of
one GetProxySession. The service model declares its timestamps ``iso8601``; the
standard library parses that form directly. Anything else (epoch numbers, other
forms) still goes to botocore's parser, so the result is the same type either way:
an aware ``datetime``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from botocore.utils import parse_timestamp as botocore_parse_timestamp

UTC = dt.timezone.utc


def parse_timestamp(value: Any) -> dt.datetime:
    """An aware ``datetime`` (UTC when the text names no zone) for a wire timestamp."""
    if isinstance(value, str) and 19 <= len(value) <= 35 and value[10:11] == "T":
        text = value[:-1] + "+00:00" if value[-1:] in ("Z", "z") else value
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    result: dt.datetime = botocore_parse_timestamp(value)
    return result

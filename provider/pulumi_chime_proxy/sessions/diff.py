"""Which properties differ between the live session and the program, and what that costs.

Called by the engine with ``olds`` = the resource's outputs (live values after a
refresh) and ``news`` = the program's inputs, during ``up`` and during refresh
alike, so one pure function decides both "what will up do" and "what drifted".
"""

from __future__ import annotations

from typing import Any

from ..kernel.diff import ResourceDiff
from ..kernel.props import as_int, is_unknown, phone_key
from . import props


def _normalize(prop: str, value: Any) -> Any:
    if value is None:
        return None
    if prop in ("participant_phone_numbers", "capabilities") and isinstance(value, list):
        return sorted(phone_key(v) if prop == "participant_phone_numbers" else str(v)
                      for v in value)
    if prop == "expiry_minutes":
        return as_int(value)
    if prop == "name":
        return value or None  # the API may return "" for an unset name
    return value


def same_participants(live: Any, wanted: Any) -> bool:
    """Whether two participant number lists name the same people (order and ``+`` aside)."""
    return bool(_normalize("participant_phone_numbers", live)
                == _normalize("participant_phone_numbers", wanted))


def diff_session(olds: dict[str, Any], news: dict[str, Any]) -> ResourceDiff:
    """Compare live outputs with desired inputs; only properties the program sets count."""
    changed: list[str] = []
    for prop in props.API_NAMES:
        want = news.get(prop)
        if want is None:
            continue
        if is_unknown(want) or _normalize(prop, olds.get(prop)) != _normalize(prop, want):
            changed.append(prop)
    if bool(news.get(props.KEEP_CLOSED) or False) != bool(olds.get(props.KEEP_CLOSED) or False):
        changed.append(props.KEEP_CLOSED)
    adopt = news.get(props.ADOPT)
    if adopt is not None and (is_unknown(adopt) or adopt != olds.get("proxy_session_id")):
        changed.append(props.ADOPT)
    if olds.get("status") == "Closed" and not news.get(props.KEEP_CLOSED):
        changed.append("status")
    return ResourceDiff.of(changed, props.UPDATABLE)

"""Which properties differ between the live session and the program, and what that costs.

Called by the engine with ``olds`` = the resource's outputs (live values after a
refresh) and ``news`` = the program's inputs, during ``up`` and during refresh
alike, so one pure function decides both "what will up do" and "what drifted".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import props as P


@dataclass(frozen=True)
class SessionDiff:
    """The outcome for one session: changed properties and those forcing a replace."""

    changed: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.changed)


def _normalize(prop: str, value: Any) -> Any:
    if value is None:
        return None
    if prop in ("participant_phone_numbers", "capabilities") and isinstance(value, list):
        return sorted(P.phone_key(v) if prop == "participant_phone_numbers" else str(v)
                      for v in value)
    if prop == "expiry_minutes":
        return P.as_int(value)
    if prop == "name":
        return value or None  # the API may return "" for an unset name
    return value


def same_participants(live: Any, wanted: Any) -> bool:
    """Whether two participant number lists name the same people (order and ``+`` aside)."""
    return bool(_normalize("participant_phone_numbers", live)
                == _normalize("participant_phone_numbers", wanted))


def diff_session(olds: dict[str, Any], news: dict[str, Any]) -> SessionDiff:
    """Compare live outputs with desired inputs; only properties the program sets count."""
    changed: list[str] = []
    for prop in P.API_NAMES:
        want = news.get(prop)
        if want is None:
            continue
        if P.is_unknown(want) or _normalize(prop, olds.get(prop)) != _normalize(prop, want):
            changed.append(prop)
    if bool(news.get(P.KEEP_CLOSED) or False) != bool(olds.get(P.KEEP_CLOSED) or False):
        changed.append(P.KEEP_CLOSED)
    adopt = news.get(P.ADOPT)
    if adopt is not None and (P.is_unknown(adopt) or adopt != olds.get("proxy_session_id")):
        changed.append(P.ADOPT)
    if olds.get("status") == "Closed" and not news.get(P.KEEP_CLOSED):
        changed.append("status")
    replaces = [p for p in changed if p not in P.UPDATABLE]
    return SessionDiff(changed=changed, replaces=replaces)

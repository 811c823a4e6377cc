"""Which properties differ between the live proxy configuration and the program.

Called by the engine with ``olds`` = the resource's outputs (live values after a
refresh) and ``news`` = the program's inputs, during ``up`` and during refresh
alike. PutVoiceConnectorProxy replaces the whole configuration, so every input
counts, set or not: an unset ``fall_back_phone_number`` means "none", an unset
``disabled`` means ``False``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import props as P


@dataclass(frozen=True)
class ProxyDiff:
    """The outcome for one configuration: changed properties and those forcing a replace."""

    changed: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        """True when ``up`` has something to do."""
        return bool(self.changed)


def normalize(prop: str, value: Any) -> Any:
    """The comparable form of one property (order, ``+`` prefixes and defaults ignored)."""
    if prop == "disabled":
        return bool(value or False)
    if value is None or value == "":
        return None
    if prop == "phone_number_pool_countries" and isinstance(value, list):
        return sorted(set(map(str, value)))
    if prop == "default_session_expiry_minutes":
        return P.as_int(value)
    if prop == "fall_back_phone_number":
        return str(value).lstrip("+")
    return value


def diff_proxy(olds: dict[str, Any], news: dict[str, Any]) -> ProxyDiff:
    """Compare live outputs with desired inputs; a changed connector forces a replace."""
    changed = [
        prop for prop in P.INPUTS
        if P.is_unknown(news.get(prop))
        or normalize(prop, olds.get(prop)) != normalize(prop, news.get(prop))
    ]
    replaces = [p for p in changed if p not in P.UPDATABLE]
    return ProxyDiff(changed=changed, replaces=replaces)

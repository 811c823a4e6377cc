"""Which properties differ between the live proxy configuration and the program.

Called by the engine with ``olds`` = the resource's outputs (live values after a
refresh) and ``news`` = the program's inputs, during ``up`` and during refresh
alike. PutVoiceConnectorProxy replaces the whole proxy configuration, so every
input counts, set or not: an unset ``fall_back_phone_number`` means "none", an
unset ``disabled`` means ``False``.
"""

from __future__ import annotations

from typing import Any

from ..kernel.diff import ResourceDiff
from ..kernel.props import as_int, is_unknown, phone_key
from .props import INPUTS, UPDATABLE


def normalize(prop: str, value: Any) -> Any:
    """The comparable form of one property (order, ``+`` prefixes and defaults ignored)."""
    if prop == "disabled":
        return bool(value or False)
    if value is None or value == "":
        return None
    if prop == "phone_number_pool_countries" and isinstance(value, list):
        return sorted(set(map(str, value)))
    if prop == "default_session_expiry_minutes":
        return as_int(value)
    if prop == "fall_back_phone_number":
        return phone_key(value)
    return value


def diff_proxy_config(olds: dict[str, Any], news: dict[str, Any]) -> ResourceDiff:
    """Compare live outputs with desired inputs; a changed connector forces a replace."""
    changed = [
        prop for prop in INPUTS
        if is_unknown(news.get(prop))
        or normalize(prop, olds.get(prop)) != normalize(prop, news.get(prop))
    ]
    return ResourceDiff.of(changed, UPDATABLE)

"""Which properties differ between the live proxy configuration and the program.

Called by the engine with the resource's state (live values after a refresh) and the
program's inputs, during ``up`` and during refresh alike. PutVoiceConnectorProxy
replaces the whole proxy configuration, so every input counts, set or not: an unset
optional input means its default (none, or ``False``), which the live value is
compared with.
"""

from __future__ import annotations

from typing import Any

from ..kernel.diff import ResourceDiff
from ..kernel.props import is_unknown
from ..kernel.state import State
from .props import INPUTS, SPEC, UPDATABLE


def normalize(prop: str, value: Any) -> Any:
    """The comparable form of one property (order, ``+`` prefixes and defaults ignored)."""
    return SPEC.normalized(prop, value)


def diff_proxy_config(state: State, news: dict[str, Any]) -> ResourceDiff:
    """Compare the live state with desired inputs; a changed connector forces a replace."""
    olds = state.outputs
    changed = [
        prop for prop in INPUTS
        if is_unknown(news.get(prop))
        or normalize(prop, olds.get(prop)) != normalize(prop, news.get(prop))
    ]
    return ResourceDiff.of(changed, UPDATABLE)

"""Which properties differ between the live proxy configuration and the program.

Called by the engine with the resource's state (live values after a refresh) and the
program's inputs, during ``up`` and during refresh alike. PutVoiceConnectorProxy
replaces the whole proxy configuration, so every input counts, set or not: an unset
optional input means its default (none, or ``False``), which the live value is
compared with.
"""

from __future__ import annotations

from typing import Any

from .. import masking
from ..kernel.diff import ResourceDiff
from ..kernel.props import is_unknown
from ..kernel.state import State
from .props import INPUTS, SECRET_OUTPUTS, SPEC, UPDATABLE


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


def drift_inputs(state: State) -> dict[str, Any]:
    """What a read reports beside the declared inputs: each input the program left unset
    whose live value is not what unset means ("none", "enabled"), since Put would put it
    back. An undeclared fallback number is masked: the engine keeps only inputs the
    program declared secret."""
    declared = state.declared or []
    found: dict[str, Any] = {}
    for prop in INPUTS:
        live = state.outputs.get(prop)
        if prop not in declared and normalize(prop, live) != normalize(prop, None):
            found[prop] = masking.mask_value(live) if prop in SECRET_OUTPUTS else live
    return found

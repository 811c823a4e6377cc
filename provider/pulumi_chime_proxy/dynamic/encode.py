"""The core's :class:`..kernel.state.State` as a dynamic resource records it: its outputs,
and what the stack remembers in the envelope :mod:`.decode` reads. Pure functions."""

from __future__ import annotations

from typing import Any

from ..kernel.props import phone_key
from ..kernel.state import State
from .decode import ENVELOPE, LEGACY_KEYS, VERSION, Remembered


def write(outputs: dict[str, Any], remembered: Remembered) -> dict[str, Any]:
    """``outputs`` with ``remembered`` as the envelope, and no key that came before it."""
    for key in LEGACY_KEYS:
        outputs.pop(key, None)
    envelope: dict[str, Any] = {"version": VERSION, "declared": list(remembered.declared or [])}
    if remembered.accepted is not None:
        envelope["accepted"] = [[phone_key(p["phone_number"] or ""), phone_key(p["proxy_phone_number"] or "")]
                                for p in remembered.accepted]
    outputs[ENVELOPE] = envelope
    return outputs


def stored(state: State) -> dict[str, Any]:
    """The outputs a dynamic resource records for ``state``."""
    return write(dict(state.outputs), Remembered(state.declared, state.accepted))

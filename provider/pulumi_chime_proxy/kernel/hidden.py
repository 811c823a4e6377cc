"""How the dynamic resources store a :class:`.state.State`: its outputs, with what the
stack remembers (``declared``, ``accepted``) in one versioned envelope among them.

A dynamic provider's ``read`` sees only the recorded outputs, not the inputs, so what
it must carry from one call to the next lives there, under :data:`KEY` (the engine
shows no property whose name starts with ``__``). Phone numbers: the envelope of a
session is a secret in state.

Version 1 is ``{"version": 1, "declared": [...], "accepted": [[phone, proxy], ...]}``,
the numbers without ``+`` (an empty one ``""``); :func:`read` gives ``accepted`` as
:class:`.state.State` holds it, each pair a participant.
Earlier trees wrote the two as separate keys (:data:`LEGACY_KEYS`), and the first release
wrote neither: :func:`read` takes all three forms, :func:`write` writes the envelope and
drops the old keys. Pure functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .props import e164, is_unknown, phone_key
from .state import State

KEY = "__chime_proxy"
VERSION = 1
LEGACY_DECLARED = "__declared_inputs"
LEGACY_ACCEPTED = "__accepted_participants"
LEGACY_KEYS = (LEGACY_DECLARED, LEGACY_ACCEPTED)


@dataclass(frozen=True)
class Remembered:
    """The envelope's content; None where the outputs do not record it."""

    declared: list[str] | None = None
    accepted: list[dict[str, str | None]] | None = None


def _remembered(declared: Any, accepted: Any) -> Remembered:
    """What the stored values say; a value that is not a list, or not known yet, says nothing."""
    declared_known = isinstance(declared, list) and not is_unknown(declared)
    accepted_known = isinstance(accepted, list) and not is_unknown(accepted)
    return Remembered(
        [str(name) for name in declared] if declared_known else None,
        [{"phone_number": e164(phone), "proxy_phone_number": e164(proxy)} for phone, proxy in accepted]
        if accepted_known else None)


def read(outputs: Mapping[str, Any]) -> Remembered:
    """What ``outputs`` remember, from the envelope or from the keys that came before it.

    An envelope of a later version than this tree knows is refused: its meaning may
    differ, and guessing could adopt or replace the wrong thing."""
    envelope = outputs.get(KEY)
    if isinstance(envelope, Mapping):
        version = envelope.get("version")
        if version != VERSION:
            raise ValueError(f"this state was written by a newer pulumi-chime-proxy (state "
                             f"format {version}, this release reads {VERSION}): upgrade the package")
        return _remembered(envelope.get("declared"), envelope.get("accepted"))
    return _remembered(outputs.get(LEGACY_DECLARED), outputs.get(LEGACY_ACCEPTED))


def write(outputs: dict[str, Any], remembered: Remembered) -> dict[str, Any]:
    """``outputs`` with ``remembered`` as the envelope, and no key that came before it."""
    for key in LEGACY_KEYS:
        outputs.pop(key, None)
    envelope: dict[str, Any] = {"version": VERSION, "declared": list(remembered.declared or [])}
    if remembered.accepted is not None:
        envelope["accepted"] = [[phone_key(p["phone_number"] or ""), phone_key(p["proxy_phone_number"] or "")]
                                for p in remembered.accepted]
    outputs[KEY] = envelope
    return outputs


def state_of(outputs: Mapping[str, Any]) -> State:
    """The state a dynamic resource's recorded outputs hold."""
    remembered = read(outputs)
    return State({k: v for k, v in outputs.items() if k != KEY and k not in LEGACY_KEYS},
                 remembered.declared, remembered.accepted)


def stored(state: State) -> dict[str, Any]:
    """The outputs a dynamic resource records for ``state``."""
    return write(dict(state.outputs), Remembered(state.declared, state.accepted))

"""A dynamic resource's recorded outputs as the core's :class:`..kernel.state.State`: its
outputs, with what the stack remembers (``declared``, ``accepted``) in one versioned
envelope among them (:mod:`.encode` writes it).

A dynamic provider's ``read`` sees only the recorded outputs, not the inputs, so what
it must carry from one call to the next lives there, under :data:`ENVELOPE` (the engine
shows no property whose name starts with ``__``). Phone numbers: the envelope of a
session is a secret in state.

Version 1 is ``{"version": 1, "declared": [...], "accepted": [[phone, proxy], ...]}``,
the numbers without ``+`` (an empty one ``""``); :func:`remembered` gives ``accepted`` as
:class:`.state.State` holds it, each pair a participant.
Earlier trees wrote the two as separate keys (:data:`LEGACY_KEYS`), and the first release
wrote neither: :func:`remembered` takes all three forms; :func:`.encode.write` writes the
envelope and drops the old keys. Pure functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..kernel.props import e164, known_list
from ..kernel.state import State

#: The envelope's key among the outputs.
ENVELOPE = "__chime_proxy"
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
    names = known_list(declared)
    pairs = known_list(accepted)
    return Remembered(
        None if names is None else [str(name) for name in names],
        None if pairs is None else [{"phone_number": e164(phone), "proxy_phone_number": e164(proxy)}
                                    for phone, proxy in pairs])


def remembered(outputs: Mapping[str, Any]) -> Remembered:
    """What ``outputs`` remember, from the envelope or from the keys that came before it.

    An envelope of a later version than this tree knows is refused: its meaning may
    differ, and guessing could adopt or replace the wrong thing."""
    envelope = outputs.get(ENVELOPE)
    if not isinstance(envelope, Mapping):
        envelope = {"declared": outputs.get(LEGACY_DECLARED), "accepted": outputs.get(LEGACY_ACCEPTED)}
    elif envelope.get("version") != VERSION:
        raise ValueError(f"this state was written by a newer pulumi-chime-proxy (state format "
                         f"{envelope.get('version')}, this release reads {VERSION}): upgrade the package")
    return _remembered(envelope.get("declared"), envelope.get("accepted"))


def state_of(outputs: Mapping[str, Any]) -> State:
    """The state a dynamic resource's recorded outputs hold."""
    found = remembered(outputs)
    return State({k: v for k, v in outputs.items() if k != ENVELOPE and k not in LEGACY_KEYS},
                 found.declared, found.accepted)

"""A resource as the core knows it between calls, whichever front serves it.

- ``outputs``: every property's value by its spec name, nothing else;
- ``declared``: the inputs the program set, so ``read`` reports the live value of exactly
  those (:meth:`.core.Kind.observe`); None when the state does not record them;
- ``accepted`` (sessions): the participants, with their proxy numbers, that the stack
  last created, adopted, imported or updated, as the ``participants`` output spells them
  (``sessions.diff.accepted_of``); live ones that differ are drift of ``participants``.
  None when not recorded.

Each front stores the last two its own way, at its edge: the dynamic resources in one
envelope of their outputs (:mod:`..dynamic.decode`, :mod:`..dynamic.encode`), the native
provider in the engine's recorded inputs and its ``acceptedParticipants`` output
(:mod:`..native.decode`, :mod:`..native.encode`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class State:
    outputs: dict[str, Any] = field(default_factory=dict)
    declared: list[str] | None = None
    accepted: list[dict[str, str | None]] | None = None


@dataclass(frozen=True)
class Observed:
    """What one read found: the state to record, and the inputs ``read`` reports (the live
    value of each declared input: what the engine names as drift)."""

    state: State
    inputs: dict[str, Any]

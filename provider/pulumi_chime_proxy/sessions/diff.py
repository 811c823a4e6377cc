"""Which properties differ between the live session and the program, and what that costs.

Called by the engine with the resource's state (live values after a refresh) and the
program's inputs, during ``up`` and during refresh alike, so one pure function decides
both "what will up do" and "what drifted".
"""

from __future__ import annotations

from typing import Any

from .. import masking
from ..kernel.diff import ResourceDiff
from ..kernel.props import e164, is_unknown
from ..kernel.state import State
from . import props

PARTICIPANTS = "participants"
STATUS = "status"
#: Changed in place without an API call: ``up`` records the service's value (a proxy
#: number cannot be chosen, so there is nothing else to heal).
ACKNOWLEDGED = frozenset({PARTICIPANTS})


def _normalize(prop: str, value: Any) -> Any:
    return props.SPEC.normalized(prop, value)


def same_participants(live: Any, wanted: Any) -> bool:
    """Whether two participant number lists name the same people (order and ``+`` aside)."""
    return bool(_normalize("participant_phone_numbers", live)
                == _normalize("participant_phone_numbers", wanted))


def accepted_of(participants: Any) -> list[dict[str, str | None]]:
    """A ``participants`` output as a state records what the stack accepted and as it is
    compared: each number with ``+`` (an empty one None), sorted by number."""
    if not isinstance(participants, list):
        return []
    found = [{"phone_number": e164(p.get("phone_number")),
              "proxy_phone_number": e164(p.get("proxy_phone_number"))}
             for p in participants if isinstance(p, dict)]
    return sorted(found, key=lambda p: (p["phone_number"] or "", p["proxy_phone_number"] or ""))


def _participants_drift(state: State) -> tuple[bool, bool]:
    """(a participant's number changed, only a proxy number changed) against the
    participants the stack accepted: live participants that differ are drift of
    ``participants``, a participant or a proxy number (the number people dial)."""
    live_value = state.outputs.get(PARTICIPANTS)
    if state.accepted is None or is_unknown(live_value):
        return False, False
    live = accepted_of(live_value)
    accepted = accepted_of(state.accepted)
    phones_changed = [p["phone_number"] for p in accepted] != [p["phone_number"] for p in live]
    return phones_changed, not phones_changed and accepted != live


def participants_changed(state: State) -> bool:
    """Whether the live participants differ from those the stack accepted."""
    return any(_participants_drift(state))


def proxy_numbers_changed(state: State) -> bool:
    """Whether only a live proxy number differs from the one the stack accepted."""
    return _participants_drift(state)[1]


def accepted(recorded: State, live: dict[str, Any]) -> list[dict[str, str | None]]:
    """What the stack accepts after a read: what it accepted before (a read never accepts
    participants); for a state from before that was recorded, the recorded participants,
    else the live ones (a new state: a create, an update, an import)."""
    if recorded.accepted is not None:
        return recorded.accepted
    return accepted_of(recorded.outputs.get(PARTICIPANTS)) or accepted_of(live[PARTICIPANTS])


def drift_inputs(state: State) -> dict[str, Any]:
    """What a read reports beside the declared inputs: ``status`` when the session is
    Closed (and not kept), and ``participants`` when a participant or a proxy number
    changed. The engine compares secret inputs masked, so a drifted participant would go
    unnamed: ``participants`` names it, its numbers masked (the key is not a secret input)."""
    outs = state.outputs
    found: dict[str, Any] = {}
    if is_closed_drift(outs, outs.get(props.KEEP_CLOSED)):
        found[STATUS] = outs[STATUS]
    if participants_changed(state):
        found[PARTICIPANTS] = [masking.mask_value(p) for p in outs[PARTICIPANTS]]
    return found


def is_closed_drift(outputs: dict[str, Any], keep_closed: Any) -> bool:
    """A Closed session is drift unless the program keeps closed sessions."""
    return outputs.get(STATUS) == "Closed" and not keep_closed


def diff_session(state: State, news: dict[str, Any]) -> ResourceDiff:
    """Compare the live state with desired inputs; only properties the program sets count."""
    olds = state.outputs
    changed: list[str] = []
    for prop in props.API_NAMES:
        want = news.get(prop)
        if want is None:
            continue
        if is_unknown(want) or _normalize(prop, olds.get(prop)) != _normalize(prop, want):
            changed.append(prop)
    if _normalize(props.KEEP_CLOSED, news.get(props.KEEP_CLOSED)) != _normalize(
            props.KEEP_CLOSED, olds.get(props.KEEP_CLOSED)):
        changed.append(props.KEEP_CLOSED)
    adopt = news.get(props.ADOPT)
    if adopt is not None and (is_unknown(adopt) or adopt != olds.get("proxy_session_id")):
        changed.append(props.ADOPT)
    if is_closed_drift(olds, news.get(props.KEEP_CLOSED)):
        changed.append(STATUS)
    if proxy_numbers_changed(state):
        changed.append(PARTICIPANTS)
    return ResourceDiff.of(changed, props.UPDATABLE | ACKNOWLEDGED)

"""What ProxySession's read reports to the engine: live inputs, drift markers, bookkeeping."""

from __future__ import annotations

from typing import Any

from pulumi_chime_proxy.dynamic import decode, encode
from pulumi_chime_proxy.kernel.state import State
from pulumi_chime_proxy.sessions import diff
from pulumi_chime_proxy.sessions.provider import KIND

NUMBERS = ["+12065550100", "+12065550101"]


def _session(**over: Any) -> dict[str, Any]:
    return {"ProxySessionId": "p0", "VoiceConnectorId": "vc", "Status": "Open", "Capabilities": ["Voice"],
            "ExpiryMinutes": 60, "Name": "alpha",
            "Participants": [{"PhoneNumber": n, "ProxyPhoneNumber": f"+1206555990{i}"}
                             for i, n in enumerate(NUMBERS)]} | over


def applied(session: dict[str, Any], inputs: dict[str, Any]) -> State:
    return KIND.applied(session, inputs)


def refreshed(session: dict[str, Any], recorded: State) -> State:
    return KIND.observe(session, recorded).state


def reported(session: dict[str, Any], recorded: State) -> dict[str, Any]:
    """The inputs a read of ``session`` reports."""
    return KIND.observe(session, recorded).inputs


PROGRAM = {"voice_connector_id": "vc", "participant_phone_numbers": NUMBERS, "capabilities": ["Voice"],
           "name": "alpha"}


def test_read_reports_each_declared_input_live_and_nothing_undeclared() -> None:
    recorded = applied(_session(), PROGRAM)
    assert recorded.declared == sorted(PROGRAM)
    live = _session(Capabilities=["Voice", "SMS"], ExpiryMinutes=90)
    outs, inputs = refreshed(live, recorded), reported(live, recorded)
    assert inputs == PROGRAM | {"capabilities": ["Voice", "SMS"]}  # expiry not declared: not reported
    assert diff.diff_session(outs, PROGRAM).changed == ["capabilities"]


def test_a_closed_session_reports_status_unless_kept() -> None:
    recorded = applied(_session(), PROGRAM)
    closed = refreshed(_session(Status="Closed"), recorded)
    assert reported(_session(Status="Closed"), recorded)["status"] == "Closed"
    assert diff.diff_session(closed, PROGRAM).replaces == ["status"]
    keeping = PROGRAM | {"keep_closed": True}
    kept = refreshed(_session(Status="Closed"), applied(_session(), keeping))
    assert "status" not in reported(_session(Status="Closed"), applied(_session(), keeping))
    assert diff.diff_session(kept, PROGRAM | {"keep_closed": True}).changed == []


def test_a_changed_proxy_number_is_participants_drift_masked_and_updated_in_place() -> None:
    recorded = applied(_session(), PROGRAM)
    moved = _session()
    moved["Participants"][1]["ProxyPhoneNumber"] = "+12065557777"
    outs = refreshed(moved, recorded)
    assert outs.accepted == recorded.accepted  # read never accepts participants
    marker = reported(moved, recorded)["participants"]
    assert marker == [{"phone_number": "+1******00", "proxy_phone_number": "+1******00"},
                      {"phone_number": "+1******01", "proxy_phone_number": "+1******77"}]
    assert "555" not in str(marker)  # masked: this key is not a secret input
    result = diff.diff_session(outs, PROGRAM)
    assert result.changed == ["participants"] and result.replaces == []
    # a plain refresh keeps the drift: the next read starts from the refreshed outputs
    assert diff.proxy_numbers_changed(refreshed(moved, outs))
    # up accepts it: the update's outputs record the live numbers
    assert not diff.proxy_numbers_changed(applied(moved, PROGRAM))


def test_a_changed_participant_is_named_by_the_participants_marker_and_replaces() -> None:
    recorded = applied(_session(), PROGRAM)
    swapped = _session()
    swapped["Participants"][1]["PhoneNumber"] = "+12065550199"
    outs = refreshed(swapped, recorded)
    assert diff.participants_changed(outs) and not diff.proxy_numbers_changed(outs)
    assert reported(swapped, recorded)["participants"][1]["phone_number"] == "+1******99"
    result = diff.diff_session(outs, PROGRAM)
    assert result.changed == ["participant_phone_numbers"] and result.replaces == result.changed


def stored_before(state: State, **keys: Any) -> State:
    """``state`` as a release before the envelope stored it: its outputs, and ``keys``."""
    return decode.state_of(dict(state.outputs) | keys)


def test_state_from_before_the_bookkeeping_keys() -> None:
    old = stored_before(applied(_session(), PROGRAM), keep_closed=False)
    assert old.declared is None and old.accepted is None
    outs = refreshed(_session(), old)
    assert outs.accepted == [{"phone_number": "+12065550100", "proxy_phone_number": "+12065559900"},
                             {"phone_number": "+12065550101", "proxy_phone_number": "+12065559901"}]
    assert "keep_closed" not in (outs.declared or [])
    assert not diff.proxy_numbers_changed(outs)


def test_state_with_the_two_keys_of_before_the_envelope() -> None:
    """States written before the envelope carry ``__declared_inputs`` and
    ``__accepted_participants``: read takes them, and the next write replaces them."""
    applied_state = applied(_session(), PROGRAM)
    pairs = encode.stored(applied_state)[decode.ENVELOPE]["accepted"]  # as those releases wrote them
    assert pairs == [["12065550100", "12065559900"], ["12065550101", "12065559901"]]
    old = stored_before(applied_state, **{decode.LEGACY_DECLARED: applied_state.declared,
                                          decode.LEGACY_ACCEPTED: pairs})
    assert (old.declared, old.accepted) == (applied_state.declared, applied_state.accepted)
    moved = _session()
    moved["Participants"][1]["ProxyPhoneNumber"] = "+12065557777"
    outs = refreshed(moved, old)
    assert (outs.declared, outs.accepted) == (applied_state.declared, applied_state.accepted)
    written = encode.stored(outs)
    assert not set(decode.LEGACY_KEYS) & set(written) and decode.ENVELOPE in written
    assert diff.proxy_numbers_changed(outs)
    assert diff.proxy_numbers_changed(State({**old.outputs, "participants": outs.outputs["participants"]},
                                            old.declared, old.accepted))

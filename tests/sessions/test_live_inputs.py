"""What ProxySession's read reports to the engine: live inputs, drift markers, bookkeeping."""

from __future__ import annotations

from typing import Any

from pulumi_chime_proxy.kernel import hidden
from pulumi_chime_proxy.sessions import diff
from pulumi_chime_proxy.sessions.provider import applied_outputs, read_inputs, refreshed_outputs

NUMBERS = ["+12065550100", "+12065550101"]


def _session(**over: Any) -> dict[str, Any]:
    return {"ProxySessionId": "p0", "VoiceConnectorId": "vc", "Status": "Open", "Capabilities": ["Voice"],
            "ExpiryMinutes": 60, "Name": "alpha",
            "Participants": [{"PhoneNumber": n, "ProxyPhoneNumber": f"+1206555990{i}"}
                             for i, n in enumerate(NUMBERS)]} | over


PROGRAM = {"voice_connector_id": "vc", "participant_phone_numbers": NUMBERS, "capabilities": ["Voice"],
           "name": "alpha"}


def test_read_reports_each_declared_input_live_and_nothing_undeclared() -> None:
    recorded = applied_outputs(_session(), PROGRAM)
    assert hidden.read(recorded).declared == sorted(PROGRAM)
    outs = refreshed_outputs(_session(Capabilities=["Voice", "SMS"], ExpiryMinutes=90), recorded)
    inputs = read_inputs(outs)
    assert inputs == PROGRAM | {"capabilities": ["Voice", "SMS"]}  # expiry not declared: not reported
    assert diff.diff_session(outs, PROGRAM).changed == ["capabilities"]


def test_a_closed_session_reports_status_unless_kept() -> None:
    recorded = applied_outputs(_session(), PROGRAM)
    closed = refreshed_outputs(_session(Status="Closed"), recorded)
    assert read_inputs(closed)["status"] == "Closed"
    assert diff.diff_session(closed, PROGRAM).replaces == ["status"]
    keeping = PROGRAM | {"keep_closed": True}
    kept = refreshed_outputs(_session(Status="Closed"), applied_outputs(_session(), keeping))
    assert "status" not in read_inputs(kept)
    assert diff.diff_session(kept, PROGRAM | {"keep_closed": True}).changed == []


def test_a_changed_proxy_number_is_participants_drift_masked_and_updated_in_place() -> None:
    recorded = applied_outputs(_session(), PROGRAM)
    moved = _session()
    moved["Participants"][1]["ProxyPhoneNumber"] = "+12065557777"
    outs = refreshed_outputs(moved, recorded)
    assert hidden.read(outs).accepted == hidden.read(recorded).accepted  # read never accepts participants
    marker = read_inputs(outs)["participants"]
    assert marker == [{"phone_number": "+1******00", "proxy_phone_number": "+1******00"},
                      {"phone_number": "+1******01", "proxy_phone_number": "+1******77"}]
    assert "555" not in str(marker)  # masked: this key is not a secret input
    result = diff.diff_session(outs, PROGRAM)
    assert result.changed == ["participants"] and result.replaces == []
    # a plain refresh keeps the drift: the next read starts from the refreshed outputs
    assert diff.proxy_numbers_changed(refreshed_outputs(moved, outs))
    # up accepts it: the update's outputs record the live numbers
    assert not diff.proxy_numbers_changed(applied_outputs(moved, PROGRAM))


def test_a_changed_participant_is_named_by_the_participants_marker_and_replaces() -> None:
    recorded = applied_outputs(_session(), PROGRAM)
    swapped = _session()
    swapped["Participants"][1]["PhoneNumber"] = "+12065550199"
    outs = refreshed_outputs(swapped, recorded)
    assert diff.participants_changed(outs) and not diff.proxy_numbers_changed(outs)
    assert read_inputs(outs)["participants"][1]["phone_number"] == "+1******99"
    result = diff.diff_session(outs, PROGRAM)
    assert result.changed == ["participant_phone_numbers"] and result.replaces == result.changed


def test_state_from_before_the_bookkeeping_keys() -> None:
    old = {k: v for k, v in applied_outputs(_session(), PROGRAM).items() if not k.startswith("__")}
    old["keep_closed"] = False
    outs = refreshed_outputs(_session(), old)
    assert hidden.read(outs).accepted == [["12065550100", "12065559900"], ["12065550101", "12065559901"]]
    assert "keep_closed" not in (hidden.read(outs).declared or [])
    assert not diff.proxy_numbers_changed(outs)


def test_state_with_the_two_keys_of_before_the_envelope() -> None:
    """States written before the envelope carry ``__declared_inputs`` and
    ``__accepted_participants``: read takes them, and the next write replaces them."""
    remembered = hidden.read(applied_outputs(_session(), PROGRAM))
    old = {k: v for k, v in applied_outputs(_session(), PROGRAM).items() if not k.startswith("__")}
    old |= {hidden.LEGACY_DECLARED: remembered.declared, hidden.LEGACY_ACCEPTED: remembered.accepted}
    moved = _session()
    moved["Participants"][1]["ProxyPhoneNumber"] = "+12065557777"
    outs = refreshed_outputs(moved, old)
    assert hidden.read(outs) == remembered
    assert not set(hidden.LEGACY_KEYS) & set(outs)
    assert diff.proxy_numbers_changed(outs)
    assert diff.proxy_numbers_changed(old | {"participants": outs["participants"]})

"""diff: live outputs against desired inputs, for up and for refresh alike."""

from __future__ import annotations

from typing import Any

from pulumi.runtime.rpc import UNKNOWN
from pulumi_chime_proxy.kernel.diff import ResourceDiff
from pulumi_chime_proxy.kernel.state import State
from pulumi_chime_proxy.sessions import diff

INPUTS: dict[str, Any] = {
    "voice_connector_id": "abcdefghij0123456789ab",
    "participant_phone_numbers": ["+12065550100", "+12065550101"],
    "capabilities": ["Voice", "SMS"],
    "expiry_minutes": 60,
}
def diff_session(live: dict[str, Any], inputs: dict[str, Any]) -> ResourceDiff:
    return diff.diff_session(State(live), inputs)


LIVE: dict[str, Any] = {
    **INPUTS,
    "participant_phone_numbers": ["+12065550101", "+12065550100"],  # order is not drift
    "capabilities": ["SMS", "Voice"],
    "expiry_minutes": 60.0,  # numbers come back as floats
    "status": "Open",
    "proxy_session_id": "ps1",
    "name": "",  # unset name reads back empty
    "number_selection_behavior": "PreferSticky",  # defaults the program did not set
}


def test_no_changes_when_live_matches() -> None:
    result = diff_session(LIVE, INPUTS)
    assert result.changed == [] and not result.has_changes


def test_capabilities_and_expiry_update_in_place() -> None:
    result = diff_session({**LIVE, "capabilities": ["Voice"], "expiry_minutes": 90}, INPUTS)
    assert result.changed == ["capabilities", "expiry_minutes"]
    assert result.replaces == []


def test_participants_force_replace() -> None:
    live = {**LIVE, "participant_phone_numbers": ["+12065550100", "+12065559999"]}
    assert diff_session(live, INPUTS).replaces == ["participant_phone_numbers"]


def test_other_inputs_force_replace() -> None:
    wants = {**INPUTS, "name": "Ride 1", "number_selection_behavior": "AvoidSticky",
             "geo_match_level": "Country", "geo_match_params": {"country": "US", "area_code": "206"}}
    assert set(diff_session(LIVE, wants).replaces) == {
        "name", "number_selection_behavior", "geo_match_level", "geo_match_params"}


def test_closed_session_is_replaced_unless_kept() -> None:
    closed = {**LIVE, "status": "Closed"}
    assert diff_session(closed, INPUTS).replaces == ["status"]
    kept = diff_session({**closed, "keep_closed": True}, {**INPUTS, "keep_closed": True})
    assert kept.changed == []


def test_in_progress_is_not_drift() -> None:
    assert diff_session({**LIVE, "status": "InProgress"}, INPUTS).changed == []


def test_unknown_inputs_during_preview() -> None:
    result = diff_session(LIVE, {**INPUTS, "participant_phone_numbers": UNKNOWN,
                                 "expiry_minutes": UNKNOWN})
    assert result.replaces == ["participant_phone_numbers"]
    assert "expiry_minutes" in result.changed


def test_adopting_another_session_replaces() -> None:
    assert diff_session(LIVE, {**INPUTS, "adopt_proxy_session_id": "ps1"}).changed == []
    assert diff_session(LIVE, {**INPUTS, "adopt_proxy_session_id": "ps2"}).replaces == [
        "adopt_proxy_session_id"]

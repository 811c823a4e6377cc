"""check: every rule names the property, never echoes a secret, and calls no API."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.runtime.rpc import UNKNOWN
from pulumi_chime_proxy.sessions.check import check_inputs

VC = "abcdefghij0123456789ab"
GOOD: dict[str, Any] = {
    "voice_connector_id": VC,
    "participant_phone_numbers": ["+12065550100", "+12065550101"],
    "capabilities": ["Voice", "SMS"],
}


def failures(**changes: Any) -> dict[str, str]:
    _, found = check_inputs({**GOOD, **changes})
    return {f.property: f.reason for f in found}


def test_valid_inputs_pass_and_numbers_become_ints() -> None:
    normalized, found = check_inputs({**GOOD, "expiry_minutes": 60.0, "name": "Ride 42"})
    assert found == []
    assert normalized["expiry_minutes"] == 60 and isinstance(normalized["expiry_minutes"], int)


@pytest.mark.parametrize(
    ("changes", "prop", "rule"),
    [
        ({"participant_phone_numbers": ["+12065550100"]}, "participant_phone_numbers", "exactly 2"),
        ({"participant_phone_numbers": ["+12065550100"] * 3}, "participant_phone_numbers",
         "exactly 2"),
        ({"participant_phone_numbers": ["+12065550100", "12065550100"]},
         "participant_phone_numbers", "different"),
        ({"participant_phone_numbers": ["+12065550100", "+0123"]},
         "participant_phone_numbers[1]", "pattern"),
        ({"capabilities": ["Voice", "Fax"]}, "capabilities[1]", "Voice, SMS"),
        ({"capabilities": []}, "capabilities", "at least one"),
        ({"capabilities": ["SMS", "SMS"]}, "capabilities", "repeat"),
        ({"name": "no-dashes-allowed"}, "name", "pattern"),
        ({"name": "x" * 31}, "name", "pattern"),
        ({"expiry_minutes": 0}, "expiry_minutes", "at least 1"),
        ({"expiry_minutes": 1.5}, "expiry_minutes", "whole number"),
        ({"number_selection_behavior": "Sticky"}, "number_selection_behavior", "PreferSticky"),
        ({"geo_match_level": "City", "geo_match_params": {"country": "US", "area_code": "206"}},
         "geo_match_level", "Country, AreaCode"),
        ({"geo_match_level": "AreaCode"}, "geo_match_params", "required"),
        ({"geo_match_params": {"country": "US", "area_code": "206"}}, "geo_match_level",
         "required"),
        ({"geo_match_level": "AreaCode", "geo_match_params": {"country": "USA", "area_code": "206"}},
         "geo_match_params.country", "pattern"),
        ({"geo_match_level": "AreaCode", "geo_match_params": {"country": "US"}},
         "geo_match_params.area_code", "required"),
        ({"voice_connector_id": "Not A Connector"}, "voice_connector_id", "pattern"),
        ({"voice_connector_id": None}, "voice_connector_id", "required"),
        ({"keep_closed": "yes"}, "keep_closed", "true or false"),
        ({"adopt_proxy_session_id": "  "}, "adopt_proxy_session_id", "proxy session id"),
    ],
)
def test_each_rule_names_property_and_rule(changes: dict[str, Any], prop: str, rule: str) -> None:
    found = failures(**changes)
    assert prop in found, found
    assert rule in found[prop]


def test_secrets_are_not_echoed_in_failures() -> None:
    found = failures(participant_phone_numbers=["+12065550100", "+1206555abcd"], name="secret-name!")
    text = " ".join(found.values())
    assert "+1206555abcd" not in text and "secret-name!" not in text


def test_unknown_values_are_not_judged_during_preview() -> None:
    assert failures(voice_connector_id=UNKNOWN, participant_phone_numbers=[UNKNOWN, "+12065550101"],
                    name=UNKNOWN) == {}

"""What VoiceConnectorProxy's read reports to the engine: live inputs, never a clear number."""

from __future__ import annotations

from typing import Any

from pulumi_chime_proxy.proxy_config.provider import KIND

PROGRAM = {"voice_connector_id": "vc", "default_session_expiry_minutes": 60,
           "phone_number_pool_countries": ["US"]}
LIVE = {"VoiceConnectorId": "vc", "DefaultSessionExpiryMinutes": 60, "PhoneNumberCountries": ["US"],
        "Disabled": False}


def reported(live: dict[str, Any], program: dict[str, Any]) -> dict[str, Any]:
    """The inputs a read of ``live`` reports for a stack that applied ``program``."""
    return KIND.observe(live, KIND.applied(live, program)).inputs


def test_declared_inputs_live_and_undeclared_defaults_not_reported() -> None:
    assert KIND.applied(LIVE, PROGRAM).declared == sorted(PROGRAM)
    assert reported(LIVE, PROGRAM) == PROGRAM


def test_undeclared_fallback_and_disabled_are_reported_when_set_out_of_band() -> None:
    inputs = reported(LIVE | {"FallBackPhoneNumber": "+12065551234", "Disabled": True}, PROGRAM)
    assert inputs["disabled"] is True
    assert inputs["fall_back_phone_number"] == "+1******34"  # not a secret input: masked


def test_a_declared_fallback_is_reported_as_is_the_engine_keeps_it_secret() -> None:
    program = PROGRAM | {"fall_back_phone_number": "+12065551234"}
    assert reported(LIVE | {"FallBackPhoneNumber": "+12065550000"}, program)["fall_back_phone_number"] == (
        "+12065550000")

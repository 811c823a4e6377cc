"""Native resources' states as the gate reads them: schema names to the spec's, the
accepted participants to the envelope the adapters read, and findings back in schema
names (what the engine's plan says)."""

from __future__ import annotations

from pulumi_chime_proxy.drift import native
from pulumi_chime_proxy.drift.report import MASKED, PropertyDrift, ResourceFinding
from pulumi_chime_proxy.dynamic import decode

SESSION = "chime-proxy:index:ProxySession"
SECRET_SIG = "4dabf18193072939515e22adb298388d"


def test_outputs_take_the_spec_names_and_the_envelope() -> None:
    state = {"voiceConnectorId": "vc", "expiryMinutes": 60,
             "participants": {SECRET_SIG: "1b47061264138c4ac30d75fd1eb44270",
                              "value": [{"phoneNumber": "+12065550100", "proxyPhoneNumber": "+12065550199"}]},
             "acceptedParticipants": [{"phoneNumber": "+12065550100", "proxyPhoneNumber": "+12065550199"}]}
    shaped = native.dynamic_shape(SESSION, state)
    assert shaped is not None
    assert shaped["voice_connector_id"] == "vc" and shaped["expiry_minutes"] == 60
    participants = [{"phone_number": "+12065550100", "proxy_phone_number": "+12065550199"}]
    assert shaped["participants"] == participants
    assert decode.remembered(shaped).accepted == participants
    assert "acceptedParticipants" not in shaped and "accepted_participants" not in shaped


def test_masked_accepted_participants_mask_the_envelope() -> None:
    shaped = native.dynamic_shape(SESSION, {"acceptedParticipants": {SECRET_SIG: "x"}})
    assert shaped == {decode.ENVELOPE: MASKED}


def test_engine_keys_and_findings_round_trip_schema_names() -> None:
    assert native.spec_keys(SESSION, ["expiryMinutes", "capabilities", "other"]) == [
        "expiry_minutes", "capabilities", "other"]
    finding = ResourceFinding(resource="r", urn="u", type=SESSION, kind="ProxySession", id="vc/ps",
                              op="update", state="drifted",
                              changes=(PropertyDrift("expiry_minutes", 60, 30),))
    assert [c.property for c in native.schema_named(finding).changes] == ["expiryMinutes"]
    dynamic = ResourceFinding(resource="r", urn="u", type="pulumi-python:dynamic/chime:ProxySession",
                              kind="ProxySession", id="ps", op="update", state="drifted",
                              changes=(PropertyDrift("expiry_minutes", 60, 30),))
    assert native.schema_named(dynamic) == dynamic

"""Server-side constraint checks and their messages."""

from __future__ import annotations

import datetime as dt

import pytest
from pulumi_chime_proxy.emulator.errors import BadRequestException
from pulumi_chime_proxy.emulator.validator import check, compile_pattern, validate
from pulumi_chime_proxy.servicemodel import spec

CREATE = spec.operation("CreateProxySession").input_shape
VALID = {
    "VoiceConnectorId": "abcdefghijklmnopqrstuv",
    "ParticipantPhoneNumbers": ["+12065550100", "+12065550101"],
    "Capabilities": ["Voice"],
}


def problems(**changes: object) -> list[str]:
    params = {**VALID, **changes}
    return check(CREATE, {k: v for k, v in params.items() if v is not None}, "")


def test_valid_input_has_no_problems() -> None:
    assert problems() == []
    validate(CREATE, dict(VALID))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"Capabilities": None}, "Capabilities: is required (required)"),
        (
            {"ParticipantPhoneNumbers": ["+12065550100"]},
            "ParticipantPhoneNumbers: must have at least 2 items (min)",
        ),
        (
            {"ParticipantPhoneNumbers": ["+12065550100"] * 3},
            "ParticipantPhoneNumbers: must have at most 2 items (max)",
        ),
        (
            {"ParticipantPhoneNumbers": ["+1abc", "+12065550100"]},
            r"ParticipantPhoneNumbers[0]: value does not match pattern ^\+?[1-9]\d{1,14}$",
        ),
        (
            {"ParticipantPhoneNumbers": ["+12065550100\n", "+12065550101"]},
            "ParticipantPhoneNumbers[0]: value does not match pattern",
        ),
        ({"Capabilities": ["Fax"]}, "Capabilities[0]: 'Fax' is not one of Voice, SMS (enum)"),
        ({"ExpiryMinutes": 0}, "ExpiryMinutes: must be at least 1 (min)"),
        (
            {"ExpiryMinutes": 2**31},
            "ExpiryMinutes: must be between -2147483648 and 2147483647 (32-bit integer)",
        ),
        ({"ExpiryMinutes": "5"}, "ExpiryMinutes: expected integer, got str (type)"),
        ({"ExpiryMinutes": True}, "ExpiryMinutes: expected integer, got bool (type)"),
        ({"GeoMatchParams": {"Country": "US"}}, "GeoMatchParams.AreaCode: is required (required)"),
        ({"GeoMatchParams": "US"}, "GeoMatchParams: expected object, got str (type)"),
        ({"Capabilities": "Voice"}, "Capabilities: expected list, got str (type)"),
    ],
)
def test_rule_messages_name_path_and_rule(changes: dict[str, object], expected: str) -> None:
    assert any(expected in problem for problem in problems(**changes))


def test_all_problems_reported_together() -> None:
    with pytest.raises(BadRequestException) as exc:
        validate(CREATE, {"VoiceConnectorId": "abcdefghijklmnopqrstuv", "Capabilities": ["X", "Y"]})
    message = exc.value.message
    assert "ParticipantPhoneNumbers: is required" in message
    assert "Capabilities[0]" in message and "Capabilities[1]" in message


def test_string_max_length_and_integer_max() -> None:
    put = spec.operation("CreateVoiceConnector").input_shape
    out = check(put, {"Name": "n" * 257, "RequireEncryption": True}, "")
    assert out == ["Name: must have at most 256 characters (max)"]
    listing = spec.operation("ListProxySessions").input_shape
    assert check(listing, {"VoiceConnectorId": "a" * 22, "MaxResults": 101}, "") == [
        "MaxResults: must be at most 100 (max)"
    ]


def test_timestamp_and_boolean_types() -> None:
    shape = spec.service_model().shape_for("ProxySession")
    assert check(shape, {"CreatedTimestamp": dt.datetime.now(dt.timezone.utc)}, "") == []
    assert check(shape, {"CreatedTimestamp": "yesterday"}, "") == [
        "CreatedTimestamp: expected timestamp, got str (type)"
    ]


def test_patterns_are_unanchored_ecma() -> None:
    assert compile_pattern(".*\\S.*").search("  x ")
    assert compile_pattern("^[0-9]{3}$").search("206\n") is None
    assert compile_pattern("[$]").search("$")
    assert compile_pattern("^\\d$").search("\u0663") is None  # ASCII digits only

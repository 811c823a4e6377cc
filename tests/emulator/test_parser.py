"""Request parsing: botocore serializes, our parser must recover the same parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi_chime_proxy.emulator import parser
from pulumi_chime_proxy.emulator.errors import BadRequestException
from pulumi_chime_proxy.emulator.router import default_router
from pulumi_chime_proxy.servicemodel import spec

from .wire import to_http

VC = "abcdefghijklmnopqrstuv"
PS = "session-1"

ROUND_TRIPS: list[tuple[str, dict[str, Any]]] = [
    (
        "CreateVoiceConnector",
        {
            "Name": "n",
            "RequireEncryption": True,
            "AwsRegion": "us-west-2",
            "Tags": [{"Key": "k", "Value": "v"}],
        },
    ),
    ("GetVoiceConnector", {"VoiceConnectorId": VC}),
    ("ListVoiceConnectors", {"MaxResults": 7, "NextToken": "abc=="}),
    ("UpdateVoiceConnector", {"VoiceConnectorId": VC, "Name": "n", "RequireEncryption": False}),
    ("DeleteVoiceConnector", {"VoiceConnectorId": VC}),
    (
        "PutVoiceConnectorProxy",
        {
            "VoiceConnectorId": VC,
            "DefaultSessionExpiryMinutes": 5,
            "PhoneNumberPoolCountries": ["US"],
            "Disabled": False,
            "FallBackPhoneNumber": "+12065550100",
        },
    ),
    ("GetVoiceConnectorProxy", {"VoiceConnectorId": VC}),
    ("DeleteVoiceConnectorProxy", {"VoiceConnectorId": VC}),
    (
        "CreateProxySession",
        {
            "VoiceConnectorId": VC,
            "ParticipantPhoneNumbers": ["+12065550100", "+12065550101"],
            "Name": "n",
            "ExpiryMinutes": 3,
            "Capabilities": ["Voice", "SMS"],
            "NumberSelectionBehavior": "AvoidSticky",
            "GeoMatchLevel": "AreaCode",
            "GeoMatchParams": {"Country": "US", "AreaCode": "206"},
        },
    ),
    ("GetProxySession", {"VoiceConnectorId": VC, "ProxySessionId": PS}),
    (
        "ListProxySessions",
        {"VoiceConnectorId": VC, "Status": "Closed", "MaxResults": 3, "NextToken": "t"},
    ),
    (
        "UpdateProxySession",
        {"VoiceConnectorId": VC, "ProxySessionId": PS, "Capabilities": ["SMS"], "ExpiryMinutes": 9},
    ),
    ("DeleteProxySession", {"VoiceConnectorId": VC, "ProxySessionId": PS}),
    (
        "GetVoiceToneAnalysisTask",
        {"VoiceConnectorId": VC, "VoiceToneAnalysisTaskId": "t", "IsCaller": False},
    ),
    ("SearchAvailablePhoneNumbers", {"AreaCode": "206", "MaxResults": 2}),
]


def parse(name: str, params: dict[str, Any]) -> dict[str, Any]:
    operation = spec.operation(name)
    request = to_http(operation, params)
    match = default_router().match(request.method, request.path, request.query)
    assert match is not None and match.operation.name == name
    return parser.parse_request(operation, match.labels, request.query, request.headers, request.body)


@pytest.mark.parametrize(("name", "params"), ROUND_TRIPS, ids=[n for n, _ in ROUND_TRIPS])
def test_botocore_request_round_trips(name: str, params: dict[str, Any]) -> None:
    assert parse(name, params) == params


@settings(max_examples=60, deadline=None)
@given(
    vc=st.text(min_size=1, max_size=30).filter(lambda s: s not in (".", "..")),
    name=st.text(max_size=40),
    expiry=st.integers(min_value=-(2**31), max_value=2**31 - 1),
    numbers=st.lists(st.text(max_size=16), max_size=4),
)
def test_create_proxy_session_round_trips_any_values(
    vc: str, name: str, expiry: int, numbers: list[str]
) -> None:
    params = {
        "VoiceConnectorId": vc,
        "Name": name,
        "ExpiryMinutes": expiry,
        "ParticipantPhoneNumbers": numbers,
        "Capabilities": ["Voice"],
    }
    assert parse("CreateProxySession", params) == params


def test_querystring_integer_is_coerced_and_checked() -> None:
    operation = spec.operation("ListProxySessions")
    labels = {"voiceConnectorId": VC}
    assert parser.parse_request(operation, labels, {"max-results": ["12"]}, {}, b"") == {
        "VoiceConnectorId": VC,
        "MaxResults": 12,
    }
    with pytest.raises(BadRequestException, match=r"MaxResults: expected integer, got 'x'"):
        parser.parse_request(operation, labels, {"max-results": ["x"]}, {}, b"")


def test_malformed_json_is_bad_request() -> None:
    operation = spec.operation("CreateProxySession")
    with pytest.raises(BadRequestException, match="Malformed JSON"):
        parser.parse_request(operation, {"voiceConnectorId": VC}, {}, {}, b"{nope")
    with pytest.raises(BadRequestException, match="JSON object"):
        parser.parse_request(operation, {"voiceConnectorId": VC}, {}, {}, b"[1]")


def test_body_timestamps_and_nulls() -> None:
    shape = spec.service_model().shape_for("ProxySession")
    values = parser.from_json(
        shape,
        {
            "CreatedTimestamp": "2026-11-23T10:00:00.000Z",
            "EndedTimestamp": None,
            "Name": None,
            "ExpiryMinutes": 5,
        },
        "ProxySession",
    )
    assert values == {
        "CreatedTimestamp": dt.datetime(2026, 11, 23, 10, tzinfo=dt.timezone.utc),
        "ExpiryMinutes": 5,
    }

"""Response serialization: what we write must parse back through botocore."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import botocore.parsers
import pytest
from botocore.model import OperationModel
from pulumi_chime_proxy.emulator.errors import ServiceError
from pulumi_chime_proxy.emulator.http_types import HttpResponse
from pulumi_chime_proxy.emulator.serializer import serialize_error, serialize_result, to_json
from pulumi_chime_proxy.servicemodel import spec

UTC = dt.timezone.utc
SESSION = {
    "VoiceConnectorId": "abcdefghijklmnopqrstuv",
    "ProxySessionId": "ps1",
    "Name": "n",
    "Status": "Closed",
    "ExpiryMinutes": 60,
    "Capabilities": ["Voice", "SMS"],
    "CreatedTimestamp": dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
    "UpdatedTimestamp": dt.datetime(2026, 11, 23, 10, 5, 0, 123000, tzinfo=UTC),
    "EndedTimestamp": dt.datetime(2026, 11, 23, 11, 0, tzinfo=UTC),
    "Participants": [
        {"PhoneNumber": "+12065550100", "ProxyPhoneNumber": "+12065550000"},
        {"PhoneNumber": "+14255550101", "ProxyPhoneNumber": "+12065550001"},
    ],
    "NumberSelectionBehavior": "PreferSticky",
    "GeoMatchLevel": "Country",
    "GeoMatchParams": {"Country": "US", "AreaCode": "206"},
}


def botocore_parse(operation: OperationModel, response: HttpResponse) -> dict[str, Any]:
    parser = botocore.parsers.create_parser("rest-json")
    wire = {
        "status_code": response.status,
        "headers": {k.lower(): v for k, v in response.headers.items()},
        "body": response.body,
    }
    return dict(parser.parse(wire, operation.output_shape))


@pytest.mark.parametrize("code", spec.ERROR_CODES)
def test_error_shapes_parse_back(code: str) -> None:
    response = serialize_error(ServiceError(f"something about {code}", code=code))
    assert response.status == spec.error_status(code)
    assert response.headers["x-amzn-ErrorType"] == code
    assert json.loads(response.body) == {
        "Code": code,
        "Message": f"something about {code}",
        "__type": code,
    }
    parsed = botocore_parse(spec.operation("GetProxySession"), response)
    assert parsed["Error"]["Code"] == code
    assert parsed["Error"]["Message"] == f"something about {code}"


def test_error_statuses_come_from_the_model() -> None:
    assert {code: spec.error_status(code) for code in spec.ERROR_CODES} == {
        "BadRequestException": 400,
        "UnauthorizedClientException": 401,
        "ForbiddenException": 403,
        "NotFoundException": 404,
        "ThrottledClientException": 429,
        "ServiceFailureException": 500,
        "ServiceUnavailableException": 503,
    }


def test_get_proxy_session_parses_back_to_the_same_values() -> None:
    operation = spec.operation("GetProxySession")
    response = serialize_result(operation, {"ProxySession": SESSION, "Ignored": 1})
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/json"
    body = json.loads(response.body)
    assert set(body) == {"ProxySession"}
    assert body["ProxySession"]["UpdatedTimestamp"] == "2026-11-23T10:05:00.123Z"
    parsed = botocore_parse(operation, response)
    assert parsed["ProxySession"] == SESSION


def test_only_modeled_members_are_written() -> None:
    shape = spec.service_model().shape_for("ProxySession")
    assert to_json(shape, {"ProxySessionId": "x", "Secret": "y", "Name": None}) == {"ProxySessionId": "x"}


def test_response_codes_from_the_model() -> None:
    create = serialize_result(spec.operation("CreateProxySession"), {"ProxySession": SESSION})
    assert create.status == 201
    deleted = serialize_result(spec.operation("DeleteProxySession"), None)
    assert (deleted.status, deleted.body) == (204, b"")
    put = serialize_result(spec.operation("PutVoiceConnectorProxy"), {"Proxy": {}})
    assert put.status == 200  # no responseCode in the model: the default

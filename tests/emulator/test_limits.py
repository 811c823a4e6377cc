"""Values the model's types cannot hold, and malformed admin values: always a JSON
400, never a 500 or a dropped connection, and never a change to state.

Property-based (Hypothesis) over the class: integers of any size for 32-bit
members, clock moves of any size (NaN, infinities, 3e11), timestamps past what
the emulator can do arithmetic on, and arbitrary JSON in every admin field.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import socket
from typing import Any
from urllib.parse import quote, urlsplit

import botocore.session
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi_chime_proxy.emulator import timestamps
from pulumi_chime_proxy.emulator.clock import Clock
from pulumi_chime_proxy.emulator.testing import RunningEmulator

from .test_api import PAIR

FIXTURES = [HealthCheck.function_scoped_fixture]
_MAX_RESULTS = (
    botocore.session.get_session()
    .get_service_model("chime-sdk-voice")
    .operation_model("ListProxySessions")
    .input_shape.members["MaxResults"]
    .metadata
)
LIST_MAX_RESULTS = (_MAX_RESULTS.get("min", 1), _MAX_RESULTS.get("max", 2**31 - 1))
INT32 = (-(2**31), 2**31 - 1)
ANY_INT = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([0, 1, 2**31 - 1, 2**31, 2**32, 2**63 - 1, 2**63, 2**64, -(2**31) - 1]),
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**90), max_value=2**90)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def status_of(call: Any) -> int:
    try:
        return int(call()["ResponseMetadata"]["HTTPStatusCode"])
    except ClientError as exc:
        return int(exc.response["ResponseMetadata"]["HTTPStatusCode"])


def without_clock(state: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in state.items() if k != "Clock"}


def raw_admin(emulator: RunningEmulator, method: str, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
    """A request as any HTTP client could send it: must get a JSON answer."""
    parts = urlsplit(emulator.endpoint_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


# ------------------------------------------------------------------ integers
@pytest.fixture(scope="module")
def unvalidated(_emulator_server: RunningEmulator) -> Any:
    """A boto3 client that sends whatever it is given (no client-side validation)."""
    return _emulator_server.client(parameter_validation=False)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(expiry=ANY_INT)
def test_expiry_minutes_is_a_32_bit_integer_on_create_and_update(
    unvalidated: Any, emulator: RunningEmulator, voice_connector_id: str, expiry: int
) -> None:
    """botocore checks only the minimum: the server must refuse what does not fit."""
    client = unvalidated
    holds = 1 <= expiry <= INT32[1]
    before = without_clock(emulator.admin.state())
    status = status_of(
        lambda: client.create_proxy_session(
            VoiceConnectorId=voice_connector_id,
            ParticipantPhoneNumbers=PAIR,
            Capabilities=["Voice"],
            ExpiryMinutes=expiry,
            NumberSelectionBehavior="AvoidSticky",
        )
    )
    assert status == (201 if holds else 400)
    if not holds:
        assert without_clock(emulator.admin.state()) == before
        return
    session = emulator.admin.state()["ProxySessions"][-1]
    ids = {"VoiceConnectorId": voice_connector_id, "ProxySessionId": session["ProxySessionId"]}
    assert (
        status_of(lambda: client.update_proxy_session(**ids, Capabilities=["SMS"], ExpiryMinutes=expiry))
        == 201
    )
    assert status_of(lambda: client.get_proxy_session(**ids)) == 200
    assert status_of(lambda: client.delete_proxy_session(**ids)) == 204


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURES)
@given(
    value=st.one_of(
        ANY_INT.map(str), st.sampled_from(["1_0", " 5", "+5", "\u0663", "5.0", "0x10", "1e3", ""])
    )
)
def test_integer_query_parameters_hold_32_bits_and_decimal_digits_only(
    emulator: RunningEmulator, voice_connector_id: str, value: str
) -> None:
    parts = urlsplit(emulator.endpoint_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    connection.request(
        "GET",
        f"/voice-connectors/{voice_connector_id}/proxy-sessions?max-results={quote(value)}",
        headers={
            "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/chime/"
            "aws4_request, SignedHeaders=host, Signature=00"
        },
    )
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    digits = value.removeprefix("-")
    valid = digits.isascii() and digits.isdigit() and LIST_MAX_RESULTS[0] <= int(value) <= LIST_MAX_RESULTS[1]
    assert response.status == (200 if valid else 400), body


# ------------------------------------------------------------------ the clock
@settings(max_examples=80, deadline=None, suppress_health_check=FIXTURES)
@given(
    seconds=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.sampled_from([3e11, 1e9, 86_400 * 365 * 2000, 86_400 * 365 * 3000, 0, 0.001]),
    )
)
def test_advance_clock_never_overflows_and_never_breaks_later_requests(
    client: Any, emulator: RunningEmulator, voice_connector_id: str, seconds: float
) -> None:
    body = json.dumps({"Seconds": seconds}).encode()  # NaN and Infinity as json.dumps writes them
    status, answer = raw_admin(emulator, "POST", "/_emulator/clock/advance", body)
    assert status in (200, 400), answer
    if status == 400:
        assert answer["Code"] == "BadRequestException"
        assert answer["Message"].startswith("Seconds") or "is not a JSON number" in answer["Message"]
    clock = dt.datetime.fromisoformat(emulator.admin.state()["Clock"].replace("Z", "+00:00"))
    assert clock < timestamps.LATEST
    # the longest session still has a deadline the emulator can compute
    assert (
        status_of(
            lambda: client.create_proxy_session(
                VoiceConnectorId=voice_connector_id,
                ParticipantPhoneNumbers=PAIR,
                Capabilities=["Voice"],
                ExpiryMinutes=INT32[1],
                NumberSelectionBehavior="AvoidSticky",
            )
        )
        == 201
    )
    assert status_of(lambda: client.list_proxy_sessions(VoiceConnectorId=voice_connector_id)) == 200


def test_the_clock_refuses_3e11_seconds_and_stays_where_it_was() -> None:
    clock = Clock()
    before = clock.now()
    with pytest.raises(ValueError, match="cannot move past 5000-01-01"):
        clock.advance(3e11)
    assert clock.now() - before < dt.timedelta(minutes=1)
    for bad in (float("nan"), float("inf"), -1.0):
        with pytest.raises(ValueError):
            clock.advance(bad)


# ------------------------------------------------------------------ timestamps
@given(
    epoch=st.one_of(st.floats(allow_nan=False), st.integers(min_value=-(2**70), max_value=2**70)),
    text=st.text(max_size=40),
)
def test_timestamps_parse_or_raise_value_error_never_overflow(epoch: float, text: str) -> None:
    for value in (epoch, text, str(epoch), "9999-12-31T23:59:59-23:59", "5000-01-01T00:00:00Z"):
        try:
            parsed = timestamps.parse_timestamp(value)
        except ValueError:
            continue
        assert parsed < timestamps.LATEST
        assert parsed + dt.timedelta(minutes=INT32[1]) > parsed  # the deadline arithmetic holds


# ------------------------------------------------------------------ malformed admin values
ADMIN_FIELDS = {
    "/_emulator/faults": ["Operation", "Error", "Count", "Rate", "LatencyMs", "Drop", "CommitThenFail"],
    "/_emulator/clock/advance": ["Seconds"],
}


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURES)
@given(
    path=st.sampled_from(sorted(ADMIN_FIELDS)),
    data=st.data(),
)
def test_any_json_in_admin_fields_gets_a_json_answer(
    emulator: RunningEmulator, path: str, data: st.DataObject
) -> None:
    fields = ADMIN_FIELDS[path]
    body = data.draw(st.dictionaries(st.sampled_from([*fields, "Unknown"]), JSON_VALUES, max_size=5))
    status, answer = raw_admin(emulator, "POST", path, json.dumps(body).encode())
    assert status in (200, 400), answer
    if status == 400:
        assert answer["Code"] == "BadRequestException" and answer["Message"]
    emulator.admin.clear_faults()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/_emulator/faults", '{"Operation": "*", "Rate": "abc"}'),
        ("/_emulator/faults", '{"Operation": "*", "LatencyMs": [1]}'),
        ("/_emulator/faults", '{"Operation": "*", "LatencyMs": NaN}'),
        ("/_emulator/faults", '{"Operation": "*", "LatencyMs": 1e400}'),
        ("/_emulator/faults", '{"Operation": "*", "LatencyMs": 1e12}'),
        ("/_emulator/faults", '{"Operation": "*", "Rate": Infinity}'),
        ("/_emulator/faults", '{"Operation": "*", "Count": 1e3}'),
        ("/_emulator/faults", '{"Operation": "*", "Count": 99999999999999999999999}'),
        ("/_emulator/faults", '{"Operation": "*", "Drop": "false"}'),
        ("/_emulator/faults", '{"Operation": "*", "Error": ["ServiceFailureException"]}'),
        ("/_emulator/faults", '{"Operation": "*", "Latency": 5}'),
        ("/_emulator/clock/advance", '{"Seconds": NaN}'),
        ("/_emulator/clock/advance", '{"Seconds": 3e11}'),
        ("/_emulator/clock/advance", '{"Seconds": "60"}'),
        ("/_emulator/clock/advance", '{"Seconds": 1' + "0" * 400 + "}"),
        ("/_emulator/voice-connectors/a/proxy-sessions/b/participants/99999999999999999999", "{}"),
        ("/_emulator/voice-connectors/a/proxy-sessions/b/participants/-1", "{}"),
        ("/_emulator/voice-connectors/a/proxy-sessions/b/status", '{"Status": ["Closed"]}'),
    ],
)
def test_malformed_admin_values_are_a_json_400(emulator: RunningEmulator, path: str, body: str) -> None:
    status, answer = raw_admin(emulator, "POST", path, body.encode())
    assert (status, answer["Code"]) == (400, "BadRequestException"), answer
    assert emulator.admin.faults() == []


@pytest.mark.parametrize("size_line", [b"-5", b"-0x5", b"+5", b"0x5", b"5 5", b"fffffffffffffffffffff", b""])
def test_a_malformed_chunk_size_is_a_json_400(emulator: RunningEmulator, size_line: bytes) -> None:
    parts = urlsplit(emulator.endpoint_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(
            b"POST /_emulator/reset HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + size_line + b"\r\n{}\r\n0\r\n\r\n"
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), answer
    assert json.loads(body)["Code"] == "BadRequestException"


@pytest.mark.parametrize("length", [b"-1", b"+5", b"1_0", b"0x2", b"\xd9\xa3", b"99999999999999999999999"])
def test_a_malformed_content_length_is_a_json_400(emulator: RunningEmulator, length: bytes) -> None:
    parts = urlsplit(emulator.endpoint_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(
            b"POST /_emulator/reset HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + length + b"\r\n\r\n{}"
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400"), answer

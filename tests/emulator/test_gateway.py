"""The AWS API pipeline without sockets: whatever arrives, a modeled JSON answer leaves."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi_chime_proxy.emulator.app import Emulator
from pulumi_chime_proxy.emulator.http_types import HttpRequest
from pulumi_chime_proxy.servicemodel import spec

SIGNED = {
    "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/chime/aws4_request, "
    "SignedHeaders=host, Signature=00"
}
EMULATOR = Emulator()
PATHS = st.sampled_from(
    [
        "/voice-connectors",
        "/voice-connectors/abcdefghijklmnopqrstuv",
        "/voice-connectors/abcdefghijklmnopqrstuv/proxy-sessions",
        "/voice-connectors/abcdefghijklmnopqrstuv/proxy-sessions/x",
        "/voice-connectors/abcdefghijklmnopqrstuv/programmable-numbers/proxy",
        "/phone-numbers?operation=batch-update",
        "/nowhere",
    ]
) | st.text(min_size=1).map(lambda t: "/" + t)
BODIES = st.one_of(
    st.binary(max_size=64),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=30), inner, max_size=4),
        max_leaves=10,
    ).map(lambda doc: json.dumps(doc).encode()),
)


@settings(max_examples=300, deadline=None)
@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]), path=PATHS, body=BODIES)
def test_any_request_gets_a_json_answer(method: str, path: str, body: bytes) -> None:
    response = EMULATOR.gateway.handle(HttpRequest(method, path, dict(SIGNED), body))
    assert response.headers["x-amzn-RequestId"]
    if response.status >= 400:
        document = json.loads(response.body)
        assert document["Code"] in spec.ERROR_CODES
        assert response.status == spec.error_status(document["Code"])
        assert response.status != 500, document
    elif response.body:
        json.loads(response.body)


def test_rejection_is_counted_and_answered() -> None:
    from pulumi_chime_proxy.emulator.errors import BadRequestException

    emulator = Emulator()
    request = HttpRequest("POST", "/voice-connectors", dict(SIGNED))
    response = emulator.handle(request, BadRequestException("too large"))
    assert response.status == 400
    snapshot = emulator.calls.snapshot()
    assert (snapshot["Total"], snapshot["ByOperation"]) == (1, {"CreateVoiceConnector": 1})
    assert (snapshot["InFlight"], snapshot["PeakInFlight"]) == (0, 1)

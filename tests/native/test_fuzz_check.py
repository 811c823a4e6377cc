"""Whatever a program in any language sends the native provider's check (wrong types,
huge or empty values, unknown properties, nested junk, unknowns, secrets), it answers
with failures, never an exception; a reason is one bounded line, and never quotes a
value the engine marked secret (the engine prints reasons as they are)."""

from __future__ import annotations

from typing import Any

from google.protobuf import struct_pb2
from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi.runtime.proto import provider_pb2 as rpc
from pulumi.runtime.rpc import UNKNOWN
from pulumi_chime_proxy.native import encode
from pulumi_chime_proxy.native.provider import ChimeProxyProvider

TOKENS = ("chime-proxy:index:ProxySession", "chime-proxy:index:VoiceConnectorProxy")
INPUTS = ("voiceConnectorId", "participantPhoneNumbers", "capabilities", "expiryMinutes", "name",
          "numberSelectionBehavior", "geoMatchLevel", "geoMatchParams", "keepClosed",
          "adoptProxySessionId", "defaultSessionExpiryMinutes", "phoneNumberPoolCountries",
          "fallBackPhoneNumber", "disabled", "status", "bogus")
#: A value no check may repeat: it looks like a phone number and is in every string.
CANARY = "+19995550123"

scalars = st.one_of(
    st.none(), st.booleans(), st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**70), 2**70).map(float), st.just(UNKNOWN),
    st.text(max_size=40).map(lambda text: CANARY + text), st.just(CANARY * 200))
json_values = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=6),
                                     st.dictionaries(st.sampled_from(["country", "areaCode", "x", ""]),
                                                     inner, max_size=3)),
    max_leaves=20)


@settings(max_examples=300)
@given(token=st.sampled_from(TOKENS),
       inputs=st.dictionaries(st.sampled_from(INPUTS), json_values, max_size=8),
       secret=st.booleans())
def test_check_answers_every_input_with_failures_and_never_echoes_it(
        token: str, inputs: dict[str, Any], secret: bool) -> None:
    provider = ChimeProxyProvider()
    news = encode.struct(inputs, set(inputs) if secret else set())
    response = provider.Check(rpc.CheckRequest(urn=f"urn:pulumi:s::p::{token}::r", news=news))
    assert isinstance(response.inputs, struct_pb2.Struct)
    for failure in response.failures or []:
        assert not secret or "9995550123" not in failure.reason, failure.reason
        assert "\n" not in failure.reason and len(failure.reason) < 300, failure.reason

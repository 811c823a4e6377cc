"""The engine's property maps and back: secrets, unknowns and numbers as the protocol
spells them, against the SDK's own reading of the same bytes (an independent oracle)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime.rpc import UNKNOWN
from pulumi_chime_proxy.native import decode, encode, server

keys = st.text(min_size=1, max_size=8).filter(lambda k: k not in (decode.SIG_KEY, "value"))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**52), 2**52),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12), st.just(UNKNOWN))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=4)),
                      max_leaves=12)
maps = st.dictionaries(keys, values, max_size=6)


def normalized(value: Any) -> Any:
    """What a value reads back as: numbers are doubles on the wire, whole ones come back int."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else float(value)
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items()}
    return [normalized(v) for v in value]


def sdk_plain(value: PropertyValue) -> Any:
    inner = value.value
    if isinstance(inner, Computed):
        return UNKNOWN
    if isinstance(inner, Mapping):
        return {k: sdk_plain(v) for k, v in inner.items()}
    if isinstance(inner, (list, tuple)):
        return [sdk_plain(v) for v in inner]
    return normalized(inner)


@settings(max_examples=200)
@given(plain=maps, data=st.data())
def test_a_map_reads_back_as_written_and_as_the_sdk_reads_it(plain: dict[str, Any], data: Any) -> None:
    secret = data.draw(st.sets(st.sampled_from(sorted(plain)) if plain else st.nothing()))
    struct = encode.struct(plain, secret)
    decoded, found_secret = decode.plain(struct)
    assert decoded == normalized(plain)
    assert found_secret == secret
    sdk = PropertyValue.unmarshal_map(struct)
    assert {k: sdk_plain(v) for k, v in sdk.items()} == decoded
    assert {k for k, v in sdk.items() if v.contains_secret()} == secret


def test_a_secret_nested_anywhere_makes_its_property_secret() -> None:
    inner = {"a": [1, {decode.SIG_KEY: decode.SECRET_SIG, "value": "+12065550100"}]}
    struct = encode.struct({"participants": inner, "name": "x"})
    decoded, secret = decode.plain(struct)
    assert decoded == {"participants": {"a": [1, "+12065550100"]}, "name": "x"}
    assert secret == {"participants"}


def test_another_signed_object_stays_a_plain_object_no_check_accepts() -> None:
    asset = {decode.SIG_KEY: "c44067f5952c0a294b673a41bacd8c17", "text": "hello"}
    decoded, secret = decode.plain(encode.struct({"name": asset}))
    assert decoded == {"name": asset} and not secret


def test_a_value_the_protocol_cannot_carry_is_our_error_not_the_users() -> None:
    with pytest.raises(TypeError, match="cannot carry") as refused:
        encode.struct({"createdTimestamp": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)})
    assert "internal error (TypeError)" in server.answer(refused.value)

"""Property-based check of ``check_inputs`` against an independent oracle.

The oracle is written from botocore's model of CreateProxySession (read here, not
through the provider's walker) plus the rules the API states in prose: it decides
which properties of a ProxySessionArgs-shaped dict are invalid. ``check_inputs``
must never crash, never build an AWS client, and name exactly those properties.
Model patterns are ECMAScript regular expressions, unanchored: ``$`` is the end of
the string and ``\\d`` is ASCII, so the oracle compiles them with that meaning.
"""

from __future__ import annotations

import re
from typing import Any

import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.runtime.rpc import UNKNOWN
from pulumi_chime_proxy.aws import clients
from pulumi_chime_proxy.sessions.check import check_inputs

SHAPE = botocore.session.get_session().get_service_model(
    "chime-sdk-voice").operation_model("CreateProxySession").input_shape
MEMBERS = SHAPE.members


def ecma(pattern: str) -> re.Pattern[str]:
    """An ECMAScript pattern as Python would need it: ASCII \\d, ``$`` only at the end."""
    return re.compile(pattern.replace("\\d", "[0-9]").replace("$", "(?!\\n)\\Z"
                                                              ).replace("(?!\\n)\\Z|", "\\Z|"))


def meta(shape: Any, key: str) -> Any:
    return shape.metadata.get(key)


VC_RE = ecma(meta(MEMBERS["VoiceConnectorId"], "pattern"))
NUMBERS = MEMBERS["ParticipantPhoneNumbers"]
PHONE_RE = ecma(meta(NUMBERS.member, "pattern"))
NAME_RE = ecma(meta(MEMBERS["Name"], "pattern"))
CAPS = set(MEMBERS["Capabilities"].member.enum)
NSB = set(MEMBERS["NumberSelectionBehavior"].enum)
LEVELS = set(MEMBERS["GeoMatchLevel"].enum)
GEO = MEMBERS["GeoMatchParams"]
COUNTRY_RE, AREA_RE = ecma(meta(GEO.members["Country"], "pattern")), ecma(
    meta(GEO.members["AreaCode"], "pattern"))
EXPIRY_MIN = meta(MEMBERS["ExpiryMinutes"], "min")
#: What the model's type can hold: Smithy ``integer`` is signed 32-bit, ``long`` 64-bit.
EXPIRY_MAX = 2 ** ({"integer": 32, "long": 64}[MEMBERS["ExpiryMinutes"].type_name] - 1) - 1


def unknown(value: Any) -> bool:
    if value == UNKNOWN:
        return True
    if isinstance(value, list):
        return any(unknown(v) for v in value)
    if isinstance(value, dict):
        return any(unknown(v) for v in value.values())
    return False


def text_ok(value: Any, pattern: re.Pattern[str]) -> bool:
    return isinstance(value, str) and pattern.search(value) is not None


def oracle(inputs: dict[str, Any]) -> set[str]:
    """The properties that are invalid (empty: valid)."""
    bad: set[str] = set()
    get = inputs.get
    for name in ("voice_connector_id", "participant_phone_numbers", "capabilities"):
        if get(name) is None:
            bad.add(name)
    vc = get("voice_connector_id")
    if vc is not None and not unknown(vc) and not text_ok(vc, VC_RE):
        bad.add("voice_connector_id")
    nums = get("participant_phone_numbers")
    if nums is not None and not unknown(nums) and (
        not isinstance(nums, list) or not meta(NUMBERS, "min") <= len(nums) <= meta(NUMBERS, "max")
        or not all(text_ok(n, PHONE_RE) for n in nums) or nums[0].lstrip("+") == nums[1].lstrip("+")
    ):
        bad.add("participant_phone_numbers")
    caps = get("capabilities")
    if caps is not None and not unknown(caps) and (
        not isinstance(caps, list) or not caps or len(set(map(str, caps))) != len(caps)
        or not all(isinstance(c, str) and c in CAPS for c in caps)
    ):
        bad.add("capabilities")
    name = get("name")
    if name is not None and not unknown(name) and not text_ok(name, NAME_RE):
        bad.add("name")
    expiry = get("expiry_minutes")
    if expiry is not None and not unknown(expiry) and (
        isinstance(expiry, bool) or not isinstance(expiry, (int, float))
        or (isinstance(expiry, float) and not expiry.is_integer())
        or not EXPIRY_MIN <= expiry <= EXPIRY_MAX
    ):
        bad.add("expiry_minutes")
    nsb = get("number_selection_behavior")
    if nsb is not None and not unknown(nsb) and nsb not in NSB:
        bad.add("number_selection_behavior")
    level, params = get("geo_match_level"), get("geo_match_params")
    if level is not None and not unknown(level) and not (isinstance(level, str) and level in LEVELS):
        bad.add("geo_match_level")
    if params is None and level is not None:
        bad.add("geo_match_params")
    if level is None and params is not None:
        bad.add("geo_match_level")
    if params is not None and not unknown(params) and (
        not isinstance(params, dict) or set(params) != {"country", "area_code"}
        or not text_ok(params["country"], COUNTRY_RE) or not params["country"]
        or not text_ok(params["area_code"], AREA_RE) or not params["area_code"]
    ):
        bad.add("geo_match_params")
    adopt = get("adopt_proxy_session_id")
    if adopt is not None and not unknown(adopt) and (
        not isinstance(adopt, str) or not adopt.strip() or len(adopt) > 128
    ):
        bad.add("adopt_proxy_session_id")
    keep = get("keep_closed")
    if keep is not None and not unknown(keep) and not isinstance(keep, bool):
        bad.add("keep_closed")
    return bad


# -- strategies: mostly valid values, with the invalid ones the model and rules name -----

JUNK = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False),
                 st.text(max_size=8), st.just(UNKNOWN), st.lists(st.integers(), max_size=2),
                 st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=14)
PHONE_OK = st.builds(lambda plus, first, rest: plus + first + rest, st.sampled_from(["", "+"]),
                     st.sampled_from("123456789"), DIGITS)
PHONE = st.one_of(
    PHONE_OK, PHONE_OK.map(lambda p: p + "\n"), PHONE_OK.map(lambda p: p + "0" * 14),
    st.just("+0123456"), st.just("+1٢٣٤٥٦٧"), st.text(max_size=16), st.integers(), st.just(UNKNOWN),
)
VC = st.one_of(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=20, max_size=23),
               st.uuids().map(str), st.text(max_size=30), st.integers(), st.just(UNKNOWN))
NAME = st.one_of(st.text(alphabet="abcXYZ019 ", max_size=32), st.just(""), st.just("Ride\n"),
                 st.text(max_size=10), st.integers())
EXPIRY = st.one_of(st.integers(-3, 10_000), st.floats(-5, 10_000, allow_nan=False),
                   st.integers(EXPIRY_MAX - 3, EXPIRY_MAX + 3),
                   st.integers(EXPIRY_MAX - 3, EXPIRY_MAX + 3).map(float),
                   st.integers(min_value=EXPIRY_MAX), st.floats(allow_nan=True),
                   st.booleans(), st.text(max_size=3), st.just(UNKNOWN))
GEO_PARAMS = st.one_of(
    st.fixed_dictionaries({"country": st.sampled_from(["US", "", "us", "USA", "U1"]),
                           "area_code": st.sampled_from(["206", "", "20", "2066", "abc"])}),
    st.fixed_dictionaries({"country": st.just("US")}),
    st.fixed_dictionaries({"country": st.just("US"), "area_code": st.just("206"),
                           "extra": st.just("x")}),
    st.text(max_size=4), st.just(UNKNOWN),
)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


INPUTS = st.fixed_dictionaries(
    {
        "voice_connector_id": optional(VC),
        "participant_phone_numbers": optional(st.one_of(
            st.lists(PHONE, min_size=2, max_size=2), st.lists(PHONE, max_size=4), JUNK)),
        "capabilities": optional(st.one_of(
            st.lists(st.sampled_from(["Voice", "SMS"]), min_size=1, max_size=2, unique=True),
            st.lists(st.sampled_from(["Voice", "SMS", "Fax", "voice", ""]), max_size=3), JUNK)),
    },
    optional={
        "name": optional(NAME),
        "expiry_minutes": optional(EXPIRY),
        "number_selection_behavior": optional(st.sampled_from(
            ["PreferSticky", "AvoidSticky", "Sticky", ""])),
        "geo_match_level": optional(st.sampled_from(["Country", "AreaCode", "City", ""])),
        "geo_match_params": optional(GEO_PARAMS),
        "adopt_proxy_session_id": optional(st.one_of(
            st.text(min_size=1, max_size=30), st.just(" "), st.just("x" * 129), st.integers())),
        "keep_closed": optional(st.one_of(st.booleans(), st.integers(0, 1), st.text(max_size=2))),
        "not_an_input": JUNK,
    },
)


@pytest.fixture()
def no_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building any AWS client fails the test: check_inputs must not touch the API."""
    import boto3

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("check_inputs built an AWS client")

    monkeypatch.setattr(clients, "make_client", refuse)
    monkeypatch.setattr(clients, "client_for", refuse)
    monkeypatch.setattr(boto3.session.Session, "client", refuse)


def _rule_text() -> str:
    """Every reason check gives for bad numbers and names, with values that cannot be
    echoed into it: a generated secret that is a piece of this text (``valu``, ``2147``)
    is found in a reason without having been echoed."""
    bad_numbers: list[Any] = [[], ["x", "y"], ["+1", "+1"], ["+0"] * 3, 5, [1, 2], ["9" * 40] * 2]
    bad_names: list[Any] = ["!", "x" * 40, 5, "a\n"]
    reasons = []
    for numbers, name in zip(bad_numbers, bad_names * 2, strict=False):
        _, failures = check_inputs({"voice_connector_id": "x", "capabilities": ["Fax"],
                                    "participant_phone_numbers": numbers, "name": name,
                                    "expiry_minutes": 2 ** 40})
        reasons.extend(f.reason for f in failures)
    return "\n".join(reasons)


RULE_TEXT = _rule_text()


@settings(max_examples=1500, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(INPUTS)
def test_check_inputs_agrees_with_the_model_oracle(no_client: None, inputs: dict[str, Any]) -> None:
    normalized, failures = check_inputs(dict(inputs))
    named = {f.property.split(".")[0].split("[")[0] for f in failures}
    expected = oracle(inputs)
    assert named == expected, f"check named {sorted(named)}, oracle {sorted(expected)}: {failures}"
    assert "not_an_input" not in normalized
    nums = inputs.get("participant_phone_numbers")
    secrets = [*(nums if isinstance(nums, list) else []), inputs.get("name")]
    for failure in failures:  # a failure about a number or a name never echoes it
        if not failure.property.startswith(("participant_phone_numbers", "name")):
            continue
        for secret in secrets:
            if isinstance(secret, str) and len(secret) >= 4 and secret.strip():
                assert secret not in failure.reason or secret in RULE_TEXT, failure


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({
    "voice_connector_id": st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789",
                                  min_size=22, max_size=22),
    "participant_phone_numbers": st.lists(PHONE_OK, min_size=2, max_size=2,
                                          unique_by=lambda p: p.lstrip("+")),
    "capabilities": st.lists(st.sampled_from(["Voice", "SMS"]), min_size=1, unique=True),
}, optional={
    "name": st.text(alphabet="abcXYZ019 ", max_size=30),
    "expiry_minutes": st.one_of(st.integers(1, 100_000), st.integers(1, EXPIRY_MAX)).map(float),
    "number_selection_behavior": st.sampled_from(["PreferSticky", "AvoidSticky"]),
}))
def test_every_valid_input_is_accepted(no_client: None, inputs: dict[str, Any]) -> None:
    normalized, failures = check_inputs(dict(inputs))
    assert failures == []
    if "expiry_minutes" in inputs:
        assert normalized["expiry_minutes"] == int(inputs["expiry_minutes"])
        assert isinstance(normalized["expiry_minutes"], int)

"""Every integer input of both resources is held to what its model type can store.

The limits are derived here from each member's model type (Smithy ``integer`` is a
signed 32-bit number, ``long`` 64-bit), not copied from the code under test. A value
past them would be accepted by Pulumi (JSON numbers) and by botocore's client-side
validator, so ``check`` must reject it at preview, naming the property and the rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pulumi_chime_proxy.kernel.check import Failure, input_members
from pulumi_chime_proxy.proxy_config import check as proxy_config_check
from pulumi_chime_proxy.proxy_config import props as proxy_config_props
from pulumi_chime_proxy.sessions import check as session_check
from pulumi_chime_proxy.sessions import props as session_props

BITS = {"integer": 32, "long": 64}
VC = "abcdefghij0123456789ab"
RESOURCES: list[tuple[str, dict[str, str], dict[str, Any], Callable[..., Any]]] = [
    ("CreateProxySession", session_props.API_NAMES,
     {"voice_connector_id": VC, "participant_phone_numbers": ["+12065550100", "+12065550101"],
      "capabilities": ["Voice"]}, session_check.check_inputs),
    ("PutVoiceConnectorProxy", proxy_config_props.API_NAMES,
     {"voice_connector_id": VC, "default_session_expiry_minutes": 60,
      "phone_number_pool_countries": ["US"]}, proxy_config_check.check_inputs),
]


def integer_inputs() -> list[tuple[str, int, dict[str, Any], Callable[..., Any]]]:
    """(property, bits, valid inputs, check) for each integer member a resource maps."""
    found = []
    for operation, api_names, good, check_inputs in RESOURCES:
        members = input_members(operation)
        for prop, api in api_names.items():
            kind = members[api].type_name
            if kind in BITS:
                found.append((prop, BITS[kind], good, check_inputs))
    return found


CASES = integer_inputs()


def test_both_resources_have_integer_inputs() -> None:
    assert {prop for prop, *_ in CASES} >= {"expiry_minutes", "default_session_expiry_minutes"}


@pytest.mark.parametrize(("prop", "bits", "good", "check_inputs"), CASES,
                         ids=[case[0] for case in CASES])
def test_values_past_the_model_type_are_rejected_and_the_largest_accepted(
    prop: str, bits: int, good: dict[str, Any], check_inputs: Callable[..., Any]
) -> None:
    largest = 2 ** (bits - 1) - 1
    accepted: list[Failure] = check_inputs({**good, prop: largest})[1]
    assert accepted == []
    for value in (largest + 1, float(largest + 1), 2 ** 64, 1e300):
        failures: list[Failure] = check_inputs({**good, prop: value})[1]
        assert [f.property for f in failures] == [prop], (value, failures)
        assert f"{bits}-bit" in failures[0].reason and str(largest) in failures[0].reason

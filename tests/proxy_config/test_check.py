"""check: model constraints and stated rules, naming the property, never echoing a secret."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.runtime.rpc import UNKNOWN
from pulumi_chime_proxy.proxy_config.check import check_inputs

VC = "abcdefghij0123456789ab"
GOOD: dict[str, Any] = {
    "voice_connector_id": VC,
    "default_session_expiry_minutes": 60,
    "phone_number_pool_countries": ["US"],
}


def failures(**changes: Any) -> dict[str, str]:
    _, found = check_inputs({**GOOD, **changes})
    return {f.property: f.reason for f in found}


def test_valid_inputs_pass_and_numbers_become_ints() -> None:
    normalized, found = check_inputs({**GOOD, "default_session_expiry_minutes": 30.0,
                                      "fall_back_phone_number": "+12065550199",
                                      "disabled": False, "stray": 1})
    assert found == []
    assert normalized["default_session_expiry_minutes"] == 30
    assert isinstance(normalized["default_session_expiry_minutes"], int)
    assert "stray" not in normalized


@pytest.mark.parametrize("name", ["voice_connector_id", "default_session_expiry_minutes",
                                  "phone_number_pool_countries"])
def test_required(name: str) -> None:
    assert failures(**{name: None}) == {name: "is required"}


@pytest.mark.parametrize(
    ("changes", "prop", "rule"),
    [
        ({"default_session_expiry_minutes": 0}, "default_session_expiry_minutes", "at least 1"),
        ({"default_session_expiry_minutes": 2.5}, "default_session_expiry_minutes", "whole number"),
        ({"phone_number_pool_countries": []}, "phone_number_pool_countries", "at least 1 items"),
        ({"phone_number_pool_countries": ["US", "US"]}, "phone_number_pool_countries", "repeat"),
        ({"phone_number_pool_countries": ["US", "usa"]}, "phone_number_pool_countries[1]", "pattern"),
        ({"phone_number_pool_countries": [""]}, "phone_number_pool_countries[0]", "alpha-2"),
        ({"phone_number_pool_countries": [f"A{chr(65 + i // 26)}{chr(65 + i % 26)}"[1:]
                                          for i in range(101)]},
         "phone_number_pool_countries", "at most 100 items"),
        ({"voice_connector_id": "not a connector"}, "voice_connector_id", "pattern"),
        ({"disabled": "yes"}, "disabled", "expected boolean"),
        ({"fall_back_phone_number": ""}, "fall_back_phone_number", "E.164"),
    ],
)
def test_rule_names_property(changes: dict[str, Any], prop: str, rule: str) -> None:
    found = failures(**changes)
    assert prop in found, found
    assert rule in found[prop]


def test_fallback_number_is_never_echoed() -> None:
    found = failures(fall_back_phone_number="+0123456789")
    assert "pattern" in found["fall_back_phone_number"]
    assert "0123456789" not in str(found)


def test_unknown_values_are_not_judged() -> None:
    assert failures(voice_connector_id=UNKNOWN, phone_number_pool_countries=[UNKNOWN],
                    fall_back_phone_number=UNKNOWN) == {}


@pytest.mark.parametrize("code", ["AA", "ZZ", "XX", "QM", "XK", "EU", "UK"])
def test_a_well_formed_code_no_country_has_is_refused(code: str) -> None:
    """User-assigned (AA, QM-QZ, XA-XZ, ZZ) and reserved (EU, UK) codes pass the model's
    pattern; ISO 3166-1 assigns them to no country."""
    assert failures(phone_number_pool_countries=["US", code]) == {
        "phone_number_pool_countries[1]": "must be an ISO 3166-1 alpha-2 country code such as US; "
                                          f"'{code}' is not assigned to a country"}


def test_every_assigned_code_is_accepted_and_only_those() -> None:
    import itertools
    import string

    accepted = [a + b for a, b in itertools.product(string.ascii_uppercase, repeat=2)
                if not failures(phone_number_pool_countries=[a + b])]
    assert len(accepted) == 249  # ISO 3166-1's officially assigned alpha-2 codes
    assert {"US", "CA", "GB", "DE", "JP", "BR", "ZA", "AQ", "SS"} <= set(accepted)

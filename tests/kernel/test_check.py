"""The shared kernel: model paths in Pulumi names, sensitive inputs from the model,
reasons that never quote a sensitive value, and the diff outcome."""

from __future__ import annotations

import pytest
from pulumi_chime_proxy.kernel.check import (
    Failure,
    model_failures,
    prop_path,
    redact,
    sensitive_props,
)
from pulumi_chime_proxy.kernel.diff import ResourceDiff
from pulumi_chime_proxy.kernel.results import check_failure
from pulumi_chime_proxy.proxy_config import props as proxy_config_props
from pulumi_chime_proxy.sessions import props as session_props


def test_api_paths_become_pulumi_paths_at_every_depth() -> None:
    assert prop_path("GeoMatchParams.AreaCode", session_props.PROP_NAMES) == "geo_match_params.area_code"
    assert prop_path("ParticipantPhoneNumbers[1]", session_props.PROP_NAMES) == (
        "participant_phone_numbers[1]")
    assert prop_path("Unmapped[0].Thing", {}) == "Unmapped[0].Thing"


def test_sensitive_inputs_come_from_the_model() -> None:
    assert sensitive_props("CreateProxySession", session_props.API_NAMES) == {
        "participant_phone_numbers", "name"}
    assert sensitive_props("PutVoiceConnectorProxy", proxy_config_props.API_NAMES) == {
        "fall_back_phone_number"}


@pytest.mark.parametrize("resource_props", [session_props, proxy_config_props])
def test_every_sensitive_input_is_a_secret_output(resource_props: object) -> None:
    """What the model calls sensitive is stored as a Pulumi secret too."""
    operation = ("CreateProxySession" if resource_props is session_props
                 else "PutVoiceConnectorProxy")
    sensitive = sensitive_props(operation, resource_props.API_NAMES)  # type: ignore[attr-defined]
    assert sensitive <= set(resource_props.SECRET_OUTPUTS)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["Alice's ride!", 'say "hi"!', "O'Brien\\'s\n", "x" * 40])
def test_a_sensitive_value_is_never_quoted_whatever_its_quotes(name: str) -> None:
    found = model_failures("CreateProxySession", {"Name": name}, session_props.PROP_NAMES,
                           frozenset({"name"}))
    assert [f.property for f in found] == ["name"]
    assert name not in found[0].reason and repr(name) not in found[0].reason
    assert "pattern" in found[0].reason


def test_a_value_is_quoted_when_not_sensitive() -> None:
    found = model_failures("CreateProxySession", {"NumberSelectionBehavior": "Alice's"},
                           session_props.PROP_NAMES, frozenset())
    assert [f.property for f in found] == ["number_selection_behavior"]
    assert repr("Alice's") in found[0].reason


def test_redact_replaces_every_string_inside_a_value() -> None:
    reason = "'+1206' does not match; '+1207' neither"
    assert redact(reason, ["+1206", "+1207"]) == "the value does not match; the value neither"


def test_resource_diff_replaces_what_cannot_update_in_place() -> None:
    diff = ResourceDiff.of(["name", "capabilities"], {"capabilities"})
    assert diff.has_changes and diff.replaces == ["name"]
    assert not ResourceDiff.of([], {"capabilities"}).has_changes


def test_sensitive_and_nested_failures_name_the_property_in_the_reason_only() -> None:
    """The engine prints the value of the property a CheckFailure names: only a
    top-level, non-sensitive input keeps it."""
    inputs, sensitive = {"name", "capabilities"}, {"name"}
    plain = check_failure(Failure("capabilities", "must not repeat"), inputs, sensitive)
    assert (plain.property, plain.reason) == ("capabilities", "must not repeat")
    for path in ("name", "capabilities[1]"):
        moved = check_failure(Failure(path, "breaks a rule"), inputs, sensitive)
        assert (moved.property, moved.reason) == ("", f"{path}: breaks a rule")

"""The shared kernel: model paths in Pulumi names, sensitive inputs from the model,
reasons that never quote a sensitive value, and the diff outcome."""

from __future__ import annotations

import pytest
from pulumi_chime_proxy.kernel.check import Failure, model_failures, prop_path
from pulumi_chime_proxy.kernel.diff import ResourceDiff
from pulumi_chime_proxy.kernel.results import check_failure
from pulumi_chime_proxy.proxy_config import props as proxy_config_props
from pulumi_chime_proxy.sessions import props as session_props

from tests.support import sensitive_members


def test_api_paths_become_pulumi_paths_at_every_depth() -> None:
    assert prop_path("GeoMatchParams.AreaCode", session_props.PROP_NAMES) == "geo_match_params.area_code"
    assert prop_path("ParticipantPhoneNumbers[1]", session_props.PROP_NAMES) == (
        "participant_phone_numbers[1]")
    assert prop_path("Unmapped[0].Thing", {}) == "Unmapped[0].Thing"


def test_sensitive_inputs_come_from_the_model() -> None:
    assert session_props.SPEC.sensitive_inputs == {"participant_phone_numbers", "name"}
    assert proxy_config_props.SPEC.sensitive_inputs == {"fall_back_phone_number"}


def snake(member: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in member).lstrip("_")


@pytest.mark.parametrize(("resource_props", "operation"), [
    (session_props, "CreateProxySession"), (proxy_config_props, "PutVoiceConnectorProxy")])
def test_every_input_the_model_marks_sensitive_is_a_secret_output(resource_props: object,
                                                                  operation: str) -> None:
    """What the model calls sensitive is stored as a Pulumi secret: every such member of the
    create (put) request, by its Pulumi name, among the kind's secret outputs."""
    found = {snake(member) for member in sensitive_members(operation)}
    assert found, f"the model marks nothing of {operation} sensitive: this test checks nothing"
    assert found <= set(resource_props.SECRET_OUTPUTS)  # type: ignore[attr-defined]


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


def test_a_hidden_value_is_never_rendered_at_any_depth() -> None:
    """The walker renders no value of an input the caller treats as secret, so no
    reason ever has to be scrubbed afterwards."""
    params = {"GeoMatchParams": {"Country": "Alice's", "AreaCode": "+12065550100"}}
    shown = model_failures("CreateProxySession", params, session_props.PROP_NAMES, frozenset())
    hidden = model_failures("CreateProxySession", params, session_props.PROP_NAMES,
                            frozenset({"geo_match_params"}))
    assert repr("Alice's") in " ".join(f.reason for f in shown)
    assert [f.property for f in hidden] == [f.property for f in shown]
    for failure in hidden:
        assert "Alice" not in failure.reason and "2065550100" not in failure.reason


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

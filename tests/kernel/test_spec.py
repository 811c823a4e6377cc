"""The hand-typed classes (Args for editors, output annotations, the lookup's result)
say what the specs say; the spec's derived tables follow the model."""

from __future__ import annotations

import inspect
import typing

import botocore.session
import pytest
from pulumi_chime_proxy import (
    GetProxySessionResult,
    ProxySession,
    ProxySessionArgs,
    VoiceConnectorProxy,
    VoiceConnectorProxyArgs,
)
from pulumi_chime_proxy.kernel.spec import ResourceSpec
from pulumi_chime_proxy.proxy_config.spec import VOICE_CONNECTOR_PROXY
from pulumi_chime_proxy.sessions.spec import PROXY_SESSION

KINDS = [(PROXY_SESSION, ProxySessionArgs, ProxySession),
         (VOICE_CONNECTOR_PROXY, VoiceConnectorProxyArgs, VoiceConnectorProxy)]


def parameters(function: typing.Callable[..., object], skip: int) -> list[inspect.Parameter]:
    return list(inspect.signature(function).parameters.values())[skip:]


@pytest.mark.parametrize(("spec", "args_type", "resource_type"), KINDS, ids=lambda k: getattr(k, "kind", ""))
def test_args_take_the_specs_inputs_in_order_required_first(
        spec: ResourceSpec, args_type: type, resource_type: type) -> None:
    params = parameters(args_type.__init__, 1)
    assert [p.name for p in params] == list(spec.inputs)
    required = [p.name for p in params if p.default is inspect.Parameter.empty]
    assert required == list(spec.required)


@pytest.mark.parametrize(("spec", "args_type", "resource_type"), KINDS, ids=lambda k: getattr(k, "kind", ""))
def test_the_keyword_form_takes_the_same_inputs(
        spec: ResourceSpec, args_type: type, resource_type: type) -> None:
    get_overloads = getattr(typing, "get_overloads", None)
    if get_overloads is None:
        pytest.skip("typing.get_overloads needs Python 3.11")
    keyword_form = [f for f in get_overloads(resource_type.__init__)
                    if "args" not in inspect.signature(f).parameters]
    assert len(keyword_form) == 1
    names = [p.name for p in parameters(keyword_form[0], 1)
             if p.kind is inspect.Parameter.KEYWORD_ONLY]
    assert names == list(spec.inputs)


@pytest.mark.parametrize(("spec", "args_type", "resource_type"), KINDS, ids=lambda k: getattr(k, "kind", ""))
def test_every_property_is_a_typed_output(spec: ResourceSpec, args_type: type, resource_type: type) -> None:
    outputs = {name for name, kind in resource_type.__annotations__.items()
               if str(kind).startswith("pulumi.Output")}
    assert outputs == {p.name for p in spec.properties}


def test_the_lookup_result_has_every_property_the_service_reports() -> None:
    fields = {name for name, value in vars(GetProxySessionResult).items() if isinstance(value, property)}
    assert fields == {p.name for p in PROXY_SESSION.properties if p.name not in PROXY_SESSION.own}


def test_masks_follow_the_models_sensitive_trait() -> None:
    """Phone numbers (the model's E164PhoneNumber) mask as numbers, the name as a name."""
    assert PROXY_SESSION.masks == {"participant_phone_numbers": "phone", "name": "name",
                                   "participants": "phone"}
    assert VOICE_CONNECTOR_PROXY.masks == {"fall_back_phone_number": "phone"}


def test_a_property_declared_twice_is_refused() -> None:
    prop = PROXY_SESSION["name"]
    with pytest.raises(AssertionError, match="declared twice"):
        ResourceSpec("X", "doc", "CreateProxySession", "GetProxySession", "ProxySession", (prop, prop))


def test_an_input_updates_in_place_exactly_when_the_update_operation_takes_it() -> None:
    """A session input UpdateProxySession takes (the model says which) updates in place;
    every other API input replaces. Put takes every proxy configuration input, so only
    the connector replaces one."""
    update = botocore.session.get_session().get_service_model("chime-sdk-voice").operation_model(
        "UpdateProxySession").input_shape
    taken = set(update.members) - {"VoiceConnectorId", "ProxySessionId"}
    api_inputs = [p for p in PROXY_SESSION.properties if p.input and p.api is not None]
    updated = {p.name for p in api_inputs if p.change == "update"}
    assert updated == {p.name for p in api_inputs if p.api in taken}
    assert {p.name for p in api_inputs if p.change == "replace"} == {p.name for p in api_inputs
                                                                     if p.api not in taken}
    assert VOICE_CONNECTOR_PROXY.updatable == set(VOICE_CONNECTOR_PROXY.inputs) - {"voice_connector_id"}

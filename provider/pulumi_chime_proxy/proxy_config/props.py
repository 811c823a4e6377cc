"""``VoiceConnectorProxy``'s names and its mapping onto the Chime API, derived from the
spec (:mod:`.spec`): nothing here names a property the spec does not declare.

A ``VoiceConnectorProxy``'s outputs hold the *live* value of every input property
(read back from GetVoiceConnectorProxy), so ``diff(olds=outputs, news=inputs)``
answers the same question during ``up`` and during refresh: does the live proxy
configuration match what the program asks for?
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..kernel import core
from .spec import VOICE_CONNECTOR_PROXY

SPEC = VOICE_CONNECTOR_PROXY
TYPE_TOKEN = SPEC.type_token
#: Inputs that map one-to-one onto PutVoiceConnectorProxy members.
API_NAMES: dict[str, str] = SPEC.api_names
#: API member name -> Pulumi name (PutVoiceConnectorProxy's input is flat).
PROP_NAMES: dict[str, str] = SPEC.prop_names
INPUTS: tuple[str, ...] = SPEC.inputs
#: Inputs that PutVoiceConnectorProxy changes in place (everything but the connector).
UPDATABLE = SPEC.updatable
#: Outputs only the service sets: the API's ``PhoneNumberCountries``.
COMPUTED: tuple[str, ...] = SPEC.computed
#: Take over a configuration that already exists (create fails on one otherwise).
ADOPT = "adopt_existing"
#: The fallback number is a phone number: secret in state.
SECRET_OUTPUTS: tuple[str, ...] = SPEC.secret_outputs


def put_params(inputs: dict[str, Any]) -> dict[str, Any]:
    """PutVoiceConnectorProxy parameters for checked inputs (unset optionals omitted).

    Put replaces the whole proxy configuration: an omitted optional input is put back
    to its default (no fallback number, enabled).
    """
    return core.request(SPEC, inputs)


def outputs_from_proxy_config(voice_connector_id: str, proxy_config: dict[str, Any],
                              inputs: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Outputs for a proxy configuration as the service reports it (the API's ``Proxy``
    structure, boto3-parsed, which does not name its connector).

    ``phone_number_pool_countries`` is the live ``PhoneNumberCountries`` under the
    input's name, so that diff compares like with like; ``phone_number_countries``
    repeats it under the API's name. The stack's own settings are kept from ``inputs``.
    """
    return core.outputs(SPEC, {**proxy_config, "VoiceConnectorId": voice_connector_id}, inputs or {})

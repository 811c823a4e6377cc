"""Property names and the pure mapping between Pulumi props and the Chime API.

A ``VoiceConnectorProxy``'s outputs hold the *live* value of every input property
(read back from GetVoiceConnectorProxy), so ``diff(olds=outputs, news=inputs)``
answers the same question during ``up`` and during refresh: does the live proxy
configuration match what the program asks for?
"""

from __future__ import annotations

from typing import Any

from ..kernel.props import as_int

TYPE_TOKEN = "pulumi-python:dynamic/chime:VoiceConnectorProxy"

#: Inputs that map one-to-one onto PutVoiceConnectorProxy members.
API_NAMES: dict[str, str] = {
    "voice_connector_id": "VoiceConnectorId",
    "default_session_expiry_minutes": "DefaultSessionExpiryMinutes",
    "phone_number_pool_countries": "PhoneNumberPoolCountries",
    "fall_back_phone_number": "FallBackPhoneNumber",
    "disabled": "Disabled",
}
#: API member name -> Pulumi name (PutVoiceConnectorProxy's input is flat).
PROP_NAMES: dict[str, str] = {api: prop for prop, api in API_NAMES.items()}
INPUTS: tuple[str, ...] = tuple(API_NAMES)
#: Inputs that PutVoiceConnectorProxy changes in place (everything but the connector).
UPDATABLE = frozenset(INPUTS) - {"voice_connector_id"}
#: Outputs only the service sets: the API's ``PhoneNumberCountries``.
COMPUTED: tuple[str, ...] = ("phone_number_countries",)
#: The fallback number is a phone number: secret in state.
SECRET_OUTPUTS: tuple[str, ...] = ("fall_back_phone_number",)


def put_params(inputs: dict[str, Any]) -> dict[str, Any]:
    """PutVoiceConnectorProxy parameters for checked inputs (unset optionals omitted).

    Put replaces the whole proxy configuration: an omitted ``fall_back_phone_number``
    clears it, an omitted ``disabled`` means enabled.
    """
    params: dict[str, Any] = {}
    for prop, api in API_NAMES.items():
        value = inputs.get(prop)
        if value is None:
            continue
        if prop == "default_session_expiry_minutes":
            value = as_int(value)
        elif prop == "phone_number_pool_countries":
            value = list(value)
        elif prop == "disabled":
            value = bool(value)
        params[api] = value
    return params


def outputs_from_proxy_config(voice_connector_id: str, proxy_config: dict[str, Any]) -> dict[str, Any]:
    """Outputs for a proxy configuration as the service reports it (the API's ``Proxy``
    structure, boto3-parsed).

    ``phone_number_pool_countries`` is the live ``PhoneNumberCountries`` under the
    input's name, so that diff compares like with like; ``phone_number_countries``
    repeats it under the API's name.
    """
    countries = list(proxy_config.get("PhoneNumberCountries") or [])
    return {
        "voice_connector_id": voice_connector_id,
        "default_session_expiry_minutes": as_int(proxy_config.get("DefaultSessionExpiryMinutes")),
        "phone_number_pool_countries": countries,
        "phone_number_countries": countries,
        "fall_back_phone_number": proxy_config.get("FallBackPhoneNumber") or None,
        "disabled": bool(proxy_config.get("Disabled") or False),
    }

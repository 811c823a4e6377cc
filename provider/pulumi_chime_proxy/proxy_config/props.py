"""Property names and the pure mapping between Pulumi props and the Chime API.

A ``VoiceConnectorProxy``'s outputs hold the *live* value of every input property
(read back from GetVoiceConnectorProxy), so ``diff(olds=outputs, news=inputs)``
answers the same question during ``up`` and during refresh: does the live proxy
configuration match what the program asks for?
"""

from __future__ import annotations

from typing import Any

from ..sessions.props import as_int, is_unknown

__all__ = [
    "API_NAMES",
    "COMPUTED",
    "INPUTS",
    "SECRET_OUTPUTS",
    "TYPE_TOKEN",
    "UPDATABLE",
    "as_int",
    "is_unknown",
    "outputs_from_proxy",
    "put_params",
]

TYPE_TOKEN = "pulumi-python:dynamic/chime:VoiceConnectorProxy"

#: Inputs that map one-to-one onto PutVoiceConnectorProxy members.
API_NAMES: dict[str, str] = {
    "voice_connector_id": "VoiceConnectorId",
    "default_session_expiry_minutes": "DefaultSessionExpiryMinutes",
    "phone_number_pool_countries": "PhoneNumberPoolCountries",
    "fall_back_phone_number": "FallBackPhoneNumber",
    "disabled": "Disabled",
}
INPUTS: tuple[str, ...] = tuple(API_NAMES)
#: Inputs that PutVoiceConnectorProxy changes in place (everything but the connector).
UPDATABLE = frozenset(INPUTS) - {"voice_connector_id"}
#: Outputs only the service sets: the ``Proxy`` shape's ``PhoneNumberCountries``.
COMPUTED: tuple[str, ...] = ("phone_number_countries",)
#: The fallback number is a phone number: secret in state.
SECRET_OUTPUTS: tuple[str, ...] = ("fall_back_phone_number",)


def put_params(inputs: dict[str, Any]) -> dict[str, Any]:
    """PutVoiceConnectorProxy parameters for checked inputs (unset optionals omitted).

    Put replaces the whole configuration: an omitted ``fall_back_phone_number``
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


def outputs_from_proxy(voice_connector_id: str, proxy: dict[str, Any]) -> dict[str, Any]:
    """Outputs for a ``Proxy`` shape (boto3-parsed), as the service reports it.

    ``phone_number_pool_countries`` is the live ``PhoneNumberCountries`` under the
    input's name, so that diff compares like with like; ``phone_number_countries``
    repeats it under the API's name.
    """
    countries = list(proxy.get("PhoneNumberCountries") or [])
    return {
        "voice_connector_id": voice_connector_id,
        "default_session_expiry_minutes": as_int(proxy.get("DefaultSessionExpiryMinutes")),
        "phone_number_pool_countries": countries,
        "phone_number_countries": countries,
        "fall_back_phone_number": proxy.get("FallBackPhoneNumber") or None,
        "disabled": bool(proxy.get("Disabled") or False),
    }

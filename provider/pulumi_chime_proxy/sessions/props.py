"""Property names and the pure mapping between Pulumi props and the Chime API.

A resource's outputs hold the *live* value of every input property (read back
from GetProxySession), so that ``diff(olds=outputs, news=inputs)`` answers the same
question during ``up`` and during refresh: does the live session match what the
program asks for?
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..kernel.props import as_int

TYPE_TOKEN = "pulumi-python:dynamic/chime:ProxySession"

#: Inputs that map one-to-one onto CreateProxySession members.
API_NAMES: dict[str, str] = {
    "voice_connector_id": "VoiceConnectorId",
    "participant_phone_numbers": "ParticipantPhoneNumbers",
    "capabilities": "Capabilities",
    "name": "Name",
    "expiry_minutes": "ExpiryMinutes",
    "number_selection_behavior": "NumberSelectionBehavior",
    "geo_match_level": "GeoMatchLevel",
    "geo_match_params": "GeoMatchParams",
}
GEO_NAMES = {"country": "Country", "area_code": "AreaCode"}
#: Inputs of our own, not sent to the API.
ADOPT = "adopt_proxy_session_id"
KEEP_CLOSED = "keep_closed"
INPUTS: tuple[str, ...] = (*API_NAMES, ADOPT, KEEP_CLOSED)
#: Inputs that UpdateProxySession (or no call at all) can change in place.
UPDATABLE = frozenset({"capabilities", "expiry_minutes", KEEP_CLOSED})
#: Outputs that only the service sets.
COMPUTED: tuple[str, ...] = (
    "proxy_session_id",
    "status",
    "participants",
    "created_timestamp",
    "updated_timestamp",
    "ended_timestamp",
)
#: Props that carry phone numbers or names: secrets in state.
SECRET_OUTPUTS: tuple[str, ...] = ("participant_phone_numbers", "participants", "name")
#: API member name -> Pulumi name, at every depth of CreateProxySession's input.
PROP_NAMES: dict[str, str] = {
    **{api: prop for prop, api in API_NAMES.items()},
    **{api: prop for prop, api in GEO_NAMES.items()},
}


def geo_to_api(params: dict[str, Any] | None) -> Any:
    """``geo_match_params`` with the API's member names."""
    if params is None:
        return None
    if not isinstance(params, dict):
        return params  # not a map: left as is for check to report, never a crash
    return {GEO_NAMES.get(k, k): v for k, v in params.items() if v is not None}


def geo_from_api(params: dict[str, Any] | None) -> dict[str, Any] | None:
    """``GeoMatchParams`` with the Pulumi names; empty means unset."""
    if not params:
        return None
    reverse = {v: k for k, v in GEO_NAMES.items()}
    return {reverse.get(k, k): v for k, v in params.items()}


def create_params(inputs: dict[str, Any]) -> dict[str, Any]:
    """CreateProxySession parameters for checked inputs (unset inputs omitted)."""
    params: dict[str, Any] = {}
    for prop, api in API_NAMES.items():
        value = inputs.get(prop)
        if value is None:
            continue
        if prop == "geo_match_params":
            value = geo_to_api(value)
        elif prop == "expiry_minutes":
            value = as_int(value)
        params[api] = value
    return params


def update_params(voice_connector_id: str, proxy_session_id: str,
                  inputs: dict[str, Any]) -> dict[str, Any]:
    """UpdateProxySession parameters: Capabilities always, ExpiryMinutes when set."""
    params: dict[str, Any] = {
        "VoiceConnectorId": voice_connector_id,
        "ProxySessionId": proxy_session_id,
        "Capabilities": list(inputs.get("capabilities") or []),
    }
    if inputs.get("expiry_minutes") is not None:
        params["ExpiryMinutes"] = as_int(inputs["expiry_minutes"])
    return params


def iso(value: Any) -> str | None:
    """ISO-8601 (UTC, ``Z``) for a boto3 datetime or an ISO string; None stays None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        text = value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")
        return text.replace("+00:00", "Z")
    return str(value)


def outputs_from_session(session: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """Outputs for a GetProxySession ``ProxySession`` (boto3-parsed), keeping our own inputs."""
    participants = [
        {"phone_number": p.get("PhoneNumber"), "proxy_phone_number": p.get("ProxyPhoneNumber")}
        for p in session.get("Participants") or []
    ]
    return {
        "proxy_session_id": session.get("ProxySessionId"),
        "voice_connector_id": session.get("VoiceConnectorId"),
        "name": session.get("Name"),
        "status": session.get("Status"),
        "expiry_minutes": session.get("ExpiryMinutes"),
        "capabilities": list(session.get("Capabilities") or []),
        "created_timestamp": iso(session.get("CreatedTimestamp")),
        "updated_timestamp": iso(session.get("UpdatedTimestamp")),
        "ended_timestamp": iso(session.get("EndedTimestamp")),
        "participants": participants,
        "participant_phone_numbers": [p["phone_number"] for p in participants],
        "number_selection_behavior": session.get("NumberSelectionBehavior"),
        "geo_match_level": session.get("GeoMatchLevel"),
        "geo_match_params": geo_from_api(session.get("GeoMatchParams")),
        ADOPT: inputs.get(ADOPT),
        KEEP_CLOSED: bool(inputs.get(KEEP_CLOSED) or False),
    }

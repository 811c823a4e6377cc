"""The root stack: proxy sessions on one Voice Connector, declared from stack config.

Config (``Pulumi.<stack>.yaml``)::

    chime-proxy:voiceConnectorId: abcdef1ghij2klmno3pqr4
    chime-proxy:sessions:
      - key: ride-1001                 # resource name, unique in the stack
        participants: ["+12065550100", "+12065550101"]
        capabilities: [Voice, SMS]     # optional, default both
        name: Ride 1001                # optional
        expiryMinutes: 30              # optional
        numberSelectionBehavior: PreferSticky
        geoMatchLevel: AreaCode
        geoMatchParams: {country: US, areaCode: "206"}
        keepClosed: false

Outputs: ``statuses`` (plain: status and timestamps per session, for dashboards and
StackReference consumers) and ``sessions`` (secret: adds participants and proxy numbers).
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi_chime_proxy import ProxySession, ProxySessionArgs

config = pulumi.Config()
voice_connector_id = config.require("voiceConnectorId")
declared: list[dict[str, Any]] = config.require_object("sessions")


def geo(spec: dict[str, Any]) -> dict[str, str] | None:
    params = spec.get("geoMatchParams")
    if not params:
        return None
    return {"country": params.get("country"), "area_code": params.get("areaCode")}


statuses: dict[str, Any] = {}
sessions: dict[str, Any] = {}
for spec in declared:
    key = spec["key"]
    session = ProxySession(key, ProxySessionArgs(
        voice_connector_id=voice_connector_id,
        participant_phone_numbers=spec["participants"],
        capabilities=spec.get("capabilities", ["Voice", "SMS"]),
        name=spec.get("name"),
        expiry_minutes=spec.get("expiryMinutes"),
        number_selection_behavior=spec.get("numberSelectionBehavior"),
        geo_match_level=spec.get("geoMatchLevel"),
        geo_match_params=geo(spec),
        adopt_proxy_session_id=spec.get("adoptProxySessionId"),
        keep_closed=spec.get("keepClosed"),
    ))
    statuses[key] = {
        "id": session.proxy_session_id,
        "status": session.status,
        "created": session.created_timestamp,
        "updated": session.updated_timestamp,
        "ended": session.ended_timestamp,
    }
    sessions[key] = {**statuses[key], "participants": session.participants}

pulumi.export("voiceConnectorId", voice_connector_id)
pulumi.export("statuses", statuses)
pulumi.export("sessions", sessions)

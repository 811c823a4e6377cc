"""The root stack: proxy sessions on one Voice Connector, declared from stack config.

Phone numbers and names are **secret** config: Pulumi copies plain stack config into
the default provider's state (every checkpoint, history entry and backup), so they
never go in ``chime-proxy:sessions``. Config (``Pulumi.<stack>.yaml``)::

    chime-proxy:voiceConnectorId: abcdef1ghij2klmno3pqr4
    chime-proxy:sessions:              # plain: no number, no name
      - key: ride-1001                 # resource name, unique in the stack
        capabilities: [Voice, SMS]     # optional, default both
        expiryMinutes: 30              # optional
        numberSelectionBehavior: PreferSticky
        geoMatchLevel: AreaCode
        geoMatchParams: {country: US, areaCode: "206"}
        keepClosed: false
    chime-proxy:participants:          # secret: pulumi config set --secret --path ...
      secure: ...                      # {"ride-1001": ["+12065550100", "+12065550101"]}
    chime-proxy:names:                 # secret, optional: {"ride-1001": "Ride 1001"}
      secure: ...

Outputs: ``statuses`` (plain: status, capabilities and timestamps per session, for
dashboards and StackReference consumers) and ``sessions`` (secret: adds participants
and proxy numbers).
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi_chime_proxy import ProxySession, ProxySessionArgs

config = pulumi.Config()
voice_connector_id = config.require("voiceConnectorId")
declared: list[dict[str, Any]] = config.require_object("sessions")
participants = config.require_secret_object("participants")
names = config.get_secret_object("names") or pulumi.Output.secret({})

for spec in declared:
    if "participants" in spec or "name" in spec:
        raise ValueError(
            f"chime-proxy:sessions[{spec.get('key')}] holds participants or a name in plain "
            "config (Pulumi copies plain config into the state); move them to the secret "
            "chime-proxy:participants and chime-proxy:names")


def geo(spec: dict[str, Any]) -> dict[str, str] | None:
    params = spec.get("geoMatchParams")
    if not params:
        return None
    return {"country": params.get("country"), "area_code": params.get("areaCode")}


def numbers_of(key: str) -> pulumi.Output[list[str]]:
    def pick(by_key: dict[str, list[str]]) -> list[str]:
        if key not in by_key:
            raise ValueError(f"chime-proxy:participants has no entry for session {key!r}")
        return by_key[key]
    return participants.apply(pick)


statuses: dict[str, Any] = {}
sessions: dict[str, Any] = {}
for spec in declared:
    key = spec["key"]
    session = ProxySession(key, ProxySessionArgs(
        voice_connector_id=voice_connector_id,
        participant_phone_numbers=numbers_of(key),
        capabilities=spec.get("capabilities", ["Voice", "SMS"]),
        name=names.apply(lambda by_key, key=key: by_key.get(key)),
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
        "capabilities": session.capabilities,
        "created": session.created_timestamp,
        "updated": session.updated_timestamp,
        "ended": session.ended_timestamp,
    }
    sessions[key] = {**statuses[key], "participants": session.participants}

pulumi.export("voiceConnectorId", voice_connector_id)
pulumi.export("statuses", statuses)
pulumi.export("sessions", sessions)

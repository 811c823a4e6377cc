"""Quickstart on the local emulator: a proxy configuration and two proxy sessions.

The voice connector is made outside Pulumi (there is no VoiceConnector resource in
this package; on AWS use ``pulumi_aws.chime.VoiceConnector``, see ../aws) and
passed in as the stack config ``voiceConnectorId``.

``ride`` lasts a day. ``delivery`` lasts ``deliveryExpiryMinutes`` (5 by default)
and has ``keep_closed=True``: when it expires, ``pulumi up --refresh`` records it
as ``Closed`` and keeps it, instead of replacing it with a fresh session, so that
other stacks (../consumer) can see that it closed.
"""

import pulumi
from pulumi_chime_proxy import (
    ProxySession,
    ProxySessionArgs,
    VoiceConnectorProxy,
    VoiceConnectorProxyArgs,
)

config = pulumi.Config()
voice_connector_id = config.require("voiceConnectorId")

proxy = VoiceConnectorProxy(
    "proxy",
    VoiceConnectorProxyArgs(
        voice_connector_id=voice_connector_id,
        default_session_expiry_minutes=60,
        phone_number_pool_countries=["US"],
        fall_back_phone_number=config.get_secret("fallBackPhoneNumber") or "+12065550199",
    ),
)

# Wiring the sessions to the proxy's output orders them after it on create and
# before it on destroy.
sessions = {
    "ride": ProxySession(
        "ride",
        ProxySessionArgs(
            voice_connector_id=proxy.voice_connector_id,
            participant_phone_numbers=["+12065550100", "+12065550101"],
            capabilities=["Voice", "SMS"],
            name="Ride 42",
            expiry_minutes=24 * 60,
        ),
    ),
    "delivery": ProxySession(
        "delivery",
        ProxySessionArgs(
            voice_connector_id=proxy.voice_connector_id,
            participant_phone_numbers=["+12065550102", "+12065550103"],
            capabilities=["SMS"],
            expiry_minutes=config.get_int("deliveryExpiryMinutes") or 5,
            keep_closed=True,
        ),
    ),
}

pulumi.export("voice_connector_id", proxy.voice_connector_id)
pulumi.export("default_session_expiry_minutes", proxy.default_session_expiry_minutes)
pulumi.export("status", {name: s.status for name, s in sessions.items()})
# Participants are phone numbers: secret, and so is everything built from them.
# Output.secret marks the whole map, so `pulumi stack output` shows it as [secret]
# (a plain dict would only mark the nested values).
pulumi.export("participants", pulumi.Output.secret(
    {name: s.participants for name, s in sessions.items()}))
pulumi.export("proxy_numbers", pulumi.Output.secret({
    name: s.participants.apply(lambda ps: [p["proxy_phone_number"] for p in ps])
    for name, s in sessions.items()
}))
# The structured output ../consumer reads through a StackReference.
pulumi.export("sessions", pulumi.Output.secret({
    name: {"id": s.proxy_session_id, "status": s.status, "participants": s.participants}
    for name, s in sessions.items()
}))

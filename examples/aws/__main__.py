"""Real AWS: a voice connector from pulumi-aws, its proxy configuration, two sessions.

Everything is wired by outputs, so Pulumi orders it: the connector, then its proxy
configuration, then the sessions (and the reverse on destroy). Where ``chime-proxy:region``
and ``chime-proxy:profile`` are unset, the provider reads ``aws:region`` and ``aws:profile``,
the stack config pulumi-aws reads, so one setting serves both.

Config (all optional except the participants, which are real phone numbers: the
program stops at preview without them rather than dial numbers nobody chose):
  participantsA / participantsB  secret, "number,number" (E.164), one pair per session
  fallBackPhoneNumber            secret, E.164, reached when a proxy number is dialed
                                 outside a session
  poolCountries                  "US" by default; countries of your ordered numbers
  voiceConnectorRegion           "us-east-1" (default) or "us-west-2"
"""

import pulumi
import pulumi_aws as aws
from pulumi_chime_proxy import (
    ProxySession,
    ProxySessionArgs,
    VoiceConnectorProxy,
    VoiceConnectorProxyArgs,
)

config = pulumi.Config()


def pair(key: str) -> pulumi.Output[list[str]]:
    """Two participant numbers from a required secret "a,b" config value."""
    return config.require_secret(key).apply(lambda text: [n.strip() for n in text.split(",")])


voice_connector = aws.chime.VoiceConnector(
    "proxy-connector",
    require_encryption=True,
    aws_region=config.get("voiceConnectorRegion") or "us-east-1",  # us-east-1 or us-west-2
)

proxy = VoiceConnectorProxy(
    "proxy",
    VoiceConnectorProxyArgs(
        voice_connector_id=voice_connector.id,
        default_session_expiry_minutes=60,
        phone_number_pool_countries=(config.get("poolCountries") or "US").split(","),
        fall_back_phone_number=config.get_secret("fallBackPhoneNumber"),
    ),
)

sessions = {
    name: ProxySession(
        name,
        ProxySessionArgs(
            voice_connector_id=proxy.voice_connector_id,
            participant_phone_numbers=pair(key),
            capabilities=["Voice", "SMS"],
            expiry_minutes=24 * 60,
        ),
    )
    for name, key in (("support-call", "participantsA"), ("delivery", "participantsB"))
}

pulumi.export("voice_connector_id", voice_connector.id)
pulumi.export("outbound_host_name", voice_connector.outbound_host_name)
pulumi.export("status", {name: s.status for name, s in sessions.items()})
pulumi.export("sessions", pulumi.Output.secret({
    name: {"id": s.proxy_session_id, "status": s.status, "participants": s.participants}
    for name, s in sessions.items()
}))

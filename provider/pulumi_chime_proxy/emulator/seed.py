"""The set-up every local use starts with: a voice connector with a proxy configuration.

Sessions need both (see ARCHITECTURE.md), and pulumi-aws's ``VoiceConnector``
needs real AWS, so tests, demos and ``chime-proxy emulator create-voice-connector``
make them here, through the API like any client (no boto3 import: the caller
passes a ``chime-sdk-voice`` client).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

DEFAULT_NAME = "local"
DEFAULT_COUNTRIES = ("US",)
DEFAULT_EXPIRY_MINUTES = 60


def voice_connector_with_proxy(
    client: Any,
    name: str = DEFAULT_NAME,
    countries: Sequence[str] = DEFAULT_COUNTRIES,
    default_expiry_minutes: int = DEFAULT_EXPIRY_MINUTES,
    require_encryption: bool = True,
    region: str = "us-east-1",
    proxy: bool = True,
) -> str:
    """Create a voice connector and (unless not ``proxy``) its proxy configuration;
    return the connector's id."""
    created = client.create_voice_connector(Name=name, RequireEncryption=require_encryption, AwsRegion=region)
    voice_connector_id = str(created["VoiceConnector"]["VoiceConnectorId"])
    if not proxy:
        return voice_connector_id
    client.put_voice_connector_proxy(
        VoiceConnectorId=voice_connector_id,
        DefaultSessionExpiryMinutes=default_expiry_minutes,
        PhoneNumberPoolCountries=list(countries),
    )
    return voice_connector_id

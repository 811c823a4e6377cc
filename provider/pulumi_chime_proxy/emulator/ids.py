"""Identifiers and ARNs shaped like the ones AWS issues."""

from __future__ import annotations

import secrets
import string

ACCOUNT_ID = "123456789012"
_ALPHABET = string.ascii_lowercase + string.digits


def random_id(length: int = 22) -> str:
    """Lower-case alphanumerics, like a Voice Connector id (22 characters)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def voice_connector_arn(region: str, voice_connector_id: str) -> str:
    return f"arn:aws:chime:{region}:{ACCOUNT_ID}:vc/{voice_connector_id}"


def outbound_host_name(voice_connector_id: str) -> str:
    return f"{voice_connector_id}.voiceconnector.chime.aws"

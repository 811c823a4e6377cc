"""Where the provider's AWS client points, read from stack config the pulumi-aws way.

Pure functions of the config mapping, so the rules are tested without the engine.
Nothing here holds credentials: the profile *name* is a setting, the keys stay in
boto3's default chain.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: The key pulumi-aws users set under ``aws:endpoints`` for this service.
ENDPOINT_KEY = "chimesdkvoice"
#: Like terraform-provider-aws's ``max_retries`` (25): a refresh of hundreds of sessions
#: must survive a throttling burst (at 50% throttling a call fails with p = 0.5**25).
DEFAULT_MAX_ATTEMPTS = 25


@dataclass(frozen=True)
class ClientSettings:
    """Everything that decides which client a provider call uses (hashable: a cache key)."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    connect_timeout: float = 10.0
    read_timeout: float = 30.0


def endpoint_from_config(raw: Any) -> str | None:
    """The ``chimesdkvoice`` URL from an ``aws:endpoints`` value (list of maps, or JSON)."""
    if raw is None or raw == "":
        return None
    value = json.loads(raw) if isinstance(raw, str) else raw
    entries = value if isinstance(value, list) else [value]
    for entry in entries:
        if isinstance(entry, dict) and entry.get(ENDPOINT_KEY):
            return str(entry[ENDPOINT_KEY])
    return None


def settings_from_config(get: Callable[[str], Any]) -> ClientSettings:
    """Build settings from a config getter taking full keys (``aws:region``).

    Unset values stay None so that boto3's own chain decides (``AWS_REGION``,
    ``AWS_PROFILE``, ``AWS_ENDPOINT_URL_CHIME_SDK_VOICE``, shared config files).
    """
    attempts = get("chime-proxy:maxAttempts")
    return ClientSettings(
        region=get("aws:region") or None,
        profile=get("aws:profile") or None,
        endpoint_url=endpoint_from_config(get("aws:endpoints")),
        max_attempts=int(attempts) if attempts else DEFAULT_MAX_ATTEMPTS,
    )

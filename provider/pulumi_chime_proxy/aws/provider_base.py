"""What every dynamic provider here shares: client settings from stack config, one
shared client, and how a resource registers its computed and secret outputs.

A provider instance is pickled into state, so it keeps only the *settings* (no
client, no credentials); the client comes from ``clients.client_for`` per process.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi
from pulumi.dynamic import ConfigureRequest, ResourceProvider

from . import clients
from .settings import ClientSettings, settings_from_config


class ChimeProvider(ResourceProvider):
    """Base provider: ``configure`` reads ``aws:*`` config; ``_client`` is the shared client."""

    _settings: ClientSettings | None = None

    #: ``__provider`` holds no secret (a by-reference pickle of about 80 bytes, no client,
    #: no credentials: tests/sessions/test_pickling.py), so it is stored in plaintext. The
    #: benchmark (issue 7) measured the secret envelope at +468 B of state per resource
    #: and 4-27% slower up/destroy. A provider that captures a secret Output is still
    #: stored as a secret (the SDK checks for that on every serialization).
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        """Read ``aws:region``, ``aws:profile`` and ``aws:endpoints`` from stack config."""
        self._settings = settings_from_config(req.config.get)

    @property
    def settings(self) -> ClientSettings:
        return self._settings or ClientSettings()

    def _client(self) -> Any:
        return clients.client_for(self.settings)


def resource_props(
    props: dict[str, Any],
    computed: Iterable[str],
    secret_outputs: Iterable[str],
    opts: pulumi.ResourceOptions | None,
) -> tuple[dict[str, Any], pulumi.ResourceOptions]:
    """Props with every computed output declared (so its attribute resolves) and options
    that keep the secret outputs secret after refresh (``additional_secret_outputs``)."""
    full = dict(props)
    for name in computed:
        full.setdefault(name, None)
    secret = pulumi.ResourceOptions(additional_secret_outputs=list(secret_outputs))
    return full, pulumi.ResourceOptions.merge(opts, secret)

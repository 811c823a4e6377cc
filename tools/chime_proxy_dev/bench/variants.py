"""Provider variants the benchmark compares with ``ProxySession``.

They live in this installed module (not ``__main__``) so that dill pickles them by
reference, exactly as it pickles ``ProxySessionProvider``: only the behaviour under
test differs, not the size of ``__provider``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pulumi
from pulumi.dynamic import Resource, ResourceProvider
from pulumi_chime_proxy.aws import clients
from pulumi_chime_proxy.dynamic.provider_base import resource_props
from pulumi_chime_proxy.sessions.props import COMPUTED, SECRET_OUTPUTS
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider
from pulumi_chime_proxy.sessions.resource import ProxySessionArgs


class NaiveProxySessionProvider(ProxySessionProvider):
    """The same CRUD, but a fresh boto3 session and client for every call (no reuse)."""

    def _client(self) -> Any:
        return clients.make_client(self.settings)

    def _create_client(self) -> Any:
        return clients.make_client(dataclasses.replace(self.settings, max_attempts=1))


class SecretBlobProxySessionProvider(ProxySessionProvider):
    """``ProxySessionProvider`` with the SDK's default ``serialize_as_secret_always``
    (on): ``__provider`` stored as a secret. Ours ships with it off; this measures why."""

    serialize_as_secret_always = True


class _BenchProxySession(Resource):
    """A ``ProxySession`` (same props and secret outputs) with another provider."""

    provider_class: type[ResourceProvider] = ProxySessionProvider

    def __init__(self, resource_name: str, args: ProxySessionArgs,
                 opts: pulumi.ResourceOptions | None = None) -> None:
        props, options = resource_props(args.to_props(), COMPUTED, SECRET_OUTPUTS, opts)
        super().__init__(self.provider_class(), resource_name, props, options)


class NaiveProxySession(_BenchProxySession, module="chime", name="ProxySession"):
    """Variant (c): a client per call."""

    provider_class = NaiveProxySessionProvider


class SecretBlobProxySession(_BenchProxySession, module="chime", name="ProxySession"):
    """``ProxySession`` with ``serialize_as_secret_always = True``.

    Both variants keep ``ProxySession``'s type token, so their state sizes compare
    byte for byte with ours (each benchmark stack is alone in its backend)."""

    provider_class = SecretBlobProxySessionProvider

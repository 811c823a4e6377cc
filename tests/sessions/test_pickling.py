"""The provider goes into state pickled by reference: small, and with no client or keys."""

from __future__ import annotations

import base64
import os

import dill
from pulumi.dynamic.dynamic import serialize_provider
from pulumi_chime_proxy.aws.settings import ClientSettings
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider


def test_provider_is_pickled_by_reference_and_small() -> None:
    blob = base64.b64decode(serialize_provider(ProxySessionProvider()))
    assert len(blob) < 300, len(blob)
    assert b"pulumi_chime_proxy.sessions.provider" in blob and b"ProxySessionProvider" in blob
    assert b"co_code" not in blob and b"boto" not in blob  # no code objects, no client
    assert isinstance(dill.loads(blob), ProxySessionProvider)


def test_a_configured_provider_still_holds_no_credentials() -> None:
    provider = ProxySessionProvider()
    provider._settings = ClientSettings(region="us-east-1", endpoint_url="http://127.0.0.1:1")
    provider._client()  # builds (and caches) the client outside the instance
    blob = base64.b64decode(serialize_provider(provider))
    assert b"botocore" not in blob
    secret = os.environ.get("AWS_SECRET_ACCESS_KEY", "testing").encode()
    assert secret not in blob

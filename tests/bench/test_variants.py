"""The benchmark's provider variants: pickled by reference like ours, and naive for real."""

from __future__ import annotations

import base64

import dill
import pytest
from chime_proxy_dev.bench import variants
from pulumi.dynamic.dynamic import serialize_provider
from pulumi_chime_proxy.aws.settings import ClientSettings


@pytest.mark.parametrize("cls", [variants.NaiveProxySessionProvider,
                                 variants.SecretBlobProxySessionProvider])
def test_variant_providers_are_pickled_by_reference(cls: type) -> None:
    blob = base64.b64decode(serialize_provider(cls()))
    assert b"chime_proxy_dev.bench.variants" in blob and cls.__name__.encode() in blob
    assert b"co_code" not in blob
    assert isinstance(dill.loads(blob), cls)


def test_secret_blob_variant_turns_secret_serialization_back_on() -> None:
    assert variants.SecretBlobProxySessionProvider.serialize_as_secret_always is True
    assert variants.NaiveProxySessionProvider.serialize_as_secret_always is False  # as ours


def test_naive_provider_builds_a_new_client_every_call() -> None:
    provider = variants.NaiveProxySessionProvider()
    provider._settings = ClientSettings(region="us-east-1", endpoint_url="http://127.0.0.1:1")
    assert provider._client() is not provider._client()
    assert provider._create_client() is not provider._create_client()

"""Authentication: unsigned requests, and strict SigV4 verification."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import botocore
import pytest
from botocore.config import Config
from pulumi_chime_proxy.emulator import auth
from pulumi_chime_proxy.emulator.errors import UnauthorizedClientException
from pulumi_chime_proxy.emulator.testing import running_emulator


def test_unsigned_request_is_401(emulator: Any) -> None:
    unsigned = emulator.client(signature_version=botocore.UNSIGNED)
    with pytest.raises(unsigned.exceptions.UnauthorizedClientException) as exc:
        unsigned.list_voice_connectors()
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 401


def test_unsigned_raw_request_gets_json(emulator: Any) -> None:
    request = urllib.request.Request(f"{emulator.endpoint_url}/voice-connectors")
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(request, timeout=5)
    assert exc.value.code == 401
    assert exc.value.headers["x-amzn-ErrorType"] == "UnauthorizedClientException"
    assert exc.value.headers["x-amzn-RequestId"]
    assert json.loads(exc.value.read())["Code"] == "UnauthorizedClientException"


def test_default_mode_accepts_any_signed_request(emulator: Any) -> None:
    assert emulator.client(access_key="anyone", secret_key="whatever").list_voice_connectors()


@pytest.fixture(scope="module")
def strict() -> Any:
    with running_emulator(strict_auth=True, access_keys={"AKIDGOOD": "s3cret"}) as running:
        yield running


def test_strict_mode_accepts_a_correct_signature(strict: Any) -> None:
    client = strict.client(access_key="AKIDGOOD", secret_key="s3cret")
    vc = client.create_voice_connector(Name="strict ok", RequireEncryption=True)["VoiceConnector"]
    got = client.list_voice_connectors(MaxResults=5)["VoiceConnectors"]
    assert vc["VoiceConnectorId"] in [v["VoiceConnectorId"] for v in got]


def test_strict_mode_bad_signature_is_401(strict: Any) -> None:
    client = strict.client(access_key="AKIDGOOD", secret_key="wrong")
    with pytest.raises(client.exceptions.UnauthorizedClientException) as exc:
        client.list_voice_connectors()
    assert "signature" in exc.value.response["Error"]["Message"]


def test_strict_mode_unknown_access_key_is_403(strict: Any) -> None:
    client = strict.client(access_key="AKIDOTHER", secret_key="s3cret")
    with pytest.raises(client.exceptions.ForbiddenException) as exc:
        client.list_voice_connectors()
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_strict_mode_checks_the_body_too(strict: Any) -> None:
    """Tampering with a signed body after signing must fail verification."""
    client = strict.client(access_key="AKIDGOOD", secret_key="s3cret")

    def tamper(request: Any, **_: Any) -> None:
        request.body = request.body.replace(b"original", b"tampered")
        request.headers["Content-Length"] = str(len(request.body))

    client.meta.events.register("before-send.chime-sdk-voice.CreateVoiceConnector", tamper)
    with pytest.raises(client.exceptions.UnauthorizedClientException):
        client.create_voice_connector(Name="original", RequireEncryption=True)


def test_parse_authorization_header() -> None:
    parts = auth.parse_authorization(
        "AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/chime/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=ABCDEF"
    )
    assert (parts.access_key, parts.region, parts.service) == ("AKID", "us-east-1", "chime")
    assert parts.signed_headers == ("host", "x-amz-date") and parts.signature == "abcdef"
    with pytest.raises(UnauthorizedClientException):
        auth.parse_authorization("AWS4-HMAC-SHA256 nonsense")


def test_client_helper_config_is_overridable(emulator: Any) -> None:
    assert isinstance(emulator.client().meta.config, Config)

"""Failures are worded for the person reading ``pulumi up``, without numbers or names."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pulumi
import pytest
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi_chime_proxy.aws import clients, errors
from pulumi_chime_proxy.aws.errors import ChimeProxyError
from pulumi_chime_proxy.aws.settings import ClientSettings
from pulumi_chime_proxy.servicemodel import end_of_support
from pulumi_chime_proxy.sessions.lookup import fetch_proxy_session

from tests.servicemodel.models import model_without_deprecation

NUMBERS = ["+14155550127", "+14155550128"]
e164 = st.from_regex(r"\A\+[1-9][0-9]{6,14}\Z")
names = st.from_regex(r"\A[a-zA-Z][a-zA-Z0-9 ]{2,29}\Z").filter(lambda n: n.strip() == n)


def client_error(message: str, code: str = "BadRequestException") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "CreateProxySession")


@given(number=e164, name=names, template=st.sampled_from([
    "Invalid phone number {n} for session '{m}'",
    'ParticipantPhoneNumbers [{n}, {n}] rejected; Name "{m}"',
    "value: {n}, Name: '{m}'",
    "{n}",
]))
@settings(max_examples=300, deadline=None)
def test_aws_messages_lose_numbers_and_quoted_names(number: str, name: str, template: str) -> None:
    text = str(ChimeProxyError("CreateProxySession", "a new session on voice connector vc1",
                               client_error(template.format(n=number, m=name))))
    assert number not in text and number[1:] not in text and f"'{name}'" not in text
    assert f'"{name}"' not in text
    assert text.startswith("CreateProxySession failed for a new session on voice connector vc1: "
                           "BadRequestException")


def test_ids_and_endpoints_are_kept() -> None:
    text = errors.redact("no session abcdefghij0123456789ab at http://127.0.0.1:45991/x", quoted=False)
    assert text == "no session abcdefghij0123456789ab at http://127.0.0.1:45991/x"


def test_botocore_validation_echo_is_redacted() -> None:
    """botocore's ParamValidationError echoes the offending value; ours must not."""
    client = clients.make_client(ClientSettings(region="us-east-1", endpoint_url="http://127.0.0.1:1"))
    with pytest.raises(Exception) as caught:
        client.create_proxy_session(VoiceConnectorId="vc", Capabilities=["Voice"],
                                    ParticipantPhoneNumbers=[14155550127, "+14155550128"],
                                    Name=["Alice Secret Ride"])
    assert "14155550127" in str(caught.value)  # botocore's own message does echo it
    text = str(ChimeProxyError("CreateProxySession", "a new session", caught.value))
    assert "ParticipantPhoneNumbers" in text and "Name" in text
    for secret in ("14155550127", "Alice Secret Ride"):
        assert secret not in text


def test_real_service_errors_keep_code_and_advice(emulator: Any) -> None:
    client = clients.make_client(ClientSettings(region="us-east-1", endpoint_url=emulator.endpoint_url,
                                                max_attempts=1))
    emulator.admin.inject_fault("CreateProxySession", error="ThrottledClientException", count=1)
    with pytest.raises(ClientError) as caught:
        client.create_proxy_session(VoiceConnectorId="abcdefghij0123456789ab", Capabilities=["Voice"],
                                    ParticipantPhoneNumbers=NUMBERS, Name="Alice Ride")
    text = str(ChimeProxyError("CreateProxySession", "a new session", caught.value))
    assert "ThrottledClientException" in text and "chime-proxy:maxAttempts" in text
    assert not any(n[1:] in text for n in NUMBERS) and "Alice" not in text


@pytest.mark.parametrize("mode", ["bad-request", "forbidden"])
def test_a_retired_operation_is_named_as_the_end_of_support(
    emulator: Any, mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = clients.make_client(ClientSettings(region="us-east-1", endpoint_url=emulator.endpoint_url,
                                                max_attempts=1))
    emulator.admin.end_of_support(mode)

    def refusal() -> ClientError:
        with pytest.raises(ClientError) as caught:
            client.create_proxy_session(VoiceConnectorId="abcdefghij0123456789ab",
                                        Capabilities=["Voice"], ParticipantPhoneNumbers=NUMBERS,
                                        Name="Alice Ride")
        return caught.value

    retired = refusal()
    assert errors.is_retirement("CreateProxySession", retired)
    text = str(ChimeProxyError("CreateProxySession", "a new session", retired))
    assert "\n" not in text and len(text) < 600
    assert "end of support" in text and end_of_support.DOCS in text
    assert not any(n[1:] in text for n in NUMBERS) and "Alice" not in text
    # The same answer from an operation the model does not mark, or under a model without
    # the trait, is not the end of support.
    assert not errors.is_retirement("GetVoiceConnector", retired)
    with model_without_deprecation(tmp_path / "models", monkeypatch):
        assert not errors.is_retirement("CreateProxySession", retired)
        assert "end of support" not in str(ChimeProxyError("CreateProxySession", "s", retired))


@pytest.mark.parametrize("code", ["ThrottledClientException", "ServiceFailureException",
                                  "ServiceUnavailableException", "UnauthorizedClientException",
                                  "NotFoundException"])
def test_other_answers_of_a_retired_operation_are_not_the_end_of_support(
    emulator: Any, code: str,
) -> None:
    client = clients.make_client(ClientSettings(region="us-east-1", endpoint_url=emulator.endpoint_url,
                                                max_attempts=1))
    emulator.admin.inject_fault("GetProxySession", error=code, count=1)
    with pytest.raises(ClientError) as caught:
        client.get_proxy_session(VoiceConnectorId="abcdefghij0123456789ab", ProxySessionId="p" * 36)
    assert not errors.is_retirement("GetProxySession", caught.value)
    assert "end of support" not in str(ChimeProxyError("GetProxySession", "s", caught.value))


def test_transport_failures_are_classified_and_advised() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = clients.make_client(ClientSettings(region="us-east-1",
                                                endpoint_url=f"http://127.0.0.1:{port}", max_attempts=1))
    with pytest.raises(Exception) as caught:
        client.list_voice_connectors()
    assert errors.is_transport(caught.value)
    assert not errors.is_transport(client_error("x"))
    text = str(ChimeProxyError("ListVoiceConnectors", "the account", caught.value))
    assert f"127.0.0.1:{port}" in text and "check chime-proxy:endpoint and chime-proxy:region" in text


def test_get_proxy_session_names_the_end_of_support(emulator: Any) -> None:
    vc = emulator.client().create_voice_connector(
        Name="vc", RequireEncryption=False)["VoiceConnector"]["VoiceConnectorId"]
    emulator.admin.end_of_support("forbidden")
    settings = ClientSettings(region="us-east-1", endpoint_url=emulator.endpoint_url, max_attempts=1)
    with pytest.raises(pulumi.RunError) as refused:
        fetch_proxy_session(settings, vc, "p" * 36)
    assert str(refused.value).startswith("get_proxy_session: GetProxySession failed for ")
    assert "end of support" in str(refused.value) and end_of_support.DOCS in str(refused.value)

"""Retry decisions against the emulator (fault injection) and real loopback sockets.

botocore's standard mode keeps deciding transient errors; our ``needs-retry`` handler
adds ``ThrottledClientException`` with standard mode's arithmetic and its own quota,
and stops a dead or hung endpoint early.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from pulumi_chime_proxy.aws import clients, retries
from pulumi_chime_proxy.aws.settings import ClientSettings
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider

from ..support import voice_connector
from .hung_server import hung_server

UNKNOWN_VC = "abcdefghij0123456789ab"


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every retry decision kept; the waits between attempts shrunk."""
    monkeypatch.setattr(retries, "BACKOFF_BASE", 0.01)
    clients.clear()
    yield
    clients.clear()


def settings(endpoint_url: str, **overrides: Any) -> ClientSettings:
    return ClientSettings(region="us-east-1", endpoint_url=endpoint_url, **overrides)


def calls(emulator: Any, operation: str) -> int:
    return int(emulator.admin.calls()["ByOperation"].get(operation, 0))


def test_throttling_is_retried_up_to_max_attempts(emulator: Any) -> None:
    """The model's 429 has no retryable trait; the policy retries it anyway."""
    vc = voice_connector(emulator.client())
    client = clients.make_client(settings(emulator.endpoint_url, max_attempts=4))
    emulator.admin.inject_fault("GetVoiceConnector", error="ThrottledClientException", count=3)
    emulator.admin.reset_calls()
    assert client.get_voice_connector(VoiceConnectorId=vc)["VoiceConnector"]["Name"] == "vc"
    assert calls(emulator, "GetVoiceConnector") == 4
    emulator.admin.inject_fault("GetVoiceConnector", error="ThrottledClientException", count=4)
    emulator.admin.reset_calls()
    with pytest.raises(client.exceptions.ThrottledClientException) as caught:
        client.get_voice_connector(VoiceConnectorId=vc)
    assert calls(emulator, "GetVoiceConnector") == 4
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 3


def test_one_attempt_means_no_retry(emulator: Any) -> None:
    """The create client (max_attempts=1) must never repeat a create by itself."""
    vc = voice_connector(emulator.client())
    client = clients.make_client(settings(emulator.endpoint_url, max_attempts=1))
    for error in ("ThrottledClientException", "ServiceUnavailableException"):
        emulator.admin.inject_fault("GetVoiceConnector", error=error, count=1)
        emulator.admin.reset_calls()
        with pytest.raises(client.exceptions.ClientError):
            client.get_voice_connector(VoiceConnectorId=vc)
        assert calls(emulator, "GetVoiceConnector") == 1


def test_the_throttling_quota_stops_retries_and_a_success_refunds_it(emulator: Any) -> None:
    vc = voice_connector(emulator.client())
    client = emulator.client()  # botocore's own handler makes one attempt
    policy = retries.install(client, max_attempts=10, quota_capacity=2 * retries.THROTTLED_RETRY_COST)
    emulator.admin.inject_fault("GetVoiceConnector", error="ThrottledClientException", count=1)
    client.get_voice_connector(VoiceConnectorId=vc)  # one retry, then refunded by the success
    assert policy.quota.available_capacity == 2 * retries.THROTTLED_RETRY_COST
    emulator.admin.inject_fault("GetVoiceConnector", error="ThrottledClientException", count=5)
    emulator.admin.reset_calls()
    with pytest.raises(client.exceptions.ThrottledClientException):
        client.get_voice_connector(VoiceConnectorId=vc)
    assert calls(emulator, "GetVoiceConnector") == 3  # two retries drained the quota
    assert policy.quota.available_capacity == 0


def test_transient_errors_stay_botocores_decision(emulator: Any) -> None:
    vc = voice_connector(emulator.client())
    client = clients.make_client(settings(emulator.endpoint_url, max_attempts=3))
    emulator.admin.inject_fault("GetVoiceConnector", error="ServiceUnavailableException", count=2)
    emulator.admin.reset_calls()
    assert client.get_voice_connector(VoiceConnectorId=vc)["VoiceConnector"]["VoiceConnectorId"] == vc
    assert calls(emulator, "GetVoiceConnector") == 3
    emulator.admin.inject_fault("GetVoiceConnector", error="ServiceFailureException", count=3)
    emulator.admin.reset_calls()
    with pytest.raises(client.exceptions.ServiceFailureException):
        client.get_voice_connector(VoiceConnectorId=vc)
    assert calls(emulator, "GetVoiceConnector") == 3


@pytest.mark.parametrize("error", ["ForbiddenException", "BadRequestException",
                                   "UnauthorizedClientException", "NotFoundException"])
def test_client_errors_are_not_retried(emulator: Any, error: str) -> None:
    client = clients.make_client(settings(emulator.endpoint_url))
    emulator.admin.inject_fault("GetVoiceConnector", error=error, count=1)
    emulator.admin.reset_calls()
    with pytest.raises(client.exceptions.ClientError) as caught:
        client.get_voice_connector(VoiceConnectorId=UNKNOWN_VC)
    assert caught.value.response["Error"]["Code"] == error
    assert calls(emulator, "GetVoiceConnector") == 1


def test_a_refused_endpoint_gets_a_few_attempts_not_the_whole_budget() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    client = clients.make_client(settings(f"http://127.0.0.1:{port}"))
    attempts: list[int] = []
    client.meta.events.register("before-send", lambda **_: attempts.append(1))
    with pytest.raises(EndpointConnectionError):
        client.get_voice_connector(VoiceConnectorId=UNKNOWN_VC)
    assert len(attempts) == retries.TRANSPORT_ATTEMPTS


def test_a_hung_endpoint_gets_two_attempts_of_one_read_timeout_each() -> None:
    with hung_server() as hung:
        client = clients.make_client(settings(hung.endpoint_url, read_timeout=0.3))
        with pytest.raises(ReadTimeoutError):
            client.get_voice_connector(VoiceConnectorId=UNKNOWN_VC)
        assert hung.connections == retries.TIMEOUT_ATTEMPTS


def test_a_create_on_a_hung_endpoint_fails_naming_the_timeout_setting() -> None:
    """One create attempt, then the reconciling list's two: three connections in all."""
    with hung_server() as hung:
        provider = ProxySessionProvider()
        provider._settings = settings(hung.endpoint_url, read_timeout=0.3)
        with pytest.raises(Exception) as caught:
            provider.create({"voice_connector_id": UNKNOWN_VC, "capabilities": ["Voice"],
                             "participant_phone_numbers": ["+14155550127", "+14155550128"]})
        assert hung.connections == 1 + retries.TIMEOUT_ATTEMPTS
    message = str(caught.value)
    assert message.startswith("CreateProxySession failed") and "ReadTimeoutError" in message
    assert "ListProxySessions" in message and "chime-proxy:readTimeout" in message
    assert "4155550127" not in message and "4155550128" not in message


def test_default_timeouts_fail_a_hung_create_within_a_minute() -> None:
    """The worst case of the defaults, by arithmetic: each attempt costs at most one read
    timeout (the connection is accepted), plus the throttling-free backoff between the
    two list attempts (botocore's, below a second)."""
    defaults = ClientSettings()
    worst = (1 + retries.TIMEOUT_ATTEMPTS) * defaults.read_timeout + 1.0
    assert worst < 60

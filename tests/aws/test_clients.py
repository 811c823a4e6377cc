"""One client per process and settings, thread-safe; env endpoints honoured by boto3."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pulumi_chime_proxy.aws import clients
from pulumi_chime_proxy.aws.settings import ClientSettings


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    clients.clear()
    yield
    clients.clear()


def test_one_client_per_settings_across_threads() -> None:
    settings = ClientSettings(region="us-east-1", endpoint_url="http://127.0.0.1:1")
    seen: list[Any] = []
    threads = [threading.Thread(target=lambda: seen.append(clients.client_for(settings)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(c) for c in seen}) == 1
    other = clients.client_for(ClientSettings(region="us-west-2"))
    assert other is not seen[0]


def test_pool_sized_for_the_provider_host() -> None:
    client = clients.client_for(ClientSettings(region="us-east-1"))
    assert client.meta.config.max_pool_connections >= 4  # the host's gRPC workers


def test_env_endpoint_is_used_when_config_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", "http://127.0.0.1:4599")
    client = clients.make_client(ClientSettings(region="us-east-1"))
    assert client.meta.endpoint_url == "http://127.0.0.1:4599"


def test_throttling_is_retried_through_botocore(emulator: Any) -> None:
    """The model's 429 has no retryable trait; our policy retries it anyway."""
    vc = emulator.client().create_voice_connector(
        Name="v", RequireEncryption=False, AwsRegion="us-east-1")["VoiceConnector"]["VoiceConnectorId"]
    client = clients.make_client(ClientSettings(region="us-east-1",
                                                endpoint_url=emulator.endpoint_url, max_attempts=4))
    emulator.admin.inject_fault("GetVoiceConnector", error="ThrottledClientException", count=3)
    emulator.admin.reset_calls()
    assert client.get_voice_connector(VoiceConnectorId=vc)["VoiceConnector"]["Name"] == "v"
    assert emulator.admin.calls()["ByOperation"]["GetVoiceConnector"] == 4
    emulator.admin.inject_fault("GetVoiceConnector", error="ThrottledClientException", count=4)
    with pytest.raises(client.exceptions.ThrottledClientException):
        client.get_voice_connector(VoiceConnectorId=vc)


def test_fatal_errors_are_not_retried(emulator: Any) -> None:
    client = clients.make_client(ClientSettings(region="us-east-1",
                                                endpoint_url=emulator.endpoint_url))
    emulator.admin.inject_fault("GetVoiceConnector", error="ForbiddenException", count=1)
    emulator.admin.reset_calls()
    with pytest.raises(client.exceptions.ForbiddenException):
        client.get_voice_connector(VoiceConnectorId="abcdefghij0123456789ab")
    assert emulator.admin.calls()["ByOperation"]["GetVoiceConnector"] == 1


def test_a_dead_endpoint_fails_after_a_few_attempts_not_the_whole_budget() -> None:
    import socket
    import time

    from botocore.exceptions import EndpointConnectionError

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    client = clients.make_client(ClientSettings(region="us-east-1",
                                                endpoint_url=f"http://127.0.0.1:{port}"))
    attempts: list[int] = []
    client.meta.events.register("before-send", lambda **_: attempts.append(1))
    started = time.monotonic()
    with pytest.raises(EndpointConnectionError):
        client.get_voice_connector(VoiceConnectorId="abcdefghij0123456789ab")
    assert len(attempts) == 4  # TRANSPORT_ATTEMPTS, not the 25 of the throttling budget
    assert time.monotonic() - started < 60

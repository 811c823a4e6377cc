"""One client per process and settings, thread-safe; env endpoints honoured by boto3."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pulumi_chime_proxy import __version__
from pulumi_chime_proxy.aws import clients
from pulumi_chime_proxy.aws.settings import ClientSettings, ConfigError, settings_from_config
from pulumi_chime_proxy.sessions import props

from ..support import voice_connector


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


def test_an_unknown_profile_is_named_before_any_call(tmp_path: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config"
    config.write_text("[profile ops]\nregion = eu-west-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match=r"^chime-proxy:profile: no profile named 'opps'"):
        clients.make_client(ClientSettings(region="us-east-1", profile="opps"))
    # A dynamic stack that still sets the older key is told that key.
    legacy = settings_from_config({"aws:profile": "opps", "aws:region": "us-east-1"}.get)
    with pytest.raises(ConfigError, match=r"^aws:profile: no profile named 'opps'"):
        clients.make_client(legacy)
    client = clients.make_client(ClientSettings(profile="ops"))
    assert client.meta.region_name == "eu-west-1"  # the profile's region
    monkeypatch.setenv("AWS_PROFILE", "gone")
    with pytest.raises(ConfigError, match=r"chime-proxy:profile: .*gone"):
        clients.make_client(ClientSettings(region="us-east-1"))


def test_a_missing_region_says_set_chime_proxy_region(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    with pytest.raises(ConfigError, match=r"no AWS region: set chime-proxy:region") as caught:
        clients.make_client(ClientSettings(endpoint_url="http://127.0.0.1:1"))
    assert "could not be reached" not in str(caught.value)
    assert clients.make_client(ClientSettings(region="ap-south-1")).meta.region_name == "ap-south-1"


def test_timestamps_are_aware_datetimes_and_errors_still_parse(emulator: Any) -> None:
    client = clients.make_client(ClientSettings(region="us-east-1", endpoint_url=emulator.endpoint_url))
    vc = voice_connector(emulator.client())
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    created = client.create_proxy_session(
        VoiceConnectorId=vc, Capabilities=["Voice"], ExpiryMinutes=5,
        ParticipantPhoneNumbers=["+12065550100", "+12065550101"])["ProxySession"]
    emulator.admin.advance_clock(90)
    emulator.admin.set_status(vc, created["ProxySessionId"], "Closed")
    ids = {"VoiceConnectorId": vc, "ProxySessionId": created["ProxySessionId"]}
    session = client.get_proxy_session(**ids)["ProxySession"]
    reference = emulator.client().get_proxy_session(**ids)["ProxySession"]  # botocore's parser
    for key in ("CreatedTimestamp", "UpdatedTimestamp", "EndedTimestamp"):
        value = session[key]
        assert isinstance(value, dt.datetime) and value.utcoffset() == dt.timedelta(0), key
        assert value == reference[key], key
    assert before <= session["CreatedTimestamp"] <= before + dt.timedelta(minutes=1)
    assert session["EndedTimestamp"] - session["CreatedTimestamp"] >= dt.timedelta(seconds=90)
    assert props.iso(session["CreatedTimestamp"]) == props.iso(reference["CreatedTimestamp"])
    with pytest.raises(client.exceptions.NotFoundException) as caught:
        client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId="abcdefghij0123456789ab")
    assert caught.value.response["Error"]["Code"] == "NotFoundException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_requests_are_still_signed(emulator: Any) -> None:
    headers: list[dict[str, str]] = []
    client = clients.make_client(ClientSettings(region="us-east-1", endpoint_url=emulator.endpoint_url))
    client.meta.events.register("before-send", lambda request, **_: headers.append(dict(request.headers)))
    client.list_voice_connectors()
    authorization = headers[0]["Authorization"]
    authorization = authorization.decode() if isinstance(authorization, bytes) else authorization
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=testing/")
    assert "/us-east-1/chime/aws4_request" in authorization
    client.list_voice_connectors()
    agents = {h["User-Agent"].decode() if isinstance(h["User-Agent"], bytes) else h["User-Agent"]
              for h in headers}
    assert len(agents) == 1 and f"pulumi-chime-proxy/{__version__}" in agents.pop()

"""A proxy configuration already on the connector is someone else's until the program
says ``adopt_existing``: create fails in one line and changes nothing; a second
VoiceConnectorProxy on one connector in one run is refused; destroying a configuration
taken over says what it removes."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_chime_proxy.aws import diagnostics
from pulumi_chime_proxy.aws.settings import ClientSettings
from pulumi_chime_proxy.proxy_config.provider import VoiceConnectorProxyProvider

from tests import support


@pytest.fixture()
def provider(emulator: Any) -> VoiceConnectorProxyProvider:
    return VoiceConnectorProxyProvider.with_settings(
        ClientSettings(region="us-east-1", endpoint_url=emulator.endpoint_url, max_attempts=1))


def inputs(vc: str, **extra: Any) -> dict[str, Any]:
    return {"voice_connector_id": vc, "default_session_expiry_minutes": 45,
            "phone_number_pool_countries": ["US"], **extra}


@pytest.fixture()
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(diagnostics, "warn", lambda message, urn="", address=None: said.append(message))
    return said


def test_an_existing_configuration_is_not_taken_without_adopt_existing(
    emulator: Any, provider: VoiceConnectorProxyProvider, warnings: list[str],
) -> None:
    client = emulator.client()
    vc = support.voice_connector(client, expiry=60)  # another owner's configuration
    before = client.get_voice_connector_proxy(VoiceConnectorId=vc)["Proxy"]
    for adopt in (None, False):
        with pytest.raises(ValueError) as refused:
            provider.create(inputs(vc, adopt_existing=adopt))
        assert str(refused.value).startswith(f"voice_connector_id: voice connector {vc} already has a "
                                             "proxy configuration")
        assert "adopt_existing=True" in str(refused.value) and "\n" not in str(refused.value)
    assert client.get_voice_connector_proxy(VoiceConnectorId=vc)["Proxy"] == before

    created = provider.create(inputs(vc, adopt_existing=True))
    assert created.id == vc and created.outs["adopt_existing"] is True
    assert client.get_voice_connector_proxy(VoiceConnectorId=vc)["Proxy"]["DefaultSessionExpiryMinutes"] == 45
    provider.delete(vc, created.outs)
    assert len(warnings) == 1 and f"voice connector {vc}" in warnings[0]
    assert "whoever set it up no longer has it" in warnings[0]


def test_a_new_configuration_is_created_and_deleted_without_a_warning(
    emulator: Any, provider: VoiceConnectorProxyProvider, warnings: list[str],
) -> None:
    vc = support.bare_voice_connector(emulator.client())
    created = provider.create(inputs(vc))
    assert created.outs["adopt_existing"] is False
    provider.delete(vc, created.outs)
    assert warnings == []


def test_a_second_configuration_of_one_connector_in_one_run_is_refused(
    emulator: Any, provider: VoiceConnectorProxyProvider,
) -> None:
    """Even with adopt_existing: the two would overwrite each other on every up."""
    vc = support.bare_voice_connector(emulator.client())
    provider.create(inputs(vc))
    with pytest.raises(ValueError, match=f"^voice_connector_id: another VoiceConnectorProxy of this "
                                         f"stack configures voice connector {vc}; declare one per"):
        provider.create(inputs(vc, adopt_existing=True, default_session_expiry_minutes=90))
    proxy = emulator.client().get_voice_connector_proxy(VoiceConnectorId=vc)["Proxy"]
    assert proxy["DefaultSessionExpiryMinutes"] == 45


def test_a_failed_create_leaves_the_connector_free_for_the_next(
    emulator: Any, provider: VoiceConnectorProxyProvider,
) -> None:
    vc = support.bare_voice_connector(emulator.client())
    emulator.admin.inject_fault("PutVoiceConnectorProxy", error="BadRequestException", count=1)
    with pytest.raises(Exception, match="PutVoiceConnectorProxy failed"):
        provider.create(inputs(vc))
    assert provider.create(inputs(vc)).id == vc

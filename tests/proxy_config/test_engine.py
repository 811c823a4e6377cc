"""VoiceConnectorProxy through the real engine against the emulator: create, refresh,
out-of-band drift, heal, idempotent up, destroy (checked against the API)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pytest
from botocore.exceptions import ClientError
from pulumi import automation as auto
from pulumi_chime_proxy import VoiceConnectorProxy, VoiceConnectorProxyArgs
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli
from pulumi_chime_proxy.proxy_config.props import TYPE_TOKEN

from tests import support

pytestmark = pytest.mark.engine

FALLBACK = "+12065550199"


def test_drift_heal_destroy(emulator: Any, pulumi_install: PulumiCli,
                            backend_dir: Path) -> None:
    client = emulator.client()
    vc = client.create_voice_connector(Name="vcp", RequireEncryption=False,
                                       AwsRegion="us-east-1")["VoiceConnector"]["VoiceConnectorId"]

    def program() -> None:
        proxy = VoiceConnectorProxy("proxy", VoiceConnectorProxyArgs(
            voice_connector_id=vc, default_session_expiry_minutes=60,
            phone_number_pool_countries=["US"], fall_back_phone_number=FALLBACK))
        pulumi.export("expiry", proxy.default_session_expiry_minutes)
        pulumi.export("countries", proxy.phone_number_countries)
        pulumi.export("fallback", proxy.fall_back_phone_number)
        pulumi.export("disabled", proxy.disabled)

    stack = support.stack("vcp", program, pulumi_install, backend_dir, emulator.endpoint_url)
    try:
        up = stack.up(show_secrets=False)
        assert up.summary.resource_changes == {"create": 2}
        assert up.outputs["expiry"].value == 60
        assert up.outputs["countries"].value == ["US"]
        assert up.outputs["disabled"].value is False
        assert up.outputs["fallback"].secret and up.outputs["fallback"].value == FALLBACK
        live = client.get_voice_connector_proxy(VoiceConnectorId=vc)["Proxy"]
        assert live["DefaultSessionExpiryMinutes"] == 60

        # The fallback number is ciphertext in the stored state.
        assert FALLBACK not in workspace.encrypted_state(stack)
        assert FALLBACK.lstrip("+") not in workspace.encrypted_state(stack)

        assert stack.refresh(show_secrets=False).summary.resource_changes == {"same": 2}

        # Out of band: someone changes the configuration through the API.
        client.put_voice_connector_proxy(VoiceConnectorId=vc, DefaultSessionExpiryMinutes=15,
                                         PhoneNumberPoolCountries=["US"],
                                         FallBackPhoneNumber=FALLBACK)
        events: list[Any] = []
        preview = stack.preview(refresh=True, on_event=events.append)
        assert preview.change_summary.get("update") == 1, preview.change_summary
        steps = [m for m in support.resource_events(events, TYPE_TOKEN) if m.op.value == "update"]
        assert len(steps) == 1  # an update in place, not a replace

        # A preview does not save the refreshed state: up must refresh too to see the drift.
        healed = stack.up(show_secrets=False, refresh=True)
        assert healed.summary.resource_changes.get("update") == 1
        assert healed.outputs["expiry"].value == 60
        assert client.get_voice_connector_proxy(
            VoiceConnectorId=vc)["Proxy"]["DefaultSessionExpiryMinutes"] == 60

        again = stack.up(show_secrets=False, refresh=True)
        assert again.summary.resource_changes == {"same": 2}  # idempotent
    finally:
        destroyed = stack.destroy(show_secrets=False)
        stack.workspace.remove_stack("vcp")
    assert destroyed.summary.resource_changes == {"delete": 2}
    with pytest.raises(ClientError) as gone:
        client.get_voice_connector_proxy(VoiceConnectorId=vc)
    assert gone.value.response["Error"]["Code"] == "NotFoundException"


def test_deleted_out_of_band_leaves_state_and_is_recreated(
        emulator: Any, pulumi_install: PulumiCli, backend_dir: Path) -> None:
    client = emulator.client()
    vc = client.create_voice_connector(Name="vcp2", RequireEncryption=False,
                                       AwsRegion="us-east-1")["VoiceConnector"]["VoiceConnectorId"]

    def program() -> None:
        VoiceConnectorProxy("proxy", VoiceConnectorProxyArgs(
            voice_connector_id=vc, default_session_expiry_minutes=30,
            phone_number_pool_countries=["US"]))

    stack = support.stack("vcp-gone", program, pulumi_install, backend_dir, emulator.endpoint_url)
    try:
        stack.up(show_secrets=False)
        client.delete_voice_connector_proxy(VoiceConnectorId=vc)
        assert stack.refresh(show_secrets=False).summary.resource_changes.get("delete") == 1
        assert stack.up(show_secrets=False).summary.resource_changes.get("create") == 1
        assert client.get_voice_connector_proxy(
            VoiceConnectorId=vc)["Proxy"]["DefaultSessionExpiryMinutes"] == 30
    finally:
        stack.destroy(show_secrets=False)
        stack.workspace.remove_stack("vcp-gone")


def test_another_stacks_configuration_is_taken_only_on_purpose(
        emulator: Any, pulumi_install: PulumiCli, backend_dir: Path) -> None:
    """Stack A owns the connector's configuration. Stack B's up fails in one line and
    changes nothing; with adopt_existing it takes over, and its destroy says so. Two
    VoiceConnectorProxy resources on one connector in one stack are refused."""
    client = emulator.client()
    vc = support.bare_voice_connector(client)
    settings: dict[str, Any] = {"adopt": None, "twice": False}

    def owner() -> None:
        VoiceConnectorProxy("proxy", voice_connector_id=vc, default_session_expiry_minutes=30,
                            phone_number_pool_countries=["US"])

    def other() -> None:
        VoiceConnectorProxy("proxy", voice_connector_id=vc, default_session_expiry_minutes=90,
                            phone_number_pool_countries=["US"], adopt_existing=settings["adopt"])

    def expiry() -> int:
        proxy = client.get_voice_connector_proxy(VoiceConnectorId=vc)["Proxy"]
        return int(proxy["DefaultSessionExpiryMinutes"])

    first = support.stack("vcp-owner", owner, pulumi_install, backend_dir, emulator.endpoint_url)
    second = support.stack("vcp-other", other, pulumi_install, backend_dir, emulator.endpoint_url)
    try:
        first.up(show_secrets=False)
        with pytest.raises(auto.errors.CommandError) as refused:
            second.up(show_secrets=False)
        assert "set adopt_existing=True to take it over on purpose" in str(refused.value)
        assert expiry() == 30
        settings["adopt"] = True
        second.up(show_secrets=False)
        assert expiry() == 90
        events: list[auto.EngineEvent] = []
        second.destroy(show_secrets=False, on_event=events.append)
        assert any(e.diagnostic_event and e.diagnostic_event.severity == "warning"
                   and "whoever set it up no longer has it" in e.diagnostic_event.message for e in events)
    finally:
        second.destroy(show_secrets=False)
        first.destroy(show_secrets=False)

    twice = support.bare_voice_connector(client, name="twice")

    def duplicated() -> None:
        for name in ("a", "b"):
            VoiceConnectorProxy(name, voice_connector_id=twice, default_session_expiry_minutes=30,
                                phone_number_pool_countries=["US"])

    stack = support.stack("vcp-twice", duplicated, pulumi_install, backend_dir, emulator.endpoint_url)
    try:
        with pytest.raises(auto.errors.CommandError) as refused:
            stack.up(show_secrets=False)
        assert "another VoiceConnectorProxy of this stack configures voice connector" in str(refused.value)
    finally:
        stack.destroy(show_secrets=False)

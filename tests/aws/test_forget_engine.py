"""The decommission runbook (docs/end-of-support.md) through the real engine: against a
retired API, destroy fails in one line naming ``chime-proxy:endOfSupport``; with it set
to ``forget``, ``destroy --run-program`` and ``refresh --run-program`` take the proxy
resources out of state with one warning each, delete nothing on the service, and leave
other providers' resources to their own providers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chime_proxy_dev.noop import Noop
from pulumi import automation as auto
from pulumi_chime_proxy import ProxySession, VoiceConnectorProxy
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support as helpers

# floor: the dynamic host's Log warnings, at the oldest releases too.
pytestmark = [pytest.mark.engine, pytest.mark.floor]

FORGOTTEN = "left the stack's state without being deleted"
SESSION = "pulumi-python:dynamic/chime:ProxySession"
PROXY = "pulumi-python:dynamic/chime:VoiceConnectorProxy"
OTHER = "pulumi-python:dynamic:Resource"


def decommissioning_stack(name: str, emulator: Any, install: PulumiCli, backend: Path) -> auto.Stack:
    """Two sessions on one connector, the proxy configuration of another, and a resource
    of another provider."""
    client = emulator.client()
    vc = helpers.voice_connector(client)
    bare = client.create_voice_connector(Name="bare", RequireEncryption=False)
    bare_id = bare["VoiceConnector"]["VoiceConnectorId"]

    def program() -> None:
        VoiceConnectorProxy("proxy", voice_connector_id=bare_id, default_session_expiry_minutes=30,
                            phone_number_pool_countries=["US"])
        for index in range(2):
            ProxySession(f"s{index}", voice_connector_id=vc, capabilities=["Voice"],
                         participant_phone_numbers=list(helpers.NUMBERS[index]))
        Noop("other", "kept by its own provider")

    stack = helpers.stack(name, program, install, backend, emulator.endpoint_url)
    stack.up(show_secrets=False)
    return stack


def types_in_state(stack: auto.Stack) -> list[str]:
    return sorted(r["type"] for r in stack.export_stack().deployment.get("resources", [])
                  if not r["type"].startswith("pulumi:"))


def forgotten_warnings(run: Any, **options: Any) -> list[str]:
    events: list[auto.EngineEvent] = []
    run(on_event=events.append, **options)
    return [event.diagnostic_event.message for event in events
            if event.diagnostic_event and event.diagnostic_event.severity == "warning"
            and FORGOTTEN in event.diagnostic_event.message]


def live_on_the_service(emulator: Any) -> tuple[int, int]:
    """(sessions, proxy configurations) the emulator holds."""
    client = emulator.client()
    connectors = client.list_voice_connectors()["VoiceConnectors"]
    sessions = sum(len(client.list_proxy_sessions(VoiceConnectorId=vc["VoiceConnectorId"])["ProxySessions"])
                   for vc in connectors)
    proxies = 0
    for vc in connectors:
        try:
            client.get_voice_connector_proxy(VoiceConnectorId=vc["VoiceConnectorId"])
            proxies += 1
        except client.exceptions.NotFoundException:
            pass
    return sessions, proxies


@pytest.mark.parametrize("mode", ["bad-request", "forbidden"])
def test_destroy_a_stack_whose_api_is_retired(
    emulator: Any, pulumi_install: PulumiCli, backend_dir: Path, mode: str,
) -> None:
    stack = decommissioning_stack(f"forget-destroy-{mode}", emulator, pulumi_install, backend_dir)
    emulator.admin.end_of_support(mode)
    with pytest.raises(auto.errors.CommandError) as refused:
        stack.destroy(show_secrets=False)
    lines = [line for line in str(refused.value).splitlines() if "failed for" in line]
    assert lines and all("set chime-proxy:endOfSupport to forget" in line for line in lines)
    assert "+1206" not in str(refused.value)
    # Nothing was forgotten without the setting (the other resource was destroyed).
    assert types_in_state(stack) == sorted([PROXY, SESSION, SESSION])

    stack.set_config("chime-proxy:endOfSupport", auto.ConfigValue("forget"))
    warnings = forgotten_warnings(stack.destroy, run_program=True)
    assert len(warnings) == 3  # one per proxy resource
    assert not any("+1206" in warning for warning in warnings)
    assert types_in_state(stack) == []
    emulator.admin.end_of_support("off")
    assert live_on_the_service(emulator) == (2, 2)  # forgotten, not deleted


def test_refresh_forgets_only_the_proxy_resources(
    emulator: Any, pulumi_install: PulumiCli, backend_dir: Path,
) -> None:
    stack = decommissioning_stack("forget-refresh", emulator, pulumi_install, backend_dir)
    try:
        emulator.admin.end_of_support("forbidden")
        stack.set_config("chime-proxy:endOfSupport", auto.ConfigValue("forget"))
        with pytest.raises(auto.errors.CommandError):
            stack.refresh(show_secrets=False)  # without --run-program: the config the last up recorded
        assert types_in_state(stack) == sorted([OTHER, PROXY, SESSION, SESSION])
        assert len(forgotten_warnings(stack.refresh, run_program=True)) == 3
        assert types_in_state(stack) == [OTHER]
    finally:
        emulator.admin.end_of_support("off")
        stack.destroy(show_secrets=False)
    assert types_in_state(stack) == []

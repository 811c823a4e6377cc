"""``chime-proxy:shards`` on the real engine: sessions made without shards (the default
provider, as every release so far registers them) move to shard providers and back
without replacement, refresh reads each session once, and every shard host talks to the
configured endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy import ProxySession, ProxySessionArgs
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli
from pulumi_chime_proxy.kernel.shards import SHARD_PROVIDER_PREFIX, SHARDS_KEY, shard_of
from pulumi_chime_proxy.sessions.props import TYPE_TOKEN

from tests import support

pytestmark = pytest.mark.engine

SHARDS = 3
NAMES = [f"session-{i}" for i in range(8)]
#: Long enough that reads on different hosts overlap even on a loaded CI machine.
SLOW_READ_MS = 1500
#: Above the stack's resource count: refresh then hands every read out at once.
PARALLEL = 64
#: Steps that would end a live session or make a second one.
DESTRUCTIVE = {"create", "delete", "replace", "create-replacement", "delete-replaced",
               "discard", "import-replacement"}


class Fleet:
    """Eight sessions on one voice connector; ``capabilities`` is editable between runs."""

    def __init__(self, emulator: Any, install: PulumiCli, backend_dir: Path) -> None:
        self.emulator = emulator
        self.client = emulator.client()
        self.vc = support.voice_connector(self.client)
        self.capabilities = ["Voice", "SMS"]
        self.stack = support.stack("shards", self.program, install, backend_dir,
                                   emulator.endpoint_url)

    def program(self) -> None:
        for i, name in enumerate(NAMES):
            ProxySession(name, ProxySessionArgs(
                voice_connector_id=self.vc, capabilities=list(self.capabilities),
                participant_phone_numbers=[f"+1206555{i:04d}", f"+1425555{i:04d}"]))

    def calls(self, operation: str) -> int:
        return int(self.emulator.admin.calls()["ByOperation"].get(operation, 0))

    def sessions(self) -> dict[str, dict[str, Any]]:
        """``{resource name: state entry}`` of the sessions, as the backend holds them."""
        resources = self.stack.export_stack().deployment["resources"]
        return {r["urn"].rsplit("::", 1)[1]: r for r in resources if r["type"] == TYPE_TOKEN}

    def live_ids(self) -> set[str]:
        listed = self.client.list_proxy_sessions(VoiceConnectorId=self.vc)["ProxySessions"]
        return {s["ProxySessionId"] for s in listed}


def session_ops(events: list[auto.EngineEvent]) -> dict[str, str]:
    """``{resource name: step op}`` of the sessions in an operation's engine events."""
    return {m.urn.rsplit("::", 1)[1]: str(getattr(m.op, "value", m.op))
            for m in support.resource_events(events, TYPE_TOKEN)}


def provider_name(entry: dict[str, Any]) -> str:
    """The provider instance's name in a state entry's provider reference."""
    return str(entry["provider"]).split("::")[-2]


@pytest.fixture()
def fleet(emulator: Any, pulumi_install: PulumiCli, backend_dir: Path) -> Iterator[Fleet]:
    fl = Fleet(emulator, pulumi_install, backend_dir)
    try:
        yield fl
    finally:
        fl.stack.destroy(show_secrets=False)
        assert fl.live_ids() == set(), "destroy left sessions behind"


def test_turning_shards_on_and_off_never_replaces_a_session(fleet: Fleet) -> None:
    expected_shards = {name: shard_of(name, SHARDS) for name in NAMES}
    assert len(set(expected_shards.values())) == SHARDS  # the names cover every shard

    fleet.stack.up(show_secrets=False)
    before = fleet.sessions()
    assert {provider_name(e) for e in before.values()} == {"default"}
    ids = {name: e["id"] for name, e in before.items()}
    assert set(ids.values()) == fleet.live_ids()

    fleet.stack.set_config(SHARDS_KEY, auto.ConfigValue(str(SHARDS)))
    events: list[auto.EngineEvent] = []
    gets = fleet.calls("GetProxySession")
    fleet.stack.refresh(show_secrets=False, on_event=events.append)
    assert set(session_ops(events).values()) == {"refresh"}
    assert fleet.calls("GetProxySession") - gets == len(NAMES)  # one read per session

    events.clear()
    creates = fleet.calls("CreateProxySession")
    up = fleet.stack.up(show_secrets=False, on_event=events.append)
    ops = session_ops(events)
    assert set(ops) == set(NAMES) and set(ops.values()) == {"same"}, ops
    changes = {str(getattr(k, "value", k)): v for k, v in (up.summary.resource_changes or {}).items()}
    assert changes.get("create") == SHARDS - 1  # the shard providers, nothing else
    assert not (DESTRUCTIVE - {"create"}) & set(changes), changes
    after = fleet.sessions()
    assert {name: e["id"] for name, e in after.items()} == ids
    for name, entry in after.items():
        shard = expected_shards[name]
        assert provider_name(entry) == ("default" if shard == 0 else f"{SHARD_PROVIDER_PREFIX}{shard}")
    assert fleet.calls("CreateProxySession") == creates

    # Every shard host reaches the emulator: a refresh reads each session once, through
    # its shard, and an in-place update goes through it too. With --parallel above the
    # resource count, the hosts read at the same time: more reads in flight than any one
    # host holds sessions means that hosts overlapped.
    per_host = max(list(expected_shards.values()).count(shard) for shard in range(SHARDS))
    fleet.emulator.admin.inject_fault("GetProxySession", latency_ms=SLOW_READ_MS)
    fleet.emulator.admin.reset_calls()  # the figures below count from here
    creates = fleet.calls("CreateProxySession")  # the counters restarted
    try:
        fleet.stack.refresh(show_secrets=False, parallel=PARALLEL)
    finally:
        fleet.emulator.admin.clear_faults()
    figures = fleet.emulator.admin.calls()
    assert figures["ByOperation"] == {"GetProxySession": len(NAMES)}
    assert figures["PeakInFlight"] > per_host, figures
    fleet.capabilities = ["Voice"]
    events.clear()
    updates = fleet.calls("UpdateProxySession")
    fleet.stack.up(show_secrets=False, on_event=events.append)
    assert set(session_ops(events).values()) == {"update"}
    assert fleet.calls("UpdateProxySession") - updates == len(NAMES)
    assert fleet.live_ids() == set(ids.values())

    fleet.stack.remove_config(SHARDS_KEY)
    events.clear()
    fleet.stack.up(show_secrets=False, on_event=events.append)
    assert set(session_ops(events).values()) == {"same"}
    back = fleet.sessions()
    assert {provider_name(e) for e in back.values()} == {"default"}
    assert {name: e["id"] for name, e in back.items()} == ids
    assert fleet.calls("CreateProxySession") == creates
    assert fleet.live_ids() == set(ids.values())


def test_a_bad_shard_count_fails_the_preview_naming_the_key(fleet: Fleet) -> None:
    for bad in ("0", "-1", "two", "33", "1.5"):
        fleet.stack.set_config(SHARDS_KEY, auto.ConfigValue(bad))
        with pytest.raises(auto.errors.CommandError) as failure:
            fleet.stack.preview()
        assert f"{SHARDS_KEY}: must be an integer from 1 to 32" in str(failure.value), bad
    assert fleet.calls("CreateProxySession") == 0

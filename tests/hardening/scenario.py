"""An engine scenario for the hardening suite: a stack whose sessions come from a
mutable spec, checked against the API and scanned for plaintext secrets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pulumi import automation as auto
from pulumi_chime_proxy import ProxySession, ProxySessionArgs
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support
from tests.hardening import secrets_scan

SESSION_TYPE = "pulumi-python:dynamic/chime:ProxySession"


def numbers(i: int) -> tuple[str, str]:
    """A distinct participant pair per index (0 <= i < 5000)."""
    return f"+1206555{2 * i:04d}", f"+1206555{2 * i + 1:04d}"


class Scenario:
    """A stack of ProxySessions on one voice connector of the emulator."""

    def __init__(self, name: str, emulator: Any, install: PulumiCli,
                 backend_dir: Path, config: dict[str, str] | None = None) -> None:
        self.emulator = emulator
        self.client = emulator.client()
        self.vc = support.voice_connector(self.client)
        self.specs: dict[str, dict[str, Any]] = {}
        self.stack = support.stack(name, self.program, install, backend_dir,
                                   emulator.endpoint_url)
        for key, value in (config or {}).items():
            self.stack.set_config(key, auto.ConfigValue(value))

    def add(self, resource: str, pair: tuple[str, str], **extra: Any) -> None:
        self.specs[resource] = {"participant_phone_numbers": list(pair),
                                "capabilities": ["Voice", "SMS"], "name": f"Ride {resource}",
                                **extra}

    def add_many(self, count: int, start: int = 0) -> None:
        for i in range(start, start + count):
            self.add(f"s{i}", numbers(i))

    def program(self) -> None:
        for name, spec in self.specs.items():
            ProxySession(name, ProxySessionArgs(voice_connector_id=self.vc, **spec))

    # -- the truth -------------------------------------------------------------------

    def live_ids(self) -> list[str]:
        """Every session id on the connector, as ListProxySessions reports it (all pages)."""
        ids: list[str] = []
        kwargs: dict[str, Any] = {"VoiceConnectorId": self.vc}
        while True:
            page = self.client.list_proxy_sessions(**kwargs)
            ids += [s["ProxySessionId"] for s in page["ProxySessions"]]
            if not page.get("NextToken"):
                return ids
            kwargs["NextToken"] = page["NextToken"]

    def live(self, session_id: str) -> dict[str, Any]:
        return dict(self.client.get_proxy_session(
            VoiceConnectorId=self.vc, ProxySessionId=session_id)["ProxySession"])

    def state_sessions(self) -> dict[str, dict[str, Any]]:
        """urn -> resource of every ProxySession in the stack's state."""
        deployment = self.stack.export_stack().deployment
        return {r["urn"]: r for r in deployment.get("resources", [])
                if r.get("type") == SESSION_TYPE}

    def pending(self) -> list[Any]:
        return list(self.stack.export_stack().deployment.get("pending_operations") or [])

    def assert_state_matches_api(self) -> dict[str, str]:
        """The state holds exactly the sessions the API has (nothing lost, nothing
        orphaned), and each matches GetProxySession. Returns resource name -> id."""
        sessions = self.state_sessions()
        state_ids = [r["id"] for r in sessions.values()]
        live = self.live_ids()
        assert len(set(state_ids)) == len(state_ids), "two resources share a session"
        orphans = set(live) - set(state_ids)
        lost = set(state_ids) - set(live)
        assert not orphans and not lost, f"orphaned: {sorted(orphans)}; lost: {sorted(lost)}"
        for resource in sessions.values():
            got = self.client.get_proxy_session(VoiceConnectorId=self.vc,
                                                ProxySessionId=resource["id"])["ProxySession"]
            assert got["Status"] == resource["outputs"]["status"]
        return {urn.rsplit("::", 1)[1]: r["id"] for urn, r in sessions.items()}

    def scan(self) -> str:
        nums = [n for spec in self.specs.values() for n in spec["participant_phone_numbers"]]
        names = [spec.get("name", "") for spec in self.specs.values()]
        return secrets_scan.assert_no_plaintext(self.stack, nums, names)

    def finish(self) -> None:
        """Clear faults, scan the state, destroy, and ask the API that nothing is left."""
        self.emulator.admin.clear_faults()
        try:
            self.scan()
        finally:
            self.stack.destroy(show_secrets=False)
            assert self.live_ids() == [], "destroy left sessions behind"

"""A stack written by an earlier tree refreshes and updates on today's with no
replacement and no API write, on both fronts (tests/data/state-*, recorded by
``chime_proxy_dev.record_state`` on that tree, with the emulator's state beside it; a
recording with a ``program.yaml`` is a YAML stack on the native provider)."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from chime_proxy_dev import record_state
from pulumi import automation as auto
from pulumi_chime_proxy.emulator.testing import running_emulator
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.hardening import secrets_scan

pytestmark = [pytest.mark.engine, pytest.mark.slow]

DATA = Path(__file__).resolve().parents[1] / "data"
RECORDINGS = sorted(DATA.glob("state-*"))
#: Operations that change something in the service.
WRITES = ("Create", "Update", "Delete", "Put")
NUMBERS = ["+12065550100", "+12065550101", "+12065550102", "+12065550103", "+12065550199"]


#: An ISO-8601 UTC time as the emulator's state file writes it.
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def shifted_to_now(document: Any) -> Any:
    """The emulator's recorded state with every time in it moved by one amount, so that
    the latest is now: the sessions are as young as when they were recorded (a recorded
    30-minute session must not have expired by the time the test runs)."""
    def times(value: Any) -> list[dt.datetime]:
        if isinstance(value, dict):
            return [t for item in value.values() for t in times(item)]
        if isinstance(value, list):
            return [t for item in value for t in times(item)]
        if isinstance(value, str) and ISO_UTC.match(value):
            return [dt.datetime.fromisoformat(value.replace("Z", "+00:00"))]
        return []

    shift = dt.datetime.now(dt.timezone.utc) - max(times(document))

    def moved(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: moved(item) for key, item in value.items()}
        if isinstance(value, list):
            return [moved(item) for item in value]
        if isinstance(value, str) and ISO_UTC.match(value):
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) + shift
            return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return value

    return moved(document)


def expect_calm_and_no_write(emulator: Any, vc: str, run: dict[str, Any]) -> None:
    """Refresh, preview and up change nothing and write nothing; the state keeps every
    number and name encrypted; destroy then leaves the connector empty."""
    emulator.admin.reset_calls()
    try:
        run["calm"]()
        operations = emulator.admin.calls()["ByOperation"]
        assert operations and not [op for op in operations if op.startswith(WRITES)], operations
        assert secrets_scan.leaks(run["stored"](), NUMBERS, ["Ride A"]) == []
    finally:
        run["destroy"]()
    assert emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []


def dynamic_stack(recording: Path, emulator: Any, vc: str, install: PulumiCli,
                  tmp_path: Path) -> dict[str, Any]:
    """The recorded Python stack imported into a new backend, run by today's package."""
    stack = workspace.inline_stack(record_state.STACK, record_state.PROJECT, record_state.program,
                                   install, tmp_path / "backend")
    stack.set_all_config(record_state.config(emulator.endpoint_url, vc))
    recorded = (recording / "stack.json").read_text()
    stack.import_stack(auto.Deployment(version=3, deployment=json.loads(
        recorded.replace(record_state.ENDPOINT_PLACEHOLDER, emulator.endpoint_url))))

    def calm() -> None:
        refresh = stack.refresh(show_secrets=False, color="never")
        assert refresh.summary.resource_changes == {"same": 4}, refresh.stdout
        preview = stack.preview(color="never", expect_no_changes=True)
        assert preview.change_summary == {"same": 4}
        up = stack.up(show_secrets=False, color="never")
        assert up.summary.resource_changes == {"same": 4}, up.stdout

    return {"calm": calm, "stored": lambda: workspace.encrypted_state(stack),
            "destroy": lambda: stack.destroy(show_secrets=False, color="never")}


def native_stack(recording: Path, emulator: Any, install: PulumiCli, tmp_path: Path) -> dict[str, Any]:
    """The recorded YAML stack imported into a new backend, served by today's plugin."""
    directory = record_state.native_project(tmp_path / "project", (recording / "program.yaml").read_text())
    backend = tmp_path / "backend"
    backend.mkdir()
    env = record_state.native_env(install, backend)

    def pulumi(*args: str) -> str:
        done = subprocess.run([str(install.bin_dir / "pulumi"), *args], cwd=directory, env=env,
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, f"pulumi {' '.join(args)}: {done.stdout}{done.stderr}"
        return done.stdout

    deployment = tmp_path / "stack.json"
    recorded = (recording / "stack.json").read_text()
    deployment.write_text(json.dumps({"version": 3, "deployment": json.loads(
        recorded.replace(record_state.ENDPOINT_PLACEHOLDER, emulator.endpoint_url))}))
    pulumi("stack", "init", record_state.STACK)
    pulumi("config", "set", "chime-proxy:endpoint", emulator.endpoint_url)
    pulumi("config", "set", "chime-proxy:region", "us-east-1")
    pulumi("stack", "import", "--file", str(deployment))

    def calm() -> None:
        for command in (("refresh",), ("preview",), ("up",)):
            yes = () if command == ("preview",) else ("--yes",)
            pulumi(*command, *yes, "--expect-no-changes", "--color", "never")

    return {"calm": calm, "stored": lambda: pulumi("stack", "export"),
            "destroy": lambda: pulumi("destroy", "--yes", "--color", "never")}


@pytest.mark.parametrize("recording", RECORDINGS, ids=lambda p: p.name)
def test_a_recorded_stack_refreshes_and_updates_without_a_change_or_a_write(
        recording: Path, pulumi_install: PulumiCli, tmp_path: Path) -> None:
    emulator_file = tmp_path / "emulator.json"
    recorded_emulator = json.loads((recording / "emulator.json").read_text())
    emulator_file.write_text(json.dumps(shifted_to_now(recorded_emulator)))
    vc = json.loads((recording / "config.json").read_text())["voiceConnectorId"]
    with running_emulator(state_file=emulator_file) as emulator:
        run = (native_stack(recording, emulator, pulumi_install, tmp_path)
               if (recording / "program.yaml").exists()
               else dynamic_stack(recording, emulator, vc, pulumi_install, tmp_path))
        expect_calm_and_no_write(emulator, vc, run)

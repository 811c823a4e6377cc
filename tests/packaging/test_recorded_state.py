"""A stack written by an earlier tree refreshes and updates on today's with no
replacement and no API write (tests/data/state-*, recorded by
``chime_proxy_dev.record_state`` on that tree, with the emulator's state beside it)."""

from __future__ import annotations

import datetime as dt
import json
import re
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


@pytest.mark.parametrize("recording", RECORDINGS, ids=lambda p: p.name)
def test_a_recorded_stack_refreshes_and_updates_without_a_change_or_a_write(
        recording: Path, pulumi_install: PulumiCli, tmp_path: Path) -> None:
    emulator_file = tmp_path / "emulator.json"
    recorded_emulator = json.loads((recording / "emulator.json").read_text())
    emulator_file.write_text(json.dumps(shifted_to_now(recorded_emulator)))
    vc = json.loads((recording / "config.json").read_text())["voiceConnectorId"]
    with running_emulator(state_file=emulator_file) as emulator:
        stack = workspace.inline_stack(record_state.STACK, record_state.PROJECT, record_state.program,
                                       pulumi_install, tmp_path / "backend")
        stack.set_all_config(record_state.config(emulator.endpoint_url, vc))
        recorded = (recording / "stack.json").read_text()
        stack.import_stack(auto.Deployment(version=3, deployment=json.loads(
            recorded.replace(record_state.ENDPOINT_PLACEHOLDER, emulator.endpoint_url))))
        emulator.admin.reset_calls()
        try:
            refresh = stack.refresh(show_secrets=False, color="never")
            assert refresh.summary.resource_changes == {"same": 4}, refresh.stdout
            preview = stack.preview(color="never", expect_no_changes=True)
            assert preview.change_summary == {"same": 4}
            up = stack.up(show_secrets=False, color="never")
            assert up.summary.resource_changes == {"same": 4}, up.stdout
            operations = emulator.admin.calls()["ByOperation"]
            assert operations and not [op for op in operations if op.startswith(WRITES)], operations
            assert secrets_scan.leaks(workspace.encrypted_state(stack), NUMBERS, ["Ride A"]) == []
        finally:
            stack.destroy(show_secrets=False, color="never")
        assert emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []

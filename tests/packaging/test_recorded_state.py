"""A stack written by an earlier tree refreshes and updates on today's with no
replacement and no API write (tests/data/state-*, recorded by
``chime_proxy_dev.record_state`` on that tree, with the emulator's state beside it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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


@pytest.mark.parametrize("recording", RECORDINGS, ids=lambda p: p.name)
def test_a_recorded_stack_refreshes_and_updates_without_a_change_or_a_write(
        recording: Path, pulumi_install: PulumiCli, tmp_path: Path) -> None:
    emulator_file = tmp_path / "emulator.json"
    shutil.copy(recording / "emulator.json", emulator_file)
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
            refresh = stack.refresh(color="never")
            assert refresh.summary.resource_changes == {"same": 4}, refresh.stdout
            preview = stack.preview(color="never", expect_no_changes=True)
            assert preview.change_summary == {"same": 4}
            up = stack.up(color="never")
            assert up.summary.resource_changes == {"same": 4}, up.stdout
            operations = emulator.admin.calls()["ByOperation"]
            assert operations and not [op for op in operations if op.startswith(WRITES)], operations
            assert secrets_scan.leaks(workspace.encrypted_state(stack), NUMBERS, ["Ride A"]) == []
        finally:
            stack.destroy(color="never")
        assert emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []

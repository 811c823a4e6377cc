"""SIGINT to ``pulumi up`` in the middle of creating sessions.

Pulumi's first SIGINT cancels gracefully: in-flight provider calls finish and are
recorded, nothing new starts. A second SIGINT terminates at once and can leave
*pending creates* in the state: a session AWS made that the state does not track.
The provider cannot see those; ``pulumi refresh --clear-pending-creates`` drops the
records and ``chime-proxy drift`` lists the session as unmanaged, to adopt or delete.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from pulumi import automation as auto

from tests.hardening.scenario import Scenario

pytestmark = pytest.mark.engine

SESSIONS = 12


def pulumi_children() -> list[int]:
    """PIDs of ``pulumi`` processes started by this test process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        if comm == "pulumi" and ppid == os.getpid():
            found.append(int(entry.name))
    return found


def interrupt_up(sc: Scenario, signals: int) -> BaseException | None:
    """Run ``up`` in a thread, send ``signals`` SIGINTs once creates are in flight."""
    sc.emulator.admin.inject_fault("CreateProxySession", latency_ms=700)
    sc.emulator.admin.reset_calls()
    outcome: list[BaseException | None] = [None]

    def run() -> None:
        try:
            sc.stack.up(show_secrets=False)
        except BaseException as exc:  # noqa: BLE001 - the outcome is what we inspect
            outcome[0] = exc

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 60
    while sc.emulator.admin.calls()["ByOperation"].get("CreateProxySession", 0) < 3:
        assert time.monotonic() < deadline, "up never started creating"
        time.sleep(0.05)
    for pid in pulumi_children():
        for _ in range(signals):
            os.kill(pid, signal.SIGINT)
            time.sleep(0.05)
    thread.join(timeout=120)
    assert not thread.is_alive()
    sc.emulator.admin.clear_faults()
    return outcome[0]


def test_one_sigint_cancels_gracefully_and_up_converges(scenario: Scenario) -> None:
    scenario.add_many(SESSIONS)
    error = interrupt_up(scenario, signals=1)
    assert isinstance(error, auto.errors.CommandError)
    assert scenario.pending() == []  # in-flight creates finished and were recorded
    scenario.assert_state_matches_api()  # partial, but nothing orphaned
    up = scenario.stack.up(show_secrets=False)
    assert up.summary.resource_changes.get("create", 0) >= 1
    ids = scenario.assert_state_matches_api()
    assert len(ids) == SESSIONS


def test_two_sigints_leave_pending_creates_that_drift_reports(scenario: Scenario) -> None:
    scenario.add_many(SESSIONS)
    interrupt_up(scenario, signals=2)
    pending = scenario.pending()
    live_before = set(scenario.live_ids())
    tracked = {r["id"] for r in scenario.state_sessions().values()}
    orphans = live_before - tracked
    # Whatever was in flight is either pending in the state or finished: never silent.
    assert len(orphans) <= len(pending), (orphans, pending)
    scenario.stack.refresh(show_secrets=False, clear_pending_creates=True)
    assert scenario.pending() == []
    for orphan in orphans:  # what drift's "unmanaged" list would show; the user deletes
        scenario.client.delete_proxy_session(VoiceConnectorId=scenario.vc, ProxySessionId=orphan)
    scenario.stack.up(show_secrets=False)
    assert len(scenario.assert_state_matches_api()) == SESSIONS

"""CI jobs against a shared S3 backend: two stacks on one voice connector, and a job
killed (SIGKILL) in the middle of ``pulumi up``, recovered with the documented recipe
(docs/team-setup.md)."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from chime_proxy_dev.s3_backend import S3Bucket
from chime_proxy_dev.team_project import numbers
from pulumi import automation as auto
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.support import voice_connector
from tests.team.drift_check import drift, unmanaged_ids
from tests.team.project import (
    attempt,
    descendants,
    live_by_participants,
    live_sessions,
    new_job,
    pulumi_cli_pids,
    reap,
)

pytestmark = pytest.mark.engine


def test_two_stacks_on_one_voice_connector_leave_each_other_alone(
        s3_bucket: S3Bucket, emulator: Any, pulumi_install: PulumiCli, tmp_path: Path) -> None:
    client = emulator.client()
    vc = voice_connector(client)
    blue = new_job(tmp_path / "blue", "blue", pulumi_install, emulator.endpoint_url, vc,
                   first=0, count=2)
    green = new_job(tmp_path / "green", "green", pulumi_install, emulator.endpoint_url, vc,
                    first=10, count=2)
    emulator.admin.inject_fault("CreateProxySession", latency_ms=300)  # overlap the two runs
    outcomes: dict[str, Any] = {}
    jobs = [threading.Thread(target=lambda j=j: outcomes.update({j.name: attempt(j.stack.up)}))
            for j in (blue, green)]
    for thread in jobs:
        thread.start()
    for thread in jobs:
        thread.join(timeout=300)
    emulator.admin.clear_faults()
    assert all(isinstance(o, auto.UpResult) for o in outcomes.values()), outcomes

    by_participants = live_by_participants(client, vc)
    expected = [tuple(sorted(numbers(i))) for i in (0, 1, 10, 11)]
    assert sorted(by_participants) == sorted(expected)
    assert all(len(ids) == 1 for ids in by_participants.values()), by_participants
    assert emulator.admin.calls()["ByOperation"]["CreateProxySession"] == 4
    blue_ids, green_ids = blue.sessions(), green.sessions()
    assert set(blue_ids.values()).isdisjoint(green_ids.values())

    # Each stack's refresh reads only its own sessions and finds them unchanged.
    assert blue.stack.refresh(show_secrets=False).summary.resource_changes == {"same": 3}
    # Seen from blue, green's sessions are not blue's: listed as unmanaged, never touched.
    check = drift(blue, "--unmanaged", "report")
    assert check.code == 0, check.err
    assert sorted(unmanaged_ids(check.doc)) == sorted(green_ids.values())
    assert drift(blue).code == 2  # the default, --unmanaged fail, is for unshared connectors

    blue.stack.destroy(show_secrets=False)
    assert sorted(s["ProxySessionId"] for s in live_sessions(client, vc)) == sorted(green_ids.values())
    assert green.stack.up(show_secrets=False, refresh=True).summary.resource_changes == {"same": 3}
    green.stack.destroy(show_secrets=False)
    assert live_sessions(client, vc) == []


def test_job_killed_mid_up_is_recovered_with_nothing_orphaned(
        s3_bucket: S3Bucket, emulator: Any, pulumi_install: PulumiCli, tmp_path: Path) -> None:
    client = emulator.client()
    vc = voice_connector(client)
    job = new_job(tmp_path / "job", "prod", pulumi_install, emulator.endpoint_url, vc,
                  first=0, count=4)
    emulator.admin.inject_fault("CreateProxySession", latency_ms=1500)
    outcome: list[Any] = []
    run = threading.Thread(target=lambda: outcome.append(attempt(job.stack.up)))
    run.start()
    deadline = time.monotonic() + 120
    while emulator.admin.calls()["ByOperation"].get("CreateProxySession", 0) < 2:
        assert time.monotonic() < deadline, "up never reached CreateProxySession"
        time.sleep(0.05)
    (cli_pid,) = pulumi_cli_pids()
    plugins = [pid for pid, _ in descendants(cli_pid)]
    os.kill(cli_pid, signal.SIGKILL)  # what a cancelled CI runner or an OOM kill does
    run.join(timeout=120)
    assert isinstance(outcome[0], auto.CommandError)
    # The plugins outlive the CLI and finish the creates in flight: sessions the state
    # does not record (the checkpoint has them as pending creates, at best).
    deadline = time.monotonic() + 60
    while len(live_sessions(client, vc)) < emulator.admin.calls()["ByOperation"]["CreateProxySession"]:
        assert time.monotonic() < deadline, "in-flight creates never finished"
        time.sleep(0.1)
    reap(plugins, grace=0)
    emulator.admin.clear_faults()
    live_after_kill = {s["ProxySessionId"] for s in live_sessions(client, vc)}
    orphans = live_after_kill - set(job.sessions().values())
    assert orphans, "the kill left nothing to recover: the test would prove nothing"
    assert len(job.pending()) >= len(orphans)
    assert len(s3_bucket.locks()) == 1  # the killed run never released its lock

    # The recipe. 1: the next run is refused until the lock is removed.
    refused = attempt(job.stack.up)
    assert isinstance(refused, auto.ConcurrentUpdateError), refused
    job.stack.cancel()
    assert s3_bucket.locks() == []
    # 2: forget the pending creates (the engine cannot tell whether they happened).
    job.stack.refresh(show_secrets=False, clear_pending_creates=True)
    assert job.pending() == []
    # 3: converge, then let drift name the sessions no resource owns, and delete them.
    job.stack.up(show_secrets=False)
    check = drift(job)
    assert check.code == 2, check.err
    assert set(unmanaged_ids(check.doc)) == orphans
    for orphan in unmanaged_ids(check.doc):
        client.delete_proxy_session(VoiceConnectorId=vc, ProxySessionId=orphan)

    final = drift(job)
    assert final.code == 0, final.err
    live = live_by_participants(client, vc)
    assert sorted(live) == sorted(tuple(sorted(numbers(i))) for i in range(4))
    assert sorted(i for ids in live.values() for i in ids) == sorted(job.sessions().values())
    job.stack.destroy(show_secrets=False)
    assert live_sessions(client, vc) == []

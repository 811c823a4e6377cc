"""State in an S3-compatible backend, through the real engine: the whole lifecycle, the
drift check, what the bucket holds, and concurrent CI jobs on one stack."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from chime_proxy_dev.s3_backend import S3Bucket
from chime_proxy_dev.team_project import PROJECT, numbers, secrets_of
from pulumi import automation as auto
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.hardening import secrets_scan
from tests.support import voice_connector
from tests.team.drift_check import drift
from tests.team.project import (
    attempt,
    live_by_participants,
    live_sessions,
    new_job,
)

pytestmark = pytest.mark.engine


def assert_bucket_has_no_plaintext(bucket: S3Bucket, first: int, count: int) -> None:
    """No object Pulumi wrote (checkpoints, backups, history) holds a number or a name."""
    phone_numbers, names = secrets_of(first, count)
    for key in bucket.object_keys():
        found = secrets_scan.leaks(bucket.read(key).decode("utf-8", "replace"), phone_numbers, names)
        assert not found, f"plaintext secrets in s3://{bucket.name}/{key}: {found}"


def test_up_refresh_drift_destroy(s3_bucket: S3Bucket, emulator: Any, pulumi_install: PulumiCli,
                                  tmp_path: Path) -> None:
    client = emulator.client()
    vc = voice_connector(client)
    job = new_job(tmp_path / "job", "dev", pulumi_install, emulator.endpoint_url, vc, first=0, count=2)

    up = job.stack.up(show_secrets=False)
    assert up.summary.resource_changes == {"create": 3}  # the stack and two sessions
    assert s3_bucket.checkpoint_keys() == [f".pulumi/stacks/{PROJECT}/dev.json"]
    checkpoint = json.loads(s3_bucket.read(f".pulumi/stacks/{PROJECT}/dev.json"))
    ids = job.sessions()
    assert sorted(r["id"] for r in checkpoint["checkpoint"]["latest"]["resources"]
                  if r["type"].endswith(":ProxySession")) == sorted(ids.values())
    assert sorted(s["ProxySessionId"] for s in live_sessions(client, vc)) == sorted(ids.values())
    assert s3_bucket.locks() == []  # released at the end of the update

    assert job.stack.refresh(show_secrets=False).summary.resource_changes == {"same": 3}
    clean = drift(job)
    assert clean.code == 0, clean.err
    assert clean.doc["drift"] is False and clean.doc["stack"] == "dev"

    client.update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ids["s1"],
                                Capabilities=["Voice", "SMS"])
    drifted = drift(job)
    assert drifted.code == 2, drifted.err
    assert drifted.doc["drift"] is True
    assert "capabilities" in json.dumps(drifted.doc)
    assert job.stack.up(show_secrets=False, refresh=True).summary.resource_changes.get("update") == 1
    assert drift(job).code == 0

    assert_bucket_has_no_plaintext(s3_bucket, 0, 2)
    job.stack.destroy(show_secrets=False)
    assert live_sessions(client, vc) == []
    assert s3_bucket.locks() == []


def test_two_ups_on_one_stack_one_wins_the_other_changes_nothing(
        s3_bucket: S3Bucket, emulator: Any, pulumi_install: PulumiCli, tmp_path: Path) -> None:
    client = emulator.client()
    vc = voice_connector(client)
    first = new_job(tmp_path / "job1", "prod", pulumi_install, emulator.endpoint_url, vc,
                    first=0, count=3)
    second = first.clone(tmp_path / "job2", pulumi_install)
    # The first job holds the stack while its creates wait out the latency.
    emulator.admin.inject_fault("CreateProxySession", latency_ms=2500)
    outcomes: dict[str, Any] = {}
    winner = threading.Thread(target=lambda: outcomes.update(first=attempt(first.stack.up)))
    winner.start()
    deadline = time.monotonic() + 120
    while emulator.admin.calls()["ByOperation"].get("CreateProxySession", 0) < 1:
        assert time.monotonic() < deadline, "the first up never reached CreateProxySession"
        time.sleep(0.1)
    assert len(s3_bucket.locks()) == 1

    lost = attempt(second.stack.up)
    winner.join(timeout=300)
    emulator.admin.clear_faults()

    assert isinstance(lost, auto.ConcurrentUpdateError), lost
    assert "currently locked by 1 lock(s)" in str(lost) and "pulumi cancel" in str(lost)
    assert isinstance(outcomes["first"], auto.UpResult), outcomes["first"]
    # What the service has: one session per declared resource, made once.
    assert emulator.admin.calls()["ByOperation"]["CreateProxySession"] == 3
    by_participants = live_by_participants(client, vc)
    assert sorted(by_participants) == sorted(tuple(sorted(numbers(i))) for i in range(3))
    assert all(len(ids) == 1 for ids in by_participants.values()), by_participants
    assert sorted(first.sessions().values()) == sorted(i for v in by_participants.values() for i in v)
    assert s3_bucket.locks() == []

    # Once the winner is done, the other job's next run has nothing to do.
    assert second.stack.up(show_secrets=False).summary.resource_changes == {"same": 4}
    second.stack.destroy(show_secrets=False)
    assert live_sessions(client, vc) == []

"""``chime-proxy drift --all-stacks`` through the real engine on an S3 backend, and the CI
examples' gate steps (``examples/pipeline/``) run as the CI would run them.

One project, four stacks: ``blue`` and ``green`` share a voice connector, ``red`` has
its own and drifts out of band, ``stray`` exists in the backend but its
``Pulumi.stray.yaml`` was never committed (its check fails). One more session sits on
the shared connector, owned by no stack: the orphan.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from chime_proxy_dev.s3_backend import S3Bucket, S3Server
from pulumi_chime_proxy import cli
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.support import voice_connector
from tests.team.fleet_docs import fleet_validator
from tests.team.project import Job, attempt, new_job

pytestmark = pytest.mark.engine

PIPELINE = Path(__file__).resolve().parents[2] / "examples" / "pipeline"


@dataclass
class Fleet:
    checkout: Path
    bucket: S3Bucket
    jobs: dict[str, Job]
    ids: dict[str, dict[str, str]]
    orphan: str
    env: dict[str, str]


@dataclass
class Run:
    code: int
    doc: dict[str, Any]
    err: str


def fleet_cli(checkout: Path, *args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["drift", "--all-stacks", "--cwd", str(checkout), "--json", *args])
    return Run(code, json.loads(out.getvalue()) if out.getvalue() else {}, err.getvalue())


def assert_valid(doc: dict[str, Any]) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in fleet_validator().iter_errors(doc)]
    assert errors == [], errors


@pytest.fixture(scope="module")
def fleet(s3_server: S3Server, _emulator_server: Any, pulumi_install: PulumiCli,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    emulator = _emulator_server
    emulator.admin.reset()
    client = emulator.client()
    shared, own = voice_connector(client, "shared"), voice_connector(client, "own")
    root = tmp_path_factory.mktemp("fleet")
    bucket = s3_server.bucket()
    env = {"PULUMI_BACKEND_URL": bucket.url, "PULUMI_CONFIG_PASSPHRASE": workspace.DEFAULT_PASSPHRASE}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        checkout = root / "repo"
        url = emulator.endpoint_url
        jobs = {
            "blue": new_job(checkout, "blue", pulumi_install, url, shared, first=0, count=2),
            "green": new_job(checkout, "green", pulumi_install, url, shared, first=10, count=2),
            "red": new_job(checkout, "red", pulumi_install, url, own, first=20, count=1),
        }
        new_job(root / "elsewhere", "stray", pulumi_install, url, shared, first=30, count=1)
        outcomes: dict[str, Any] = {}
        threads = [threading.Thread(target=lambda j=j: outcomes.update({j.name: attempt(j.stack.up)}))
                   for j in jobs.values()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        assert all(not isinstance(o, Exception) for o in outcomes.values()), outcomes
        ids = {name: job.sessions() for name, job in jobs.items()}
        client.update_proxy_session(VoiceConnectorId=own, ProxySessionId=ids["red"]["s20"],
                                    Capabilities=["Voice", "SMS"])
        orphan = client.create_proxy_session(
            VoiceConnectorId=shared, ParticipantPhoneNumbers=["+12065559900", "+12065559901"],
            Capabilities=["Voice"], ExpiryMinutes=60)["ProxySession"]["ProxySessionId"]
        yield Fleet(checkout, bucket, jobs, ids, orphan, env)


def bucket_bytes(bucket: S3Bucket) -> dict[str, str]:
    """Every object of the bucket, by key: its bytes' digest."""
    import hashlib

    return {key: hashlib.sha256(bucket.read(key)).hexdigest() for key in bucket.object_keys()}


def test_every_stack_is_reported_and_one_that_cannot_be_checked_exits_1(
        fleet: Fleet, tmp_path: Path, _emulator_server: Any) -> None:
    summary = tmp_path / "summary.md"
    before = bucket_bytes(fleet.bucket)
    _emulator_server.admin.reset_calls()
    run = fleet_cli(fleet.checkout, "--jobs", "2", "--summary-file", str(summary))
    # Read-only (docs/drift.md), on S3 and with a stack that fails: every object as it was,
    # and no write call to the service.
    assert bucket_bytes(fleet.bucket) == before
    calls = _emulator_server.admin.calls()["ByOperation"]
    assert {op: n for op, n in calls.items() if op.startswith(("Create", "Update", "Delete", "Put"))} == {}
    assert run.code == 1, run.err
    doc = run.doc
    assert_valid(doc)
    assert (doc["project"], doc["drift"], doc["errors"], doc["exit_code"]) == ("teamproj", True, True, 1)
    stacks = {s["stack"]: s for s in doc["stacks"]}
    assert {name: s["outcome"] for name, s in stacks.items()} == {
        "blue": "in_sync", "green": "in_sync", "red": "drifted", "stray": "failed"}
    assert "vc" in stacks["stray"]["error"] and stacks["stray"]["report"] is None
    red = stacks["red"]["report"]["resources"]
    assert [(r["resource"], [c["property"] for c in r["changes"]]) for r in red
            if r["state"] != "in_sync"] == [("s20", ["capabilities"])]
    # Each of blue and green sees the other's sessions as unmanaged; neither is an orphan.
    assert sorted(u["id"] for u in stacks["blue"]["report"]["unmanaged"]) == sorted(
        [*fleet.ids["green"].values(), fleet.orphan])
    assert [(o["session"]["id"], o["seen_by"]) for o in doc["orphans"]] == [
        (fleet.orphan, ["blue", "green"])]
    assert doc["orphans_complete"] is False  # stray could not be checked
    progress = [line for line in run.err.splitlines() if line.startswith("chime-proxy drift: [")]
    assert sorted(line.split("] ")[1].split(":")[0] for line in progress) == ["blue", "green", "red", "stray"]
    assert summary.read_text() == fleet_report_markdown(doc)
    assert "+12065559900" not in json.dumps(doc) + summary.read_text() + run.err


def fleet_report_markdown(doc: dict[str, Any]) -> str:
    from pulumi_chime_proxy.drift import fleet_report

    return fleet_report.to_markdown(doc)


def test_stacks_pattern_checks_only_matching_stacks(fleet: Fleet) -> None:
    fleet.jobs["red"].stack.workspace.select_stack("red")
    run = fleet_cli(fleet.checkout, "--stacks", "bl*,gr*")
    assert fleet.jobs["red"].stack.workspace.stack().name == "red"  # selection left as found
    assert run.code == 0, run.err  # the orphan may belong to an unchecked stack: listed only
    assert [s["stack"] for s in run.doc["stacks"]] == ["blue", "green"]
    assert run.doc["pattern"] == "bl*,gr*" and run.doc["orphans_complete"] is False
    assert [o["session"]["id"] for o in run.doc["orphans"]] == [fleet.orphan]
    assert fleet_cli(fleet.checkout, "--stacks", "nope*").code == 1


def gate_env(fleet: Fleet, **extra: str) -> dict[str, str]:
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    return os.environ | fleet.env | {"PATH": path, "PROJECT_DIR": str(fleet.checkout)} | extra


def github_gate() -> str:
    workflow = yaml.safe_load((PIPELINE / "github-actions.yml").read_text())
    (step,) = [s for s in workflow["jobs"]["drift"]["steps"] if s.get("name") == "Drift gate"]
    return str(step["run"])


def gitlab_gate() -> str:
    job = yaml.safe_load((PIPELINE / "gitlab-ci.yml").read_text())["proxy-session-drift"]
    (script,) = [s for s in job["script"] if "chime-proxy drift" in s]
    return str(script)


def test_ci_gates_fail_on_an_orphan_once_every_stack_is_checked(fleet: Fleet, tmp_path: Path) -> None:
    """Heal red and remove stray: the orphan alone fails both examples' gate steps."""
    fleet.jobs["red"].stack.up(show_secrets=False, refresh=True)
    fleet.jobs["red"].stack.workspace.remove_stack("stray", force=True)

    summary = tmp_path / "step-summary.md"
    github = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", github_gate()],
                            cwd=tmp_path, env=gate_env(fleet, GITHUB_STEP_SUMMARY=str(summary)),
                            capture_output=True, text=True, timeout=600, check=False)
    assert github.returncode == 2, github.stderr
    doc = json.loads((tmp_path / "drift-report.json").read_text())
    assert_valid(doc)
    assert (doc["summary"]["in_sync"], doc["orphans_complete"]) == (3, True)
    assert [o["session"]["id"] for o in doc["orphans"]] == [fleet.orphan]
    assert f"`{fleet.orphan}`" in summary.read_text()

    gitlab_dir = tmp_path / "gitlab"
    gitlab_dir.mkdir()
    gitlab = subprocess.run(["bash", "-e", "-c", gitlab_gate()], cwd=gitlab_dir, env=gate_env(fleet),
                            capture_output=True, text=True, timeout=600, check=False)
    assert gitlab.returncode == 2, gitlab.stderr
    assert gitlab.stdout == (gitlab_dir / "drift-summary.md").read_text()  # the table, in the log
    assert json.loads((gitlab_dir / "drift-report.json").read_text())["exit_code"] == 2


def test_the_inventory_marks_which_stack_owns_each_live_session(fleet: Fleet) -> None:
    """--all-stacks --inventory: every session live on the stacks' connectors once, owned
    by ``<stack>/<resource>``, or by no checked stack (the orphan)."""
    run = fleet_cli(fleet.checkout, "--inventory")
    assert_valid(run.doc)
    owners = {held["id"]: held["owned_by"] for held in run.doc["inventory"]}
    expected = {ps: f"{stack}/{name}" for stack, sessions in fleet.ids.items()
                for name, ps in sessions.items()}
    assert owners == expected | {fleet.orphan: None}
    shared = {held["id"]: held["seen_by"] for held in run.doc["inventory"]}[fleet.orphan]
    assert shared == ["blue", "green"]

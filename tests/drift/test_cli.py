"""``chime-proxy drift`` against the real engine and the emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy.emulator.testing import running_emulator
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.support import emulator_config, voice_connector

from . import schema_check
from .conftest import SESSIONS, DriftedProject, run_cli, write_project

pytestmark = pytest.mark.engine

CHIME_PROXY = Path(sys.executable).parent / "chime-proxy"


def own_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A project of this test's own, on a file backend of its own (set in the environment
    as a user's shell would set it): (project directory, backend directory)."""
    project = write_project(tmp_path / "proj")
    backend = tmp_path / "state"
    backend.mkdir()
    monkeypatch.setenv("PULUMI_BACKEND_URL", backend.as_uri())
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", workspace.DEFAULT_PASSPHRASE)
    return project, backend


def _by_resource(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["resource"]: s for s in doc["resources"]}


def _changes(session: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["property"]: c for c in session["changes"]}


def test_no_drift_exits_0(drifted: DriftedProject) -> None:
    run = drifted.baseline
    assert run.code == 0, run.err
    doc = run.json()
    assert doc["drift"] is False
    assert doc["summary"] == {"resources": 4, "in_sync": 4, "drifted": 0, "closed": 0, "gone": 0,
                              "missing": 0, "not_in_program": 0, "unmanaged": 0}
    assert schema_check.errors(doc, schema_check.load_schema()) == []
    assert "refresh preview" in run.err  # progress on stderr
    assert doc["endpoint"]["source"] == "state" and doc["endpoint"]["url"].startswith("http://127.0.0.1:")


def test_plain_config_holding_a_number_is_warned_without_echoing_it(drifted: DriftedProject) -> None:
    run = drifted.baseline
    (warning,) = run.json()["warnings"]
    assert "driftproj:contact" in warning and "--secret" in warning
    assert "warning: stack config driftproj:contact" in run.err
    assert "0111" not in run.err and "0111" not in run.out
    assert "driftproj:sessions" not in run.err  # secret config is fine


def test_each_kind_of_drift_is_reported(drifted: DriftedProject) -> None:
    run = drifted.run("--json")
    assert run.code == 2, run.err
    doc = run.json()
    assert schema_check.errors(doc, schema_check.load_schema()) == []
    assert doc["drift"] is True and doc["stack"] == "dev" and doc["project"] == "driftproj"
    sessions = _by_resource(doc)
    assert {k: s["id"] for k, s in sessions.items()} == drifted.ids

    s0 = sessions["s0"]
    assert s0["state"] == "drifted" and s0["op"] == "update"
    c0 = _changes(s0)
    assert set(c0) == {"capabilities", "expiry_minutes"}
    assert c0["capabilities"]["desired"] == ["Voice"]
    assert sorted(c0["capabilities"]["live"]) == ["SMS", "Voice"]
    assert (c0["expiry_minutes"]["desired"], c0["expiry_minutes"]["live"]) == (60, 120)
    assert c0["capabilities"]["replaces"] is False

    s1 = sessions["s1"]
    assert s1["state"] == "drifted" and s1["op"] == "replace"
    c1 = _changes(s1)["participant_phone_numbers"]
    assert c1["replaces"] is True
    assert c1["desired"] == ["+1******02", "+1******03"]  # masked by default
    assert "+1******99" in c1["live"]

    s2 = sessions["s2"]
    assert s2["state"] == "closed" and s2["status"] == "Closed"
    assert (_changes(s2)["status"]["desired"], _changes(s2)["status"]["live"]) == ("Open", "Closed")

    assert sessions["s3"]["state"] == "gone" and sessions["s3"]["op"] == "create"

    assert [u["id"] for u in doc["unmanaged"]] == [drifted.unmanaged_id]
    assert doc["unmanaged"][0]["participants"] == ["+1******80", "+1******81"]
    assert doc["summary"] == {"resources": 4, "in_sync": 0, "drifted": 2, "closed": 1, "gone": 1,
                              "missing": 0, "not_in_program": 0, "unmanaged": 1}
    # Nothing changed: the stack still records all four sessions.
    assert "+12065550102" not in run.out


def test_show_secrets_and_markdown(drifted: DriftedProject) -> None:
    run = drifted.run("--markdown", "--show-secrets")
    assert run.code == 2, run.err
    assert run.out.startswith("### :warning: chime-proxy drift: `dev`")
    assert "+12065550199" in run.out and "stray" in run.out
    assert "| s3 |" in run.out


def test_subprocess_table_exit_code_and_streams(drifted: DriftedProject) -> None:
    env = os.environ | drifted.env
    proc = subprocess.run(
        [str(CHIME_PROXY), "drift", "--stack", "dev"], cwd=drifted.project, env=env,
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout.startswith("Drift in stack dev: 2 drifted, 1 closed, 1 gone, 1 unmanaged")
    assert "chime-proxy drift:" not in proc.stdout  # progress only on stderr
    assert "chime-proxy drift: refresh preview" in proc.stderr
    assert "GONE" in proc.stdout and "+1******99" in proc.stdout


def test_the_pulumi_exit_code_style_exits_as_pulumi_preview_expect_no_changes(
        drifted: DriftedProject, pulumi_install: PulumiCli) -> None:
    # PATH as the gate gives the engine: the CLI's folder, then this venv (the program's python)
    env = os.environ | drifted.env | {"PATH": workspace.engine_env(pulumi_install)["PATH"]}
    pulumi = str(pulumi_install.bin_dir / "pulumi")
    engine = subprocess.run([pulumi, "preview", "--refresh", "--expect-no-changes", "--stack", "dev",
                             "--non-interactive"], cwd=drifted.project, env=env,
                            capture_output=True, text=True, timeout=300)
    gate = subprocess.run([str(CHIME_PROXY), "drift", "--stack", "dev", "--json", "--unmanaged", "ignore",
                           "--exit-code-style", "pulumi"], cwd=drifted.project, env=env,
                          capture_output=True, text=True, timeout=300)
    assert gate.returncode == engine.returncode == 7, (gate.stderr, engine.stderr[-2000:])
    assert json.loads(gate.stdout)["drift"] is True


def test_stack_defaults_to_the_selected_one(drifted: DriftedProject,
                                            pulumi_install: PulumiCli) -> None:
    env = os.environ | drifted.env
    pulumi = pulumi_install.bin_dir / "pulumi"
    subprocess.run([str(pulumi), "stack", "select", "dev"], cwd=drifted.project, env=env,
                   capture_output=True, check=True, timeout=120)
    proc = subprocess.run([str(CHIME_PROXY), "drift", "--json", "--unmanaged", "ignore"],
                          cwd=drifted.project, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["stack"] == "dev" and doc["unmanaged"] == [] and doc["unmanaged_policy"] == "ignore"


def test_missing_stack_exits_1(drifted: DriftedProject) -> None:
    run = run_cli("drift", "--stack", "nope", "--cwd", str(drifted.project))
    assert run.code == 1
    assert run.out == ""
    last = run.err.strip().splitlines()[-1]
    assert last.startswith("chime-proxy drift: error: stack 'nope' not found")


def test_not_a_project_exits_1(tmp_path: Path) -> None:
    run = run_cli("drift", "--stack", "dev", "--cwd", str(tmp_path))
    assert run.code == 1
    assert "Pulumi.yaml not found" in run.err


@pytest.mark.floor  # the gate's error line is read from the dynamic host's report of the failure
def test_endpoint_down_exits_1(pulumi_install: PulumiCli, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    project, backend = own_project(tmp_path, monkeypatch)
    with running_emulator() as emu:
        vc = voice_connector(emu.client())
        stack = workspace.directory_stack("down", project, pulumi_install, backend)
        stack.set_all_config(emulator_config(emu.endpoint_url) | {
            "vc": auto.ConfigValue(vc),
            "sessions": auto.ConfigValue(json.dumps(SESSIONS[:1])),
            "chime-proxy:maxAttempts": auto.ConfigValue("1"),
        })
        stack.up(show_secrets=False)
    run = run_cli("drift", "--stack", "down", "--cwd", str(project), "--json")
    assert run.code == 1
    assert run.out == ""
    message = run.err.strip().splitlines()[-1]
    assert message.startswith("chime-proxy drift: error: refresh preview failed:")
    assert "GetProxySession failed" in message


def test_the_endpoint_from_the_environment_is_the_one_reported(
        pulumi_install: PulumiCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's AWS_ENDPOINT_URL_CHIME_SDK_VOICE setup, without aws:endpoints: the
    report names the URL the calls went to and the variable that chose it."""
    project, backend = own_project(tmp_path, monkeypatch)
    with running_emulator() as emu:
        monkeypatch.setenv("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", emu.endpoint_url)
        vc = voice_connector(emu.client())
        stack = workspace.directory_stack("envurl", project, pulumi_install, backend)
        stack.set_all_config({"aws:region": auto.ConfigValue("us-west-2"), "vc": auto.ConfigValue(vc),
                              "sessions": auto.ConfigValue(json.dumps(SESSIONS[:1]))})
        stack.up(show_secrets=False)
        try:
            run = run_cli("drift", "--stack", "envurl", "--cwd", str(project), "--json")
            table = run_cli("drift", "--stack", "envurl", "--cwd", str(project))
        finally:
            stack.destroy(show_secrets=False)
    assert run.code == 0, run.err
    assert run.json()["endpoint"] == {"source": "state", "region": "us-west-2", "url": emu.endpoint_url,
                                      "url_from": "AWS_ENDPOINT_URL_CHIME_SDK_VOICE"}
    assert (f"Live listing: {emu.endpoint_url} (from AWS_ENDPOINT_URL_CHIME_SDK_VOICE) in us-west-2"
            in table.out)


@pytest.mark.parametrize("mode", ["bad-request", "forbidden"])
def test_a_retired_api_is_an_error_naming_the_end_of_support(
    drifted: DriftedProject, _emulator_server: Any, mode: str,
) -> None:
    _emulator_server.admin.end_of_support(mode)
    try:
        run = drifted.run("--json")
    finally:
        _emulator_server.admin.end_of_support("off")
    assert run.code == 1, run.err
    assert run.out == ""  # no report, so never "no drift"
    (error,) = [line for line in run.err.splitlines() if "error:" in line]
    assert "end of support" in error and "docs/end-of-support.md" in error
    assert "+1206" not in run.err


def test_a_pending_delete_original_fails_the_gate_where_the_engine_passes(
        pulumi_install: PulumiCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """State as an interrupted replace leaves it: the original, live, marked ``delete``
    beside its replacement. up would delete a live session; the gate says so."""
    project, backend = own_project(tmp_path, monkeypatch)
    with running_emulator() as emu:
        client = emu.client()
        vc = voice_connector(client)
        stack = workspace.directory_stack("pending", project, pulumi_install, backend)
        stack.set_all_config(emulator_config(emu.endpoint_url) | {
            "vc": auto.ConfigValue(vc), "sessions": auto.ConfigValue(json.dumps(SESSIONS[:1]))})
        stack.up(show_secrets=False)
        original = client.create_proxy_session(
            VoiceConnectorId=vc, Capabilities=["Voice"],
            ParticipantPhoneNumbers=SESSIONS[0]["numbers"])["ProxySession"]["ProxySessionId"]
        deployment = stack.export_stack()
        resources = deployment.deployment["resources"]
        index = next(i for i, r in enumerate(resources) if r["type"].endswith(":ProxySession"))
        resources.insert(index, {**json.loads(json.dumps(resources[index])), "id": original, "delete": True})
        stack.import_stack(deployment)
        try:
            # The engine does not count it: --expect-no-changes passes.
            engine = stack.preview(refresh=True, expect_no_changes=True)
            run = run_cli("drift", "--stack", "pending", "--cwd", str(project), "--json")
            table = run_cli("drift", "--stack", "pending", "--cwd", str(project))
        finally:
            stack.destroy(show_secrets=False)
        gone = client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"]
    assert "delete-replaced" not in engine.change_summary
    assert run.code == 2, run.err
    rows = sorted((r["id"], r["state"], r["op"]) for r in run.json()["resources"])
    assert (original, "not_in_program", "delete-replaced") in rows and len(rows) == 2
    assert run.json()["unmanaged"] == []
    assert "PENDING DELETE" in table.out
    assert gone == []  # destroy deleted both, as up would have deleted the original


def test_a_check_while_an_up_holds_the_stack_says_so(
        pulumi_install: PulumiCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    project, backend = own_project(tmp_path, monkeypatch)
    with running_emulator() as emu:
        stack = workspace.directory_stack("busy", project, pulumi_install, backend)
        stack.set_all_config(emulator_config(emu.endpoint_url) | {
            "vc": auto.ConfigValue(voice_connector(emu.client())),
            "sessions": auto.ConfigValue(json.dumps(SESSIONS[:1]), secret=True)})
        stack.up(show_secrets=False)
        quiet = run_cli("drift", "--stack", "busy", "--cwd", str(project))
        stack.set_config("sessions", auto.ConfigValue(json.dumps(SESSIONS[:2]), secret=True))
        emu.admin.inject_fault("CreateProxySession", latency_ms=8000, count=1)
        up = threading.Thread(target=stack.up)
        up.start()
        try:
            lock_dir = backend / ".pulumi" / "locks"
            deadline = time.monotonic() + 60
            while not list(lock_dir.rglob("*.json")) and time.monotonic() < deadline:
                time.sleep(0.2)
            during = run_cli("drift", "--stack", "busy", "--cwd", str(project), "--json")
        finally:
            up.join(timeout=120)
            stack.destroy(show_secrets=False)
    assert "is locked" not in quiet.err
    warning = "stack busy is locked by a pulumi operation in progress (pid "
    assert warning in during.err
    assert any(w.startswith(warning) for w in during.json()["warnings"])


def _snapshot(backend: Path) -> dict[str, str]:
    import hashlib

    return {p.relative_to(backend).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(backend.rglob("*")) if p.is_file()}


def test_a_check_never_writes_state_nor_calls_a_write_api(drifted: DriftedProject,
                                                          _emulator_server: Any) -> None:
    """The read-only promise (docs/drift.md): whatever the outcome (drift in every format,
    an error), a check leaves every byte of the backend (state, history, backups) as it
    was, and sends the service no Create, Update, Delete or Put."""
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    backend = Path(url2pathname(urlparse(drifted.backend_url).path))
    before = _snapshot(backend)
    assert any(name.endswith(".json") for name in before), before  # there is state to keep
    _emulator_server.admin.reset_calls()
    codes = [drifted.run("--json").code, drifted.run().code,
             drifted.run("--markdown", "--unmanaged", "report").code]
    _emulator_server.admin.end_of_support("forbidden")
    try:
        codes.append(drifted.run("--json").code)
    finally:
        _emulator_server.admin.end_of_support("off")
    assert codes == [2, 2, 2, 1]
    assert _snapshot(backend) == before
    calls = _emulator_server.admin.calls()["ByOperation"]
    assert calls.get("GetProxySession", 0) > 0  # it did read
    assert {op: n for op, n in calls.items() if op.startswith(("Create", "Update", "Delete", "Put"))} == {}


def test_known_drift_new_drift_and_the_ignore_file_through_the_engine(drifted: DriftedProject,
                                                                      tmp_path: Path) -> None:
    """A baseline that holds every finding leaves nothing to act on; one taken before the
    drift makes every finding new; ``--write-ignore`` mutes each cause with a reason and a
    date, and the file it writes holds no number or name; an expired or malformed file is
    one line and no check runs."""
    now = drifted.run("--json")
    assert now.code == 2, now.err
    known = tmp_path / "known.json"
    known.write_text(now.out)
    still = drifted.run("--json", "--baseline", str(known))
    assert still.code == 0, still.err
    doc = still.json()
    assert doc["drift"] is False and doc["resolved"] == []
    assert {c["baseline"] for r in doc["resources"] for c in r["changes"]} == {"still"}
    assert [u["baseline"] for u in doc["unmanaged"]] == ["still"]
    assert schema_check.errors(doc, schema_check.load_schema()) == []

    before = tmp_path / "before.json"
    before.write_text(drifted.baseline.out)
    fresh = drifted.run("--markdown", "--baseline", str(before))
    assert fresh.code == 2 and "[new]" in fresh.out and "[still]" not in fresh.out

    ignore_file = tmp_path / "chime-proxy-drift.yaml"
    wrote = drifted.run("--write-ignore", str(ignore_file), "--reason", "migration in progress",
                        "--expires", "2099-12-31")
    causes = sum(len(r["changes"]) or 1 for r in now.json()["resources"] if r["state"] != "in_sync")
    causes += len(now.json()["unmanaged"])
    assert wrote.code == 2 and f"{ignore_file}: {causes} entries added" in wrote.err
    text = ignore_file.read_text()
    assert "migration in progress" in text and "unmanaged" in text
    assert not any(secret in text for secret in ("0100", "0102", "0180", "alpha", "stray"))
    muted = drifted.run("--json", "--ignore", str(ignore_file))
    assert muted.code == 0, muted.err
    assert all(c["ignored"] == "migration in progress"
               for r in muted.json()["resources"] for c in r["changes"])

    ignore_file.write_text(text.replace("2099-12-31", "2020-01-01", 1))
    expired = drifted.run("--ignore", str(ignore_file))
    assert expired.code == 1 and expired.out == ""
    assert expired.err.startswith("chime-proxy drift: error: chime-proxy-drift.yaml: ignore[0] (resource ")
    assert "expired on 2020-01-01" in expired.err and "refresh preview" not in expired.err
    ignore_file.write_text("ignore:\n  - {resource: s0, reason: r}\n")
    broken = drifted.run("--ignore", str(ignore_file))
    assert broken.code == 1 and "ignore[0].expires: required" in broken.err
    assert len(broken.err.strip().splitlines()) == 1


def test_the_inventory_marks_what_the_stack_owns(drifted: DriftedProject) -> None:
    """--inventory: every session live on the stack's connectors, with its owner (the
    deleted s3 is not live; the stray one is nobody's), whatever --unmanaged says."""
    run = drifted.run("--json", "--inventory", "--unmanaged", "ignore")
    assert run.code == 2, run.err
    doc = run.json()
    owners = {held["id"]: held["owned_by"] for held in doc["inventory"]}
    assert owners == {drifted.ids["s0"]: "s0", drifted.ids["s1"]: "s1", drifted.ids["s2"]: "s2",
                      drifted.unmanaged_id: None}
    assert all(held["age_seconds"] is not None and held["age_seconds"] >= 0 for held in doc["inventory"])
    assert doc["unmanaged"] == [] and schema_check.errors(doc, schema_check.load_schema()) == []


def test_the_import_file_of_a_dynamic_stack_names_the_stray_session_as_a_native_one(
        drifted: DriftedProject, tmp_path: Path) -> None:
    path = tmp_path / "adopt.json"
    run = drifted.run("--import-file", str(path))
    assert run.code == 2 and f"{path}: 1 resource(s) to adopt" in run.err
    assert json.loads(path.read_text()) == {"resources": [
        {"type": "chime-proxy:index:ProxySession", "name": f"proxy-session-{drifted.unmanaged_id.lower()}",
         "id": f"{drifted.vc}/{drifted.unmanaged_id}"}]}
    refused = drifted.run("--import-file", str(path), "--unmanaged", "ignore")
    assert refused.code == 1 and "--import-file needs the unmanaged sessions" in refused.err

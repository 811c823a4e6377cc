"""Known drift and new drift on the native front: a YAML stack, the gate run as a pipeline
runs it (a subprocess in the project), the ignore file found beside Pulumi.yaml."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support
from tests.native import scenario

pytestmark = pytest.mark.engine

PROGRAM = """\
resources:
  proxy:
    type: chime-proxy:index:VoiceConnectorProxy
    properties:
      voiceConnectorId: {vc}
      defaultSessionExpiryMinutes: 60
      phoneNumberPoolCountries: [US]
  rideA:
    type: chime-proxy:index:ProxySession
    properties:
      voiceConnectorId: ${{proxy.voiceConnectorId}}
      participantPhoneNumbers: ["{a0}", "{a1}"]
      capabilities: [Voice]
      expiryMinutes: 60
outputs:
  idA: ${{rideA.proxySessionId}}
"""


def test_a_native_stack_mutes_known_drift_and_fails_only_on_new(
        tmp_path: Path, pulumi_install: PulumiCli, backend_dir: Path, emulator: Any) -> None:
    vc = support.bare_voice_connector(emulator.client())
    directory = tmp_path / "project"
    directory.mkdir()
    a = support.NUMBERS[0]
    (directory / "Pulumi.yaml").write_text(scenario.yaml_project(
        "known-drift", PROGRAM.format(vc=vc, a0=a[0], a1=a[1])))
    project = scenario.new_project(directory, pulumi_install, backend_dir, emulator, "known-drift")
    project.pulumi("up", "--yes", "--skip-preview")
    try:
        ps = scenario.session_ids(project)["idA"].rpartition("/")[2]
        client = emulator.client()
        client.update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps, Capabilities=["Voice", "SMS"])
        first = scenario.gate(project, "--json")
        assert first.returncode == 2, first.stderr
        (directory / "nightly.json").write_text(first.stdout)
        client.update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps, Capabilities=["Voice", "SMS"],
                                    ExpiryMinutes=90)
        # From here on, the read-only promise: no byte of the backend and no write call,
        # whatever the outcome.
        before = {p: p.read_bytes() for p in backend_dir.rglob("*") if p.is_file()}
        emulator.admin.reset_calls()
        second = scenario.gate(project, "--json", "--baseline", "nightly.json", "--inventory")
        assert second.returncode == 2, second.stderr
        doc = json.loads(second.stdout)
        (session,) = [r for r in doc["resources"] if r["kind"] == "ProxySession"]
        assert {c["property"]: c["baseline"] for c in session["changes"]} == {
            "capabilities": "still", "expiryMinutes": "new"}
        assert [(h["id"], h["owned_by"], h["status"]) for h in doc["inventory"]] == [(ps, "rideA", "Open")]

        written = scenario.gate(project, "--write-ignore", "chime-proxy-drift.yaml",
                                "--reason", "SMS trial", "--expires", "2099-01-31")
        assert written.returncode == 2 and "2 entries added" in written.stderr
        # the file beside Pulumi.yaml is read; in Pulumi's exit codes, muted drift is 0
        muted = scenario.gate(project, "--markdown", "--exit-code-style", "pulumi")
        assert muted.returncode == 0, muted.stderr
        assert "[ignored: SMS trial]" in muted.stdout and "No new drift to act on" in muted.stdout
        # the engine still sees the drift: the gate only says it is known
        assert scenario.engine_verdict(project).returncode != 0
        assert scenario.gate(project, "--ignore", "missing.yaml").returncode == 1
        (directory / "chime-proxy-drift.yaml").rename(directory / "known.yaml")
        assert scenario.gate(project, "--exit-code-style", "pulumi").returncode == 7
        assert {p: p.read_bytes() for p in backend_dir.rglob("*") if p.is_file()} == before
        calls = emulator.admin.calls()["ByOperation"]
        assert calls.get("GetProxySession", 0) > 0
        assert not [op for op in calls if op.startswith(("Create", "Update", "Delete", "Put"))], calls
    finally:
        project.pulumi("destroy", "--yes", "--skip-preview")


def test_the_import_file_adopts_the_unmanaged_into_a_yaml_stack(
        tmp_path: Path, pulumi_install: PulumiCli, backend_dir: Path, emulator: Any) -> None:
    """--import-file writes what `pulumi import --file` takes, ids only; imported, and
    declared as the program's (with the numbers the file leaves out), the stranger is
    the stack's: the next preview is calm and destroy deletes it."""
    vc = support.bare_voice_connector(emulator.client())
    directory = tmp_path / "project"
    directory.mkdir()
    a, b = support.NUMBERS[0], support.NUMBERS[1]
    program = PROGRAM.format(vc=vc, a0=a[0], a1=a[1])
    (directory / "Pulumi.yaml").write_text(scenario.yaml_project("adopt", program))
    project = scenario.new_project(directory, pulumi_install, backend_dir, emulator, "adopt")
    project.pulumi("up", "--yes", "--skip-preview")
    client = emulator.client()
    try:
        stranger = client.create_proxy_session(VoiceConnectorId=vc, ParticipantPhoneNumbers=list(b),
                                               Capabilities=["SMS"], Name="Stranger")["ProxySession"]
        ps = stranger["ProxySessionId"]
        found = scenario.gate(project, "--import-file", "adopt.json")
        assert found.returncode == 2 and "adopt.json: 1 resource(s) to adopt" in found.stderr
        text = (directory / "adopt.json").read_text()
        entry = {"type": "chime-proxy:index:ProxySession", "name": f"proxy-session-{ps.lower()}",
                 "id": f"{vc}/{ps}"}
        assert json.loads(text) == {"resources": [entry]}
        assert not any(secret in text for secret in (*b, b[0].lstrip("+"), "Stranger"))

        imported = project.pulumi("import", "--file", "adopt.json", "--yes", "--protect=false",
                                  "--generate-code=false")
        assert "1 imported" in imported.stdout, imported.stdout
        (directory / "Pulumi.yaml").write_text(scenario.yaml_project("adopt", program.replace(
            "outputs:", f"""  proxy-session-{ps.lower()}:
    type: chime-proxy:index:ProxySession
    properties:
      voiceConnectorId: {vc}
      participantPhoneNumbers: ["{b[0]}", "{b[1]}"]
      capabilities: [SMS]
      adoptProxySessionId: {ps}
outputs:""")))
        calm = scenario.engine_verdict(project)
        assert calm.returncode == 0, calm.stdout + calm.stderr
        assert scenario.gate(project).returncode == 0
    finally:
        project.pulumi("destroy", "--yes", "--skip-preview")
    assert client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []

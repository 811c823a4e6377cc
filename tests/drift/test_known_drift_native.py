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

        assert scenario.gate(project, "--baseline", "nightly.json").returncode == 0
        client.update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps, Capabilities=["Voice", "SMS"],
                                    ExpiryMinutes=90)
        second = scenario.gate(project, "--json", "--baseline", "nightly.json")
        assert second.returncode == 2, second.stderr
        (session,) = [r for r in json.loads(second.stdout)["resources"] if r["kind"] == "ProxySession"]
        assert {c["property"]: c["baseline"] for c in session["changes"]} == {
            "capabilities": "still", "expiryMinutes": "new"}

        written = scenario.gate(project, "--write-ignore", "chime-proxy-drift.yaml",
                                "--reason", "SMS trial", "--expires", "2099-01-31")
        assert written.returncode == 2 and "2 entries added" in written.stderr
        assert scenario.gate(project).returncode == 0  # the file beside Pulumi.yaml is read
        muted = scenario.gate(project, "--markdown")
        assert "[ignored: SMS trial]" in muted.stdout and "No new drift to act on" in muted.stdout
        # the engine still sees the drift: the gate only says it is known
        assert scenario.engine_verdict(project).returncode != 0
    finally:
        project.pulumi("destroy", "--yes", "--skip-preview")

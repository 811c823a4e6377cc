"""A Pulumi YAML program on the native provider, through the real CLI, as a user runs it:
the plugin registered by Pulumi.yaml's ``plugins: providers: [{path}]``, nothing from
PATH, no downloads. One proxy configuration and two sessions: up, drift made out of
band, ``preview --refresh`` naming each drifted property, the gate agreeing,
``up --refresh`` healing, import, destroy; no phone number in plaintext in the backend."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from chime_proxy_dev import yaml_host
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support

pytestmark = pytest.mark.engine

PROGRAM = """\
name: native-yaml
runtime: yaml
plugins:
  providers:
    - name: chime-proxy
      path: {plugin_dir}
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
      capabilities: [Voice, SMS]
  rideB:
    type: chime-proxy:index:ProxySession
    properties:
      voiceConnectorId: ${{proxy.voiceConnectorId}}
      participantPhoneNumbers: ["{b0}", "{b1}"]
      capabilities: [Voice]
outputs:
  statusA: ${{rideA.status}}
  idA: ${{rideA.proxySessionId}}
  idB: ${{rideB.proxySessionId}}
"""


class Project:
    def __init__(self, directory: Path, env: dict[str, str]) -> None:
        self.directory, self.env = directory, env

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(args, cwd=self.directory, env=self.env, capture_output=True,
                              text=True, timeout=300, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done

    def pulumi(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("pulumi", *args, "--non-interactive", check=check)


@pytest.fixture()
def project(tmp_path: Path, pulumi_install: PulumiCli, backend_dir: Path, emulator: Any) -> Project:
    host_dir = yaml_host.ensure(pulumi_install)
    client = emulator.client()
    vc = client.create_voice_connector(Name="native", RequireEncryption=False)["VoiceConnector"]
    directory = tmp_path / "project"
    directory.mkdir()
    a, b = support.NUMBERS[0], support.NUMBERS[1]
    (directory / "Pulumi.yaml").write_text(PROGRAM.format(
        plugin_dir=Path(sys.executable).parent, vc=vc["VoiceConnectorId"],
        a0=a[0], a1=a[1], b0=b[0], b1=b[1]))
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(pulumi_install.bin_dir), str(host_dir), os.environ["PATH"]]),
        "PULUMI_BACKEND_URL": backend_dir.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": "native-yaml",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_IGNORE_AMBIENT_PLUGINS": "true",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
    }
    env.pop("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", None)  # the provider's own config says where
    found = Project(directory, env)
    found.pulumi("stack", "init", "dev")
    found.pulumi("config", "set", "chime-proxy:endpoint", emulator.endpoint_url)
    found.pulumi("config", "set", "chime-proxy:region", "us-east-1")
    return found


def backend_text(backend_dir: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in backend_dir.rglob("*") if p.is_file())


def test_yaml_program_up_drift_heal_import_destroy(project: Project, emulator: Any,
                                                  backend_dir: Path) -> None:
    client, admin = emulator.client(), emulator.admin
    up = project.pulumi("up", "--yes")
    assert "+ 4 created" in up.stdout, up.stdout
    outputs = project.pulumi("stack", "output", "--json").stdout
    ids = {key: value for key, value in json.loads(outputs).items() if key.startswith("id")}
    vc = client.list_voice_connectors()["VoiceConnectors"][0]["VoiceConnectorId"]

    # out of band: A's capabilities and proxy number, B closed
    client.update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ids["idA"], Capabilities=["SMS"])
    admin.set_participant(vc, ids["idA"], 0, proxy_phone_number="+12065559999")
    admin.set_status(vc, ids["idB"], "Closed")

    preview = project.pulumi("preview", "--refresh", "--diff")
    text = preview.stdout
    assert "rideA" in text and "capabilities" in text and "participants" in text, text
    assert "status" in text, text
    drift = project.run(str(Path(sys.executable).parent / "chime-proxy"), "drift", "--json", check=False)
    assert drift.returncode == 2, drift.stdout + drift.stderr
    found = {r["resource"]: r for r in json.loads(drift.stdout)["resources"]}
    assert found["rideA"]["state"] == "drifted" and found["rideA"]["kind"] == "ProxySession"
    assert [c["property"] for c in found["rideA"]["changes"]] == ["capabilities", "participants"]
    assert found["rideB"]["state"] == "closed"
    assert found["proxy"]["state"] == "in_sync"
    for number in (*support.NUMBERS[0], *support.NUMBERS[1], "+12065559999"):
        assert number not in drift.stdout + drift.stderr, "the gate printed a phone number"

    project.pulumi("up", "--refresh", "--yes")
    calm = project.pulumi("preview", "--refresh", "--expect-no-changes", check=False)
    assert calm.returncode == 0, calm.stdout + calm.stderr
    assert project.run(str(Path(sys.executable).parent / "chime-proxy"), "drift", check=False).returncode == 0

    theirs = client.create_proxy_session(
        VoiceConnectorId=vc, ParticipantPhoneNumbers=list(support.NUMBERS[2]), Capabilities=["Voice"],
    )["ProxySession"]["ProxySessionId"]
    imported = project.pulumi("import", "chime-proxy:index:ProxySession", "adopted", f"{vc}/{theirs}",
                              "--yes", "--protect=false", "--generate-code=false")
    assert "1 imported" in imported.stdout, imported.stdout
    assert project.pulumi("refresh", "--yes", "--expect-no-changes", check=False).returncode == 0

    for numbers in support.NUMBERS:
        for number in numbers:
            assert number.lstrip("+") not in backend_text(backend_dir), "a phone number in plaintext"

    project.pulumi("destroy", "--yes")
    assert client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_voice_connector_proxy(VoiceConnectorId=vc)

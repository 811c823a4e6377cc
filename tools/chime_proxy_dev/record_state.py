"""Record a stack's state and the emulator's, as a release of the package writes them, for
the test that a later release refreshes and updates that stack without a change.

    PYTHONPATH=<checkout of the release>/provider \\
        .venv/bin/python -m chime_proxy_dev.record_state tests/data/state-<label> [--native]

The dynamic front's program (:func:`program`) uses only the public API, so the same
program runs on the recorded release and on today's tree. ``--native`` records the same
resources as a YAML program on the native provider (:data:`NATIVE_PROGRAM`, kept beside
the state as ``program.yaml``), served by the plugin of this virtualenv, which imports the
package from ``PYTHONPATH``. The stack is exported with ``--show-secrets``: the numbers
are the emulator's fictional 555 numbers, and ``pulumi stack import`` encrypts them again
with the importing stack's passphrase.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pulumi
from pulumi import automation as auto
from pulumi_chime_proxy import ProxySession, VoiceConnectorProxy
from pulumi_chime_proxy.emulator.testing import running_emulator
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from . import provision, yaml_host

PROJECT = "recorded"
STACK = "recorded"
#: Where the recorded endpoint stands in the exported state; the test puts its own there.
ENDPOINT_PLACEHOLDER = "http://127.0.0.1:1"


def program() -> None:
    """One proxy configuration and two sessions, using most inputs."""
    vc = pulumi.Config().require("voiceConnectorId")
    proxy_config = VoiceConnectorProxy(
        "proxy", voice_connector_id=vc, default_session_expiry_minutes=60,
        phone_number_pool_countries=["US"], fall_back_phone_number="+12065550199")
    ProxySession("ride-a", voice_connector_id=proxy_config.voice_connector_id,
                 participant_phone_numbers=["+12065550100", "+12065550101"],
                 capabilities=["Voice", "SMS"], name="Ride A", expiry_minutes=30,
                 number_selection_behavior="PreferSticky", geo_match_level="Country",
                 geo_match_params={"country": "US", "area_code": "206"})
    ProxySession("ride-b", voice_connector_id=proxy_config.voice_connector_id,
                 participant_phone_numbers=["+12065550102", "+12065550103"],
                 capabilities=["Voice"], keep_closed=True)


#: The same resources on the native provider, for a YAML program (``{vc}``: the connector).
NATIVE_PROGRAM = """\
resources:
  proxy:
    type: chime-proxy:index:VoiceConnectorProxy
    properties:
      voiceConnectorId: {vc}
      defaultSessionExpiryMinutes: 60
      phoneNumberPoolCountries: [US]
      fallBackPhoneNumber: "+12065550199"
  ride-a:
    type: chime-proxy:index:ProxySession
    properties:
      voiceConnectorId: ${{proxy.voiceConnectorId}}
      participantPhoneNumbers: ["+12065550100", "+12065550101"]
      capabilities: [Voice, SMS]
      name: Ride A
      expiryMinutes: 30
      numberSelectionBehavior: PreferSticky
      geoMatchLevel: Country
      geoMatchParams: {{country: US, areaCode: "206"}}
  ride-b:
    type: chime-proxy:index:ProxySession
    properties:
      voiceConnectorId: ${{proxy.voiceConnectorId}}
      participantPhoneNumbers: ["+12065550102", "+12065550103"]
      capabilities: [Voice]
      keepClosed: true
"""


def native_project(directory: Path, program: str) -> Path:
    """A YAML project of :data:`PROJECT` holding ``program``, its ``chime-proxy`` plugin
    the one of this virtualenv, registered by path."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "Pulumi.yaml").write_text(
        f"name: {PROJECT}\nruntime: yaml\nplugins:\n  providers:\n    - name: chime-proxy\n"
        f"      path: {Path(sys.executable).parent}\n{program}")
    return directory


def native_env(install: PulumiCli, backend: Path) -> dict[str, str]:
    """The CLI's environment for a native stack: nothing from PATH, no downloads."""
    env = {**os.environ, "PULUMI_BACKEND_URL": backend.as_uri(), "PULUMI_CONFIG_PASSPHRASE": "recorded",
           "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true", "PULUMI_IGNORE_AMBIENT_PLUGINS": "true",
           "PULUMI_SKIP_UPDATE_CHECK": "true",
           "PATH": os.pathsep.join([str(install.bin_dir), str(yaml_host.ensure(install)),
                                    os.environ["PATH"]])}
    env.pop("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", None)
    env.setdefault("AWS_ACCESS_KEY_ID", "testing")  # the emulator takes any keys
    env.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    return env


def config(endpoint_url: str, voice_connector_id: str) -> dict[str, auto.ConfigValue]:
    return {
        "aws:region": auto.ConfigValue("us-east-1"),
        "aws:endpoints": auto.ConfigValue(json.dumps([{"chimesdkvoice": endpoint_url}])),
        f"{PROJECT}:voiceConnectorId": auto.ConfigValue(voice_connector_id),
    }


def record_native(out: Path) -> None:
    """The native front's recording: the YAML program, its stack and the emulator's state."""
    out.mkdir(parents=True, exist_ok=True)
    install = provision.ensure()
    emulator_file = out / "emulator.json"
    emulator_file.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as work, running_emulator(state_file=emulator_file) as emulator:
        created = emulator.client().create_voice_connector(Name="recorded", RequireEncryption=False,
                                                           AwsRegion="us-east-1")
        vc = str(created["VoiceConnector"]["VoiceConnectorId"])
        program = NATIVE_PROGRAM.format(vc=vc)
        directory = native_project(Path(work) / "project", program)
        backend = Path(work) / "backend"
        backend.mkdir()
        env = native_env(install, backend)

        def pulumi(*args: str) -> str:
            done = subprocess.run([str(install.bin_dir / "pulumi"), *args], cwd=directory, env=env,
                                  check=False, capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"pulumi {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
            return done.stdout

        pulumi("stack", "init", STACK)
        pulumi("config", "set", "chime-proxy:endpoint", emulator.endpoint_url)
        pulumi("config", "set", "chime-proxy:region", "us-east-1")
        print(pulumi("up", "--yes", "--skip-preview"))
        deployment = json.loads(pulumi("stack", "export", "--show-secrets"))["deployment"]
        text = json.dumps(deployment, indent=1, sort_keys=True)
        (out / "stack.json").write_text(text.replace(emulator.endpoint_url, ENDPOINT_PLACEHOLDER))
        (out / "program.yaml").write_text(program)
        (out / "config.json").write_text(json.dumps({"voiceConnectorId": vc}) + "\n")


def record(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")  # the emulator takes any keys
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    install = provision.ensure()
    emulator_file = out / "emulator.json"
    emulator_file.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as backend, running_emulator(state_file=emulator_file) as emulator:
        client = emulator.client()
        created = client.create_voice_connector(Name="recorded", RequireEncryption=False,
                                                AwsRegion="us-east-1")
        vc = str(created["VoiceConnector"]["VoiceConnectorId"])
        stack = workspace.inline_stack(STACK, PROJECT, program, install, Path(backend))
        stack.set_all_config(config(emulator.endpoint_url, vc))
        stack.up(on_output=print)
        deployment = json.dumps(stack.export_stack().deployment, indent=1, sort_keys=True)
        (out / "stack.json").write_text(deployment.replace(emulator.endpoint_url, ENDPOINT_PLACEHOLDER))
        (out / "config.json").write_text(json.dumps({"voiceConnectorId": vc}) + "\n")


if __name__ == "__main__":
    (record_native if "--native" in sys.argv[2:] else record)(Path(sys.argv[1]))

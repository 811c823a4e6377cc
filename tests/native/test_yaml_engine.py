"""A Pulumi YAML program on the native provider, through the real CLI, as a user runs it:
the plugin registered by Pulumi.yaml's ``plugins: providers: [{path}]``, plain phone
numbers in the program (the schema makes them secret), and :mod:`tests.native.scenario`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support
from tests.native import scenario

# floor: the native front's smoke: the plugin runs on the oldest provider SDK too
# (there on the short path, scenario.up_heal_destroy).
pytestmark = [pytest.mark.engine, pytest.mark.floor]

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


def test_yaml_program_up_drift_heal_import_destroy(tmp_path: Path, pulumi_install: PulumiCli,
                                                  backend_dir: Path, emulator: Any, floor_run: bool) -> None:
    vc = support.bare_voice_connector(emulator.client())
    directory = tmp_path / "project"
    directory.mkdir()
    a, b = support.NUMBERS[0], support.NUMBERS[1]
    (directory / "Pulumi.yaml").write_text(scenario.yaml_project("native-yaml", PROGRAM.format(
        vc=vc, a0=a[0], a1=a[1], b0=b[0], b1=b[1])))
    project = scenario.new_project(directory, pulumi_install, backend_dir, emulator, "native-yaml")
    walk = scenario.up_heal_destroy if floor_run else scenario.up_drift_heal_import_destroy
    walk(project, emulator, backend_dir)

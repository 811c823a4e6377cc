"""A Python program on the generated SDK (``sdk/python``, ``pulumi_chime_proxy_native``),
through the real CLI: plain phone numbers in the program (the SDK marks them secret, and so
does the provider's check; ``tests/native/test_sdks.py`` checks the SDK's part), the plugin
registered by Pulumi.yaml's ``plugins: providers: [{path}]``, and
:func:`tests.native.scenario.up_calm_destroy` (the YAML front walks the provider's whole
path).

``slow``: the SDK needs a newer pulumi than the dependency floor, so only the newest
virtualenv has it (``make setup``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support
from tests.native import scenario

pytestmark = [pytest.mark.engine, pytest.mark.slow]

PROGRAM = """\
import pulumi
import pulumi_chime_proxy_native as chime

config = pulumi.Config()
proxy = chime.VoiceConnectorProxy(
    "proxy",
    voice_connector_id=config.require("voiceConnectorId"),
    default_session_expiry_minutes=60,
    phone_number_pool_countries=["US"],
)
ride_a = chime.ProxySession(
    "rideA",
    voice_connector_id=proxy.voice_connector_id,
    participant_phone_numbers=[{a0!r}, {a1!r}],
    capabilities=["Voice", "SMS"],
)
ride_b = chime.ProxySession(
    "rideB",
    voice_connector_id=proxy.voice_connector_id,
    participant_phone_numbers=[{b0!r}, {b1!r}],
    capabilities=["Voice"],
)
pulumi.export("statusA", ride_a.status)
pulumi.export("idA", ride_a.proxy_session_id)
pulumi.export("idB", ride_b.proxy_session_id)
"""


def test_python_sdk_program_up_calm_destroy(tmp_path: Path, pulumi_install: PulumiCli,
                                                        backend_dir: Path, emulator: Any) -> None:
    vc = support.bare_voice_connector(emulator.client())
    a, b = support.NUMBERS[0], support.NUMBERS[1]
    directory = scenario.python_program(tmp_path / "project", "native-python",
                                        PROGRAM.format(a0=a[0], a1=a[1], b0=b[0], b1=b[1]))
    project = scenario.new_project(directory, pulumi_install, backend_dir, emulator, "native-python")
    project.pulumi("config", "set", "voiceConnectorId", vc)
    scenario.up_calm_destroy(project, emulator, backend_dir)


GET_PROGRAM = """\
import pulumi
import pulumi_chime_proxy_native as chime

config = pulumi.Config()
theirs = chime.ProxySession.get("theirs", config.require("sessionId"))
pulumi.export("status", theirs.status)
pulumi.export("capabilities", theirs.capabilities)
pulumi.export("proxySessionId", theirs.proxy_session_id)
pulumi.export("getParticipants", theirs.participants)
pulumi.export("getName", theirs.name)
vc, ps = config.require("sessionId").split("/")
plain = chime.get_proxy_session(voice_connector_id=vc, proxy_session_id=ps)
pulumi.export("plainParticipants", plain.participants)
pulumi.export("plainName", plain.name)
looked_up = chime.get_proxy_session_output(voice_connector_id=vc, proxy_session_id=ps)
pulumi.export("outputParticipants", looked_up.participants)
pulumi.export("outputName", looked_up.name)
"""


def test_get_reads_a_session_the_stack_does_not_own(tmp_path: Path, pulumi_install: PulumiCli,
                                                    backend_dir: Path, emulator: Any) -> None:
    """``ProxySession.get`` by the ``<voiceConnectorId>/<proxySessionId>`` id: its outputs
    in the stack, and destroy leaves the session alone."""
    client = emulator.client()
    vc = support.voice_connector(client)
    theirs = client.create_proxy_session(
        VoiceConnectorId=vc, ParticipantPhoneNumbers=list(support.NUMBERS[2]), Name="Alice Ride",
        Capabilities=["SMS"])["ProxySession"]["ProxySessionId"]
    directory = scenario.python_program(tmp_path / "project", "native-get", GET_PROGRAM)
    project = scenario.new_project(directory, pulumi_install, backend_dir, emulator, "native-get")
    project.pulumi("config", "set", "sessionId", f"{vc}/{theirs}")
    up = project.pulumi("up", "--yes")
    outputs = json.loads(project.pulumi("stack", "output", "--json").stdout)
    assert {k: outputs[k] for k in ("status", "capabilities", "proxySessionId")} == {
        "status": "Open", "capabilities": ["SMS"], "proxySessionId": theirs}
    # Secret where a secret can be kept; masked in the function, whose plain form cannot.
    for key in ("getParticipants", "getName", "outputParticipants", "outputName"):
        assert outputs[key] == "[secret]", key
    assert [p["phoneNumber"] for p in outputs["plainParticipants"]] == ["+1******04", "+1******05"]
    assert outputs["plainName"] == "******"
    stored = scenario.backend_text(backend_dir)
    for text in (up.stdout, up.stderr, stored):
        assert not any(n.lstrip("+") in text for n in support.NUMBERS[2]) and "Alice Ride" not in text
    # A .get() of a session that does not exist, or of a malformed id: one line, nothing read.
    for bad in (f"{vc}/{'q' * 22}", f"{vc}/.."):
        project.pulumi("config", "set", "sessionId", bad)
        failed = project.pulumi("up", "--yes", check=False)
        assert failed.returncode != 0 and "Traceback" not in failed.stdout + failed.stderr
        said = ("does not exist", "one URL path segment")
        assert any(says in failed.stdout for says in said), failed.stdout
    project.pulumi("destroy", "--yes")
    live = client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=theirs)["ProxySession"]
    assert live["Status"] == "Open"

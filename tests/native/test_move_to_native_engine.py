"""Moving a Python stack's session from the dynamic resource to the native one (the
generated Python SDK), as docs/native-provider.md says, recreates nothing: the emulator
sees no create, update or delete. Then the native resource manages it (drift, destroy).

``slow``: the generated SDK is installed in the newest virtualenv only."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from chime_proxy_dev import yaml_host
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support
from tests.native import scenario

pytestmark = [pytest.mark.engine, pytest.mark.slow]

PROGRAM = """\
import pulumi
from pulumi_chime_proxy import ProxySession, ProxySessionArgs

config = pulumi.Config()
vc = config.require("voiceConnectorId")
numbers = ["+12065550100", "+12065550101"]
if config.get("front") != "native":
    ride = ProxySession("ride", ProxySessionArgs(
        voice_connector_id=vc, participant_phone_numbers=numbers, capabilities=["Voice", "SMS"]))
else:
    import pulumi_chime_proxy_native as native

    taken = config.require("sessionId")
    ride = native.ProxySession(
        "ride", voice_connector_id=vc, participant_phone_numbers=numbers, capabilities=["Voice", "SMS"],
        adopt_proxy_session_id=taken,
        opts=pulumi.ResourceOptions(import_=f"{vc}/{taken}") if config.get_bool("importing") else None)
pulumi.export("id", ride.proxy_session_id if isinstance(ride, ProxySession) else ride.id)
"""

WRITES = ("CreateProxySession", "UpdateProxySession", "DeleteProxySession")


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


def test_dynamic_to_native_recreates_nothing(tmp_path: Path, pulumi_install: PulumiCli,
                                             backend_dir: Path, emulator: Any) -> None:
    client, admin = emulator.client(), emulator.admin
    vc = support.voice_connector(client)
    project = scenario.python_program(tmp_path / "project", "move", PROGRAM)
    env = {**os.environ,
           "PATH": os.pathsep.join([str(pulumi_install.bin_dir), str(yaml_host.ensure(pulumi_install)),
                                    os.environ["PATH"]]),
           "PULUMI_BACKEND_URL": backend_dir.as_uri(), "PULUMI_CONFIG_PASSPHRASE": "move",
           "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true", "PULUMI_SKIP_UPDATE_CHECK": "true"}

    def pulumi(*args: str) -> subprocess.CompletedProcess[str]:
        return run(["pulumi", *args, "--non-interactive"], project, env)

    pulumi("stack", "init", "dev")
    for key, value in (("aws:region", "us-east-1"), ("chime-proxy:region", "us-east-1"),
                       ("chime-proxy:endpoint", emulator.endpoint_url), ("voiceConnectorId", vc)):
        pulumi("config", "set", key, value)
    pulumi("config", "set", "--path", "aws:endpoints[0].chimesdkvoice", emulator.endpoint_url)
    pulumi("up", "--yes")
    ps = json.loads(pulumi("stack", "output", "--json").stdout)["id"]
    admin.reset_calls()

    # the documented steps: forget the dynamic resource, import the session as native
    dynamic_urn = "urn:pulumi:dev::move::pulumi-python:dynamic/chime:ProxySession::ride"
    pulumi("state", "delete", dynamic_urn, "--yes")
    pulumi("config", "set", "front", "native")
    pulumi("config", "set", "sessionId", ps)
    pulumi("config", "set", "importing", "true")
    pulumi("up", "--yes")
    pulumi("config", "rm", "importing")
    calm = subprocess.run(["pulumi", "preview", "--refresh", "--expect-no-changes", "--non-interactive"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert calm.returncode == 0, calm.stdout + calm.stderr

    by_operation = admin.calls()["ByOperation"]
    assert {op: by_operation.get(op, 0) for op in WRITES} == dict.fromkeys(WRITES, 0)
    state = json.loads(pulumi("stack", "export").stdout)["deployment"]["resources"]
    (ride,) = [r for r in state if r["type"] == "chime-proxy:index:ProxySession"]
    assert ride["id"] == f"{vc}/{ps}"
    assert "12065550100" not in (backend_dir / ".pulumi").joinpath("stacks", "move", "dev.json").read_text()

    pulumi("destroy", "--yes")
    assert client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []

"""One Pulumi project directory with four sessions, shared by the engine-level drift tests.

The fixture deploys it, records a baseline check (no drift), then drifts it in every
way the check knows (so later tests only read): s0 capabilities and expiry changed
with boto3, s1 a participant changed, s2 closed by the clock, s3 deleted, plus one
session created on the same voice connector outside the stack.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy import cli
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.support import emulator_config, voice_connector

PROGRAM = '''\
import json
import pulumi
from pulumi_chime_proxy.sessions.resource import ProxySession, ProxySessionArgs

cfg = pulumi.Config()
vc = cfg.require("vc")
for spec in json.loads(cfg.require("sessions")):
    ProxySession(spec["name"], ProxySessionArgs(
        voice_connector_id=vc,
        participant_phone_numbers=spec["numbers"],
        capabilities=["Voice"],
        name=spec["label"],
        expiry_minutes=spec["expiry"],
    ))
'''

SESSIONS = [
    {"name": "s0", "label": "alpha", "numbers": ["+12065550100", "+12065550101"], "expiry": 60},
    {"name": "s1", "label": "bravo", "numbers": ["+12065550102", "+12065550103"], "expiry": 60},
    {"name": "s2", "label": "charlie", "numbers": ["+12065550104", "+12065550105"], "expiry": 5},
    {"name": "s3", "label": "delta", "numbers": ["+12065550106", "+12065550107"], "expiry": 60},
]
STACK = "dev"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        return dict(json.loads(self.out))


@dataclass
class DriftedProject:
    project: Path
    backend_url: str
    vc: str
    ids: dict[str, str]
    unmanaged_id: str
    baseline: Run
    env: dict[str, str] = field(default_factory=dict)

    def run(self, *args: str) -> Run:
        return run_cli("drift", "--stack", STACK, "--cwd", str(self.project), *args)


def run_cli(*argv: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return Run(code, out.getvalue(), err.getvalue())


def write_project(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "Pulumi.yaml").write_text("name: driftproj\nruntime: python\n")
    (path / "__main__.py").write_text(PROGRAM)
    return path


@pytest.fixture(scope="module")
def drifted(pulumi_install: PulumiCli, _emulator_server: Any,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[DriftedProject]:
    emu = _emulator_server
    emu.admin.reset()
    root = tmp_path_factory.mktemp("drift")
    project = write_project(root / "proj")
    backend = root / "state"
    backend.mkdir()
    client = emu.client()
    vc = voice_connector(client)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PULUMI_BACKEND_URL", backend.as_uri())
        mp.setenv("PULUMI_CONFIG_PASSPHRASE", workspace.DEFAULT_PASSPHRASE)
        stack = workspace.directory_stack(STACK, project, pulumi_install, backend)
        stack.set_all_config(emulator_config(emu.endpoint_url) | {
            "vc": auto.ConfigValue(vc),
            "sessions": auto.ConfigValue(json.dumps(SESSIONS), secret=True),
            "contact": auto.ConfigValue("+12065550111"),  # plain config holding a number: warned
        })
        stack.up(show_secrets=False)
        state = stack.export_stack().deployment
        ids = {r["urn"].rsplit("::", 1)[-1]: r["id"] for r in state["resources"]
               if r["type"].endswith(":ProxySession")}
        result = DriftedProject(project, backend.as_uri(), vc, ids, "", baseline=Run(0, "", ""))
        result.baseline = result.run("--json")

        client.update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ids["s0"],
                                    Capabilities=["Voice", "SMS"], ExpiryMinutes=120)
        emu.admin.set_participant(vc, ids["s1"], 1, phone_number="+12065550199")
        emu.admin.advance_clock(10 * 60)  # s2 (5 minutes) closes
        client.delete_proxy_session(VoiceConnectorId=vc, ProxySessionId=ids["s3"])
        result.unmanaged_id = client.create_proxy_session(
            VoiceConnectorId=vc, ParticipantPhoneNumbers=["+12065550180", "+12065550181"],
            Capabilities=["SMS"], Name="stray", ExpiryMinutes=60,
        )["ProxySession"]["ProxySessionId"]
        result.env = {"PULUMI_BACKEND_URL": backend.as_uri(),
                      "PULUMI_CONFIG_PASSPHRASE": workspace.DEFAULT_PASSPHRASE}
        yield result

"""``chime-proxy drift --all-stacks`` agrees with the engine for stacks on either front and
for a stack that uses both, through the real CLI: three stacks of one project share a voice
connector, ``dynamic`` (the dynamic resource), ``native`` (the generated Python SDK) and
``both`` (one session of each). The gate's verdict for each stack is the engine's
(``preview --refresh --expect-no-changes``), no stack's session is taken for an orphan
(the native id is ``<voiceConnectorId>/<proxySessionId>``), and after ``up --refresh``
both say the fleet is calm.

``slow``: the generated SDK is installed in the newest virtualenv only."""

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
import pulumi_chime_proxy_native as native
from pulumi_chime_proxy import ProxySession, ProxySessionArgs

config = pulumi.Config()
vc, front, base = config.require("vc"), config.require("front"), config.require_int("base")


def numbers(offset):
    return [f"+1206555{base + offset:04d}", f"+1206555{base + offset + 1:04d}"]


ids = {}
if front in ("dynamic", "both"):
    ids["dyn"] = ProxySession("dyn", ProxySessionArgs(
        voice_connector_id=vc, participant_phone_numbers=pulumi.Output.secret(numbers(0)),
        capabilities=["Voice"])).proxy_session_id
if front in ("native", "both"):
    ids["nat"] = native.ProxySession(
        "nat", voice_connector_id=vc, participant_phone_numbers=numbers(2),
        capabilities=["Voice"]).proxy_session_id
for key, value in ids.items():
    pulumi.export(key, value)
"""

#: stack: (front, first number, sessions drifted out of band)
STACKS = {"dynamic": ("dynamic", 200, ()), "native": ("native", 210, ("nat",)),
          "both": ("both", 220, ("dyn",))}


def fleet(project: scenario.Project, *options: str) -> tuple[int, dict[str, Any]]:
    done = scenario.gate(project, "--all-stacks", "--json", *options)
    assert done.stdout, done.stderr
    return done.returncode, json.loads(done.stdout)


def test_the_gate_and_the_engine_agree_on_each_front_and_on_both(
        tmp_path: Path, pulumi_install: PulumiCli, backend_dir: Path, emulator: Any) -> None:
    client = emulator.client()
    vc_id = support.voice_connector(client, "fronts")
    directory = scenario.python_program(tmp_path / "project", "fronts", PROGRAM)
    project = scenario.new_project(directory, pulumi_install, backend_dir, emulator, "fronts")
    project.pulumi("stack", "rm", "dev", "--yes")
    sessions: dict[str, dict[str, str]] = {}
    for stack, (front, base, _drifted) in STACKS.items():
        project.pulumi("stack", "init", stack)
        settings = {"chime-proxy:endpoint": emulator.endpoint_url, "chime-proxy:region": "us-east-1",
                    "aws:region": "us-east-1", "aws:endpoints[0].chimesdkvoice": emulator.endpoint_url,
                    "vc": vc_id, "front": front, "base": str(base)}
        project.pulumi("config", "set-all", "--path",
                       *(arg for key, value in settings.items() for arg in ("--plaintext", f"{key}={value}")))
        project.pulumi("up", "--yes")
        sessions[stack] = json.loads(project.pulumi("stack", "output", "--json").stdout)

    for stack, (_front, _base, drifted) in STACKS.items():
        for resource in drifted:
            client.update_proxy_session(VoiceConnectorId=vc_id, ProxySessionId=sessions[stack][resource],
                                        Capabilities=["Voice", "SMS"])

    # In the Pulumi CLI's exit codes, the gate exits as `preview --expect-no-changes` does.
    code, doc = fleet(project, "--exit-code-style", "pulumi")
    assert code == 7 and doc["exit_code"] == 2, doc
    outcomes = {s["stack"]: s["outcome"] for s in doc["stacks"]}
    engine = {}
    for stack in STACKS:
        project.pulumi("stack", "select", stack)
        verdict = scenario.engine_verdict(project).returncode
        assert verdict in (0, 7), verdict
        engine[stack] = "in_sync" if verdict == 0 else "drifted"
    assert outcomes == engine == {"dynamic": "in_sync", "native": "drifted", "both": "drifted"}
    reports = {s["stack"]: {r["resource"]: r for r in s["report"]["resources"]} for s in doc["stacks"]}
    for stack, (_front, _base, drifted) in STACKS.items():
        for resource, found in reports[stack].items():
            expected = "drifted" if resource in drifted else "in_sync"
            assert found["state"] == expected, (stack, found)
            if expected == "drifted":
                assert [c["property"] for c in found["changes"]] == ["capabilities"]
    assert doc.get("orphans", []) == [], "a stack's own session was taken for an orphan"

    for stack, (_front, _base, drifted) in STACKS.items():
        if drifted:
            project.pulumi("stack", "select", stack)
            project.pulumi("up", "--refresh", "--yes")
    code, doc = fleet(project)
    assert code == 0, doc
    assert {s["stack"]: s["outcome"] for s in doc["stacks"]} == dict.fromkeys(STACKS, "in_sync")
    for stack in STACKS:
        project.pulumi("stack", "select", stack)
        assert scenario.engine_verdict(project).returncode == 0
        project.pulumi("destroy", "--yes")
    assert client.list_proxy_sessions(VoiceConnectorId=vc_id)["ProxySessions"] == []

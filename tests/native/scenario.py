"""The native provider's scenarios, through the real CLI, for programs that declare one
proxy configuration and two sessions (``proxy``, ``rideA``, ``rideB``).

:func:`up_drift_heal_import_destroy` walks the provider's whole path (up, drift made out of
band, ``preview --refresh`` naming each drifted property, the gate agreeing, ``up
--refresh`` healing, a calm second run, import, destroy; no phone number in plaintext in
the backend) once, on the YAML front. The path does not depend on the program's
language, so another front runs :func:`up_calm_destroy`: what its language decides (the
program runs, its plain numbers are stored encrypted, a second run is calm).
:func:`up_heal_destroy` is the YAML front's short path at the oldest releases: every
provider method once and the gate once each way."""

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


def yaml_project(name: str, body: str, plugin_dir: Path | None = None) -> str:
    """Pulumi.yaml of a YAML project ``name`` whose ``chime-proxy`` plugin is registered by
    path (this test run's virtualenv unless ``plugin_dir``), followed by ``body``."""
    return (f"name: {name}\nruntime: yaml\nplugins:\n  providers:\n    - name: chime-proxy\n"
            f"      path: {plugin_dir or Path(sys.executable).parent}\n{body}")


def yaml_session(name: str, vc: str, numbers: tuple[str, str] | list[str],
                 **properties: str) -> str:
    """A YAML program's ``resources:`` entry for one Voice session ``name`` on ``vc``, with
    ``properties`` (schema names, YAML values) added after the three it needs."""
    lines = [f"  {name}:", "    type: chime-proxy:index:ProxySession", "    properties:",
             f"      voiceConnectorId: {vc}",
             f'      participantPhoneNumbers: ["{numbers[0]}", "{numbers[1]}"]',
             "      capabilities: [Voice]", *(f"      {key}: {value}" for key, value in properties.items())]
    return "\n".join(lines) + "\n"


def python_program(directory: Path, name: str, program: str) -> Path:
    """A Python project in ``directory`` (made here) on this test run's virtualenv, which
    holds the package, the generated SDK and the plugin, registered by Pulumi.yaml's path."""
    venv_bin = Path(sys.executable).parent
    directory.mkdir(parents=True)
    (directory / "Pulumi.yaml").write_text(
        f"name: {name}\nruntime:\n  name: python\n  options:\n"
        f"    virtualenv: {venv_bin.parent}\n"
        f"plugins:\n  providers:\n    - name: chime-proxy\n      path: {venv_bin}\n")
    (directory / "__main__.py").write_text(program)
    return directory


def new_project(directory: Path, pulumi_install: PulumiCli, backend_dir: Path, emulator: Any,
                passphrase: str) -> Project:
    """A stack ``dev`` in ``directory`` (which holds the program) on ``backend_dir``, the
    provider's own config pointing at the emulator: nothing from PATH, no downloads."""
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(pulumi_install.bin_dir), str(yaml_host.ensure(pulumi_install)),
                                 os.environ["PATH"]]),
        "PULUMI_BACKEND_URL": backend_dir.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": passphrase,
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


def gate(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    """``chime-proxy drift`` from the package's virtualenv, in the project."""
    return project.run(str(Path(sys.executable).parent / "chime-proxy"), "drift", *args, check=False)


def session_ids(project: Project) -> dict[str, str]:
    outputs = json.loads(project.pulumi("stack", "output", "--json").stdout)
    return {key: value for key, value in outputs.items() if key.startswith("id")}


def engine_verdict(project: Project) -> subprocess.CompletedProcess[str]:
    """``preview --refresh --expect-no-changes``: exit 0 when the engine sees nothing to do."""
    return project.pulumi("preview", "--refresh", "--expect-no-changes", check=False)


def assert_calm(project: Project) -> None:
    """A second run changes nothing, and the gate agrees."""
    calm = engine_verdict(project)
    assert calm.returncode == 0, calm.stdout + calm.stderr
    assert gate(project).returncode == 0


def assert_no_plaintext_number(backend_dir: Path, *extra: str) -> None:
    stored = backend_text(backend_dir)
    for number in (*(n for pair in support.NUMBERS for n in pair), *extra):
        assert number.lstrip("+") not in stored, "a phone number in plaintext"


def up_calm_destroy(project: Project, emulator: Any, backend_dir: Path) -> None:
    client = emulator.client()
    up = project.pulumi("up", "--yes")
    assert "+ 4 created" in up.stdout, up.stdout
    vc = client.list_voice_connectors()["VoiceConnectors"][0]["VoiceConnectorId"]
    live = client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"]
    assert {s["ProxySessionId"] for s in live} == set(session_ids(project).values())
    assert_calm(project)
    assert_no_plaintext_number(backend_dir)
    project.pulumi("destroy", "--yes")
    assert client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []


def up_heal_destroy(project: Project, emulator: Any, backend_dir: Path) -> None:
    client = emulator.client()
    up = project.pulumi("up", "--yes")
    assert "+ 4 created" in up.stdout, up.stdout
    ids = session_ids(project)
    vc = client.list_voice_connectors()["VoiceConnectors"][0]["VoiceConnectorId"]
    client.update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ids["idA"], Capabilities=["SMS"])
    drift = gate(project, "--json")
    assert drift.returncode == 2, drift.stdout + drift.stderr
    found = {r["resource"]: r for r in json.loads(drift.stdout)["resources"]}
    assert [c["property"] for c in found["rideA"]["changes"]] == ["capabilities"]
    project.pulumi("up", "--refresh", "--yes")
    assert_calm(project)
    assert_no_plaintext_number(backend_dir)
    project.pulumi("destroy", "--yes")
    assert client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []


def up_drift_heal_import_destroy(project: Project, emulator: Any, backend_dir: Path) -> None:
    client, admin = emulator.client(), emulator.admin
    up = project.pulumi("up", "--yes")
    assert "+ 4 created" in up.stdout, up.stdout
    ids = session_ids(project)
    vc = client.list_voice_connectors()["VoiceConnectors"][0]["VoiceConnectorId"]

    # out of band: A's capabilities and proxy number, B closed
    client.update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ids["idA"], Capabilities=["SMS"])
    admin.set_participant(vc, ids["idA"], 0, proxy_phone_number="+12065559999")
    admin.set_status(vc, ids["idB"], "Closed")

    text = project.pulumi("preview", "--refresh", "--diff").stdout
    assert "rideA" in text and "capabilities" in text and "participants" in text, text
    assert "status" in text, text
    drift = gate(project, "--json")
    assert drift.returncode == 2, drift.stdout + drift.stderr
    found = {r["resource"]: r for r in json.loads(drift.stdout)["resources"]}
    assert found["rideA"]["state"] == "drifted" and found["rideA"]["kind"] == "ProxySession"
    assert [c["property"] for c in found["rideA"]["changes"]] == ["capabilities", "participants"]
    assert found["rideB"]["state"] == "closed"
    assert found["proxy"]["state"] == "in_sync"
    for number in (*support.NUMBERS[0], *support.NUMBERS[1], "+12065559999"):
        assert number not in drift.stdout + drift.stderr, "the gate printed a phone number"
    project.pulumi("up", "--refresh", "--yes")
    assert_calm(project)

    # out of band: B deleted
    client.delete_proxy_session(VoiceConnectorId=vc, ProxySessionId=session_ids(project)["idB"])
    text = project.pulumi("preview", "--refresh", "--diff").stdout
    assert "+ 1 to create" in text, text
    drift = gate(project, "--json")
    assert drift.returncode == 2, drift.stdout + drift.stderr
    states = {r["resource"]: r["state"] for r in json.loads(drift.stdout)["resources"]}
    assert states == {"proxy": "in_sync", "rideA": "in_sync", "rideB": "gone"}, states
    project.pulumi("up", "--refresh", "--yes")
    assert_calm(project)

    theirs = client.create_proxy_session(
        VoiceConnectorId=vc, ParticipantPhoneNumbers=list(support.NUMBERS[2]), Capabilities=["Voice"],
    )["ProxySession"]["ProxySessionId"]
    imported = project.pulumi("import", "chime-proxy:index:ProxySession", "adopted", f"{vc}/{theirs}",
                              "--yes", "--protect=false", "--generate-code=false")
    assert "1 imported" in imported.stdout, imported.stdout
    assert project.pulumi("refresh", "--yes", "--expect-no-changes", check=False).returncode == 0

    assert_no_plaintext_number(backend_dir, "+12065559999")

    project.pulumi("destroy", "--yes")
    assert client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_voice_connector_proxy(VoiceConnectorId=vc)

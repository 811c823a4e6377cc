"""The plugin installs as any Pulumi provider does: by version, from a release server.

The self-contained plugin (``python -m chime_proxy_dev plugin``: no Python needed on the
user's machine) is served by a loopback HTTP server as a release server serves it;
``pulumi plugin install resource chime-proxy <version> --server URL`` installs it into a
fresh ``PULUMI_HOME``, and programs with no ``plugins:`` entry, with ambient plugins off
and the virtualenv off PATH, run on it through the real engine: a YAML program, and a
Python program on the generated SDK. Both run up, a calm check, drift the gate and the
engine agree on, and destroy.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulumi_chime_proxy
import pytest
from chime_proxy_dev import plugin_dist, yaml_host
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support
from tests.native import scenario

pytestmark = [pytest.mark.engine, pytest.mark.slow]

VERSION = pulumi_chime_proxy.__version__
GATE = Path(sys.executable).parent / "chime-proxy"

YAML_PROGRAM = """\
name: released-yaml
runtime: yaml
resources:
{session}outputs:
  id: ${{ride.proxySessionId}}
"""

PYTHON_PROGRAM = """\
import pulumi
import pulumi_chime_proxy_native as native

config = pulumi.Config()
ride = native.ProxySession("ride", voice_connector_id=config.require("vc"),
                           participant_phone_numbers=config.require_secret_object("numbers"),
                           capabilities=["Voice"])
pulumi.export("id", ride.proxy_session_id)
"""


@pytest.fixture(scope="module")
def release() -> Iterator[str]:
    """The plugin tarball of these sources (built once per machine) behind a loopback
    release server: its URL."""
    out = plugin_dist.cached().parent
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def installed_env(pulumi_install: PulumiCli, home: Path, backend: Path) -> dict[str, str]:
    """A user's environment: a fresh PULUMI_HOME, the CLI and the YAML host on PATH and no
    virtualenv, nothing ambient, no download but the one asked for."""
    path = os.pathsep.join([str(pulumi_install.bin_dir), str(yaml_host.ensure(pulumi_install)),
                            "/usr/local/bin", "/usr/bin", "/bin"])
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PULUMI_", "VIRTUAL_ENV"))}
    return env | {"PATH": path, "PULUMI_HOME": str(home), "PULUMI_BACKEND_URL": backend.as_uri(),
                  "PULUMI_CONFIG_PASSPHRASE": "released", "PULUMI_SKIP_UPDATE_CHECK": "true",
                  "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
                  "PULUMI_IGNORE_AMBIENT_PLUGINS": "true", "AWS_ACCESS_KEY_ID": "testing",
                  "AWS_SECRET_ACCESS_KEY": "testing"}


def run(env: dict[str, str], cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert not check or done.returncode == 0, f"{' '.join(args)}: {done.stdout}{done.stderr}"
    return done


def install(env: dict[str, str], cwd: Path, release: str) -> None:
    done = run(env, cwd, "pulumi", "plugin", "install", "resource", "chime-proxy", VERSION,
               "--server", release)
    assert "Unpacking plugin chime-proxy" in done.stderr + done.stdout, done.stderr
    listed = run(env, cwd, "pulumi", "plugin", "ls", "--json").stdout
    assert [(p["name"], p["version"]) for p in json.loads(listed)] == [("chime-proxy", VERSION)]


def up_drift_destroy(env: dict[str, str], project: Path, emulator: Any, vc: str) -> None:
    pulumi = functools.partial(run, env, project, "pulumi")
    pulumi("config", "set", "chime-proxy:endpoint", emulator.endpoint_url)
    pulumi("config", "set", "chime-proxy:region", "us-east-1")
    pulumi("up", "--yes", "--skip-preview", "--non-interactive")
    try:
        ps = json.loads(pulumi("stack", "output", "--json").stdout)["id"]
        assert run(env, project, str(GATE), "drift").returncode == 0
        emulator.client().update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps, Capabilities=["SMS"])
        assert run(env, project, str(GATE), "drift", check=False).returncode == 2
        assert pulumi("preview", "--refresh", "--expect-no-changes", check=False).returncode != 0
    finally:
        pulumi("destroy", "--yes", "--skip-preview", "--non-interactive")
    assert emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []


def test_a_yaml_program_runs_on_the_plugin_installed_by_version(
        release: str, pulumi_install: PulumiCli, tmp_path: Path, emulator: Any) -> None:
    env = installed_env(pulumi_install, tmp_path / "pulumi-home", tmp_path / "state")
    (tmp_path / "state").mkdir()
    project = tmp_path / "project"
    project.mkdir()
    vc = support.voice_connector(emulator.client())
    a = support.NUMBERS[0]
    (project / "Pulumi.yaml").write_text(YAML_PROGRAM.format(session=scenario.yaml_session("ride", vc, a)))
    install(env, project, release)
    run(env, project, "pulumi", "stack", "init", "dev")
    up_drift_destroy(env, project, emulator, vc)
    assert "plugins:" not in (project / "Pulumi.yaml").read_text()


def test_a_python_program_on_the_generated_sdk_runs_on_the_installed_plugin(
        release: str, pulumi_install: PulumiCli, tmp_path: Path, emulator: Any) -> None:
    env = installed_env(pulumi_install, tmp_path / "pulumi-home", tmp_path / "state")
    env["PATH"] = os.pathsep.join([str(pulumi_install.bin_dir), env["PATH"]])
    (tmp_path / "state").mkdir()
    project = tmp_path / "project"
    project.mkdir()
    # The program's own virtualenv holds the generated SDK; the plugin is the installed one.
    (project / "Pulumi.yaml").write_text(
        "name: released-python\nruntime:\n  name: python\n  options:\n"
        f"    virtualenv: {Path(sys.executable).parent.parent}\n")
    (project / "__main__.py").write_text(PYTHON_PROGRAM)
    vc = support.voice_connector(emulator.client())
    install(env, project, release)
    run(env, project, "pulumi", "stack", "init", "dev")
    run(env, project, "pulumi", "config", "set", "vc", vc)
    run(env, project, "pulumi", "config", "set", "--secret", "numbers", json.dumps(list(support.NUMBERS[1])))
    up_drift_destroy(env, project, emulator, vc)

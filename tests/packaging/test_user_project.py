"""A Pulumi project laid out as ``pulumi new`` does it, outside this repository: the package
pip-installed from the built wheel into the project's own ``venv``, nothing activated, and
a PATH holding only the Pulumi CLI and the system directories. The user types ``pulumi``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.native import scenario
from tests.support import NUMBERS, bare_voice_connector, voice_connector

pytestmark = pytest.mark.engine

SYSTEM_PATH = "/usr/bin:/bin"
PROGRAM = """\
import pulumi
from pulumi_chime_proxy import (
    ProxySession, ProxySessionArgs, VoiceConnectorProxy, VoiceConnectorProxyArgs,
)

voice_connector_id = pulumi.Config().require("voiceConnectorId")
proxy = VoiceConnectorProxy("proxy", VoiceConnectorProxyArgs(
    voice_connector_id=voice_connector_id,
    default_session_expiry_minutes=60,
    phone_number_pool_countries=["US"],
))
ride = ProxySession("ride", ProxySessionArgs(
    voice_connector_id=proxy.voice_connector_id,
    participant_phone_numbers=["+12065550100", "+12065550101"],
    capabilities=["Voice"],
))
pulumi.export("status", ride.status)
"""


def _venv(path: Path, *packages: str) -> Path:
    """A virtualenv made the way a user makes one, with ``packages`` pip-installed."""
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=300)
    if packages:
        subprocess.run([str(path / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", *packages],
                       check=True, timeout=900, env={"PATH": SYSTEM_PATH, "HOME": os.environ["HOME"]})
    return path


@dataclass
class UserShell:
    """Runs ``pulumi`` as a user's shell would: minimal PATH, no virtualenv activated."""

    env: dict[str, str]

    def pulumi(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pulumi", *args], cwd=cwd, env=self.env, capture_output=True,
                              text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def user_venv(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's ``venv``: only the wheel and what it depends on, from PyPI."""
    return _venv(tmp_path_factory.mktemp("project") / "venv", str(built_wheel))


@pytest.fixture()
def shell(pulumi_install: PulumiCli, tmp_path: Path) -> UserShell:
    backend = tmp_path / "state"
    backend.mkdir()
    env = {
        "PATH": f"{pulumi_install.bin_dir}:{SYSTEM_PATH}",
        "HOME": os.environ["HOME"],
        "PULUMI_BACKEND_URL": backend.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": "user-passphrase",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    return UserShell(env)


def _project(root: Path, runtime_options: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "Pulumi.yaml").write_text(
        f"name: user-proj\nruntime:\n  name: python\n  options:\n{runtime_options}")
    (root / "__main__.py").write_text(PROGRAM)
    (root / "sub").mkdir(exist_ok=True)
    return root


def _init(shell: UserShell, project: Path, endpoint_url: str, vc: str) -> None:
    for args in (["stack", "init", "dev"],
                 ["config", "set", "chime-proxy:region", "us-east-1"],
                 ["config", "set", "chime-proxy:endpoint", endpoint_url],
                 ["config", "set", "voiceConnectorId", vc]):
        done = shell.pulumi(*args, cwd=project)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture()
def project(user_venv: Path, emulator: Any) -> Iterator[tuple[Path, str]]:
    """The project directory around ``user_venv`` (``virtualenv: venv``), and a connector."""
    root = user_venv.parent
    yield _project(root, "    virtualenv: venv\n"), bare_voice_connector(emulator.client())


def test_preview_up_destroy_with_a_relative_virtualenv(shell: UserShell, project: tuple[Path, str],
                                                       emulator: Any, tmp_path: Path) -> None:
    root, vc = project
    _init(shell, root, emulator.endpoint_url, vc)

    preview = shell.pulumi("preview", "--non-interactive", cwd=root / "sub")  # from a subdirectory
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert "+ 3 to create" in preview.stdout

    up = shell.pulumi("-C", str(root), "up", "--yes", "--non-interactive", cwd=tmp_path)
    assert up.returncode == 0, up.stdout + up.stderr
    assert "+ 3 created" in up.stdout
    sessions = emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"]
    assert [s["Status"] for s in sessions] == ["Open"]

    destroy = shell.pulumi("destroy", "--yes", "--non-interactive", cwd=root)
    assert destroy.returncode == 0, destroy.stdout + destroy.stderr
    assert emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []


def test_absolute_virtualenv_and_pip_toolchain(shell: UserShell, user_venv: Path, emulator: Any,
                                               tmp_path: Path) -> None:
    elsewhere = _project(tmp_path / "elsewhere",
                         f"    toolchain: pip\n    virtualenv: {user_venv}\n")
    _init(shell, elsewhere, emulator.endpoint_url, bare_voice_connector(emulator.client()))
    preview = shell.pulumi("preview", "--non-interactive", cwd=elsewhere)
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert "+ 3 to create" in preview.stdout


def test_a_virtualenv_without_pulumi_says_so_in_one_line(shell: UserShell, emulator: Any,
                                                         tmp_path: Path) -> None:
    bare = _project(tmp_path / "bare", "    virtualenv: venv\n")
    _venv(bare / "venv")
    _init(shell, bare, emulator.endpoint_url, "vc-not-used")
    preview = shell.pulumi("preview", "--non-interactive", cwd=bare)
    assert preview.returncode != 0
    output = preview.stdout + preview.stderr
    python = bare / "venv" / "bin" / "python"
    # The engine repeats a plugin's message (in the stack's diagnostics and the summary):
    # each time it is the same, complete, single line.
    messages = {line.split("error: ", 1)[1] for line in output.splitlines()
                if "cannot import 'grpc'" in line or "cannot import 'pulumi'" in line}
    assert len(messages) == 1, output
    (message,) = messages
    assert f"the virtualenv '{bare / 'venv'}' set in {bare / 'Pulumi.yaml'}" in message
    assert message.endswith(f"run '{python} -m pip install pulumi' "
                            "(or install your project's requirements into it)")


def test_a_yaml_program_runs_the_wheels_native_plugin(shell: UserShell, user_venv: Path, emulator: Any,
                                                      pulumi_install: PulumiCli, tmp_path: Path) -> None:
    """The README's YAML quickstart: the plugin the wheel installs into the venv's bin/,
    installed into Pulumi by version with ``--file`` (into a Pulumi home of the test's
    own), and a program with no ``plugins:`` entry; nothing from PATH, none downloaded."""
    from chime_proxy_dev import yaml_host
    from pulumi_chime_proxy import __version__

    host_dir = yaml_host.ensure(pulumi_install)
    project = tmp_path / "yaml-project"
    project.mkdir()
    session = scenario.yaml_session("ride", voice_connector(emulator.client()), NUMBERS[0])
    (project / "Pulumi.yaml").write_text(
        f"name: user-yaml\nruntime: yaml\nresources:\n{session}outputs:\n  status: ${{ride.status}}\n")
    shell.env.update(PATH=f"{pulumi_install.bin_dir}:{host_dir}:{SYSTEM_PATH}",
                     PULUMI_HOME=str(tmp_path / "pulumi-home"), PULUMI_IGNORE_AMBIENT_PLUGINS="true",
                     PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true")
    for args in (["plugin", "install", "resource", "chime-proxy", __version__,
                  "--file", str(user_venv / "bin" / "pulumi-resource-chime-proxy")],
                 ["stack", "init", "dev"], ["config", "set", "chime-proxy:region", "us-east-1"],
                 ["config", "set", "chime-proxy:endpoint", emulator.endpoint_url]):
        done = shell.pulumi(*args, cwd=project)
        assert done.returncode == 0, done.stdout + done.stderr
    up = shell.pulumi("up", "--yes", "--non-interactive", cwd=project)
    assert up.returncode == 0 and 'status: "Open"' in up.stdout, up.stdout + up.stderr
    destroyed = shell.pulumi("destroy", "--yes", "--non-interactive", cwd=project)
    assert destroyed.returncode == 0, destroyed.stdout + destroyed.stderr


SDK_PROGRAM = """\
import pulumi
import pulumi_chime_proxy_native as chime

ride = chime.ProxySession(
    "ride",
    voice_connector_id=pulumi.Config().require("voiceConnectorId"),
    participant_phone_numbers=["+12065550100", "+12065550101"],
    capabilities=["Voice"],
)
pulumi.export("status", ride.status)
"""


@pytest.mark.slow
def test_a_python_program_on_the_generated_sdk_with_the_plugin_installed_from_its_file(
        shell: UserShell, built_wheel: Path, emulator: Any, pulumi_install: PulumiCli,
        tmp_path: Path) -> None:
    """The wheel and ``sdk/python`` pip-installed into the project's venv, the plugin
    registered with ``pulumi plugin install resource ... --file`` (the other way the README
    gives) into a Pulumi home of the test's own; nothing from PATH, nothing downloaded.
    ``slow``: the SDK wants a newer pulumi than the dependency floor."""
    from pulumi_chime_proxy import __version__

    project = tmp_path / "sdk-project"
    venv = _venv(project / "venv", str(built_wheel),
                 str(Path(__file__).resolve().parents[2] / "sdk" / "python"))
    (project / "Pulumi.yaml").write_text(
        "name: user-sdk\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n")
    (project / "__main__.py").write_text(SDK_PROGRAM)
    shell.env.update(PULUMI_HOME=str(tmp_path / "pulumi-home"), PULUMI_IGNORE_AMBIENT_PLUGINS="true",
                     PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true")
    for args in (["plugin", "install", "resource", "chime-proxy", __version__,
                  "--file", str(venv / "bin" / "pulumi-resource-chime-proxy")],
                 ["stack", "init", "dev"], ["config", "set", "chime-proxy:endpoint", emulator.endpoint_url],
                 ["config", "set", "chime-proxy:region", "us-east-1"],
                 ["config", "set", "voiceConnectorId", voice_connector(emulator.client())]):
        done = shell.pulumi(*args, cwd=project)
        assert done.returncode == 0, done.stdout + done.stderr
    up = shell.pulumi("up", "--yes", "--non-interactive", cwd=project)
    assert up.returncode == 0 and 'status: "Open"' in up.stdout, up.stdout + up.stderr
    state = shell.pulumi("stack", "export", cwd=project).stdout
    assert "chime-proxy:index:ProxySession" in state
    assert "12065550100" not in state and "12065550101" not in state
    destroyed = shell.pulumi("destroy", "--yes", "--non-interactive", cwd=project)
    assert destroyed.returncode == 0, destroyed.stdout + destroyed.stderr

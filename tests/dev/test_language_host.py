"""The dev tree's Python language host: what `pulumi install` runs, what `pulumi about`
learns from it (its version, the program's dependencies), and what a Python project's
`pulumi import` says of the code the host cannot generate, through the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from chime_proxy_dev import language_host
from chime_proxy_dev.language_host import install_commands
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support
from tests.native import scenario


def test_install_makes_a_missing_virtualenv_then_installs_the_requirements(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("pulumi>=3,<4\n")
    venv = tmp_path / "venv"
    python = str(venv / "bin" / "python")
    assert install_commands(str(tmp_path), venv, "python3") == [
        ["python3", "-m", "venv", str(venv)],
        [python, "-m", "pip", "install", "--upgrade", "pip", "setuptools", "wheel"],
        [python, "-m", "pip", "install", "-r", str(tmp_path / "requirements.txt")],
    ]


def test_install_into_an_existing_virtualenv_or_without_one(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("")
    assert install_commands(str(tmp_path), venv, "python3") == []  # nothing to install
    (tmp_path / "requirements.txt").write_text("")
    assert install_commands(str(tmp_path), None, "python3") == [
        [sys.executable, "-m", "pip", "install", "-r", str(tmp_path / "requirements.txt")]]


def _pulumi(install: PulumiCli, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{install.bin_dir}:/usr/bin:/bin", "HOME": os.environ["HOME"],
           "PULUMI_BACKEND_URL": project.parent.joinpath("state").as_uri(),
           "PULUMI_CONFIG_PASSPHRASE": "x", "PULUMI_SKIP_UPDATE_CHECK": "true"}
    return subprocess.run([str(install.bin_dir / "pulumi"), *args, "--non-interactive"], cwd=project,
                          env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.engine
@pytest.mark.slow
def test_pulumi_install_makes_the_virtualenv_and_about_reports_the_host(
        pulumi_install: PulumiCli, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "state").mkdir()
    (project / "Pulumi.yaml").write_text(
        "name: p\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n")
    (project / "__main__.py").write_text("")
    (project / "requirements.txt").write_text("")
    preview = _pulumi(pulumi_install, project, "stack", "init", "dev")
    assert preview.returncode == 0, preview.stderr
    before = _pulumi(pulumi_install, project, "preview")
    assert "run `pulumi install` to create it" in before.stdout + before.stderr
    installed = _pulumi(pulumi_install, project, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (project / "venv" / "bin" / "python").exists()

    # about, on a virtualenv that has the SDK (this one)
    (project / "Pulumi.yaml").write_text(
        f"name: p\nruntime:\n  name: python\n  options:\n    virtualenv: {sys.prefix}\n")
    about = _pulumi(pulumi_install, project, "about")
    assert about.returncode == 0, about.stderr
    assert "Method not implemented" not in about.stdout + about.stderr
    lines = about.stdout.splitlines()
    assert ["language", "python", version("pulumi")] in [line.split() for line in lines], about.stdout
    dependencies = about.stdout.split("Dependencies:")[-1].splitlines()
    assert any(line.split()[:1] == ["pulumi-chime-proxy"] for line in dependencies), about.stdout


class _Aborted(Exception):
    pass


class _Context:
    """What a gRPC servicer's context does on abort: raise, with the code and the details."""

    def abort(self, code: object, details: str) -> None:
        raise _Aborted(code, details)


@pytest.mark.parametrize("method", ["GenerateProgram", "GenerateProject", "GeneratePackage"])
def test_code_generation_says_what_the_stand_in_host_lacks(method: str) -> None:
    import grpc

    host = language_host.LanguageHost("127.0.0.1:1", "exec")
    with pytest.raises(_Aborted) as aborted:
        getattr(host, method)(object(), _Context())
    code, details = aborted.value.args
    assert code == grpc.StatusCode.UNIMPLEMENTED
    assert "--generate-code=false" in details and "Method not implemented" not in details


@pytest.mark.engine
def test_python_import_with_this_cli_imports_and_says_what_the_host_lacks(
        pulumi_install: PulumiCli, backend_dir: Path, emulator: Any, tmp_path: Path) -> None:
    """What a user of the CLI `make setup` builds sees from a Python project's `pulumi
    import`: the resource is imported, and the one error names the missing code generation
    and ``--generate-code=false``, not gRPC's "Method not implemented!"."""
    client = emulator.client()
    vc = support.voice_connector(client)
    theirs = client.create_proxy_session(
        VoiceConnectorId=vc, ParticipantPhoneNumbers=list(support.NUMBERS[0]), Capabilities=["Voice"],
    )["ProxySession"]["ProxySessionId"]
    directory = scenario.python_program(tmp_path / "project", "stand-in-import", "")
    project = scenario.new_project(directory, pulumi_install, backend_dir, emulator, "stand-in")
    done = project.pulumi("import", "chime-proxy:index:ProxySession", "theirs", f"{vc}/{theirs}", "--yes",
                          check=False)
    assert done.returncode != 0
    assert "Method not implemented" not in done.stdout + done.stderr
    assert [line for line in done.stderr.splitlines() if "error" in line] == [
        f"error: {language_host.CANNOT_GENERATE}"], done.stderr
    assert "1 imported" in done.stdout, done.stdout
    quiet = project.pulumi("import", "chime-proxy:index:VoiceConnectorProxy", "proxy", vc, "--yes",
                           "--generate-code=false")
    assert "1 imported" in quiet.stdout and "error" not in quiet.stderr, quiet.stdout + quiet.stderr

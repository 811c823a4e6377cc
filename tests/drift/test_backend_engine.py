"""``chime-proxy drift`` reads the backend ``pulumi`` itself would use, in ``pulumi``'s
order (``PULUMI_BACKEND_URL``, the project's ``backend.url``, ``pulumi login``), never a
state directory that happens to lie in the project, and says which one it read."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from pulumi_chime_proxy.emulator.testing import RunningEmulator
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.support import emulator_config, voice_connector

from .conftest import run_cli

pytestmark = pytest.mark.engine

PROGRAM = '''\
import pulumi
from pulumi_chime_proxy import ProxySession

ProxySession("ride", voice_connector_id=pulumi.Config().require("vc"),
             participant_phone_numbers=["+12065550160", "+12065550161"], capabilities=["Voice"])
'''


def test_the_gate_reads_the_logged_in_backend_not_a_stale_state_dir(
        pulumi_install: PulumiCli, emulator: RunningEmulator, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: loginproj\nruntime: python\n")
    (project / "__main__.py").write_text(PROGRAM)
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    monkeypatch.setenv("PULUMI_HOME", str(tmp_path / "pulumi-home"))  # pulumi login writes here
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", workspace.DEFAULT_PASSPHRASE)
    env = workspace.engine_env(pulumi_install)
    pulumi = str(pulumi_install.bin_dir / "pulumi")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([pulumi, *args, "--cwd", str(project)], env={**os.environ, **env},
                              capture_output=True, text=True, timeout=300, check=False)

    stale = project / ".pulumi-state"  # a stack of the same name with nothing in it
    stale.mkdir()
    assert cli("login", stale.as_uri()).returncode == 0
    assert cli("stack", "init", "dev").returncode == 0
    (project / "Pulumi.dev.yaml").unlink()
    real = tmp_path / "real-backend"
    real.mkdir()
    assert cli("login", real.as_uri()).returncode == 0
    assert cli("stack", "init", "dev").returncode == 0
    for key, value in emulator_config(emulator.endpoint_url).items():
        assert cli("config", "set", key, value.value).returncode == 0
    vc = voice_connector(emulator.client())
    assert cli("config", "set", "vc", vc).returncode == 0
    try:
        up = cli("up", "--yes", "--skip-preview")
        assert up.returncode == 0, up.stderr
        engine = cli("preview", "--refresh", "--expect-no-changes")
        run = run_cli("drift", "--stack", "dev", "--cwd", str(project))
        assert (engine.returncode, run.code) == (0, 0), run.out + run.err
        assert f"backend: {real.as_uri()}" in run.err
    finally:
        cli("destroy", "--yes", "--skip-preview")

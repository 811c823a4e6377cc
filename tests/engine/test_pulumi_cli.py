"""The package finds the ``pulumi`` on PATH, as the Automation API does, and says in one line
what to install when there is none or it is too old."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pulumi_chime_proxy.engine import pulumi_cli


def _fake_pulumi(bin_dir: Path, version: str) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    binary = bin_dir / "pulumi"
    binary.write_text(f"#!/bin/sh\necho {version}\n")
    binary.chmod(0o755)
    return binary


@pytest.mark.parametrize(
    ("text", "expected"),
    [("v3.259.0\n", (3, 259, 0)), ("3.261.2-dev.0", (3, 261, 2)), ("garbage", None), ("", None)],
)
def test_parse_version(text: str, expected: tuple[int, int, int] | None) -> None:
    assert pulumi_cli.parse_version(text) == expected


def test_found_on_path(tmp_path: Path) -> None:
    binary = _fake_pulumi(tmp_path / "bin", "v3.300.1")
    found = pulumi_cli.find(which=lambda _n: str(binary))
    assert (found.bin_dir, found.version, found.source) == (binary.parent, "3.300.1", "path")
    assert found.root == tmp_path


@pytest.mark.parametrize("version", ["v3.100.0", "v2.25.2", "v4.0.0", "not a version"])
def test_too_old_or_other_major_says_which_version_is_needed(tmp_path: Path, version: str) -> None:
    binary = _fake_pulumi(tmp_path / "bin", version)
    with pytest.raises(pulumi_cli.PulumiCliError) as caught:
        pulumi_cli.find(which=lambda _n: str(binary))
    message = str(caught.value)
    needed = pulumi_cli.format_version(pulumi_cli.MINIMUM_VERSION)
    assert f"v{needed} or newer" in message and str(binary) in message
    assert "\n" not in message


def test_none_on_path_is_one_line_naming_what_to_install() -> None:
    with pytest.raises(pulumi_cli.PulumiCliError) as caught:
        pulumi_cli.find(which=lambda _n: None)
    message = str(caught.value)
    assert message.startswith("no `pulumi` CLI on PATH: install Pulumi CLI v")
    assert pulumi_cli.INSTALL_HINT in message and "\n" not in message


def test_drift_without_pulumi_on_path_exits_1_with_that_line(tmp_path: Path) -> None:
    """The product's CLI, in a fresh process whose PATH has no pulumi (only this venv)."""
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin")
    proc = subprocess.run([sys.executable, "-m", "pulumi_chime_proxy.cli", "drift", "--stack", "dev",
                           "--cwd", str(tmp_path)], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        f"chime-proxy drift: error: {pulumi_cli.missing_message()}")

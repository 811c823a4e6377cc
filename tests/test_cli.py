"""The ``chime-proxy`` command itself: its version comes from the one place it is written."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pulumi_chime_proxy
import pytest


def test_version_is_single_sourced_and_printed() -> None:
    proc = subprocess.run([sys.executable, "-m", "pulumi_chime_proxy.cli", "--version"],
                          capture_output=True, text=True, timeout=60, check=True)
    assert proc.stdout.strip() == f"chime-proxy {pulumi_chime_proxy.__version__}"
    assert version("pulumi-chime-proxy") == pulumi_chime_proxy.__version__


@pytest.mark.parametrize("workshop", ["demo", "bench", "engine"])
def test_workshop_commands_are_not_in_the_product_cli(workshop: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "pulumi_chime_proxy.cli", workshop],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert f"invalid choice: '{workshop}'" in proc.stderr

"""Shared fixtures: the real Pulumi CLI, a throwaway file backend, the emulator."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from chime_proxy_dev import provision
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

# Dummy credentials for the emulator; never real ones in tests.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture(scope="session")
def pulumi_install() -> PulumiCli:
    """The pinned CLI (from PATH, the cache, or built once), first on PATH as `make test`
    puts it, so code that looks ``pulumi`` up on PATH (the drift check) finds it too."""
    install = provision.ensure()
    os.environ["PATH"] = os.pathsep.join([str(install.bin_dir), os.environ.get("PATH", "")])
    return install


@pytest.fixture()
def backend_dir(tmp_path: Path) -> Path:
    """A fresh ``file://`` backend per test."""
    path = tmp_path / "state"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def _emulator_server() -> Iterator[object]:
    from pulumi_chime_proxy.emulator.testing import running_emulator

    with running_emulator() as emu:
        yield emu


@pytest.fixture()
def emulator(_emulator_server: object) -> Iterator[object]:
    """The emulator on an ephemeral port, reset before each test."""
    _emulator_server.admin.reset()  # type: ignore[attr-defined]
    yield _emulator_server

"""Fixtures for the emulator tests: one server per session, state reset per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pulumi_chime_proxy.emulator import seed
from pulumi_chime_proxy.emulator.testing import RunningEmulator, running_emulator


@pytest.fixture(scope="session")
def _emulator_server() -> Iterator[RunningEmulator]:
    with running_emulator() as running:
        yield running


@pytest.fixture
def emulator(_emulator_server: RunningEmulator) -> Iterator[RunningEmulator]:
    """The shared emulator, reset (state, faults, calls, clock) before each test."""
    _emulator_server.admin.reset()
    yield _emulator_server
    _emulator_server.admin.reset()


@pytest.fixture(scope="session")
def _shared_client(_emulator_server: RunningEmulator) -> Any:
    return _emulator_server.client()


@pytest.fixture
def client(emulator: RunningEmulator, _shared_client: Any) -> Any:
    """A boto3 chime-sdk-voice client on the reset emulator."""
    return _shared_client


@pytest.fixture
def voice_connector_id(client: Any) -> str:
    """A voice connector with a US proxy configuration (60 minute default expiry)."""
    return seed.voice_connector_with_proxy(client, name="test")

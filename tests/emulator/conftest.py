"""Fixtures for the emulator tests, on the shared ``emulator`` fixture (tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_chime_proxy.emulator import seed
from pulumi_chime_proxy.emulator.testing import RunningEmulator


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

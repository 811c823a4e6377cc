"""Fixtures for the hardening suite: a provider aimed at the emulator, and engine
scenarios that end with a destroy, an API check and a secrets scan."""

from __future__ import annotations

import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi_chime_proxy.aws import clients
from pulumi_chime_proxy.aws.settings import ClientSettings
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider

from tests import support
from tests.hardening.scenario import Scenario


def provider_for(endpoint_url: str, max_attempts: int = 8) -> ProxySessionProvider:
    """A ProxySessionProvider as the engine would configure it for the emulator."""
    provider = ProxySessionProvider()
    provider._settings = ClientSettings(region="us-east-1", endpoint_url=endpoint_url,
                                        max_attempts=max_attempts)
    return provider


@pytest.fixture()
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every retry decision, shrink the waits (provider-level tests run in-process)."""
    from botocore.retries import standard
    from pulumi_chime_proxy.aws import retries
    from pulumi_chime_proxy.sessions import provider as provider_module

    real = standard.ExponentialBackoff.delay_amount
    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount",
                        lambda self, context: real(self, context) / 50)
    monkeypatch.setattr(retries, "BACKOFF_BASE", retries.BACKOFF_BASE / 50)
    monkeypatch.setattr(provider_module, "time",
                        types.SimpleNamespace(sleep=lambda s: time.sleep(s / 50)))


@pytest.fixture()
def provider(emulator: Any, fast_backoff: None) -> Iterator[ProxySessionProvider]:
    clients.clear()  # a fresh retry quota per test
    yield provider_for(emulator.endpoint_url)
    emulator.admin.clear_faults()


@pytest.fixture()
def vc(emulator: Any) -> str:
    return support.voice_connector(emulator.client())


@pytest.fixture()
def scenario(request: pytest.FixtureRequest, emulator: Any, pulumi_install: PulumiCli,
             backend_dir: Path) -> Iterator[Scenario]:
    name = "h-" + request.node.name.split("[")[0].removeprefix("test_").replace("_", "-")[:36]
    sc = Scenario(name, emulator, pulumi_install, backend_dir)
    try:
        yield sc
    finally:
        sc.finish()

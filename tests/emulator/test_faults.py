"""Fault plans: which faults fire, and how their effects merge."""

from __future__ import annotations

import random

import pytest
from pulumi_chime_proxy.emulator.errors import BadRequestException
from pulumi_chime_proxy.emulator.faults import FaultInjector


def test_count_limits_and_removes_the_fault() -> None:
    faults = FaultInjector()
    faults.add("GetProxySession", error="ThrottledClientException", count=2)
    assert faults.plan("GetProxySession").error == "ThrottledClientException"
    assert faults.plan("ListProxySessions").error is None
    assert faults.plan("GetProxySession").error == "ThrottledClientException"
    assert not faults.plan("GetProxySession").active
    assert faults.list() == []


def test_effects_merge_and_default_error() -> None:
    faults = FaultInjector()
    faults.add("*", latency_ms=5)
    faults.add("GetProxySession", latency_ms=7, drop=True)
    faults.add("GetProxySession")
    plan = faults.plan("GetProxySession")
    assert plan.latency_ms == 12 and plan.drop and plan.error == "ServiceFailureException"


def test_rate_is_a_probability() -> None:
    faults = FaultInjector(random.Random(7))
    faults.add("*", error="ServiceUnavailableException", rate=0.5)
    fired = sum(bool(faults.plan("GetProxySession").error) for _ in range(400))
    assert 120 < fired < 280


def test_bad_faults() -> None:
    faults = FaultInjector()
    with pytest.raises(BadRequestException):
        faults.add("*", latency_ms=-1)
    with pytest.raises(BadRequestException):
        faults.add("*", count=True)  # type: ignore[arg-type]

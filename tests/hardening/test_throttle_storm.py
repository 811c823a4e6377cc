"""A refresh of 200 sessions while half of all GetProxySession calls are throttled.

Retry arithmetic: a call fails only if every attempt is throttled, p = 0.5**N.
With the default N = 25 a 200-session refresh fails with p ~ 200 * 0.5**25 ~ 6e-6,
and the enlarged retry quota (aws/retries.py) is not drained. The test runs with the
defaults: a user's stack has no special settings. See docs/fault-handling.md.
"""

from __future__ import annotations

import time

import pytest

from tests.hardening.scenario import Scenario

SESSIONS = 200

pytestmark = [pytest.mark.engine, pytest.mark.slow]


def test_refresh_of_200_sessions_under_a_50_percent_throttle_storm(
    scenario: Scenario,
) -> None:
    sc = scenario
    sc.add_many(SESSIONS)
    started = time.monotonic()
    assert sc.stack.up(show_secrets=False).summary.resource_changes.get("create") == SESSIONS + 1
    created = time.monotonic() - started
    before = sc.assert_state_matches_api()

    sc.emulator.admin.reset_calls()
    sc.emulator.admin.inject_fault("GetProxySession", error="ThrottledClientException", rate=0.5)
    started = time.monotonic()
    refresh = sc.stack.refresh(show_secrets=False)
    refreshed = time.monotonic() - started
    gets = sc.emulator.admin.calls()["ByOperation"]["GetProxySession"]
    sc.emulator.admin.clear_faults()
    print(f"storm: up {created:.1f}s, refresh {refreshed:.1f}s, {gets} GetProxySession "
          f"calls for {SESSIONS} sessions ({gets - SESSIONS} retries)")
    assert set(refresh.summary.resource_changes) == {"same"}
    assert sc.assert_state_matches_api() == before
    assert gets > SESSIONS * 1.5  # the storm really happened (expected ~2x)

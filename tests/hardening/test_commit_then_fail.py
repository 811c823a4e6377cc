"""CreateProxySession commits, then its answer is lost (500 or a dropped connection):
the provider must adopt what it made, never duplicate it, never orphan it."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_chime_proxy.aws.errors import ChimeProxyError
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider

from tests.hardening.scenario import Scenario, numbers

CREATES = 100


def session_inputs(vc: str, i: int) -> dict[str, Any]:
    return {"voice_connector_id": vc, "participant_phone_numbers": list(numbers(i)),
            "capabilities": ["Voice", "SMS"], "name": f"Ride {i}"}


def test_commit_then_fail_100_creates_adopt_exactly_what_they_made(
    provider: ProxySessionProvider, emulator: Any, vc: str
) -> None:
    client, admin = emulator.client(), emulator.admin
    made: list[str] = []
    for i in range(CREATES):
        # half answer 500 after committing, half drop the connection after committing
        admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1, drop=bool(i % 2))
        result = provider.create(session_inputs(vc, i))
        made.append(str(result.id))
        live = client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"]
        assert sorted(s["ProxySessionId"] for s in live) == sorted(made), f"create {i}"
        got = client.get_proxy_session(VoiceConnectorId=vc,
                                       ProxySessionId=result.id)["ProxySession"]
        assert [p["PhoneNumber"] for p in got["Participants"]] == list(numbers(i))
        assert result.outs["proxy_session_id"] == result.id
    assert admin.calls()["ByOperation"]["CreateProxySession"] == CREATES  # never re-sent


def test_commit_then_fail_next_to_an_identical_session_fails_instead_of_duplicating(
    provider: ProxySessionProvider, emulator: Any, vc: str
) -> None:
    """A session with the same participants, name and capabilities already exists
    (made by someone else moments ago): reconciliation sees two candidates and cannot
    tell which is ours. Creating again would orphan ours; the provider stops and names
    both (it used to create a third session silently)."""
    client, admin = emulator.client(), emulator.admin
    other = client.create_proxy_session(
        VoiceConnectorId=vc, ParticipantPhoneNumbers=list(numbers(0)),
        Capabilities=["Voice", "SMS"], Name="Ride 0")["ProxySession"]["ProxySessionId"]
    admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1)
    with pytest.raises(ChimeProxyError) as info:
        provider.create(session_inputs(vc, 0))
    live = {s["ProxySessionId"] for s in client.list_proxy_sessions(
        VoiceConnectorId=vc)["ProxySessions"]}
    assert len(live) == 2 and other in live  # no third session
    for sid in live:
        assert sid in str(info.value)  # the user can find and adopt ours
    assert "adopt_proxy_session_id" in str(info.value)
    assert admin.calls()["ByOperation"]["CreateProxySession"] == 2


@pytest.mark.engine
@pytest.mark.parametrize("drop", [False, True], ids=["500", "dropped"])
def test_engine_up_with_commit_then_fail(scenario: Scenario, drop: bool) -> None:
    scenario.add_many(4)
    scenario.emulator.admin.inject_fault("CreateProxySession", commit_then_fail=True,
                                         count=3, drop=drop)
    up = scenario.stack.up()
    assert up.summary.resource_changes.get("create") == 5
    ids = scenario.assert_state_matches_api()
    assert len(ids) == 4
    assert scenario.emulator.admin.calls()["ByOperation"]["CreateProxySession"] == 4
    assert set(scenario.stack.up().summary.resource_changes) == {"same"}


def test_create_does_not_retry_blind_when_it_cannot_look(provider: Any, vc: str, emulator: Any) -> None:
    """Commit then fail, and the reconciling list fails too: stop, never create twice."""
    emulator.admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1)
    emulator.admin.inject_fault("ListProxySessions", error="ForbiddenException", count=1)
    props = {"voice_connector_id": vc, "participant_phone_numbers": ["+12065550100", "+12065550101"],
             "capabilities": ["Voice"]}
    with pytest.raises(ChimeProxyError, match="ListProxySessions"):
        provider.create(props)
    sessions = emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"]
    assert len(sessions) == 1  # the committed one, not a second

"""A failed CreateProxySession: adopt what it made, never duplicate it, never orphan it,
and never take a session that is not its own.

Two kinds of failure, both from the emulator's fault injection: commit-then-fail (the
session exists, the answer is a 500 or a dropped connection) and a plain failure (a 503
before anything is committed). Other sessions that match the request come from a
sibling create in the same provider process, from before the request (out of band, or
an earlier run), and with the service's clock far from the client's.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi_chime_proxy import ProxySession, ProxySessionArgs
from pulumi_chime_proxy.aws.errors import ChimeProxyError
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider
from pulumi_chime_proxy.sessions.reconcile import CreateNotReconciledError

from tests import support
from tests.hardening import secrets_scan
from tests.hardening.scenario import SESSION_TYPE, Scenario, numbers

CREATES = 100
#: The service's clock an hour ahead of this machine's (it only moves forward).
SKEW_SECONDS = 3600


def session_inputs(vc: str, i: int, **extra: Any) -> dict[str, Any]:
    return {"voice_connector_id": vc, "participant_phone_numbers": list(numbers(i)),
            "capabilities": ["Voice", "SMS"], "name": f"Ride {i}", **extra}


def live_ids(emulator: Any, vc: str) -> set[str]:
    return {s["ProxySessionId"] for s in emulator.client().list_proxy_sessions(
        VoiceConnectorId=vc)["ProxySessions"]}


def creates(emulator: Any) -> int:
    return int(emulator.admin.calls()["ByOperation"].get("CreateProxySession", 0))


def make_out_of_band(emulator: Any, vc: str, i: int) -> str:
    """The same session a create for index ``i`` asks for, made by someone else."""
    return str(emulator.client().create_proxy_session(
        VoiceConnectorId=vc, ParticipantPhoneNumbers=list(numbers(i)), Capabilities=["Voice", "SMS"],
        Name=f"Ride {i}", ExpiryMinutes=24 * 60)["ProxySession"]["ProxySessionId"])


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
        assert live_ids(emulator, vc) == set(made), f"create {i}"
        got = client.get_proxy_session(VoiceConnectorId=vc,
                                       ProxySessionId=result.id)["ProxySession"]
        assert [p["PhoneNumber"] for p in got["Participants"]] == list(numbers(i))
        assert result.outs["proxy_session_id"] == result.id
    assert creates(emulator) == CREATES  # never re-sent


@pytest.mark.parametrize("drop", [False, True], ids=["500", "dropped"])
def test_commit_then_fail_adopts_its_own_next_to_an_older_twin_with_the_service_clock_ahead(
    provider: ProxySessionProvider, emulator: Any, vc: str, drop: bool
) -> None:
    """An identical session made an hour earlier by the service's clock, and the service
    an hour ahead of this machine: the window comes from the service's Date header, so
    the twin is not a candidate and the session the request made is found."""
    twin = make_out_of_band(emulator, vc, 0)
    emulator.admin.advance_clock(SKEW_SECONDS)
    emulator.admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1, drop=drop)
    result = provider.create(session_inputs(vc, 0))
    assert result.id != twin
    assert live_ids(emulator, vc) == {twin, result.id}
    assert creates(emulator) == 2


def test_commit_then_fail_next_to_an_identical_session_of_the_same_second_fails_with_its_own_error(
    provider: ProxySessionProvider, emulator: Any, vc: str
) -> None:
    """A session with the same participants, name and capabilities made by someone else
    within the same second: nothing tells which is ours. Creating again would orphan ours;
    the provider stops, says the create's own error first, and names both."""
    other = make_out_of_band(emulator, vc, 0)
    emulator.admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1)
    with pytest.raises(CreateNotReconciledError) as info:
        provider.create(session_inputs(vc, 0))
    live = live_ids(emulator, vc)
    assert len(live) == 2 and other in live  # no third session
    message = str(info.value)
    assert message.startswith("CreateProxySession failed for a new session on voice connector")
    assert message.index("ServiceFailureException") < message.index("Not retried")
    for sid in live:
        assert sid in message  # the user can find and adopt ours
    assert "adopt_proxy_session_id" in message
    assert creates(emulator) == 2


def test_plain_failure_never_adopts_a_session_made_before_the_request(
    provider: ProxySessionProvider, emulator: Any, vc: str
) -> None:
    """A 503 that committed nothing, next to an identical session made out of band an
    hour earlier by the service's clock (this machine's clock knows nothing of it): the
    provider creates a session of its own instead of taking the other one."""
    older = make_out_of_band(emulator, vc, 0)
    emulator.admin.advance_clock(SKEW_SECONDS)
    emulator.admin.inject_fault("CreateProxySession", error="ServiceUnavailableException", count=1)
    result = provider.create(session_inputs(vc, 0))
    assert result.id != older
    assert live_ids(emulator, vc) == {older, result.id}
    assert creates(emulator) == 3  # out of band, the 503, the retry


def test_plain_failure_never_adopts_a_sibling_created_in_this_process(
    provider: ProxySessionProvider, emulator: Any, vc: str
) -> None:
    """Two resources with the same participants and capabilities: the second create gets
    a 503 (nothing committed) moments after the first succeeded, within the same second.
    The first one's session belongs to it; the second makes its own."""
    first = provider.create(session_inputs(vc, 0, name=None))
    emulator.admin.inject_fault("CreateProxySession", error="ServiceUnavailableException", count=1)
    second = provider.create(session_inputs(vc, 0, name=None))
    assert second.id != first.id
    assert live_ids(emulator, vc) == {first.id, second.id}
    assert creates(emulator) == 3


def create_in_threads(provider: ProxySessionProvider, inputs: list[dict[str, Any]]) -> list[Any]:
    """Run the creates at once; each result is a CreateResult or the exception raised."""
    results: list[Any] = [None] * len(inputs)

    def run(index: int) -> None:
        try:
            results[index] = provider.create(inputs[index])
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(inputs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.parametrize("first_fault", ["ServiceUnavailableException", "commit_then_fail"])
def test_a_failure_while_a_sibling_create_is_in_flight_waits_for_it(
    provider: ProxySessionProvider, emulator: Any, vc: str, first_fault: str
) -> None:
    """Two identical creates at once, both held for a moment by the service; the first to
    arrive fails (plain, or after committing), the other commits. The failed one looks
    for its session only once the sibling has its answer, so it never takes the
    sibling's session: each resource ends with a session of its own."""
    admin = emulator.admin
    admin.inject_fault("CreateProxySession", latency_ms=500, count=2)
    if first_fault == "commit_then_fail":
        admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1)
    else:
        admin.inject_fault("CreateProxySession", error=first_fault, count=1)
    results = create_in_threads(provider, [session_inputs(vc, 0)] * 2)
    assert all(not isinstance(r, Exception) for r in results), results
    ids = {str(r.id) for r in results}
    assert len(ids) == 2 and live_ids(emulator, vc) == ids
    assert creates(emulator) == (3 if first_fault != "commit_then_fail" else 2)


def test_two_failed_identical_creates_cannot_tell_whose_session_it_is(
    provider: ProxySessionProvider, emulator: Any, vc: str
) -> None:
    """Both identical creates fail at once, one after committing: the one session could
    be either's. Neither takes it; both fail as ambiguous, the create's error first."""
    admin = emulator.admin
    admin.inject_fault("CreateProxySession", latency_ms=500, count=2)
    admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1)
    admin.inject_fault("CreateProxySession", error="ServiceUnavailableException", count=2)
    results = create_in_threads(provider, [session_inputs(vc, 0)] * 2)
    assert all(isinstance(r, CreateNotReconciledError) for r in results), results
    for error in results:
        assert str(error).startswith("CreateProxySession failed")
        assert "same participants" in str(error)
    assert len(live_ids(emulator, vc)) == 1
    assert creates(emulator) == 2


def test_create_does_not_retry_blind_when_it_cannot_look(provider: Any, vc: str, emulator: Any) -> None:
    """Commit then fail, and the reconciling list fails too: stop, never create twice,
    and say the create's own error first."""
    emulator.admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1)
    emulator.admin.inject_fault("ListProxySessions", error="ForbiddenException", count=1)
    props = {"voice_connector_id": vc, "participant_phone_numbers": ["+12065550100", "+12065550101"],
             "capabilities": ["Voice"]}
    with pytest.raises(CreateNotReconciledError) as info:
        provider.create(props)
    message = str(info.value)
    assert message.startswith("CreateProxySession failed")
    assert message.index("ServiceFailureException") < message.index("ListProxySessions")
    assert "ForbiddenException" in message
    assert isinstance(info.value.create_error, ChimeProxyError)
    sessions = emulator.client().list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"]
    assert len(sessions) == 1  # the committed one, not a second


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


@pytest.mark.engine
def test_engine_a_503_on_the_second_of_two_identical_sessions_never_shares_the_first(
    emulator: Any, pulumi_install: PulumiCli, backend_dir: Path
) -> None:
    """Two ProxySessions with the same participants and capabilities in one stack; the
    second create gets a 503 (nothing committed). The fault is armed once the first
    session exists, and the second's inputs wait for that, so the 503 hits the second.
    Each resource must hold its own session, and destroying them deletes both."""
    client, admin = emulator.client(), emulator.admin
    vc = support.voice_connector(client)
    pair = list(numbers(0))

    def arm_fault(_first_id: str) -> list[str]:
        admin.inject_fault("CreateProxySession", error="ServiceUnavailableException", count=1)
        return ["Voice", "SMS"]

    def program() -> None:
        first = ProxySession("first", ProxySessionArgs(
            voice_connector_id=vc, participant_phone_numbers=pair, capabilities=["Voice", "SMS"]))
        ProxySession("second", ProxySessionArgs(
            voice_connector_id=vc, participant_phone_numbers=pair,
            capabilities=first.proxy_session_id.apply(arm_fault)))
        pulumi.export("first", first.proxy_session_id)

    stack = support.stack("h-503-second-twin", program, pulumi_install, backend_dir,
                          emulator.endpoint_url)
    try:
        up = stack.up()
        assert up.summary.resource_changes.get("create") == 3  # the stack and two sessions
        state = stack.export_stack().deployment["resources"]
        held = {r["urn"].rsplit("::", 1)[1]: r["id"] for r in state if r["type"] == SESSION_TYPE}
        assert set(held) == {"first", "second"}
        assert held["first"] != held["second"], "two resources share one session"
        assert live_ids(emulator, vc) == set(held.values())
        assert creates(emulator) == 3  # first, the 503, second's retry
        assert set(stack.up().summary.resource_changes) == {"same"}
        secrets_scan.assert_no_plaintext(stack, pair)
    finally:
        admin.clear_faults()
        stack.destroy()
        assert live_ids(emulator, vc) == set(), "destroy left sessions behind"

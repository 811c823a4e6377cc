"""A failed CreateProxySession: adopt what it made, never duplicate it, and never take a
session that is not its own, not even one another stack (another process) made at the
same moment.

Two kinds of failure, both from the emulator's fault injection: commit-then-fail (the
session exists, the answer is a 500 or a dropped connection) and a plain failure (a 503
before anything is committed). An unnamed session carries the provider's mark as its
name, so it is found for sure; a named one carries nothing of its own, so a match is
never adopted (reconcile.py). Other matching sessions come from a sibling create in the
same provider process, from another process during the request, from before the
request, and with the service's clock far from the client's.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi_chime_proxy import ProxySession, ProxySessionArgs
from pulumi_chime_proxy.aws.errors import ChimeProxyError
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli
from pulumi_chime_proxy.sessions import reconcile
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider
from pulumi_chime_proxy.sessions.reconcile import CreateNotReconciledError

from tests import support
from tests.hardening import secrets_scan
from tests.hardening.scenario import SESSION_TYPE, Scenario, numbers

CREATES = 100
#: The service's clock an hour ahead of this machine's (it only moves forward).
SKEW_SECONDS = 3600
#: How long the service holds a create that another stack races (ample for that stack's create).
HOLD_MS = 5000


def session_inputs(vc: str, i: int, **extra: Any) -> dict[str, Any]:
    """An unnamed session (the provider marks it), or named with ``name=...``."""
    return {"voice_connector_id": vc, "participant_phone_numbers": list(numbers(i)),
            "capabilities": ["Voice", "SMS"], **extra}


def live_ids(emulator: Any, vc: str) -> set[str]:
    return {s["ProxySessionId"] for s in emulator.client().list_proxy_sessions(
        VoiceConnectorId=vc)["ProxySessions"]}


def creates(emulator: Any) -> int:
    return int(emulator.admin.calls()["ByOperation"].get("CreateProxySession", 0))


def make_out_of_band(emulator: Any, vc: str, i: int, name: str | None = None) -> str:
    """The same session a create for index ``i`` asks for, made by someone else."""
    named = {"Name": name} if name is not None else {}
    return str(emulator.client().create_proxy_session(
        VoiceConnectorId=vc, ParticipantPhoneNumbers=list(numbers(i)), Capabilities=["Voice", "SMS"],
        ExpiryMinutes=24 * 60, **named)["ProxySession"]["ProxySessionId"])


@pytest.mark.slow
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
        assert got["Name"].startswith(reconcile.MARK_PREFIX)
    assert creates(emulator) == CREATES  # never re-sent
    names = {client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=sid)["ProxySession"]["Name"]
             for sid in made}
    assert len(names) == CREATES  # one mark per create


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


@pytest.mark.parametrize("drop", [False, True], ids=["500", "dropped"])
def test_a_named_session_is_never_adopted_the_create_fails_naming_it(
    provider: ProxySessionProvider, emulator: Any, vc: str, drop: bool
) -> None:
    """Commit then fail for a named session: the session that matches may be this stack's
    or another's, and a name is no proof. The provider stops, says the create's own
    error first, names the session and how to adopt it, and creates nothing more."""
    emulator.admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1, drop=drop)
    with pytest.raises(CreateNotReconciledError) as info:
        provider.create(session_inputs(vc, 0, name="Ride 0"))
    (made,) = live_ids(emulator, vc)
    message = str(info.value)
    assert message.startswith("CreateProxySession failed for a new session on voice connector")
    assert message.index("Not retried") > message.index("CreateProxySession failed")
    assert made in message and "adopt_proxy_session_id" in message
    assert creates(emulator) == 1


@pytest.mark.slow
def test_another_stacks_identical_session_made_during_the_request_is_never_taken(
    provider: ProxySessionProvider, emulator: Any, vc: str
) -> None:
    """Stack A's create is held by the service and then refused (503, nothing committed);
    meanwhile another process (stack B) creates the identical session. A named A stops
    without taking B's session; an unnamed A creates its own (B's has no mark of A's)."""
    admin = emulator.admin
    for name, index in (("Ride 1", 1), (None, 2)):
        # one request takes both faults: it is held, then refused
        admin.inject_fault("CreateProxySession", latency_ms=HOLD_MS, count=1)
        admin.inject_fault("CreateProxySession", error="ServiceUnavailableException", count=1)
        other: list[str] = []

        def another_stack(i: int = index, n: str | None = name, made: list[str] = other) -> None:
            # B starts only once A's request holds the faults, so B's own is not refused
            deadline = time.monotonic() + HOLD_MS / 1000
            while admin.faults() and time.monotonic() < deadline:
                time.sleep(0.02)
            made.append(make_out_of_band(emulator, vc, i, n))

        thread = threading.Thread(target=another_stack)
        thread.start()
        inputs = session_inputs(vc, index, **({"name": name} if name else {}))
        try:
            if name is not None:
                with pytest.raises(CreateNotReconciledError) as info:
                    provider.create(inputs)
                thread.join()
                assert other[0] in str(info.value)
                assert live_ids(emulator, vc) >= {other[0]}
            else:
                result = provider.create(inputs)
                thread.join()
                assert result.id != other[0]
                assert {result.id, other[0]} <= live_ids(emulator, vc)
        finally:
            thread.join()
            admin.clear_faults()


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
    first = provider.create(session_inputs(vc, 0))
    emulator.admin.inject_fault("CreateProxySession", error="ServiceUnavailableException", count=1)
    second = provider.create(session_inputs(vc, 0))
    assert second.id != first.id
    assert live_ids(emulator, vc) == {first.id, second.id}
    assert creates(emulator) == 3


def create_in_threads(provider: ProxySessionProvider, inputs: list[dict[str, Any]]) -> list[Any]:
    """Run the creates at once (released together, so a loaded machine does not start one
    long after the other); each result is a CreateResult or the exception raised."""
    results: list[Any] = [None] * len(inputs)
    together = threading.Barrier(len(inputs))

    def run(index: int) -> None:
        together.wait(timeout=60)
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
    admin.inject_fault("CreateProxySession", latency_ms=1500, count=2)  # both in flight at once
    if first_fault == "commit_then_fail":
        admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1)
    else:
        admin.inject_fault("CreateProxySession", error=first_fault, count=1)
    results = create_in_threads(provider, [session_inputs(vc, 0)] * 2)
    assert all(not isinstance(r, Exception) for r in results), results
    ids = {str(r.id) for r in results}
    assert len(ids) == 2 and live_ids(emulator, vc) == ids
    assert creates(emulator) == (3 if first_fault != "commit_then_fail" else 2)


def test_two_failed_identical_named_creates_take_neither_session(
    provider: ProxySessionProvider, emulator: Any, vc: str
) -> None:
    """Both identical named creates fail at once, one after committing: the one session
    could be either's. Neither takes it; both fail, the create's error first."""
    admin = emulator.admin
    admin.inject_fault("CreateProxySession", latency_ms=1500, count=2)  # both in flight at once
    admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1)
    admin.inject_fault("CreateProxySession", error="ServiceUnavailableException", count=2)
    results = create_in_threads(provider, [session_inputs(vc, 0, name="Ride 0")] * 2)
    assert all(isinstance(r, CreateNotReconciledError) for r in results), results
    (made,) = live_ids(emulator, vc)
    for error in results:
        assert str(error).startswith("CreateProxySession failed")
        assert made in str(error)
    assert creates(emulator) == 2


def test_two_failed_identical_unnamed_creates_each_find_their_own(
    provider: ProxySessionProvider, emulator: Any, vc: str
) -> None:
    """The same, unnamed: each create carries its own mark, so the one that committed
    adopts its session and the other creates its own."""
    admin = emulator.admin
    admin.inject_fault("CreateProxySession", latency_ms=1500, count=2)  # both in flight at once
    admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1)
    admin.inject_fault("CreateProxySession", error="ServiceUnavailableException", count=2)
    results = create_in_threads(provider, [session_inputs(vc, 0)] * 2)
    assert all(not isinstance(r, Exception) for r in results), results
    ids = {str(r.id) for r in results}
    assert len(ids) == 2 and live_ids(emulator, vc) == ids
    assert creates(emulator) == 3


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
    for i in range(4):
        scenario.add(f"s{i}", numbers(i), name=None)  # unnamed: the provider marks them
    scenario.emulator.admin.inject_fault("CreateProxySession", commit_then_fail=True,
                                         count=3, drop=drop)
    up = scenario.stack.up(show_secrets=False)
    assert up.summary.resource_changes.get("create") == 5
    ids = scenario.assert_state_matches_api()
    assert len(ids) == 4
    assert scenario.emulator.admin.calls()["ByOperation"]["CreateProxySession"] == 4
    assert set(scenario.stack.up(show_secrets=False).summary.resource_changes) == {"same"}


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
        up = stack.up(show_secrets=False)
        assert up.summary.resource_changes.get("create") == 3  # the stack and two sessions
        state = stack.export_stack().deployment["resources"]
        held = {r["urn"].rsplit("::", 1)[1]: r["id"] for r in state if r["type"] == SESSION_TYPE}
        assert set(held) == {"first", "second"}
        assert held["first"] != held["second"], "two resources share one session"
        assert live_ids(emulator, vc) == set(held.values())
        assert creates(emulator) == 3  # first, the 503, second's retry
        assert set(stack.up(show_secrets=False).summary.resource_changes) == {"same"}
        secrets_scan.assert_no_plaintext(stack, pair)
    finally:
        admin.clear_faults()
        stack.destroy(show_secrets=False)
        assert live_ids(emulator, vc) == set(), "destroy left sessions behind"


@pytest.mark.engine
@pytest.mark.parametrize("named", [False, True], ids=["unnamed", "named"])
def test_engine_two_stacks_in_two_processes_never_share_a_session(
    emulator: Any, pulumi_install: PulumiCli, tmp_path: Path, named: bool
) -> None:
    """Stacks A and B (each its own provider process) create the identical session on one
    connector at about the same moment; the service holds both requests and refuses the
    first with a 503 (nothing committed). Unnamed, the refused one creates its own. Named,
    it creates its own if the other's session does not exist yet when it looks, and
    otherwise stops with one error naming it (which of the two happens depends on when
    each engine sends its request; the provider-level test above pins the second).
    Either way no session is held by two stacks, and destroying one stack leaves the
    other's alone."""
    client, admin = emulator.client(), emulator.admin
    vc = support.voice_connector(client)
    pair = list(numbers(3))

    def program() -> None:
        ProxySession("ride", ProxySessionArgs(voice_connector_id=vc, participant_phone_numbers=pair,
                                              capabilities=["Voice"], name="Shared ride" if named else None))

    stacks = [support.stack(f"h-two-{side}", program, pulumi_install, tmp_path / side, emulator.endpoint_url)
              for side in ("a", "b")]
    admin.inject_fault("CreateProxySession", latency_ms=1500, count=2)
    admin.inject_fault("CreateProxySession", error="ServiceUnavailableException", count=1)
    outcomes: list[Any] = [None, None]

    def up(index: int) -> None:
        try:
            outcomes[index] = stacks[index].up(show_secrets=False)
        except Exception as exc:
            outcomes[index] = exc

    threads = [threading.Thread(target=up, args=(i,)) for i in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        held = [[r["id"] for r in st.export_stack().deployment["resources"] if r["type"] == SESSION_TYPE]
                for st in stacks]
        owned = [sid for ids in held for sid in ids]
        assert len(owned) == len(set(owned)), f"two stacks hold one session: {held}"
        failed = [o for o in outcomes if isinstance(o, Exception)]
        if named and failed:
            assert len(failed) == 1 and "Not retried" in str(failed[0]), outcomes
            assert len(owned) == 1 and owned[0] in str(failed[0])  # names the other's session
        else:
            assert not failed, outcomes
            assert len(owned) == 2
        assert live_ids(emulator, vc) == set(owned)
        loser = 0 if not held[0] else 1
        admin.clear_faults()
        stacks[loser].destroy(show_secrets=False)
        assert live_ids(emulator, vc) == set(held[1 - loser]), "destroy took the other stack's session"
    finally:
        admin.clear_faults()
        for st in stacks:
            st.destroy(show_secrets=False)
        assert live_ids(emulator, vc) == set()

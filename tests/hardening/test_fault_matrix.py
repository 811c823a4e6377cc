"""Every modeled error on every operation of ProxySessionProvider (provider level),
and a representative subset through the real engine.

For each case the "state" the engine would hold afterwards is modeled and compared
with what GetProxySession / ListProxySessions report: nothing lost, nothing orphaned.
NotFound is produced for real (the session or connector is absent), because that
is what the error means; the other six are injected by the emulator.
"""

from __future__ import annotations

from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy.aws.errors import ChimeProxyError
from pulumi_chime_proxy.sessions import props as session_props
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider

from tests.hardening.scenario import Scenario

TRANSIENT = ["ThrottledClientException", "ServiceFailureException", "ServiceUnavailableException"]
FATAL = ["BadRequestException", "UnauthorizedClientException", "ForbiddenException"]
ERRORS = [*FATAL, "NotFoundException", *TRANSIENT]
OPERATIONS = ["create", "read", "update", "delete", "adopt"]
#: The AWS operation each provider call makes (the one the fault is injected on).
API_OP = {"create": "CreateProxySession", "read": "GetProxySession",
          "update": "UpdateProxySession", "delete": "DeleteProxySession",
          "adopt": "GetProxySession"}
PAIR = ["+12065550100", "+12065550101"]


def inputs(vc: str, **extra: Any) -> dict[str, Any]:
    return {"voice_connector_id": vc, "participant_phone_numbers": list(PAIR),
            "capabilities": ["Voice"], "name": "Ride", "expiry_minutes": 30, **extra}


def live_ids(client: Any, vc: str) -> set[str]:
    return {s["ProxySessionId"] for s in client.list_proxy_sessions(
        VoiceConnectorId=vc)["ProxySessions"]}


def existing(provider: ProxySessionProvider, vc: str) -> tuple[str, dict[str, Any]]:
    """A session made through the provider with no faults: (id, recorded outputs)."""
    made = provider.create(inputs(vc))
    return str(made.id), dict(made.outs)


@pytest.mark.parametrize("error", ERRORS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_fault_on_operation(operation: str, error: str, provider: ProxySessionProvider,
                            emulator: Any, vc: str) -> None:
    client = emulator.client()
    admin = emulator.admin
    state: set[str] = set()  # the session ids the engine's state would hold afterwards
    foreign: set[str] = set()  # live sessions the stack does not own (adopt candidates)
    sid = ""
    if operation in ("read", "update", "delete", "adopt"):
        sid, outs = existing(provider, vc)
        state = {sid} if operation != "adopt" else set()
        foreign = {sid} if operation == "adopt" else set()
    not_found = error == "NotFoundException"
    if not_found and operation in ("read", "update", "delete"):
        client.delete_proxy_session(VoiceConnectorId=vc, ProxySessionId=sid)  # out of band
    elif not not_found:
        admin.inject_fault(API_OP[operation], error=error, count=2)
    admin.reset_calls()

    def call() -> Any:
        if operation == "create":
            return provider.create(inputs(vc if not not_found else "nosuchconnector0000000"))
        if operation == "read":
            return provider.read(sid, outs)
        if operation == "update":
            return provider.update(sid, outs, inputs(vc, expiry_minutes=45))
        if operation == "delete":
            return provider.delete(sid, outs)
        adopt_id = "nosuchsession" if not_found else sid
        return provider.create(inputs(vc, **{session_props.ADOPT: adopt_id}))

    if error in TRANSIENT:
        result = call()  # retried within the budget, then succeeds
        assert admin.calls()["ByOperation"][API_OP[operation]] == 3
        if operation in ("create", "adopt"):
            state = {str(result.id)}
            if operation == "adopt":
                assert result.id == sid
        elif operation == "read":
            assert result.id == sid and result.outs["status"] == "Open"
        elif operation == "update":
            assert result.outs["expiry_minutes"] == 45
        elif operation == "delete":
            state = set()
    elif not_found and operation == "read":
        assert call().id == ""  # dropped from state
        state = set()
    elif not_found and operation == "delete":
        assert call() is None  # already gone: success
        state = set()
    else:
        # fails clearly: names the operation, the session (or connector) and the cause
        with pytest.raises((ChimeProxyError, ValueError)) as info:
            call()
        text = str(info.value)
        subject = sid or vc
        if operation == "adopt" and not_found:
            assert isinstance(info.value, ValueError)
            assert "nosuchsession" in text and "does not exist" in text
        else:
            assert isinstance(info.value, ChimeProxyError)
            assert f"{API_OP[operation]} failed" in text and error in text
            assert (subject if not (operation == "create" and not_found)
                    else "nosuchconnector0000000") in text
        assert admin.calls()["ByOperation"].get(API_OP[operation], 0) == 1  # not retried
    if operation == "update" and not_found:
        # The state still records the session the failed update could not find; the
        # documented recovery is a refresh, whose read drops it. Then state == reality.
        assert "does not exist" in text
        assert provider.read(sid, outs).id == ""
        state = set()
    # the state matches reality: nothing lost, nothing orphaned
    assert live_ids(client, vc) == state | foreign
    if operation == "update" and error not in TRANSIENT and not not_found:
        live = client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=sid)["ProxySession"]
        assert live["ExpiryMinutes"] == 30  # the failed update changed nothing


@pytest.mark.parametrize("gone", [False, True], ids=["live", "deleted-out-of-band"])
def test_an_update_of_what_only_the_stack_records_makes_no_write(
        gone: bool, provider: ProxySessionProvider, emulator: Any, vc: str) -> None:
    """``keep_closed`` is the stack's own: changing it reads the session (to record it as it
    is) and writes nothing; a session gone meanwhile is named, with the way out."""
    sid, outs = existing(provider, vc)
    if gone:
        emulator.client().delete_proxy_session(VoiceConnectorId=vc, ProxySessionId=sid)
    emulator.admin.reset_calls()
    news = inputs(vc, **{session_props.KEEP_CLOSED: True})
    if gone:
        with pytest.raises(LookupError, match=f"{sid}.* no longer exists; `pulumi refresh`"):
            provider.update(sid, outs, news)
    else:
        updated = provider.update(sid, outs, news)
        assert updated.outs[session_props.KEEP_CLOSED] is True
        assert updated.outs["status"] == "Open" and updated.outs["expiry_minutes"] == 30
    calls = emulator.admin.calls()["ByOperation"]
    assert calls.get("UpdateProxySession", 0) == 0 and calls["GetProxySession"] == 1


# -- through the engine: one transient and one fatal error per operation -------------------


@pytest.mark.engine
def test_engine_transient_errors_are_retried_on_every_operation(scenario: Scenario) -> None:
    sc, admin = scenario, scenario.emulator.admin
    sc.add("a", ("+12065550100", "+12065550101"), expiry_minutes=30)
    admin.inject_fault("CreateProxySession", error="ServiceUnavailableException", count=2)
    assert sc.stack.up(show_secrets=False).summary.resource_changes.get("create") == 2
    ids = sc.assert_state_matches_api()

    admin.inject_fault("GetProxySession", error="ThrottledClientException", count=2)
    assert set(sc.stack.refresh(show_secrets=False).summary.resource_changes) == {"same"}
    assert sc.assert_state_matches_api() == ids

    sc.specs["a"]["expiry_minutes"] = 45
    admin.inject_fault("UpdateProxySession", error="ServiceFailureException", count=2)
    assert sc.stack.up(show_secrets=False).summary.resource_changes.get("update") == 1
    assert sc.live(ids["a"])["ExpiryMinutes"] == 45

    other = sc.client.create_proxy_session(
        VoiceConnectorId=sc.vc, ParticipantPhoneNumbers=["+12065550102", "+12065550103"],
        Capabilities=["Voice", "SMS"], Name="Ride b")["ProxySession"]["ProxySessionId"]
    sc.add("b", ("+12065550102", "+12065550103"), adopt_proxy_session_id=other)
    admin.inject_fault("GetProxySession", error="ServiceUnavailableException", count=2)
    assert sc.stack.up(show_secrets=False).summary.resource_changes.get("create") == 1
    assert sc.assert_state_matches_api()["b"] == other
    sc.scan()

    admin.inject_fault("DeleteProxySession", error="ThrottledClientException", count=2)
    del sc.specs["b"]
    assert sc.stack.up(show_secrets=False).summary.resource_changes.get("delete") == 1
    assert sc.assert_state_matches_api() == {"a": ids["a"]}


@pytest.mark.engine
@pytest.mark.floor  # the dynamic host's report of a provider error, at the oldest releases too
def test_engine_fatal_errors_fail_clearly_and_keep_state_true(scenario: Scenario) -> None:
    sc, admin = scenario, scenario.emulator.admin
    sc.add("a", ("+12065550100", "+12065550101"), expiry_minutes=30)

    admin.inject_fault("CreateProxySession", error="ForbiddenException", count=1)
    with pytest.raises(auto.errors.CommandError) as info:
        sc.stack.up(show_secrets=False)
    assert "CreateProxySession failed" in str(info.value) and sc.vc in str(info.value)
    assert sc.assert_state_matches_api() == {}

    ids = {"a": _up(sc)["a"]}
    admin.inject_fault("GetProxySession", error="UnauthorizedClientException", count=1)
    with pytest.raises(auto.errors.CommandError) as info:
        sc.stack.refresh(show_secrets=False)
    assert "GetProxySession failed" in str(info.value) and ids["a"] in str(info.value)
    assert sc.assert_state_matches_api() == ids

    sc.specs["a"]["expiry_minutes"] = 45
    admin.inject_fault("UpdateProxySession", error="BadRequestException", count=1)
    with pytest.raises(auto.errors.CommandError) as info:
        sc.stack.up(show_secrets=False)
    assert "UpdateProxySession failed" in str(info.value) and ids["a"] in str(info.value)
    assert sc.assert_state_matches_api() == ids
    assert sc.live(ids["a"])["ExpiryMinutes"] == 30

    sc.add("b", ("+12065550102", "+12065550103"), adopt_proxy_session_id="nosuchsession")
    with pytest.raises(auto.errors.CommandError, match="nosuchsession"):
        sc.stack.up(show_secrets=False)  # adopt of a missing id: fails naming it, creates nothing
    assert sc.assert_state_matches_api() == ids
    del sc.specs["b"]
    sc.scan()

    admin.inject_fault("DeleteProxySession", error="ForbiddenException", count=1)
    with pytest.raises(auto.errors.CommandError) as info:
        sc.stack.destroy(show_secrets=False)
    assert "DeleteProxySession failed" in str(info.value) and ids["a"] in str(info.value)
    assert sc.assert_state_matches_api() == ids  # still there, still in state


def _up(sc: Scenario) -> dict[str, str]:
    sc.stack.up(show_secrets=False)
    return sc.assert_state_matches_api()

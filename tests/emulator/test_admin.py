"""The admin surface: one test per capability, through AdminClient over HTTP."""

from __future__ import annotations

import datetime as dt
from typing import Any

import botocore.exceptions
import pytest
from pulumi_chime_proxy.emulator.admin_client import AdminError

from .test_api import create_session


def counts(calls: dict[str, Any]) -> dict[str, Any]:
    """The request counts of ``/_emulator/calls`` (its concurrency figures: test_calls.py)."""
    return {key: calls[key] for key in ("Total", "ByOperation")}


def test_state_lists_everything_as_the_api_shows_it(
    client: Any, emulator: Any, voice_connector_id: str
) -> None:
    session = create_session(client, voice_connector_id, Name="in state")
    state = emulator.admin.state()
    assert set(state) == {"Clock", "VoiceConnectors", "ProxyConfigs", "ProxySessions"}
    assert state["Clock"].endswith("Z")
    assert [v["VoiceConnectorId"] for v in state["VoiceConnectors"]] == [voice_connector_id]
    assert state["ProxyConfigs"][voice_connector_id]["PhoneNumberCountries"] == ["US"]
    [listed] = state["ProxySessions"]
    assert listed["ProxySessionId"] == session["ProxySessionId"]
    assert listed["Name"] == "in state"
    assert listed["CreatedTimestamp"].endswith("Z")


def test_reset_clears_state_faults_calls_and_clock(
    client: Any, emulator: Any, voice_connector_id: str
) -> None:
    create_session(client, voice_connector_id)
    emulator.admin.inject_fault("ListVoiceConnectors", error="ThrottledClientException")
    emulator.admin.advance_clock(3600)
    emulator.admin.reset()
    state = emulator.admin.state()
    assert state["VoiceConnectors"] == [] and state["ProxySessions"] == []
    assert state["ProxyConfigs"] == {}
    assert counts(emulator.admin.calls()) == {"Total": 0, "ByOperation": {}}
    assert client.list_voice_connectors()["VoiceConnectors"] == []  # fault gone
    clock = dt.datetime.fromisoformat(state["Clock"].replace("Z", "+00:00"))
    assert clock < dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=30)


def test_advance_clock(emulator: Any) -> None:
    before = dt.datetime.fromisoformat(emulator.admin.state()["Clock"].replace("Z", "+00:00"))
    after = dt.datetime.fromisoformat(emulator.admin.advance_clock(86400).replace("Z", "+00:00"))
    assert after - before >= dt.timedelta(days=1)
    with pytest.raises(AdminError) as exc:
        emulator.admin.advance_clock(-1)
    assert exc.value.status == 400


def test_set_status_in_progress_then_closed(client: Any, emulator: Any, voice_connector_id: str) -> None:
    session = create_session(client, voice_connector_id)
    ids = {"VoiceConnectorId": voice_connector_id, "ProxySessionId": session["ProxySessionId"]}
    emulator.admin.advance_clock(1)
    emulator.admin.set_status(voice_connector_id, session["ProxySessionId"], "InProgress")
    live = client.get_proxy_session(**ids)["ProxySession"]
    assert live["Status"] == "InProgress"
    assert live["UpdatedTimestamp"] > session["UpdatedTimestamp"]
    assert "EndedTimestamp" not in live
    emulator.admin.advance_clock(1)
    emulator.admin.set_status(voice_connector_id, session["ProxySessionId"], "Closed")
    closed = client.get_proxy_session(**ids)["ProxySession"]
    assert closed["Status"] == "Closed"
    assert closed["EndedTimestamp"] == closed["UpdatedTimestamp"] > live["UpdatedTimestamp"]
    with pytest.raises(AdminError) as exc:
        emulator.admin.set_status(voice_connector_id, session["ProxySessionId"], "InProgress")
    assert exc.value.code == "BadRequestException"
    with pytest.raises(AdminError) as exc:
        emulator.admin.set_status(voice_connector_id, "missing", "Closed")
    assert (exc.value.status, exc.value.code) == (404, "NotFoundException")


def test_set_participant_drifts_out_of_band(client: Any, emulator: Any, voice_connector_id: str) -> None:
    session = create_session(client, voice_connector_id)
    emulator.admin.advance_clock(1)
    emulator.admin.set_participant(
        voice_connector_id, session["ProxySessionId"], 1, proxy_phone_number="+19995550000"
    )
    emulator.admin.set_participant(
        voice_connector_id, session["ProxySessionId"], 0, phone_number="+17775550000"
    )
    got = client.get_proxy_session(
        VoiceConnectorId=voice_connector_id, ProxySessionId=session["ProxySessionId"]
    )["ProxySession"]
    assert got["Participants"][0]["PhoneNumber"] == "+17775550000"
    assert got["Participants"][0]["ProxyPhoneNumber"] == session["Participants"][0]["ProxyPhoneNumber"]
    assert got["Participants"][1]["ProxyPhoneNumber"] == "+19995550000"
    assert got["UpdatedTimestamp"] > session["UpdatedTimestamp"]
    with pytest.raises(AdminError) as exc:
        emulator.admin.set_participant(voice_connector_id, session["ProxySessionId"], 2)
    assert exc.value.status == 404


def test_fault_error_for_next_count_calls(client: Any, emulator: Any, voice_connector_id: str) -> None:
    fault_id = emulator.admin.inject_fault("GetVoiceConnector", error="ThrottledClientException", count=2)
    assert fault_id
    for _ in range(2):
        with pytest.raises(client.exceptions.ThrottledClientException) as exc:
            client.get_voice_connector(VoiceConnectorId=voice_connector_id)
        assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    client.get_voice_connector(VoiceConnectorId=voice_connector_id)
    client.list_voice_connectors()  # other operations were never affected
    assert emulator.admin.calls()["ByOperation"]["GetVoiceConnector"] == 3


@pytest.mark.parametrize("code", ["ServiceUnavailableException", "ForbiddenException"])
def test_fault_any_operation_and_error_code(client: Any, emulator: Any, code: str) -> None:
    emulator.admin.inject_fault("*", error=code)
    with pytest.raises(getattr(client.exceptions, code)):
        client.list_voice_connectors()
    emulator.admin.clear_faults()
    client.list_voice_connectors()


def test_fault_rate(client: Any, emulator: Any) -> None:
    emulator.admin.inject_fault("ListVoiceConnectors", error="ServiceFailureException", rate=0.0)
    for _ in range(5):
        client.list_voice_connectors()
    emulator.admin.inject_fault("ListVoiceConnectors", error="ServiceFailureException", rate=1.0)
    with pytest.raises(client.exceptions.ServiceFailureException):
        client.list_voice_connectors()


def test_fault_latency(emulator: Any) -> None:
    impatient = emulator.client(read_timeout=0.2)
    emulator.admin.inject_fault("ListVoiceConnectors", latency_ms=1500, count=1)
    with pytest.raises(botocore.exceptions.ReadTimeoutError):
        impatient.list_voice_connectors()
    impatient.list_voice_connectors()  # count exhausted


def test_fault_drop_closes_without_response(client: Any, emulator: Any) -> None:
    emulator.admin.inject_fault("ListVoiceConnectors", drop=True, count=1)
    with pytest.raises(botocore.exceptions.ConnectionClosedError):
        client.list_voice_connectors()
    client.list_voice_connectors()


def test_fault_commit_then_fail(client: Any, emulator: Any, voice_connector_id: str) -> None:
    emulator.admin.inject_fault("CreateProxySession", commit_then_fail=True, count=1)
    with pytest.raises(client.exceptions.ServiceFailureException) as exc:
        create_session(client, voice_connector_id)
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    listed = client.list_proxy_sessions(VoiceConnectorId=voice_connector_id)["ProxySessions"]
    assert len(listed) == 1  # the change was applied anyway


def test_invalid_faults_are_refused(emulator: Any) -> None:
    for kwargs in (
        {"operation": "NoSuchOperation"},
        {"operation": "*", "error": "TeapotException"},
        {"operation": "*", "count": 0},
        {"operation": "*", "rate": 1.5},
    ):
        with pytest.raises(AdminError) as exc:
            emulator.admin.inject_fault(**kwargs)
        assert exc.value.status == 400


def test_calls_count_api_requests_only(client: Any, emulator: Any, voice_connector_id: str) -> None:
    emulator.admin.reset_calls()
    client.get_voice_connector(VoiceConnectorId=voice_connector_id)
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_voice_connector(VoiceConnectorId="z" * 22)
    client.list_voice_connectors()
    emulator.admin.state()  # admin calls are not counted
    assert counts(emulator.admin.calls()) == {
        "Total": 3,
        "ByOperation": {"GetVoiceConnector": 2, "ListVoiceConnectors": 1},
    }
    emulator.admin.reset_calls()
    assert counts(emulator.admin.calls()) == {"Total": 0, "ByOperation": {}}


def test_unknown_admin_route_is_json_404(emulator: Any) -> None:
    with pytest.raises(AdminError) as exc:
        emulator.admin._call("GET", "nothing-here")
    assert (exc.value.status, exc.value.code) == (404, "NotFoundException")

"""Backend behaviour without HTTP: plain method calls, typed results."""

from __future__ import annotations

import datetime as dt

import pytest
from pulumi_chime_proxy.emulator.backend import Backend
from pulumi_chime_proxy.emulator.clock import Clock
from pulumi_chime_proxy.emulator.errors import BadRequestException, NotFoundException

START = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
PAIR = ["+12065550100", "+14255550101"]


@pytest.fixture
def backend() -> Backend:
    return Backend(Clock(lambda: START))


@pytest.fixture
def vc(backend: Backend) -> str:
    vc_id = str(backend.create_voice_connector("b", True)["VoiceConnectorId"])
    backend.put_voice_connector_proxy(vc_id, 30, ["US", "CA"])
    return vc_id


def test_session_defaults_and_timestamps(backend: Backend, vc: str) -> None:
    session = backend.create_proxy_session(vc, PAIR, ["Voice"])
    assert session["Status"] == "Open"
    assert session["ExpiryMinutes"] == 30
    assert session["CreatedTimestamp"] == session["UpdatedTimestamp"] == START
    assert "Name" not in session and "NumberSelectionBehavior" not in session


def test_expiry_is_computed_on_read(backend: Backend, vc: str) -> None:
    session = backend.create_proxy_session(vc, PAIR, ["Voice"], expiry_minutes=2)
    backend.clock.advance(119)
    assert backend.get_proxy_session(vc, session["ProxySessionId"])["Status"] == "Open"
    backend.clock.advance(1)
    closed = backend.get_proxy_session(vc, session["ProxySessionId"])
    assert closed["Status"] == "Closed"
    assert closed["EndedTimestamp"] == START + dt.timedelta(minutes=2)


def test_update_extends_expiry_from_creation(backend: Backend, vc: str) -> None:
    session = backend.create_proxy_session(vc, PAIR, ["Voice"], expiry_minutes=2)
    backend.clock.advance(60)
    backend.update_proxy_session(vc, session["ProxySessionId"], ["SMS"], expiry_minutes=10)
    backend.clock.advance(300)
    assert backend.get_proxy_session(vc, session["ProxySessionId"])["Status"] == "Open"


def test_update_after_expiry_is_refused(backend: Backend, vc: str) -> None:
    session = backend.create_proxy_session(vc, PAIR, ["Voice"], expiry_minutes=1)
    backend.clock.advance(61)
    with pytest.raises(BadRequestException, match="Closed"):
        backend.update_proxy_session(vc, session["ProxySessionId"], ["Voice"])


def test_empty_capabilities_are_refused(backend: Backend, vc: str) -> None:
    with pytest.raises(BadRequestException, match="Capabilities"):
        backend.create_proxy_session(vc, PAIR, [])


def test_geo_match_requires_params_in_pool(backend: Backend, vc: str) -> None:
    with pytest.raises(BadRequestException, match="GeoMatchParams"):
        backend.create_proxy_session(vc, PAIR, ["Voice"], geo_match_level="Country")
    canadian = backend.create_proxy_session(
        vc,
        PAIR,
        ["Voice"],
        geo_match_level="AreaCode",
        geo_match_params={"Country": "CA", "AreaCode": "604"},
    )
    assert all(p["ProxyPhoneNumber"].startswith("+1604") for p in canadian["Participants"])


def test_unsupported_pool_country_is_refused(backend: Backend, vc: str) -> None:
    with pytest.raises(BadRequestException, match=r"PhoneNumberPoolCountries\[1\]"):
        backend.put_voice_connector_proxy(vc, 30, ["US", "ZZ"])
    with pytest.raises(BadRequestException, match="DefaultSessionExpiryMinutes"):
        backend.put_voice_connector_proxy(vc, 0, ["US"])


def test_admin_status_changes(backend: Backend, vc: str) -> None:
    session_id = backend.create_proxy_session(vc, PAIR, ["Voice"])["ProxySessionId"]
    with pytest.raises(BadRequestException, match="InProgress or Closed"):
        backend.set_session_status(vc, session_id, "Open")
    backend.clock.advance(5)
    live = backend.set_session_status(vc, session_id, "InProgress")
    assert live["UpdatedTimestamp"] == START + dt.timedelta(seconds=5)
    closed = backend.set_session_status(vc, session_id, "Closed")
    assert closed["EndedTimestamp"] == closed["UpdatedTimestamp"]


def test_not_found_everywhere(backend: Backend, vc: str) -> None:
    with pytest.raises(NotFoundException):
        backend.get_proxy_session(vc, "nope")
    with pytest.raises(NotFoundException):
        backend.delete_voice_connector_proxy("nope")
    with pytest.raises(NotFoundException):
        backend.set_participant(vc, "nope", 0)


def test_delete_voice_connector_removes_its_configuration(backend: Backend, vc: str) -> None:
    backend.delete_voice_connector(vc)
    assert backend.state()["ProxyConfigs"] == {}


def test_reset_clears_everything(backend: Backend, vc: str) -> None:
    backend.create_proxy_session(vc, PAIR, ["Voice"])
    backend.clock.advance(10)
    backend.reset()
    state = backend.state()
    assert state["VoiceConnectors"] == [] and state["ProxySessions"] == []
    assert state["Clock"] == START


def test_on_change_called_for_every_change(backend: Backend) -> None:
    calls: list[int] = []
    backend.on_change = lambda: calls.append(1)
    vc_id = backend.create_voice_connector("b", True)["VoiceConnectorId"]
    backend.get_voice_connector(vc_id)
    backend.update_voice_connector(vc_id, "c", False)
    assert len(calls) == 2

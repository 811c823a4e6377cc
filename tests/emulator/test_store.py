"""Store behaviour without HTTP: plain method calls, typed results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pulumi_chime_proxy.emulator.clock import Clock
from pulumi_chime_proxy.emulator.errors import BadRequestException, NotFoundException
from pulumi_chime_proxy.emulator.models import ProxyConfig
from pulumi_chime_proxy.emulator.store import Store, geo_targets

START = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
PAIR = ["+12065550100", "+14255550101"]


def session_request(numbers: list[str], capabilities: list[str], **members: Any) -> dict[str, Any]:
    """A CreateProxySession request, as the handler passes it on."""
    return {"ParticipantPhoneNumbers": numbers, "Capabilities": capabilities, **members}


def proxy_request(expiry: int, countries: list[str]) -> dict[str, Any]:
    return {"DefaultSessionExpiryMinutes": expiry, "PhoneNumberPoolCountries": countries}


@pytest.fixture
def store() -> Store:
    return Store(Clock(lambda: START))


@pytest.fixture
def vc(store: Store) -> str:
    vc_id = str(store.create_voice_connector("b", True)["VoiceConnectorId"])
    store.put_voice_connector_proxy(vc_id, proxy_request(30, ["US", "CA"]))
    return vc_id


def test_session_defaults_and_timestamps(store: Store, vc: str) -> None:
    session = store.create_proxy_session(vc, session_request(PAIR, ["Voice"]))
    assert session["Status"] == "Open"
    assert session["ExpiryMinutes"] == 30
    assert session["CreatedTimestamp"] == session["UpdatedTimestamp"] == START
    assert "Name" not in session and "NumberSelectionBehavior" not in session


def test_expiry_is_computed_on_read(store: Store, vc: str) -> None:
    session = store.create_proxy_session(vc, session_request(PAIR, ["Voice"], ExpiryMinutes=2))
    store.clock.advance(119)
    assert store.get_proxy_session(vc, session["ProxySessionId"])["Status"] == "Open"
    store.clock.advance(1)
    closed = store.get_proxy_session(vc, session["ProxySessionId"])
    assert closed["Status"] == "Closed"
    assert closed["EndedTimestamp"] == START + dt.timedelta(minutes=2)


def test_update_extends_expiry_from_creation(store: Store, vc: str) -> None:
    session = store.create_proxy_session(vc, session_request(PAIR, ["Voice"], ExpiryMinutes=2))
    store.clock.advance(60)
    store.update_proxy_session(vc, session["ProxySessionId"], {"Capabilities": ["SMS"], "ExpiryMinutes": 10})
    store.clock.advance(300)
    assert store.get_proxy_session(vc, session["ProxySessionId"])["Status"] == "Open"


def test_update_after_expiry_is_refused(store: Store, vc: str) -> None:
    session = store.create_proxy_session(vc, session_request(PAIR, ["Voice"], ExpiryMinutes=1))
    store.clock.advance(61)
    with pytest.raises(BadRequestException, match="Closed"):
        store.update_proxy_session(vc, session["ProxySessionId"], {"Capabilities": ["Voice"]})


def test_empty_capabilities_are_refused(store: Store, vc: str) -> None:
    with pytest.raises(BadRequestException, match="Capabilities"):
        store.create_proxy_session(vc, session_request(PAIR, []))


def test_geo_match_requires_params_in_pool(store: Store, vc: str) -> None:
    with pytest.raises(BadRequestException, match="GeoMatchParams"):
        store.create_proxy_session(vc, session_request(PAIR, ["Voice"], GeoMatchLevel="Country"))
    canadian = store.create_proxy_session(vc, session_request(
        PAIR, ["Voice"], GeoMatchLevel="AreaCode", GeoMatchParams={"Country": "CA", "AreaCode": "604"}))
    assert all(p["ProxyPhoneNumber"].startswith("+1604") for p in canadian["Participants"])
    # Members with no behaviour of their own are answered as given, and kept in the state.
    assert canadian["GeoMatchLevel"] == "AreaCode"
    assert canadian["GeoMatchParams"] == {"Country": "CA", "AreaCode": "604"}
    assert store.get_proxy_session(vc, canadian["ProxySessionId"])["GeoMatchLevel"] == "AreaCode"


def test_both_participants_share_one_proxy_number_that_no_live_session_of_theirs_holds(
        store: Store, vc: str) -> None:
    first = store.create_proxy_session(vc, session_request(PAIR, ["Voice"]))
    shared = {p["ProxyPhoneNumber"] for p in first["Participants"]}
    assert len(shared) == 1
    # Another pair with one participant in common: a number it already holds is not reused.
    second = store.create_proxy_session(vc, session_request([PAIR[0], "+13125550199"], ["SMS"]))
    assert {p["ProxyPhoneNumber"] for p in second["Participants"]}.isdisjoint(shared)
    assert len({p["ProxyPhoneNumber"] for p in second["Participants"]}) == 1


@pytest.mark.parametrize(
    ("level", "params", "expected"),
    [
        (None, None, [("US", None), ("CA", None), ("GB", None)]),
        ("Country", {"Country": "CA", "AreaCode": "604"}, [("CA", None), ("US", None), ("GB", None)]),
        ("AreaCode", {"Country": "CA", "AreaCode": "604"},
         [("CA", "604"), ("CA", None), ("US", None), ("GB", None)]),
        # No numbers of the preferred country in the pool: the pool's, in its order.
        ("AreaCode", {"Country": "FR", "AreaCode": "123"}, [("US", None), ("CA", None), ("GB", None)]),
    ],
)
def test_geo_match_is_a_preference_with_the_whole_pool_behind_it(
        level: str | None, params: dict[str, str] | None, expected: list[tuple[str, str | None]]) -> None:
    config = ProxyConfig(default_session_expiry_minutes=30, phone_number_countries=["US", "CA", "GB"])
    assert geo_targets(config, level, params) == expected


def test_unsupported_pool_country_is_refused(store: Store, vc: str) -> None:
    with pytest.raises(BadRequestException, match=r"PhoneNumberPoolCountries\[1\]"):
        store.put_voice_connector_proxy(vc, proxy_request(30, ["US", "ZZ"]))
    with pytest.raises(BadRequestException, match="DefaultSessionExpiryMinutes"):
        store.put_voice_connector_proxy(vc, proxy_request(0, ["US"]))


def test_admin_status_changes(store: Store, vc: str) -> None:
    session_id = store.create_proxy_session(vc, session_request(PAIR, ["Voice"]))["ProxySessionId"]
    with pytest.raises(BadRequestException, match="InProgress or Closed"):
        store.set_session_status(vc, session_id, "Open")
    store.clock.advance(5)
    live = store.set_session_status(vc, session_id, "InProgress")
    assert live["UpdatedTimestamp"] == START + dt.timedelta(seconds=5)
    closed = store.set_session_status(vc, session_id, "Closed")
    assert closed["EndedTimestamp"] == closed["UpdatedTimestamp"]


def test_not_found_everywhere(store: Store, vc: str) -> None:
    with pytest.raises(NotFoundException):
        store.get_proxy_session(vc, "nope")
    with pytest.raises(NotFoundException):
        store.delete_voice_connector_proxy("nope")
    with pytest.raises(NotFoundException):
        store.set_participant(vc, "nope", 0, {})


def test_delete_voice_connector_removes_its_configuration(store: Store, vc: str) -> None:
    store.delete_voice_connector(vc)
    assert store.state()["ProxyConfigs"] == {}


def test_reset_clears_everything(store: Store, vc: str) -> None:
    store.create_proxy_session(vc, session_request(PAIR, ["Voice"]))
    store.clock.advance(10)
    store.reset()
    state = store.state()
    assert state["VoiceConnectors"] == [] and state["ProxySessions"] == []
    assert state["Clock"] == START


def test_on_change_called_for_every_change(store: Store) -> None:
    calls: list[int] = []
    store.on_change = lambda: calls.append(1)
    vc_id = store.create_voice_connector("b", True)["VoiceConnectorId"]
    store.get_voice_connector(vc_id)
    store.update_voice_connector(vc_id, "c", False)
    assert len(calls) == 2


def test_memory_stays_flat_over_creates_deletes_and_expiry_updates(store: Store, vc: str) -> None:
    """The deadline index keeps no entry per deleted session or per moved deadline."""
    import tracemalloc

    live = store.create_proxy_session(vc, session_request(PAIR, ["Voice"], ExpiryMinutes=10))

    def churn(rounds: int) -> None:
        for index in range(rounds):
            pair = ["+13125550100", "+13125550101"]
            session = store.create_proxy_session(vc, session_request(pair, ["SMS"]))
            store.delete_proxy_session(vc, session["ProxySessionId"])
            store.update_proxy_session(vc, live["ProxySessionId"],
                                       {"Capabilities": ["Voice"], "ExpiryMinutes": 10 + index % 7})

    churn(500)  # warm: caches, ids, the sticky history of both pairs
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        churn(3000)
        grown = sum(stat.size_diff for stat in tracemalloc.take_snapshot().compare_to(before, "filename"))
    finally:
        tracemalloc.stop()
    assert grown < 64 * 1024, f"{grown} bytes kept after 3,000 create/delete/update rounds"

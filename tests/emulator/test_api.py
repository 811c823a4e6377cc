"""Behaviour through boto3 against the running emulator (the gateway + backend)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botocore.exceptions import ClientError

PAIR = ["+12065550100", "+14255550101"]


def create_session(client: Any, vc_id: str, **extra: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "VoiceConnectorId": vc_id,
        "ParticipantPhoneNumbers": list(PAIR),
        "Capabilities": ["Voice", "SMS"],
    }
    params.update(extra)
    return dict(client.create_proxy_session(**params)["ProxySession"])


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = exc.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


# ------------------------------------------------------------------ voice connectors
def test_voice_connector_crud(client: Any) -> None:
    created = client.create_voice_connector(Name="main", RequireEncryption=False)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201  # the model's responseCode
    vc = created["VoiceConnector"]
    vc_id = vc["VoiceConnectorId"]
    assert len(vc_id) == 22 and vc_id.isalnum() and vc_id == vc_id.lower()
    assert vc["OutboundHostName"] == f"{vc_id}.voiceconnector.chime.aws"
    assert vc["AwsRegion"] == "us-east-1"
    assert vc["VoiceConnectorArn"].endswith(f":vc/{vc_id}")
    assert isinstance(vc["CreatedTimestamp"], dt.datetime)

    assert client.get_voice_connector(VoiceConnectorId=vc_id)["VoiceConnector"] == vc
    listed = client.list_voice_connectors()["VoiceConnectors"]
    assert [v["VoiceConnectorId"] for v in listed] == [vc_id]

    updated = client.update_voice_connector(VoiceConnectorId=vc_id, Name="renamed", RequireEncryption=True)[
        "VoiceConnector"
    ]
    assert updated["Name"] == "renamed" and updated["RequireEncryption"] is True
    assert updated["UpdatedTimestamp"] >= vc["UpdatedTimestamp"]

    deleted = client.delete_voice_connector(VoiceConnectorId=vc_id)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_voice_connector(VoiceConnectorId=vc_id)


def test_list_voice_connectors_paginates(client: Any) -> None:
    ids = [
        client.create_voice_connector(Name=f"vc{i}", RequireEncryption=True)["VoiceConnector"][
            "VoiceConnectorId"
        ]
        for i in range(3)
    ]
    first = client.list_voice_connectors(MaxResults=2)
    second = client.list_voice_connectors(MaxResults=2, NextToken=first["NextToken"])
    assert "NextToken" not in second
    seen = [v["VoiceConnectorId"] for v in first["VoiceConnectors"] + second["VoiceConnectors"]]
    assert seen == ids


def test_unknown_voice_connector_is_not_found(client: Any) -> None:
    missing = "a" * 22
    for call in (
        lambda: client.get_voice_connector(VoiceConnectorId=missing),
        lambda: client.get_voice_connector_proxy(VoiceConnectorId=missing),
        lambda: client.list_proxy_sessions(VoiceConnectorId=missing),
        lambda: client.create_proxy_session(
            VoiceConnectorId=missing, ParticipantPhoneNumbers=PAIR, Capabilities=["Voice"]
        ),
    ):
        with pytest.raises(client.exceptions.NotFoundException) as exc:
            call()
        code, message, status = error_of(exc)
        assert (code, status) == ("NotFoundException", 404)
        assert missing in message


def test_delete_voice_connector_with_sessions_is_a_conflict(client: Any, voice_connector_id: str) -> None:
    """The model lists ConflictException (409) among DeleteVoiceConnector's errors: the
    connector is in use, the request itself is valid."""
    session = create_session(client, voice_connector_id)
    with pytest.raises(client.exceptions.ConflictException) as exc:
        client.delete_voice_connector(VoiceConnectorId=voice_connector_id)
    code, message, status = error_of(exc)
    assert (code, status) == ("ConflictException", 409)
    assert "proxy session" in message
    assert client.get_voice_connector(VoiceConnectorId=voice_connector_id)["VoiceConnector"]
    client.delete_proxy_session(VoiceConnectorId=voice_connector_id, ProxySessionId=session["ProxySessionId"])
    client.delete_voice_connector(VoiceConnectorId=voice_connector_id)


# ---------------------------------------------------------------- proxy configuration
def test_proxy_configuration_put_get_delete(client: Any) -> None:
    vc_id = client.create_voice_connector(Name="p", RequireEncryption=True)["VoiceConnector"][
        "VoiceConnectorId"
    ]
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_voice_connector_proxy(VoiceConnectorId=vc_id)
    proxy = client.put_voice_connector_proxy(
        VoiceConnectorId=vc_id,
        DefaultSessionExpiryMinutes=30,
        PhoneNumberPoolCountries=["US", "CA"],
        FallBackPhoneNumber="+12065559999",
    )["Proxy"]
    assert proxy == {
        "DefaultSessionExpiryMinutes": 30,
        "Disabled": False,
        "FallBackPhoneNumber": "+12065559999",
        "PhoneNumberCountries": ["US", "CA"],
    }
    assert client.get_voice_connector_proxy(VoiceConnectorId=vc_id)["Proxy"] == proxy
    deleted = client.delete_voice_connector_proxy(VoiceConnectorId=vc_id)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_voice_connector_proxy(VoiceConnectorId=vc_id)


def test_session_needs_a_proxy_configuration(client: Any) -> None:
    vc_id = client.create_voice_connector(Name="p", RequireEncryption=True)["VoiceConnector"][
        "VoiceConnectorId"
    ]
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        create_session(client, vc_id)
    assert "proxy configuration" in error_of(exc)[1]


def test_session_refused_when_proxy_disabled(client: Any, voice_connector_id: str) -> None:
    client.put_voice_connector_proxy(
        VoiceConnectorId=voice_connector_id,
        DefaultSessionExpiryMinutes=60,
        PhoneNumberPoolCountries=["US"],
        Disabled=True,
    )
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        create_session(client, voice_connector_id)
    assert "disabled" in error_of(exc)[1]


# ---------------------------------------------------------------------- proxy sessions
def test_create_get_session(client: Any, voice_connector_id: str) -> None:
    response = client.create_proxy_session(
        VoiceConnectorId=voice_connector_id,
        ParticipantPhoneNumbers=PAIR,
        Capabilities=["Voice"],
        Name="Support line 1",
        NumberSelectionBehavior="PreferSticky",
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    session = response["ProxySession"]
    assert session["Status"] == "Open"
    assert session["Name"] == "Support line 1"
    assert session["Capabilities"] == ["Voice"]
    assert session["ExpiryMinutes"] == 60  # the configuration's default
    assert session["NumberSelectionBehavior"] == "PreferSticky"
    assert session["CreatedTimestamp"] == session["UpdatedTimestamp"]
    assert "EndedTimestamp" not in session
    assert [p["PhoneNumber"] for p in session["Participants"]] == PAIR
    proxies = [p["ProxyPhoneNumber"] for p in session["Participants"]]
    assert all(p.startswith("+1") and len(p) == 12 for p in proxies)
    assert len(set(proxies)) == 1  # shared, as in AWS's create-proxy-session example
    got = client.get_proxy_session(
        VoiceConnectorId=voice_connector_id, ProxySessionId=session["ProxySessionId"]
    )["ProxySession"]
    assert got == session


def test_explicit_expiry_minutes(client: Any, voice_connector_id: str) -> None:
    assert create_session(client, voice_connector_id, ExpiryMinutes=5)["ExpiryMinutes"] == 5


def test_participants_must_be_distinct(client: Any, voice_connector_id: str) -> None:
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        create_session(client, voice_connector_id, ParticipantPhoneNumbers=["+12065550100", "12065550100"])
    assert "distinct" in error_of(exc)[1]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"ParticipantPhoneNumbers": ["+12065550100", "+12065550101", "+12065550102"]},
            "ParticipantPhoneNumbers: must have at most 2 items (max)",
        ),
        (
            {"ParticipantPhoneNumbers": ["+1abc", "+12065550101"]},
            r"ParticipantPhoneNumbers[0]: value does not match pattern ^\+?[1-9]\d{1,14}$",
        ),
        ({"Capabilities": ["Fax"]}, "Capabilities[0]: 'Fax' is not one of Voice, SMS (enum)"),
        ({"Name": "x" * 31}, "Name: value does not match pattern"),
        ({"Name": "semi;colon"}, "Name: value does not match pattern"),
        ({"NumberSelectionBehavior": "Sticky"}, "NumberSelectionBehavior: 'Sticky' is not one of"),
        ({"GeoMatchLevel": "City"}, "GeoMatchLevel: 'City' is not one of Country, AreaCode"),
        (
            {"GeoMatchLevel": "AreaCode", "GeoMatchParams": {"Country": "US", "AreaCode": "20"}},
            "GeoMatchParams.AreaCode: '20' does not match pattern",
        ),
        (
            {"GeoMatchLevel": "Country", "GeoMatchParams": {"Country": "usa", "AreaCode": "206"}},
            "GeoMatchParams.Country: 'usa' does not match pattern",
        ),
    ],
)
def test_validation_failures_name_the_field(
    client: Any, voice_connector_id: str, extra: dict[str, Any], expected: str
) -> None:
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        create_session(client, voice_connector_id, **extra)
    code, message, status = error_of(exc)
    assert (code, status) == ("BadRequestException", 400)
    assert expected in message


def test_expiry_minutes_below_minimum_is_rejected_by_server(client: Any) -> None:
    # botocore checks ``min`` itself; disable that to prove the server does too.
    from pulumi_chime_proxy.emulator.testing import TEST_REGION  # noqa: F401

    vc_id = "b" * 22
    unchecked = client.meta.config.merge(client.meta.config.__class__(parameter_validation=False))
    import boto3

    raw = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    ).client("chime-sdk-voice", endpoint_url=client.meta.endpoint_url, config=unchecked)
    with pytest.raises(raw.exceptions.BadRequestException) as exc:
        raw.create_proxy_session(
            VoiceConnectorId=vc_id, ParticipantPhoneNumbers=PAIR, Capabilities=[], ExpiryMinutes=0
        )
    assert "ExpiryMinutes: must be at least 1 (min)" in error_of(exc)[1]
    with pytest.raises(raw.exceptions.BadRequestException) as exc:
        raw.create_proxy_session(VoiceConnectorId=vc_id, Capabilities=["Voice"])
    assert "ParticipantPhoneNumbers: is required (required)" in error_of(exc)[1]


def test_geo_match_country_and_area_code(client: Any) -> None:
    vc_id = client.create_voice_connector(Name="geo", RequireEncryption=True)["VoiceConnector"][
        "VoiceConnectorId"
    ]
    client.put_voice_connector_proxy(
        VoiceConnectorId=vc_id,
        DefaultSessionExpiryMinutes=60,
        PhoneNumberPoolCountries=["US", "GB"],
    )
    by_area = create_session(
        client,
        vc_id,
        GeoMatchLevel="AreaCode",
        GeoMatchParams={"Country": "US", "AreaCode": "303"},
    )
    assert all(p["ProxyPhoneNumber"].startswith("+1303") for p in by_area["Participants"])
    assert by_area["GeoMatchLevel"] == "AreaCode"
    assert by_area["GeoMatchParams"] == {"Country": "US", "AreaCode": "303"}
    by_country = create_session(
        client,
        vc_id,
        ParticipantPhoneNumbers=["+447700900001", "+447700900002"],
        GeoMatchLevel="Country",
        GeoMatchParams={"Country": "GB", "AreaCode": "020"},
    )
    assert all(p["ProxyPhoneNumber"].startswith("+44") for p in by_country["Participants"])
    # A preference, not a rule: a country the pool has no numbers for gets the pool's.
    elsewhere = create_session(
        client,
        vc_id,
        ParticipantPhoneNumbers=["+33612345678", "+33612345679"],
        GeoMatchLevel="Country",
        GeoMatchParams={"Country": "FR", "AreaCode": "000"},
    )
    assert {p["ProxyPhoneNumber"][:2] for p in elsewhere["Participants"]} == {"+1"}
    assert elsewhere["GeoMatchParams"] == {"Country": "FR", "AreaCode": "000"}


def test_prefer_sticky_reuses_and_avoid_sticky_avoids(client: Any, voice_connector_id: str) -> None:
    first = create_session(client, voice_connector_id)
    first_proxies = [p["ProxyPhoneNumber"] for p in first["Participants"]]
    client.delete_proxy_session(VoiceConnectorId=voice_connector_id, ProxySessionId=first["ProxySessionId"])
    # A different pair takes the first numbers of the pool in the meantime...
    other = create_session(
        client, voice_connector_id, ParticipantPhoneNumbers=["+13125550100", "+13125550101"]
    )
    sticky = create_session(client, voice_connector_id, NumberSelectionBehavior="PreferSticky")
    assert [p["ProxyPhoneNumber"] for p in sticky["Participants"]] == first_proxies
    assert other["Participants"][0]["ProxyPhoneNumber"] in first_proxies
    client.delete_proxy_session(VoiceConnectorId=voice_connector_id, ProxySessionId=sticky["ProxySessionId"])
    avoid = create_session(client, voice_connector_id, NumberSelectionBehavior="AvoidSticky")
    avoided = [p["ProxyPhoneNumber"] for p in avoid["Participants"]]
    assert avoided[0] != first_proxies[0] and avoided[1] != first_proxies[1]


def test_live_sessions_of_one_participant_get_distinct_proxy_numbers(
    client: Any, voice_connector_id: str
) -> None:
    a = create_session(client, voice_connector_id)
    b = create_session(client, voice_connector_id)
    for index in range(2):
        assert a["Participants"][index]["ProxyPhoneNumber"] != b["Participants"][index]["ProxyPhoneNumber"]


def test_list_sessions_status_filter_and_pagination(
    client: Any, emulator: Any, voice_connector_id: str
) -> None:
    sessions = [create_session(client, voice_connector_id, Name=f"s{i}") for i in range(5)]
    emulator.admin.set_status(voice_connector_id, sessions[1]["ProxySessionId"], "InProgress")
    emulator.admin.set_status(voice_connector_id, sessions[2]["ProxySessionId"], "Closed")
    in_progress = client.list_proxy_sessions(VoiceConnectorId=voice_connector_id, Status="InProgress")
    assert [s["Name"] for s in in_progress["ProxySessions"]] == ["s1"]
    closed = client.list_proxy_sessions(VoiceConnectorId=voice_connector_id, Status="Closed")
    assert [s["Name"] for s in closed["ProxySessions"]] == ["s2"]

    names: list[str] = []
    kwargs: dict[str, Any] = {"VoiceConnectorId": voice_connector_id, "MaxResults": 2}
    pages = 0
    while True:
        page = client.list_proxy_sessions(**kwargs)
        pages += 1
        names += [s["Name"] for s in page["ProxySessions"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert names == [f"s{i}" for i in range(5)] and pages == 3

    with pytest.raises(client.exceptions.BadRequestException) as exc:
        client.list_proxy_sessions(VoiceConnectorId=voice_connector_id, NextToken="%%%")
    assert "NextToken" in error_of(exc)[1]


def test_update_session(client: Any, emulator: Any, voice_connector_id: str) -> None:
    session = create_session(client, voice_connector_id)
    emulator.admin.advance_clock(5)
    response = client.update_proxy_session(
        VoiceConnectorId=voice_connector_id,
        ProxySessionId=session["ProxySessionId"],
        Capabilities=["SMS"],
        ExpiryMinutes=120,
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    updated = response["ProxySession"]
    assert updated["Capabilities"] == ["SMS"] and updated["ExpiryMinutes"] == 120
    assert updated["UpdatedTimestamp"] > session["UpdatedTimestamp"]
    assert updated["CreatedTimestamp"] == session["CreatedTimestamp"]
    assert updated["Participants"] == session["Participants"]


def test_update_closed_session_is_refused(client: Any, emulator: Any, voice_connector_id: str) -> None:
    session = create_session(client, voice_connector_id)
    emulator.admin.set_status(voice_connector_id, session["ProxySessionId"], "Closed")
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        client.update_proxy_session(
            VoiceConnectorId=voice_connector_id,
            ProxySessionId=session["ProxySessionId"],
            Capabilities=["Voice"],
        )
    assert "Closed" in error_of(exc)[1]


def test_session_expires_with_the_clock(client: Any, emulator: Any, voice_connector_id: str) -> None:
    session = create_session(client, voice_connector_id, ExpiryMinutes=10)
    ids = {"VoiceConnectorId": voice_connector_id, "ProxySessionId": session["ProxySessionId"]}
    emulator.admin.advance_clock(9 * 60)
    assert client.get_proxy_session(**ids)["ProxySession"]["Status"] == "Open"
    emulator.admin.advance_clock(61)
    expired = client.get_proxy_session(**ids)["ProxySession"]
    assert expired["Status"] == "Closed"
    assert expired["EndedTimestamp"] == session["CreatedTimestamp"] + dt.timedelta(minutes=10)
    assert expired["UpdatedTimestamp"] == expired["EndedTimestamp"]
    listed = client.list_proxy_sessions(VoiceConnectorId=voice_connector_id, Status="Closed")
    assert [s["ProxySessionId"] for s in listed["ProxySessions"]] == [session["ProxySessionId"]]


def test_expired_session_frees_its_proxy_numbers(client: Any, emulator: Any, voice_connector_id: str) -> None:
    first = create_session(client, voice_connector_id, ExpiryMinutes=1)
    emulator.admin.advance_clock(61)
    second = create_session(client, voice_connector_id, NumberSelectionBehavior="PreferSticky")
    assert second["Participants"] == first["Participants"]


def test_delete_session(client: Any, voice_connector_id: str) -> None:
    session = create_session(client, voice_connector_id)
    ids = {"VoiceConnectorId": voice_connector_id, "ProxySessionId": session["ProxySessionId"]}
    assert client.delete_proxy_session(**ids)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_proxy_session(**ids)
    with pytest.raises(client.exceptions.NotFoundException):
        client.delete_proxy_session(**ids)
    with pytest.raises(client.exceptions.NotFoundException):
        client.update_proxy_session(**ids, Capabilities=["Voice"])


def test_unimplemented_operation_is_a_clear_modeled_error(client: Any) -> None:
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        client.list_sip_rules()
    assert error_of(exc)[1] == "Operation ListSipRules is not implemented by the chime-proxy emulator"


def test_every_response_has_a_request_id(client: Any, voice_connector_id: str) -> None:
    ok = client.get_voice_connector(VoiceConnectorId=voice_connector_id)
    assert ok["ResponseMetadata"]["RequestId"]
    with pytest.raises(ClientError) as exc:
        client.get_voice_connector(VoiceConnectorId="c" * 22)
    assert exc.value.response["ResponseMetadata"]["RequestId"]

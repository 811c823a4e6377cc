"""State file: the plain AWS list loads as-is; our own format round-trips."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from pulumi_chime_proxy.emulator import statefile
from pulumi_chime_proxy.emulator.testing import running_emulator

UTC = dt.timezone.utc
VC = "abcdefghijklmnopqrstuv"


def aws_sample(session_id: str, created: str, status: str = "Open") -> dict[str, Any]:
    """A GetProxySession body as the API reference shows it: nulls and ISO strings."""
    return {
        "ProxySession": {
            "Capabilities": ["Voice", "SMS"],
            "CreatedTimestamp": created,
            "EndedTimestamp": None,
            "ExpiryMinutes": 60,
            "GeoMatchLevel": None,
            "GeoMatchParams": None,
            "Name": "imported",
            "NumberSelectionBehavior": None,
            "Participants": [
                {"PhoneNumber": "+12065550100", "ProxyPhoneNumber": "+12065550000"},
                {"PhoneNumber": "+14255550101", "ProxyPhoneNumber": "+12065550001"},
            ],
            "ProxySessionId": session_id,
            "Status": status,
            "UpdatedTimestamp": created,
            "VoiceConnectorId": VC,
        }
    }


def test_plain_aws_list_loads_and_is_returned_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    fresh = (dt.datetime.now(UTC) + dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    stale = "2020-01-01T00:00:00.000Z"
    path.write_text(json.dumps([aws_sample("fresh", fresh), aws_sample("stale", stale)]))
    with running_emulator(state_file=path) as emu:
        client = emu.client()
        for session_id, created in (("fresh", fresh), ("stale", stale)):
            got = client.get_proxy_session(VoiceConnectorId=VC, ProxySessionId=session_id)
            session = got["ProxySession"]
            expected = {
                k: v for k, v in aws_sample(session_id, created)["ProxySession"].items() if v is not None
            }
            stamp = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
            expected["CreatedTimestamp"] = expected["UpdatedTimestamp"] = stamp
            assert session == expected
        # The voice connector exists implicitly, with a default proxy configuration.
        assert client.get_voice_connector(VoiceConnectorId=VC)["VoiceConnector"]["Name"] == VC
        proxy = client.get_voice_connector_proxy(VoiceConnectorId=VC)["Proxy"]
        assert proxy["DefaultSessionExpiryMinutes"] == 60 and proxy["PhoneNumberCountries"] == ["US"]
        # The stale session's countdown started at load: it still expires on the clock.
        emu.admin.advance_clock(3601)
        stale_now = client.get_proxy_session(VoiceConnectorId=VC, ProxySessionId="stale")
        assert stale_now["ProxySession"]["Status"] == "Closed"


def test_changes_are_saved_and_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "state.json"
    with running_emulator(state_file=path) as emu:
        client = emu.client()
        vc_id = client.create_voice_connector(Name="saved", RequireEncryption=True)["VoiceConnector"][
            "VoiceConnectorId"
        ]
        client.put_voice_connector_proxy(
            VoiceConnectorId=vc_id, DefaultSessionExpiryMinutes=15, PhoneNumberPoolCountries=["US"]
        )
        first = client.create_proxy_session(
            VoiceConnectorId=vc_id,
            ParticipantPhoneNumbers=["+12065550100", "+14255550101"],
            Capabilities=["Voice"],
        )["ProxySession"]
        client.delete_proxy_session(VoiceConnectorId=vc_id, ProxySessionId=first["ProxySessionId"])
        kept = client.create_proxy_session(
            VoiceConnectorId=vc_id,
            ParticipantPhoneNumbers=["+13125550100", "+13125550101"],
            Capabilities=["SMS"],
            Name="kept",
        )["ProxySession"]
        emu.admin.advance_clock(60)
    document = json.loads(path.read_text())
    assert document["Format"] == statefile.FORMAT
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temporary files left
    with running_emulator(state_file=path) as emu:
        client = emu.client()
        got = client.get_proxy_session(VoiceConnectorId=vc_id, ProxySessionId=kept["ProxySessionId"])
        assert got["ProxySession"] == kept
        assert (
            client.get_voice_connector_proxy(VoiceConnectorId=vc_id)["Proxy"]["DefaultSessionExpiryMinutes"]
            == 15
        )
        # Sticky history survived too: the deleted session's pair gets its numbers back.
        again = client.create_proxy_session(
            VoiceConnectorId=vc_id,
            ParticipantPhoneNumbers=["+12065550100", "+14255550101"],
            Capabilities=["Voice"],
        )["ProxySession"]
        assert again["Participants"] == first["Participants"]
        clock = dt.datetime.fromisoformat(emu.admin.state()["Clock"].replace("Z", "+00:00"))
        assert clock >= dt.datetime.now(UTC) + dt.timedelta(seconds=59)  # offset restored


def test_missing_or_empty_file_starts_empty(tmp_path: Path) -> None:
    now = dt.datetime.now(UTC)
    assert statefile.load(tmp_path / "absent.json", now).voice_connectors == {}
    (tmp_path / "empty.json").write_text("")
    assert statefile.load(tmp_path / "empty.json", now).sessions == {}


def test_single_body_is_accepted() -> None:
    records = statefile.parse_document(aws_sample("one", "2026-11-23T10:00:00.000Z"), dt.datetime.now(UTC))
    assert list(records.sessions[VC]) == ["one"]


@pytest.mark.parametrize("content", ["{nope", "[1, 2]", '"text"', '[{"ProxySession": {}}]'])
def test_unreadable_files_are_reported(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(statefile.StateFileError):
        statefile.load(path, dt.datetime.now(UTC))

"""One pager for ListProxySessions: every page, in order, and no endless loop."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import Stubber
from pulumi_chime_proxy.aws import errors
from pulumi_chime_proxy.aws.listing import PaginationError, list_proxy_sessions

from ..support import voice_connector


def test_all_pages_are_followed(emulator: Any) -> None:
    client = emulator.client()
    vc = voice_connector(client)
    created = [
        client.create_proxy_session(
            VoiceConnectorId=vc, Capabilities=["Voice"],
            ParticipantPhoneNumbers=[f"+1206555{2 * i:04d}", f"+1206555{2 * i + 1:04d}"],
        )["ProxySession"]["ProxySessionId"]
        for i in range(205)  # the emulator, like AWS, pages by 100 by default
    ]
    emulator.admin.reset_calls()
    listed = [s["ProxySessionId"] for s in list_proxy_sessions(client, vc)]
    assert sorted(listed) == sorted(created) and len(listed) == len(set(listed))
    assert emulator.admin.calls()["ByOperation"]["ListProxySessions"] == 3


def test_an_empty_connector_lists_nothing(emulator: Any) -> None:
    client = emulator.client()
    assert list_proxy_sessions(client, voice_connector(client)) == []


def test_errors_propagate_unchanged(emulator: Any) -> None:
    client = emulator.client()
    with pytest.raises(client.exceptions.NotFoundException) as caught:
        list_proxy_sessions(client, "abcdefghij0123456789ab")
    assert errors.is_not_found(caught.value)


def test_a_repeated_page_token_stops_instead_of_looping(emulator: Any) -> None:
    client = emulator.client()
    page = {"ProxySessions": [], "NextToken": "same"}
    with Stubber(client) as stub:
        stub.add_response("list_proxy_sessions", page, {"VoiceConnectorId": "vc"})
        stub.add_response("list_proxy_sessions", page, {"VoiceConnectorId": "vc", "NextToken": "same"})
        with pytest.raises(PaginationError):
            list_proxy_sessions(client, "vc")

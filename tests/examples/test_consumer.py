"""examples/consumer reads the local example's sessions through a StackReference.

Scenario: the local example is up (both sessions Open); the emulator's clock moves
past ``delivery``'s expiry; ``pulumi up --refresh`` on the local stack records
``delivery`` as Closed and keeps it (``keep_closed=True``) while ``ride`` stays
Open; the consumer then reports ``delivery`` as closed and one open session.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.examples.conftest import ExampleStack, assert_nothing_left, new_voice_connector

pytestmark = pytest.mark.engine


def test_consumer_sees_closed_session(emulator: Any, example_stack: ExampleStack) -> None:
    client = emulator.client()
    vc = new_voice_connector(client)
    local = example_stack("local", emulator.endpoint_url, voiceConnectorId=vc,
                          deliveryExpiryMinutes=5)
    consumer = example_stack("consumer", sessionsStack="organization/chime-proxy-local/dev")
    try:
        local.up()
        first = consumer.up()
        assert first.outputs["closed_sessions"].value == []
        assert first.outputs["open_count"].value == 2

        emulator.admin.advance_clock(10 * 60)  # past delivery's 5 minutes, not ride's day
        refreshed = local.up(refresh=True)
        assert refreshed.outputs["status"].value == {"ride": "Open", "delivery": "Closed"}
        assert refreshed.summary.resource_changes.get("replace") is None  # kept, not replaced

        second = consumer.up()
        assert second.outputs["closed_sessions"].value == ["delivery"]
        assert not second.outputs["closed_sessions"].secret
        assert second.outputs["open_count"].value == 1
        assert second.outputs["notify"].secret
        assert second.outputs["notify"].value == {"delivery": ["+12065550102", "+12065550103"]}
    finally:
        consumer.destroy()
        local.destroy()
    assert_nothing_left(client, vc)

"""examples/consumer reads the local example's sessions through a StackReference.

Scenario: the local example is up (both sessions Open); the emulator's clock moves
past ``delivery``'s expiry; ``pulumi up --refresh`` on the local stack records
``delivery`` as Closed and keeps it (``keep_closed=True``) while ``ride`` stays
Open; the consumer then reports ``delivery`` as closed and one open session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.examples.conftest import ExampleStack, assert_nothing_left, new_voice_connector

pytestmark = pytest.mark.engine


def test_consumer_sees_closed_session(emulator: Any, example_stack: ExampleStack) -> None:
    client = emulator.client()
    vc = new_voice_connector(client)
    local = example_stack("local", emulator.endpoint_url, voiceConnectorId=vc,
                          deliveryExpiryMinutes=5)
    consumer = example_stack("consumer", sessionsStack="organization/chime-proxy-local/dev")
    try:
        local.up(show_secrets=False)
        first = consumer.up(show_secrets=False)
        assert first.outputs["closed_sessions"].value == []
        assert first.outputs["open_count"].value == 2

        emulator.admin.advance_clock(10 * 60)  # past delivery's 5 minutes, not ride's day
        refreshed = local.up(show_secrets=False, refresh=True)
        assert refreshed.outputs["status"].value == {"ride": "Open", "delivery": "Closed"}
        assert refreshed.summary.resource_changes.get("replace") is None  # kept, not replaced

        second = consumer.up(show_secrets=False)
        assert second.outputs["closed_sessions"].value == ["delivery"]
        assert not second.outputs["closed_sessions"].secret
        assert second.outputs["open_count"].value == 1
        assert second.outputs["notify"].secret
        assert second.outputs["notify"].value == {"delivery": ["+12065550102", "+12065550103"]}
    finally:
        consumer.destroy(show_secrets=False)
        local.destroy(show_secrets=False)
    assert_nothing_left(client, vc)


def test_a_producer_without_sessions_is_one_line(
    emulator: Any, example_stack: ExampleStack, pulumi_install: PulumiCli, backend_dir: Path,
) -> None:
    producer = workspace.inline_stack("dev", "empty", lambda: None, pulumi_install, backend_dir)
    consumer = example_stack("consumer", sessionsStack="organization/empty/dev")
    try:
        producer.up(show_secrets=False)
        for run in (consumer.preview, consumer.up):
            with pytest.raises(auto.errors.CommandError) as failure:
                run()
            text = str(failure.value)
            assert "error: stack organization/empty/dev has no `sessions` output: run " in text
            assert "Traceback" not in text and "KeyError" not in text
    finally:
        consumer.destroy(show_secrets=False)
        producer.destroy(show_secrets=False)

"""examples/local: the emulator quickstart runs, exports what its README says, is idempotent."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_chime_proxy.engine import workspace

from tests.examples.conftest import ExampleStack, assert_nothing_left, new_voice_connector

pytestmark = pytest.mark.engine


def test_local_example(emulator: Any, example_stack: ExampleStack) -> None:
    client = emulator.client()
    vc = new_voice_connector(client)
    stack = example_stack("local", emulator.endpoint_url, voiceConnectorId=vc)
    try:
        up = stack.up(show_secrets=False)
        assert up.summary.resource_changes == {"create": 4}  # stack, proxy, 2 sessions
        out = {k: v.value for k, v in up.outputs.items()}
        assert out["voice_connector_id"] == vc
        assert out["default_session_expiry_minutes"] == 60
        assert out["status"] == {"ride": "Open", "delivery": "Open"}
        assert all(up.outputs[k].secret for k in ("participants", "proxy_numbers", "sessions"))
        assert not up.outputs["status"].secret
        ride = out["sessions"]["ride"]
        assert [p["phone_number"] for p in ride["participants"]] == ["+12065550100", "+12065550101"]
        assert all(len(numbers) == 2 and all(numbers) for numbers in out["proxy_numbers"].values())
        live = client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=ride["id"])
        assert live["ProxySession"]["Status"] == "Open"

        # Phone numbers (real and proxy) are ciphertext in the stored state.
        state = workspace.encrypted_state(stack)
        assert "12065550100" not in state and "12065550199" not in state

        again = stack.up(show_secrets=False)
        assert again.summary.resource_changes == {"same": 4}
    finally:
        stack.destroy(show_secrets=False)
    assert_nothing_left(client, vc)

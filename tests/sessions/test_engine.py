"""ProxySession through the real engine against the emulator.

Every scenario destroys its stack and then asks the API (not the state) that
nothing the stack made is left.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto
from pulumi_chime_proxy import ProxySession, ProxySessionArgs
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli
from pulumi_chime_proxy.sessions.props import TYPE_TOKEN

from tests import support

pytestmark = pytest.mark.engine


class Scenario:
    """A stack whose sessions are declared by a mutable spec, so steps can edit it."""

    def __init__(self, name: str, emulator: Any, install: PulumiCli,
                 backend_dir: Path) -> None:
        self.emulator = emulator
        self.client = emulator.client()
        self.vc = support.voice_connector(self.client)
        self.specs: dict[str, dict[str, Any]] = {}
        self.stack = support.stack(name, self.program, install, backend_dir,
                                   emulator.endpoint_url)

    def add(self, resource: str, numbers: tuple[str, str], **extra: Any) -> None:
        self.specs[resource] = {"participant_phone_numbers": list(numbers),
                            "capabilities": ["Voice", "SMS"], **extra}

    def program(self) -> None:
        for name, spec in self.specs.items():
            session = ProxySession(name, ProxySessionArgs(voice_connector_id=self.vc, **spec))
            pulumi.export(name, {
                "id": session.proxy_session_id, "status": session.status,
                "participants": session.participants, "capabilities": session.capabilities,
                "expiry_minutes": session.expiry_minutes,
                "updated_timestamp": session.updated_timestamp,
            })

    def live(self, session_id: str) -> dict[str, Any]:
        return dict(self.client.get_proxy_session(
            VoiceConnectorId=self.vc, ProxySessionId=session_id)["ProxySession"])

    def remaining(self) -> list[dict[str, Any]]:
        return list(self.client.list_proxy_sessions(VoiceConnectorId=self.vc)["ProxySessions"])

    def preview_drift(self) -> tuple[auto.PreviewResult, set[str]]:
        """``preview --refresh --diff``: the summary and the session properties shown as changed."""
        result = self.stack.preview(refresh=True, diff=True)
        shown = set(re.findall(r"^\s*[~+-] (\w+)\s*:", result.stdout, flags=re.M))
        return result, shown - set(self.specs) - {"pulumi"}  # stack outputs, the Stack line


@pytest.fixture()
def scenario(request: pytest.FixtureRequest, emulator: Any, pulumi_install: PulumiCli,
             backend_dir: Path) -> Iterator[Scenario]:
    sc = Scenario(request.node.name.split("[")[0].replace("_", "-")[:40], emulator,
                  pulumi_install, backend_dir)
    try:
        yield sc
    finally:
        sc.emulator.admin.clear_faults()
        sc.stack.destroy(show_secrets=False)
        assert sc.remaining() == [], "destroy left sessions behind"


def session_id(up: auto.UpResult, name: str) -> str:
    return str(up.outputs[name].value["id"])


def test_a_up_creates_three_sessions_with_live_outputs(scenario: Scenario) -> None:
    for i, numbers in enumerate(support.NUMBERS):
        scenario.add(f"s{i}", numbers, name=f"Ride {i}", expiry_minutes=30 + i)
    up = scenario.stack.up(show_secrets=False)
    assert up.summary.resource_changes == {"create": 4}
    for i in range(3):
        out = up.outputs[f"s{i}"]
        live = scenario.live(out.value["id"])
        assert out.value["status"] == live["Status"] == "Open"
        assert out.value["expiry_minutes"] == live["ExpiryMinutes"] == 30 + i
        assert out.value["participants"] == [
            {"phone_number": p["PhoneNumber"], "proxy_phone_number": p["ProxyPhoneNumber"]}
            for p in live["Participants"]]
        assert all(p["proxy_phone_number"] for p in out.value["participants"])
    state = workspace.encrypted_state(scenario.stack)
    for numbers in support.NUMBERS:
        for number in numbers:
            assert number not in state and number.lstrip("+") not in state
    assert "Ride 0" not in state and "testing" not in state  # no name, no credentials
    resources = json.loads(state)["deployment"]["resources"]
    blobs = [r["outputs"]["__provider"] for r in resources if r["type"] == TYPE_TOKEN]
    # plaintext by design (it holds no secret): a short by-reference pickle per resource
    assert len(blobs) == 3 and all(isinstance(b, str) and len(b) < 200 for b in blobs)


def test_b_out_of_band_update_is_drift_that_up_heals(scenario: Scenario) -> None:
    scenario.add("s", support.NUMBERS[0], expiry_minutes=60)
    sid = session_id(scenario.stack.up(show_secrets=False), "s")
    scenario.client.update_proxy_session(VoiceConnectorId=scenario.vc, ProxySessionId=sid,
                                         Capabilities=["SMS"], ExpiryMinutes=90)
    preview, shown = scenario.preview_drift()
    assert preview.change_summary.get("update") == 1
    assert shown == {"capabilities", "expiry_minutes", "updated_timestamp"}
    up = scenario.stack.up(show_secrets=False, refresh=True)
    assert up.summary.resource_changes.get("update") == 1
    live = scenario.live(sid)
    assert sorted(live["Capabilities"]) == ["SMS", "Voice"] and live["ExpiryMinutes"] == 60
    again = scenario.stack.up(show_secrets=False, refresh=True)
    assert set(again.summary.resource_changes) == {"same"}


def test_c_expired_session_shows_closed_then_up_replaces_it(scenario: Scenario) -> None:
    scenario.add("s", support.NUMBERS[0], expiry_minutes=5)
    first = session_id(scenario.stack.up(show_secrets=False), "s")
    scenario.emulator.admin.advance_clock(6 * 60)
    preview, shown = scenario.preview_drift()
    assert {"status", "ended_timestamp"} <= shown
    assert preview.change_summary.get("replace") == 1
    refreshed = scenario.stack.refresh(show_secrets=False, run_program=True)
    assert refreshed.summary.resource_changes.get("update") == 1
    outputs = scenario.stack.outputs()
    assert outputs["s"].value["status"] == "Closed"
    up = scenario.stack.up(show_secrets=False)
    assert up.summary.resource_changes.get("replace") == 1
    assert up.outputs["s"].value["status"] == "Open" and session_id(up, "s") != first
    with pytest.raises(scenario.client.exceptions.NotFoundException):
        scenario.live(first)


def test_d_out_of_band_participant_change_replaces(scenario: Scenario) -> None:
    scenario.add("s", support.NUMBERS[0])
    first = session_id(scenario.stack.up(show_secrets=False), "s")
    scenario.emulator.admin.set_participant(scenario.vc, first, 1, phone_number="+12065550199")
    preview, shown = scenario.preview_drift()
    assert preview.change_summary.get("replace") == 1
    assert "updated_timestamp" in shown  # the numbers themselves are secret: shown masked
    up = scenario.stack.up(show_secrets=False, refresh=True)
    assert up.summary.resource_changes.get("replace") == 1
    numbers = {p["PhoneNumber"] for p in scenario.live(session_id(up, "s"))["Participants"]}
    assert numbers == set(support.NUMBERS[0])


def test_e_out_of_band_delete_is_dropped_then_recreated(scenario: Scenario) -> None:
    scenario.add("s", support.NUMBERS[0])
    first = session_id(scenario.stack.up(show_secrets=False), "s")
    scenario.client.delete_proxy_session(VoiceConnectorId=scenario.vc, ProxySessionId=first)
    refresh = scenario.stack.refresh(show_secrets=False)
    assert refresh.summary.resource_changes.get("delete") == 1
    up = scenario.stack.up(show_secrets=False)
    assert up.summary.resource_changes.get("create") == 1
    assert scenario.live(session_id(up, "s"))["Status"] == "Open"


def test_f_invalid_inputs_fail_preview_naming_the_property_with_no_api_call(
    scenario: Scenario,
) -> None:
    scenario.add("s", ("+12065550100", "+12065550100"), capabilities=["Fax"])
    scenario.emulator.admin.reset_calls()
    with pytest.raises(auto.errors.CommandError) as info:
        scenario.stack.preview()
    text = str(info.value)
    assert "participant_phone_numbers" in text and "different numbers" in text
    assert "capabilities[0]" in text and "Voice, SMS" in text
    assert scenario.emulator.admin.calls()["Total"] == 0


def test_g_program_changes_replace_or_update(scenario: Scenario) -> None:
    scenario.add("s", support.NUMBERS[0], expiry_minutes=30)
    first = session_id(scenario.stack.up(show_secrets=False), "s")
    scenario.specs["s"]["expiry_minutes"] = 45
    up = scenario.stack.up(show_secrets=False)
    assert up.summary.resource_changes.get("update") == 1 and session_id(up, "s") == first
    assert scenario.live(first)["ExpiryMinutes"] == 45
    scenario.specs["s"]["participant_phone_numbers"] = list(support.NUMBERS[1])
    up = scenario.stack.up(show_secrets=False)
    assert up.summary.resource_changes.get("replace") == 1 and session_id(up, "s") != first
    assert set(scenario.stack.up(show_secrets=False).summary.resource_changes) == {"same"}


def test_h_adopting_an_existing_session(scenario: Scenario) -> None:
    existing = scenario.client.create_proxy_session(
        VoiceConnectorId=scenario.vc, ParticipantPhoneNumbers=list(support.NUMBERS[0]),
        Capabilities=["Voice"], ExpiryMinutes=60)["ProxySession"]["ProxySessionId"]
    scenario.add("wrong", support.NUMBERS[1], adopt_proxy_session_id=existing)
    with pytest.raises(auto.errors.CommandError, match="other participants"):
        scenario.stack.up(show_secrets=False)
    scenario.specs.clear()
    scenario.add("adopted", support.NUMBERS[0], adopt_proxy_session_id=existing)
    up = scenario.stack.up(show_secrets=False)
    assert session_id(up, "adopted") == existing
    assert sorted(scenario.live(existing)["Capabilities"]) == ["SMS", "Voice"]  # converged
    assert len(scenario.remaining()) == 1  # adopted, not created
    assert set(scenario.stack.up(show_secrets=False).summary.resource_changes) == {"same"}
    destroyed = scenario.stack.destroy(show_secrets=False)  # a takeover's destroy says what it deleted
    assert f"deleted proxy session {existing} on voice connector {scenario.vc}, which this stack took " \
        "over" in destroyed.stdout + destroyed.stderr, destroyed.stdout
    scenario.specs.clear()
    scenario.add("missing", support.NUMBERS[2], adopt_proxy_session_id="doesnotexist")
    with pytest.raises(auto.errors.CommandError, match="does not exist"):
        scenario.stack.up(show_secrets=False)


@pytest.mark.parametrize("error", ["ThrottledClientException", "ServiceUnavailableException"])
def test_i_transient_read_errors_are_retried(scenario: Scenario, error: str) -> None:
    scenario.add("s", support.NUMBERS[0])
    scenario.stack.up(show_secrets=False)
    scenario.emulator.admin.inject_fault("GetProxySession", error=error, count=2)
    scenario.emulator.admin.reset_calls()
    refresh = scenario.stack.refresh(show_secrets=False)
    assert set(refresh.summary.resource_changes) == {"same"}
    assert scenario.emulator.admin.calls()["ByOperation"]["GetProxySession"] == 3


def test_i_forbidden_read_fails_clearly_and_keeps_state(scenario: Scenario) -> None:
    scenario.add("s", support.NUMBERS[0])
    sid = session_id(scenario.stack.up(show_secrets=False), "s")
    before = scenario.stack.export_stack().deployment["resources"]
    scenario.emulator.admin.inject_fault("GetProxySession", error="ForbiddenException", count=1)
    with pytest.raises(auto.errors.CommandError) as info:
        scenario.stack.refresh(show_secrets=False)
    text = str(info.value)
    assert "GetProxySession failed" in text and sid in text and "ForbiddenException" in text
    after = scenario.stack.export_stack().deployment["resources"]
    assert [r.get("id") for r in after] == [r.get("id") for r in before]

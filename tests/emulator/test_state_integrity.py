"""No request, however malformed its values, leaves state half-applied or stops saves.

A Hypothesis state machine drives the real HTTP server (boto3 without client-side
validation, and the admin client) with creates, updates, deletes, status
changes, participant drift and clock moves, drawing values from inside and
outside what the model's types hold. After every step:

* the answer is 2xx or a modeled 4xx, never a 5xx;
* a refused request changed nothing (the admin state is as before);
* and at the end the saved file loads into an emulator showing the same state.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from pulumi_chime_proxy.emulator import seed
from pulumi_chime_proxy.emulator.admin_client import AdminError
from pulumi_chime_proxy.emulator.testing import running_emulator

INTEGERS = st.one_of(
    st.integers(min_value=-5, max_value=3000),
    st.sampled_from([2**31 - 1, 2**31, 2**40, 2**63, 2**64, -(2**31) - 1]),
    st.integers(min_value=-(2**70), max_value=2**70),
)
NUMBERS = st.sampled_from(["+12065550100", "+14255550101", "+13125550102", "12065550103", "+1abc", "+"])
SECONDS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 30, 3600, 86_400, 3e11, -1]),
    st.integers(min_value=-(2**64), max_value=2**64),
)


def comparable(state: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in state.items() if k != "Clock"}


class EmulatorMachine(RuleBasedStateMachine):
    """Random traffic against one emulator with a state file."""

    def __init__(self) -> None:
        super().__init__()
        self.directory = Path(tempfile.mkdtemp())
        self.path = self.directory / "state.json"
        self.running = running_emulator(state_file=self.path)
        self.emu = self.running.__enter__()
        self.client = self.emu.client(parameter_validation=False)
        self.vc_id = ""
        self.session_ids: list[str] = []

    @initialize()
    def connector(self) -> None:
        self.vc_id = seed.voice_connector_with_proxy(self.client, default_expiry_minutes=30)

    def call(self, action: Any) -> int:
        before = comparable(self.emu.admin.state())
        try:
            status = int(action()["ResponseMetadata"]["HTTPStatusCode"])
        except ClientError as exc:
            status = int(exc.response["ResponseMetadata"]["HTTPStatusCode"])
            assert exc.response["Error"]["Code"] in {"BadRequestException", "NotFoundException"}, exc.response
        except AdminError as exc:
            status = exc.status
        assert status < 500, status
        if status >= 400:
            after = comparable(self.emu.admin.state())
            # a refusal changes nothing, but reading may have closed sessions that were due
            assert _without_expiry(after) == _without_expiry(before)
        return status

    @rule(
        a=NUMBERS,
        b=NUMBERS,
        expiry=st.none() | INTEGERS,
        name=st.sampled_from([None, "Ride", "Bad!", "x" * 40]),
    )
    def create(self, a: str, b: str, expiry: int | None, name: str | None) -> None:
        params: dict[str, Any] = {
            "VoiceConnectorId": self.vc_id,
            "ParticipantPhoneNumbers": [a, b],
            "Capabilities": ["Voice"],
            "NumberSelectionBehavior": "AvoidSticky",
        }
        if expiry is not None:
            params["ExpiryMinutes"] = expiry
        if name is not None:
            params["Name"] = name
        result: dict[str, Any] = {}

        def create() -> Any:
            result.update(self.client.create_proxy_session(**params))
            return result

        if self.call(create) == 201:
            self.session_ids.append(result["ProxySession"]["ProxySessionId"])

    @precondition(lambda self: self.session_ids)
    @rule(index=st.integers(min_value=0), expiry=st.none() | INTEGERS)
    def update(self, index: int, expiry: int | None) -> None:
        params: dict[str, Any] = {
            "VoiceConnectorId": self.vc_id,
            "Capabilities": ["SMS"],
            "ProxySessionId": self.session_ids[index % len(self.session_ids)],
        }
        if expiry is not None:
            params["ExpiryMinutes"] = expiry
        self.call(lambda: self.client.update_proxy_session(**params))

    @precondition(lambda self: self.session_ids)
    @rule(index=st.integers(min_value=0))
    def delete(self, index: int) -> None:
        session_id = self.session_ids.pop(index % len(self.session_ids))
        self.call(
            lambda: self.client.delete_proxy_session(VoiceConnectorId=self.vc_id, ProxySessionId=session_id)
        )

    @precondition(lambda self: self.session_ids)
    @rule(index=st.integers(min_value=0), status=st.sampled_from(["InProgress", "Closed", "Open", ""]))
    def set_status(self, index: int, status: str) -> None:
        session_id = self.session_ids[index % len(self.session_ids)]
        self.call(
            lambda: {
                "ResponseMetadata": {"HTTPStatusCode": 200},
                **self.emu.admin.set_status(self.vc_id, session_id, status),
            }
        )

    @precondition(lambda self: self.session_ids)
    @rule(index=st.integers(min_value=0), participant=st.integers(min_value=-1, max_value=3), number=NUMBERS)
    def drift(self, index: int, participant: int, number: str) -> None:
        session_id = self.session_ids[index % len(self.session_ids)]
        self.call(
            lambda: {
                "ResponseMetadata": {"HTTPStatusCode": 200},
                **self.emu.admin.set_participant(self.vc_id, session_id, participant, phone_number=number),
            }
        )

    @rule(seconds=SECONDS)
    def advance(self, seconds: float) -> None:
        self.call(
            lambda: {
                "ResponseMetadata": {"HTTPStatusCode": 200},
                "Clock": self.emu.admin.advance_clock(seconds),
            }
        )

    @invariant()
    def lists_agree_with_the_state(self) -> None:
        if not self.vc_id:
            return
        listed = self.client.list_proxy_sessions(VoiceConnectorId=self.vc_id, MaxResults=99)["ProxySessions"]
        state = self.emu.admin.state()["ProxySessions"]
        assert sorted(s["ProxySessionId"] for s in listed) == sorted(s["ProxySessionId"] for s in state)

    def teardown(self) -> None:
        try:
            self.emu.admin.save()
            expected = comparable(self.emu.admin.state())
            saved = json.loads(self.path.read_text())
            assert len(saved["ProxySessions"]) == len(expected["ProxySessions"])
        finally:
            self.running.__exit__(None, None, None)
        with running_emulator(state_file=self.path) as again:
            assert _without_clock_fields(comparable(again.admin.state())) == _without_clock_fields(expected)


def _without_expiry(state: dict[str, Any]) -> dict[str, Any]:
    """The state with expiry-driven fields blanked (reads apply due expiry)."""
    sessions = [
        {k: v for k, v in s.items() if k not in ("Status", "EndedTimestamp", "UpdatedTimestamp")}
        for s in state["ProxySessions"]
    ]
    return {**state, "ProxySessions": sessions}


def _without_clock_fields(state: dict[str, Any]) -> dict[str, Any]:
    """Loading restarts nothing but the wall clock: compare all but wall-clock-driven expiry."""
    return _without_expiry(state)


EmulatorMachine.TestCase.settings = settings(
    max_examples=15,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestEmulatorState = pytest.mark.slow(EmulatorMachine.TestCase)

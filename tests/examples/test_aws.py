"""examples/aws offline: the program runs under Pulumi mocks (no AWS, no engine).

Under mocks every resource, dynamic ones included, goes to ``Mocks.new_resource``,
so this tests the wiring, not the provider: the sessions get the mocked connector's
id through the proxy configuration, and the phone numbers stay secret.
"""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
from pulumi_chime_proxy.proxy_config.props import TYPE_TOKEN as PROXY_TYPE
from pulumi_chime_proxy.sessions.props import TYPE_TOKEN as SESSION_TYPE

from tests.examples.conftest import EXAMPLES

VC_ID = "abcdefghij0123456789ab"
VC_TYPE = "aws:chime/voiceConnector:VoiceConnector"


class Mocks(pulumi.runtime.Mocks):
    """Records each resource's resolved inputs; the connector gets a fixed id."""

    def __init__(self) -> None:
        self.inputs: dict[tuple[str, str], dict[str, Any]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.inputs[(args.typ, args.name)] = dict(args.inputs)
        if args.typ == VC_TYPE:
            return VC_ID, {**args.inputs, "outboundHostName": f"{VC_ID}.voiceconnector.chime.aws"}
        if args.typ == SESSION_TYPE:
            return f"ps-{args.name}", {**args.inputs, "proxy_session_id": f"ps-{args.name}",
                                       "status": "Open"}
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[Any]]:
        return {}, []


PARTICIPANTS = {"participantsA": "+12065550100,+12065550101",
                "participantsB": "+12065550102, +12065550103"}


@pytest.fixture()
def mocks() -> Iterator[Mocks]:
    mocks = Mocks()
    pulumi.runtime.set_mocks(mocks, project="chime-proxy-aws", stack="dev", preview=False)
    pulumi.runtime.set_all_config({f"chime-proxy-aws:{key}": value for key, value in PARTICIPANTS.items()},
                                  [f"chime-proxy-aws:{key}" for key in PARTICIPANTS])
    yield mocks
    pulumi.runtime.set_all_config({}, [])


@pytest.mark.parametrize("missing", sorted(PARTICIPANTS))
def test_a_missing_participant_key_stops_the_program(mocks: Mocks, missing: str) -> None:
    """No fallback numbers: on real AWS a made-up participant would be dialed."""
    pulumi.runtime.set_all_config({f"chime-proxy-aws:{key}": value for key, value in PARTICIPANTS.items()
                                   if key != missing})
    with pytest.raises(pulumi.ConfigMissingError) as missing_error:
        runpy.run_path(str(EXAMPLES / "aws" / "__main__.py"))
    assert f"chime-proxy-aws:{missing}" in str(missing_error.value)


@pulumi.runtime.test
def test_sessions_are_wired_to_the_connector_and_numbers_stay_secret(mocks: Mocks) -> Any:
    program = runpy.run_path(str(EXAMPLES / "aws" / "__main__.py"))
    proxy, sessions = program["proxy"], program["sessions"]
    delivery = sessions["delivery"]

    async def secrets() -> tuple[bool, bool]:
        # Mocks do not apply additional_secret_outputs (the engine does), so only
        # secrets that flow from the program's inputs are checked here.
        return (await delivery.participant_phone_numbers.is_secret(),
                await delivery.status.is_secret())

    def check(values: list[Any]) -> None:
        proxy_vc, session_vc, numbers, (numbers_secret, status_secret), *_ids = values
        assert proxy_vc == VC_ID and session_vc == VC_ID
        assert mocks.inputs[(PROXY_TYPE, "proxy")]["voice_connector_id"] == VC_ID
        assert {mocks.inputs[(SESSION_TYPE, n)]["voice_connector_id"] for n in sessions} == {VC_ID}
        assert numbers == ["+12065550102", "+12065550103"]
        assert numbers_secret and not status_secret
        assert mocks.inputs[(VC_TYPE, "proxy-connector")]["awsRegion"] == "us-east-1"

    return pulumi.Output.all(
        proxy.voice_connector_id, delivery.voice_connector_id,
        delivery.participant_phone_numbers, pulumi.Output.from_input(secrets()),
        # wait until every session is registered with the mocks, not only "delivery"
        *(s.proxy_session_id for s in sessions.values()),
    ).apply(check)

"""Record a stack's state and the emulator's, as a release of the package writes them, for
the test that a later release refreshes and updates that stack without a change.

    PYTHONPATH=<checkout of the release>/provider \\
        .venv/bin/python -m chime_proxy_dev.record_state tests/data/state-<label>

The program (:func:`program`) uses only the public API, so the same program runs on the
recorded release and on today's tree. The stack is exported with ``--show-secrets``: the
numbers are the emulator's fictional 555 numbers, and ``pulumi stack import`` encrypts
them again with the importing stack's passphrase.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pulumi
from pulumi import automation as auto
from pulumi_chime_proxy import ProxySession, VoiceConnectorProxy
from pulumi_chime_proxy.emulator.testing import running_emulator
from pulumi_chime_proxy.engine import workspace

from . import provision

PROJECT = "recorded"
STACK = "recorded"
#: Where the recorded endpoint stands in the exported state; the test puts its own there.
ENDPOINT_PLACEHOLDER = "http://127.0.0.1:1"


def program() -> None:
    """One proxy configuration and two sessions, using most inputs."""
    vc = pulumi.Config().require("voiceConnectorId")
    proxy_config = VoiceConnectorProxy(
        "proxy", voice_connector_id=vc, default_session_expiry_minutes=60,
        phone_number_pool_countries=["US"], fall_back_phone_number="+12065550199")
    ProxySession("ride-a", voice_connector_id=proxy_config.voice_connector_id,
                 participant_phone_numbers=["+12065550100", "+12065550101"],
                 capabilities=["Voice", "SMS"], name="Ride A", expiry_minutes=30,
                 number_selection_behavior="PreferSticky", geo_match_level="Country",
                 geo_match_params={"country": "US", "area_code": "206"})
    ProxySession("ride-b", voice_connector_id=proxy_config.voice_connector_id,
                 participant_phone_numbers=["+12065550102", "+12065550103"],
                 capabilities=["Voice"], keep_closed=True)


def config(endpoint_url: str, voice_connector_id: str) -> dict[str, auto.ConfigValue]:
    return {
        "aws:region": auto.ConfigValue("us-east-1"),
        "aws:endpoints": auto.ConfigValue(json.dumps([{"chimesdkvoice": endpoint_url}])),
        f"{PROJECT}:voiceConnectorId": auto.ConfigValue(voice_connector_id),
    }


def record(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    install = provision.ensure()
    emulator_file = out / "emulator.json"
    emulator_file.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as backend, running_emulator(state_file=emulator_file) as emulator:
        client = emulator.client()
        created = client.create_voice_connector(Name="recorded", RequireEncryption=False,
                                                AwsRegion="us-east-1")
        vc = str(created["VoiceConnector"]["VoiceConnectorId"])
        stack = workspace.inline_stack(STACK, PROJECT, program, install, Path(backend))
        stack.set_all_config(config(emulator.endpoint_url, vc))
        stack.up(on_output=print)
        deployment = json.dumps(stack.export_stack().deployment, indent=1, sort_keys=True)
        (out / "stack.json").write_text(deployment.replace(emulator.endpoint_url, ENDPOINT_PLACEHOLDER))
        (out / "config.json").write_text(json.dumps({"voiceConnectorId": vc}) + "\n")


if __name__ == "__main__":
    record(Path(sys.argv[1]))

"""A failed input check, as the real engine prints it, never shows a phone number or a name.

For a ``CheckFailure`` that names a property, the engine prints that input's value
(``property name value {&{{...}}} has a problem``), even when it came from secret
config. Every sensitive input of both resources (participant numbers, the session
name, the fallback number) is tried with values that break each kind of rule (count,
pattern, length, repeats, type), taken from secret config. The preview must fail,
name the property and the rule, and neither stdout, stderr nor the engine's events may
hold the values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto
from pulumi_chime_proxy import (
    ProxySession,
    ProxySessionArgs,
    VoiceConnectorProxy,
    VoiceConnectorProxyArgs,
)
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support

# floor: how the dynamic host reports check failures, at the oldest releases too.
pytestmark = [pytest.mark.engine, pytest.mark.floor]

#: Each case: the secret values, then what the failure must say (property path, rule).
CASES: dict[str, tuple[dict[str, Any], list[str]]] = {
    "count-and-pattern": (
        {"numbers": ["+14155550127", "+0415555012", "+14155550129"], "name": "Alice's Secret Ride!!"},
        ["participant_phone_numbers: must have exactly 2 numbers",
         "participant_phone_numbers[1]: value does not match pattern",
         "name: value does not match pattern"],
    ),
    "repeat-and-length": (
        {"numbers": ["+14155550131", "14155550131"], "name": "Bob Secret Ride To The Airport 1"},
        ["participant_phone_numbers: the two participants must be different numbers",
         "name: value does not match pattern"],
    ),
    "types": (
        {"numbers": [14155550133, 14155550134], "name": 4155550135},
        ["participant_phone_numbers[0]: expected string, got",
         "name: expected string, got"],
    ),
    "fallback-pattern": (
        {"fallback": "+0415555013"},
        ["fall_back_phone_number: value does not match pattern"],
    ),
    "fallback-type": (
        {"fallback": 14155550137},
        ["fall_back_phone_number: expected string, got"],
    ),
}


def needles(values: dict[str, Any]) -> set[str]:
    """Every plaintext form of the secret values: numbers with and without ``+``, names."""
    found: set[str] = set()
    for value in (*values.get("numbers", []), values.get("name"), values.get("fallback")):
        if value is None:
            continue
        text = str(value)
        found |= {text, text.lstrip("+")}
    return found


class CheckStack:
    """One stack whose program declares the resource of the case named in its config."""

    def __init__(self, emulator: Any, install: PulumiCli, backend_dir: Path) -> None:
        self.vc = support.voice_connector(emulator.client())
        self.bare = support.bare_voice_connector(emulator.client())
        self.stack = support.stack("check-secrets", self.program, install, backend_dir,
                                   emulator.endpoint_url)

    def program(self) -> None:
        config = pulumi.Config()
        secret = config.require_secret_object("values")
        if config.require("resource") == "session":
            ProxySession("ride", ProxySessionArgs(
                voice_connector_id=self.vc,
                participant_phone_numbers=secret.apply(lambda v: v["numbers"]),
                capabilities=["Voice", "SMS"],
                name=secret.apply(lambda v: v["name"])))
        else:
            VoiceConnectorProxy("proxy-config", VoiceConnectorProxyArgs(
                voice_connector_id=self.bare, default_session_expiry_minutes=60,
                phone_number_pool_countries=["US"],
                fall_back_phone_number=secret.apply(lambda v: v["fallback"])))

    def set_case(self, values: dict[str, Any]) -> None:
        self.stack.set_config("values", auto.ConfigValue(json.dumps(values), secret=True))
        self.stack.set_config("resource", auto.ConfigValue(
            "proxy_config" if "fallback" in values else "session"))


@pytest.fixture()
def check_stack(emulator: Any, pulumi_install: PulumiCli,
                backend_dir: Path) -> Iterator[CheckStack]:
    stack = CheckStack(emulator, pulumi_install, backend_dir)
    yield stack
    stack.stack.workspace.remove_stack(stack.stack.name, force=True)


def run_failing(operation: Any) -> tuple[str, list[str]]:
    """Run ``preview``/``up``, which must fail; return everything it printed and its events."""
    events: list[auto.EngineEvent] = []
    with pytest.raises(auto.errors.CommandError) as info:
        operation(on_event=events.append)
    return str(info.value), [json.dumps(e, default=lambda o: getattr(o, "__dict__", str(o)))
                             for e in events]  # CommandError's text holds stdout and stderr


def test_no_check_failure_prints_a_number_or_a_name(check_stack: CheckStack) -> None:
    for case, (values, said) in CASES.items():
        check_stack.set_case(values)
        operations = [check_stack.stack.preview]
        if case == "count-and-pattern":
            operations.append(check_stack.stack.up)  # up checks the same way
        for operation in operations:
            printed, events = run_failing(operation)
            for expected in said:
                assert expected in printed, f"{case}: {expected!r} not in:\n{printed}"
            assert "has a problem" in printed
            assert any("has a problem" in e for e in events)  # the events carry the diagnostics
            for needle in needles(values):
                assert needle not in printed, f"{case}: {needle} printed:\n{printed}"
                leaked = [e for e in events if needle in e]
                assert not leaked, f"{case}: {needle} in engine events: {leaked[:1]}"

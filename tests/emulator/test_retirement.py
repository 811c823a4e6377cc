"""Rehearsing the end of support: every operation the loaded model marks deprecated
answers as a retired API (400 or 403, quoting the model's message), switched at start
(``serve --end-of-support``) or at run time (admin route, ``emulator end-of-support``);
operations the model does not mark keep working."""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

import botocore
import pytest
from botocore.exceptions import ClientError
from botocore.model import Shape
from pulumi_chime_proxy.emulator import cli
from pulumi_chime_proxy.emulator.admin_client import AdminClient, AdminError
from pulumi_chime_proxy.servicemodel import spec

from tests import support

EXPECTED = {"bad-request": ("BadRequestException", 400), "forbidden": ("ForbiddenException", 403)}
DEPRECATED = sorted(name for name in spec.service_model().operation_names
                    if spec.operation(name).deprecated)


def placeholder(shape: Shape) -> Any:
    """A value botocore's client-side validation accepts for ``shape`` (the emulator
    refuses a retired operation before it looks at the input)."""
    if shape.type_name == "string":
        return "x" * max(1, int(shape.metadata.get("min", 1)))
    if shape.type_name in ("integer", "long"):
        return max(1, int(shape.metadata.get("min", 1)))
    if shape.type_name == "boolean":
        return True
    if shape.type_name == "list":
        return [placeholder(shape.member)] * max(1, int(shape.metadata.get("min", 1)))  # type: ignore[attr-defined]
    if shape.type_name == "structure":
        return required_input(shape)
    raise AssertionError(f"no placeholder for {shape.type_name}")


def required_input(shape: Any) -> dict[str, Any]:
    return {name: placeholder(shape.members[name]) for name in shape.required_members}


def call(client: Any, operation: str) -> Any:
    params = required_input(spec.operation(operation).input_shape) \
        if spec.operation(operation).input_shape else {}
    return getattr(client, botocore.xform_name(operation))(**params)


def test_the_model_marks_the_proxy_operations() -> None:
    assert {"CreateProxySession", "GetProxySession", "PutVoiceConnectorProxy"} <= set(DEPRECATED)


@pytest.mark.parametrize("mode", sorted(EXPECTED))
def test_every_deprecated_operation_answers_as_retired(emulator: Any, mode: str) -> None:
    client = emulator.client()
    vc = support.voice_connector(client)
    code, status = EXPECTED[mode]
    assert emulator.admin.end_of_support(mode) == mode
    for operation in DEPRECATED:
        with pytest.raises(ClientError) as refused:
            call(client, operation)
        error = refused.value.response
        assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == (code, status)
        assert error["Error"]["Message"] == \
            spec.service_data()["operations"][operation]["deprecatedMessage"], operation
    # Voice connectors are not retired: they still answer, and nothing was changed.
    assert client.get_voice_connector(VoiceConnectorId=vc)["VoiceConnector"]["Name"] == "vc"
    assert client.create_voice_connector(Name="other", RequireEncryption=False)
    assert emulator.admin.end_of_support("off") == "off"
    proxy = client.get_voice_connector_proxy(VoiceConnectorId=vc)["Proxy"]
    assert proxy["DefaultSessionExpiryMinutes"] == 60
    assert client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []


def test_reset_goes_back_to_the_mode_the_emulator_started_with(emulator: Any) -> None:
    emulator.admin.end_of_support("forbidden")
    emulator.admin.reset()
    assert emulator.admin.end_of_support() == "off"


@pytest.mark.parametrize("body", [
    {}, {"Mode": None}, {"Mode": 1}, {"Mode": True}, {"Mode": ["forbidden"]},
    {"Mode": ""}, {"Mode": "Forbidden"}, {"Mode": "forbidden "}, {"Mode": "x" * 100_000},
    {"Mode": "off", "Extra": 1},
])
def test_a_bad_switch_is_refused_and_changes_nothing(emulator: Any, body: dict[str, Any]) -> None:
    emulator.admin.end_of_support("bad-request")
    with pytest.raises(AdminError) as refused:
        emulator.admin._call("POST", "end-of-support", body)
    assert refused.value.status == 400 and len(str(refused.value)) < 300
    assert emulator.admin.end_of_support() == "bad-request"


def test_serve_starts_retired_and_the_command_switches_it(capsys: pytest.CaptureFixture[str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi_chime_proxy.emulator.cli", "emulator", "serve",
         "--port", "0", "--end-of-support", "forbidden"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        admin = AdminClient(url)
        assert admin.end_of_support() == "forbidden"
        assert cli.main(["emulator", "end-of-support", "off", "--endpoint", url]) == 0
        assert '"Mode": "off"' in capsys.readouterr().out
        admin.reset()
        assert admin.end_of_support() == "forbidden"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0


def test_serve_refuses_an_unknown_mode() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pulumi_chime_proxy.emulator.cli", "emulator", "serve",
         "--port", "0", "--end-of-support", "gone"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 2 and "invalid choice: 'gone'" in done.stderr
    assert "Traceback" not in done.stderr

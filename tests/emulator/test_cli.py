"""The ``chime-proxy emulator`` commands."""

from __future__ import annotations

import argparse
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from pulumi_chime_proxy.emulator import cli
from pulumi_chime_proxy.emulator.admin_client import AdminClient

from tests import support

from .test_api import create_session


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(["emulator", *argv])
    return code, capsys.readouterr().out


def test_serve_prints_its_url_first_and_stops_on_sigterm(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pulumi_chime_proxy.emulator.cli",
            "emulator",
            "serve",
            "--port",
            "0",
            "--state",
            str(state),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        admin = AdminClient(url)
        assert admin.state()["VoiceConnectors"] == []
        admin.advance_clock(10)
        admin.save()  # saves are coalesced: this one is on disk when it returns
        assert json.loads(state.read_text())["ClockOffsetSeconds"] == 10
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0


def test_admin_subcommands(
    capsys: pytest.CaptureFixture[str], client: Any, emulator: Any, voice_connector_id: str
) -> None:
    endpoint = ["--endpoint", emulator.endpoint_url]
    session = create_session(client, voice_connector_id)
    ps_id = session["ProxySessionId"]

    code, out = run(capsys, "state", *endpoint)
    assert code == 0 and json.loads(out)["ProxySessions"][0]["ProxySessionId"] == ps_id
    code, out = run(capsys, "advance-clock", "30", *endpoint)
    assert code == 0 and json.loads(out)["Clock"].endswith("Z")
    code, out = run(capsys, "set-status", voice_connector_id, ps_id, "InProgress", *endpoint)
    assert json.loads(out)["Status"] == "InProgress"
    code, out = run(
        capsys,
        "set-participant",
        voice_connector_id,
        ps_id,
        "1",
        "--proxy-phone-number",
        "+19995550000",
        *endpoint,
    )
    assert json.loads(out)["Participants"][1]["ProxyPhoneNumber"] == "+19995550000"
    code, out = run(
        capsys,
        "fault",
        "GetProxySession",
        "--error",
        "NotFoundException",
        "--count",
        "1",
        *endpoint,
    )
    assert json.loads(out)["FaultId"]
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_proxy_session(VoiceConnectorId=voice_connector_id, ProxySessionId=ps_id)
    run(capsys, "fault", "*", "--latency-ms", "1", "--rate", "0.5", *endpoint)
    assert run(capsys, "clear-faults", *endpoint)[0] == 0
    code, out = run(capsys, "calls", *endpoint)
    assert json.loads(out)["ByOperation"]["GetProxySession"] == 1
    assert run(capsys, "reset", *endpoint)[0] == 0
    assert emulator.admin.state()["ProxySessions"] == []


def test_endpoint_defaults_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cli.ENDPOINT_ENV, "http://127.0.0.1:1234")
    assert cli.default_endpoint() == "http://127.0.0.1:1234"
    monkeypatch.delenv(cli.ENDPOINT_ENV)
    assert cli.default_endpoint() == "http://127.0.0.1:4599"


def test_access_key_parsing() -> None:
    assert cli.parse_access_keys(["AKID1:s1", "AKID2"]) == {"AKID1": "s1", "AKID2": "testing"}


def test_dispatcher_registers_the_emulator_group(monkeypatch: pytest.MonkeyPatch) -> None:
    from pulumi_chime_proxy.cli import build_parser

    args = build_parser().parse_args(["emulator", "calls", "--endpoint", "http://x"])
    assert args.func is not None and args.endpoint == "http://x"
    monkeypatch.setenv(cli.ENDPOINT_ENV, "http://from-env:4599")
    assert build_parser().parse_args(["emulator", "calls"]).endpoint == "http://from-env:4599"
    monkeypatch.delenv(cli.ENDPOINT_ENV)
    assert build_parser().parse_args(["emulator", "calls"]).endpoint == f"http://{cli.DEFAULT_HOST}:{cli.DEFAULT_PORT}"


def test_admin_errors_are_messages_not_tracebacks(capsys: pytest.CaptureFixture[str], emulator: Any) -> None:
    code = cli.main(["emulator", "set-status", "vc", "ps", "Closed", "--endpoint", emulator.endpoint_url])
    assert code == 1
    assert "NotFoundException" in capsys.readouterr().err
    code = cli.main(["emulator", "calls", "--endpoint", "http://127.0.0.1:9"])
    assert code == 1
    assert "cannot reach" in capsys.readouterr().err


def test_create_voice_connector_prints_an_id_ready_for_sessions(
    capsys: pytest.CaptureFixture[str], client: Any
) -> None:
    endpoint = ["--endpoint", client.meta.endpoint_url]
    code, out = run(
        capsys,
        "create-voice-connector",
        "--name",
        "mine",
        "--country",
        "GB",
        "--default-expiry-minutes",
        "15",
        *endpoint,
    )
    assert code == 0
    vc_id = out.strip()
    assert client.get_voice_connector(VoiceConnectorId=vc_id)["VoiceConnector"]["Name"] == "mine"
    proxy = client.get_voice_connector_proxy(VoiceConnectorId=vc_id)["Proxy"]
    assert proxy["PhoneNumberCountries"] == ["GB"] and proxy["DefaultSessionExpiryMinutes"] == 15
    session = client.create_proxy_session(
        VoiceConnectorId=vc_id,
        Capabilities=["Voice"],
        ParticipantPhoneNumbers=["+442079460000", "+442079460001"],
    )
    assert session["ProxySession"]["Participants"][0]["ProxyPhoneNumber"].startswith("+44")


def test_create_voice_connector_no_proxy_leaves_the_configuration_to_the_program(
    capsys: pytest.CaptureFixture[str], client: Any
) -> None:
    code, out = run(capsys, "create-voice-connector", "--no-proxy", "--endpoint", client.meta.endpoint_url)
    assert code == 0
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_voice_connector_proxy(VoiceConnectorId=out.strip())


def test_create_voice_connector_reports_a_refusal_in_one_line(
    capsys: pytest.CaptureFixture[str], client: Any
) -> None:
    code = cli.main(
        ["emulator", "create-voice-connector", "--country", "XX", "--endpoint", client.meta.endpoint_url]
    )
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "BadRequestException" in err


def test_wait_returns_once_a_background_emulator_listens(capsys: pytest.CaptureFixture[str]) -> None:
    """`serve &` then `wait` in a script: no command after it races the server's start."""
    port = support.free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi_chime_proxy.emulator.cli", "emulator", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        endpoint = f"http://127.0.0.1:{port}"
        assert cli.main(["emulator", "wait", "--endpoint", endpoint, "--timeout", "60"]) == 0
        assert AdminClient(endpoint).state()["VoiceConnectors"] == []
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0


def test_wait_gives_up_in_one_line_when_nothing_listens(capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    assert cli.main(["emulator", "wait", "--endpoint", "http://127.0.0.1:9", "--timeout", "0.5"]) == 1
    assert time.monotonic() - started < 10
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("chime-proxy emulator: http://127.0.0.1:9 did not answer within 0.5 s")


@pytest.mark.parametrize("timeout", ["0", "-1", "nan", "inf", "3601"])
def test_wait_refuses_a_timeout_it_could_not_keep(capsys: pytest.CaptureFixture[str], timeout: str) -> None:
    assert cli.main(["emulator", "wait", "--endpoint", "http://127.0.0.1:9", "--timeout", timeout]) == 2
    assert capsys.readouterr().err == "chime-proxy emulator: --timeout must be from 0 to 3600 seconds\n"


def test_every_emulator_argument_says_what_it_is() -> None:
    """`--help` is where a user learns that set-participant's index is 0-based."""
    parser = argparse.ArgumentParser(prog="chime-proxy")
    commands = cli.register(parser.add_subparsers(dest="command", required=True))
    undocumented = [
        f"{name}: {entry}"
        for name, command in commands.items()
        for entry in _undocumented_arguments(command.format_help())
    ]
    assert undocumented == []
    assert "0-based" in commands["set-participant"].format_help()


def _undocumented_arguments(help_text: str) -> list[str]:
    """Argument entries (two-space indent) with no text beside them or on the deeper lines below."""
    lines = help_text.splitlines()
    missing = []
    for index, line in enumerate(lines):
        if not re.match(r"^  \S", line):
            continue
        beside = re.search(r"\S\s{2,}\S", line.strip())
        below = index + 1 < len(lines) and re.match(r"^ {3,}\S", lines[index + 1])
        if not (beside or below):
            missing.append(line.strip())
    return missing


def _parsers(parser: argparse.ArgumentParser, name: str) -> list[tuple[str, argparse.ArgumentParser]]:
    """``parser`` and every subcommand's parser below it, by command line."""
    found = [(name, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                found += _parsers(sub, f"{name} {sub_name}")
    return found


def test_every_option_with_a_default_states_it_in_its_help() -> None:
    """``--help`` alone is enough: an option a user may leave out says what it then is."""
    from pulumi_chime_proxy import cli as top

    silent = [
        f"{command} {action.option_strings[0]} (default {action.default!r})"
        for command, parser in _parsers(top.build_parser(), "chime-proxy")
        for action in parser._actions
        if action.option_strings and action.default not in (None, False, argparse.SUPPRESS)
        and action.help is not argparse.SUPPRESS and "default" not in (action.help or "")
        and not isinstance(action, argparse._StoreConstAction)
    ]
    assert silent == []


def test_the_help_names_what_a_user_without_the_repository_needs(
        capsys: pytest.CaptureFixture[str]) -> None:
    from pulumi_chime_proxy import cli as top

    with pytest.raises(SystemExit):
        top.main(["drift", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "PULUMI_BACKEND_URL" in text and "PULUMI_CONFIG_PASSPHRASE" in text
    # --summary-file serves one stack as well as --all-stacks: not in the fleet group
    assert text.index("--summary-file PATH also") < text.index("every stack of the project (--all-stacks):")
    with pytest.raises(SystemExit):
        top.main(["emulator", "serve", "--help"])
    assert f"port to listen on (default: {cli.DEFAULT_PORT};" in " ".join(capsys.readouterr().out.split())
    endpoints = {command: action.help for command, parser in _parsers(top.build_parser(), "chime-proxy")
                 for action in parser._actions if "--endpoint" in action.option_strings}
    assert endpoints and all(f"else http://{cli.DEFAULT_HOST}:{cli.DEFAULT_PORT})" in str(text)
                             for text in endpoints.values()), endpoints
    # Every help ends where the runbook is in this installation, not at a repository path.
    for command, parser in _parsers(top.build_parser(), "chime-proxy"):
        last = parser.format_help().rstrip().splitlines()[-1]
        installed = last.removeprefix("docs/end-of-support.md is installed with the package: ")
        assert installed != last and Path(installed).is_file(), f"{command}: {last}"

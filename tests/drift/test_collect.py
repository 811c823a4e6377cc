"""Pure parts of collect: where the backend is, how CLI failures become one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy.aws.settings import ClientSettings
from pulumi_chime_proxy.drift import collect
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.support import voice_connector


def test_the_gate_passes_no_backend_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever lies in the project (a demo's .pulumi-state), pulumi decides the backend."""
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    (tmp_path / ".pulumi-state").mkdir()
    install = PulumiCli(bin_dir=tmp_path / "bin", version="3.259.0", source="path")
    assert "PULUMI_BACKEND_URL" not in workspace.engine_env(install)


def test_a_passphrase_file_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install = PulumiCli(bin_dir=tmp_path / "bin", version="3.259.0", source="path")
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE", raising=False)
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE_FILE", str(tmp_path / "pass"))
    assert "PULUMI_CONFIG_PASSPHRASE" not in workspace.engine_env(install)
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE_FILE")
    assert workspace.engine_env(install)["PULUMI_CONFIG_PASSPHRASE"] == workspace.DEFAULT_PASSPHRASE
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "mine")
    assert workspace.engine_env(install)["PULUMI_CONFIG_PASSPHRASE"] == "mine"


def test_command_error_line_prefers_the_provider_failure() -> None:
    stderr = (
        "warning: something\n"
        "error: preview failed\n"
        "    error: Exception: GetProxySession failed for proxy session p1 on voice connector v1: "
        "EndpointConnectionError: Could not connect\n"
    )
    exc = auto.CommandError(auto.CommandResult(stdout="", stderr=stderr, code=255))
    line = collect.command_error_line(exc)
    assert line.startswith("Exception: GetProxySession failed for proxy session p1")
    assert "\n" not in line


def failed(stderr: str) -> auto.CommandError:
    return auto.CommandError(auto.CommandResult(stdout="", stderr=stderr, code=255))


def test_command_error_line_carries_the_engines_reason_not_preview_failed() -> None:
    """A protected resource that must be replaced: the reason and the way out."""
    stderr = (
        "    pulumi:pulumi:Stack prot-dev running error: preview failed\n"
        "Diagnostics:\n  pulumi:pulumi:Stack (prot-dev):\n    error: preview failed\n\n"
        "  pulumi-python:dynamic/chime:ProxySession (ride):\n"
        '    error: unable to replace resource "urn:pulumi:dev::p::t::ride"\n'
        "    as it is currently marked for protection. To unprotect the resource, remove the "
        "`protect` flag from the resource in your Pulumi program and run `pulumi up`\n\n"
        "Resources:\n    +-1 to replace\n"
    )
    line = collect.command_error_line(failed(stderr))
    assert line.startswith('unable to replace resource "urn:pulumi:dev::p::t::ride" as it is currently '
                           "marked for protection. To unprotect the resource, remove the `protect` flag")
    assert "Resources" not in line


def test_command_error_line_lists_every_reason_of_a_broken_project() -> None:
    stderr = ("error: could not load current project: could not validate 'Pulumi.yaml': 2 errors occurred:\n"
              "\t* #/runtime: expected string, but got number\n"
              "\t* #/main: expected string or null, but got array\n")
    line = collect.command_error_line(failed(stderr))
    assert line.endswith("2 errors occurred: * #/runtime: expected string, but got number "
                         "* #/main: expected string or null, but got array")


class _RecordingCommand:
    """Stands in for the CLI: keeps the arguments, then fails as a CLI would."""

    def __init__(self) -> None:
        self.args: list[str] = []

    def run(self, args: list[str], cwd: str, env: dict[str, str]) -> None:
        self.args = list(args)
        raise auto.CommandError(auto.CommandResult(stdout="", stderr="error: stop here", code=255))


class _Workspace:
    def __init__(self) -> None:
        self.pulumi_command = _RecordingCommand()


class _Stack:
    name = "dev"

    def __init__(self) -> None:
        self.workspace = _Workspace()


def _preview_args(tmp_path: Path, resource_count: int) -> list[str]:
    from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

    stack = _Stack()
    install = PulumiCli(bin_dir=tmp_path, version="3.259.0", source="path")
    with pytest.raises(collect.DriftError, match="refresh preview failed"):
        collect.refresh_preview(stack, tmp_path, install, lambda _m: None,  # type: ignore[arg-type]
                                resource_count=resource_count)
    return stack.workspace.pulumi_command.args


def test_the_gate_refreshes_every_recorded_resource_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With shards, reads run on every host at once only if --parallel covers the state."""
    monkeypatch.delenv("PULUMI_PARALLEL", raising=False)
    args = _preview_args(tmp_path, resource_count=1203)
    assert args[args.index("--parallel") + 1] == "1203"
    monkeypatch.setenv("PULUMI_PARALLEL", "6")  # the user's choice stands
    assert "--parallel" not in _preview_args(tmp_path, resource_count=1203)


def test_recorded_resource_count_includes_providers() -> None:
    state = collect.RecordedState(ids={"urn:a": "1", "urn:b": "2", "urn:stack": ""}, outputs={},
                                  provider_config={"urn:p::id": {}}, providers={})
    assert state.resource_count == 4


@pytest.mark.parametrize(("settings_url", "url", "environ", "origin"), [
    ("http://127.0.0.1:4599", "http://127.0.0.1:4599", {}, "aws:endpoints"),
    # A setting wins over the environment, as boto3 lets endpoint_url win.
    ("http://127.0.0.1:4599", "http://127.0.0.1:4599",
     {"AWS_ENDPOINT_URL_CHIME_SDK_VOICE": "http://other:1"}, "aws:endpoints"),
    (None, "http://127.0.0.1:9", {"AWS_ENDPOINT_URL_CHIME_SDK_VOICE": "http://127.0.0.1:9/"},
     "AWS_ENDPOINT_URL_CHIME_SDK_VOICE"),
    (None, "http://127.0.0.1:9", {"AWS_ENDPOINT_URL": "http://127.0.0.1:9"}, "AWS_ENDPOINT_URL"),
    # A variable boto3 did not use (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) is not named.
    (None, "https://voice-chime.us-east-1.amazonaws.com",
     {"AWS_ENDPOINT_URL_CHIME_SDK_VOICE": "http://127.0.0.1:9"}, "AWS"),
    (None, "https://voice-chime.cn-north-1.amazonaws.com.cn", {}, "AWS"),
    (None, "http://10.0.0.5:4599", {}, "the AWS config file"),
])
def test_url_origin_names_what_chose_the_url(settings_url: str | None, url: str,
                                             environ: dict[str, str], origin: str) -> None:
    settings = ClientSettings(region="us-east-1", endpoint_url=settings_url)
    assert collect.url_origin(settings, url, "aws:endpoints", environ) == origin


def test_the_reported_endpoint_is_the_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting names a URL or a region: the report has the ones boto3 resolved."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", "http://127.0.0.1:4599")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    monkeypatch.delenv("AWS_REGION", raising=False)
    _, endpoint = collect.endpoint_settings({}, None)
    assert (endpoint.url, endpoint.region, endpoint.url_from) == (
        "http://127.0.0.1:4599", "eu-central-1", "AWS_ENDPOINT_URL_CHIME_SDK_VOICE")


@pytest.mark.parametrize(("max_attempts", "throttles", "lists"),
                         [("3", 3, False), (None, 3, True)])
def test_the_live_listing_retries_as_the_provider_does(
    emulator: Any, max_attempts: str | None, throttles: int, lists: bool,
) -> None:
    """chime-proxy:maxAttempts, which the error advises raising, governs the listing too."""
    vc = voice_connector(emulator.client())
    recorded = {"aws:region": "us-east-1", "chime-proxy:maxAttempts": max_attempts,
                "aws:endpoints": json.dumps([{"chimesdkvoice": emulator.endpoint_url}])}
    settings, _ = collect.endpoint_settings(recorded, None)
    emulator.admin.inject_fault("ListProxySessions", error="ThrottledClientException", count=throttles)
    if lists:
        assert collect.live_listing(settings, [vc], lambda _line: None) == []
    else:
        with pytest.raises(collect.DriftError, match="chime-proxy:maxAttempts"):
            collect.live_listing(settings, [vc], lambda _line: None)


def test_the_end_of_support_line_keeps_its_way_out_whole() -> None:
    """The longest provider failure there is (the model's message with its URL, then the
    advice) still ends with the runbook, without the host's module path before it."""
    from botocore.exceptions import ClientError
    from pulumi_chime_proxy.aws.errors import ChimeProxyError
    from pulumi_chime_proxy.servicemodel import end_of_support

    refusal = ClientError({"Error": {"Code": "ForbiddenException",
                                     "Message": end_of_support.deprecation("GetProxySession") or ""}},
                          "GetProxySession")
    error = ChimeProxyError("GetProxySession", "proxy session " + "p" * 22 + " on voice connector "
                            + "v" * 22, refusal)
    # As the Python host of pulumi >= 3.260 prints it: the traceback's last line.
    stderr = ("error: preview failed\n    error: Preview failed: Traceback (most recent call last):\n"
              f"    File x, line 1\n    pulumi_chime_proxy.aws.errors.ChimeProxyError: {error}\n")
    line = collect.command_error_line(failed(stderr))
    assert line.startswith("ChimeProxyError: GetProxySession failed for proxy session")
    assert line.endswith("then destroy or refresh: docs/end-of-support.md)")

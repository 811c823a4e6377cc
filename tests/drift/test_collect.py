"""Pure parts of collect: where the backend is, how CLI failures become one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi import automation as auto
from pulumi_chime_proxy.drift import collect


def test_backend_env_wins_then_project_state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    assert collect.backend_dir_for(tmp_path) is None  # Pulumi's own default login
    (tmp_path / ".pulumi-state").mkdir()
    assert collect.backend_dir_for(tmp_path) == tmp_path / ".pulumi-state"
    monkeypatch.setenv("PULUMI_BACKEND_URL", "file:///elsewhere")
    assert collect.backend_dir_for(tmp_path) is None  # engine_env passes the env through


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

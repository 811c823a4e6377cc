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

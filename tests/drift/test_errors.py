"""A failed check prints one line, with every phone number in it masked."""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi_chime_proxy.drift import collect

from .conftest import run_cli


@pytest.mark.parametrize("error", [
    collect.DriftError("refresh preview failed: GetProxySession failed for +12065550100 (Alice)"),
    RuntimeError("botocore said: participant 12065550101 is invalid"),
])
def test_errors_mask_numbers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, error: Exception) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(collect, "collect", fail)
    run = run_cli("drift", "--stack", "dev", "--cwd", str(tmp_path))
    assert run.code == 1 and run.out == ""
    (line,) = run.err.strip().splitlines()
    assert line.startswith("chime-proxy drift: error: ")
    assert "2065550100" not in line and "2065550101" not in line
    assert "+1******00" in line or "1******01" in line

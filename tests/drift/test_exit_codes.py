"""The drift gate's exit status in each style, and a style the CLI does not know."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pulumi_chime_proxy.drift import cli

CHIME_PROXY = Path(sys.executable).parent / "chime-proxy"


@pytest.mark.parametrize(("style", "expected"), [
    ("terraform", {cli.EXIT_OK: 0, cli.EXIT_DRIFT: 2, cli.EXIT_ERROR: 1}),
    ("pulumi", {cli.EXIT_OK: 0, cli.EXIT_DRIFT: 7, cli.EXIT_ERROR: 1}),
])
def test_each_verdict_has_one_status_per_style(style: str, expected: dict[int, int]) -> None:
    assert {verdict: cli.exit_status(verdict, style) for verdict in expected} == expected


def test_an_unknown_style_is_a_usage_error_naming_the_choices(tmp_path: Path) -> None:
    done = subprocess.run([str(CHIME_PROXY), "drift", "--exit-code-style", "azure"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "--exit-code-style" in done.stderr and "'pulumi'" in done.stderr and "'terraform'" in done.stderr


@pytest.mark.parametrize("argv", [["--exit-code-style", "azure"], ["--jobs", "0"], ["--bogus"],
                                  ["--json", "--markdown"], ["extra"]])
def test_a_usage_error_of_the_gate_exits_1_never_2_which_means_drift(tmp_path: Path, argv: list[str]) -> None:
    done = subprocess.run([str(CHIME_PROXY), "drift", *argv], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "chime-proxy drift: error:" in done.stderr and "Traceback" not in done.stderr

"""examples/pipeline/drift-gate.sh fails the job on a drifted stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DriftedProject

pytestmark = pytest.mark.engine

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "pipeline" / "drift-gate.sh"


def test_gate_fails_on_drift_and_writes_summary_and_report(drifted: DriftedProject, tmp_path: Path) -> None:
    summary, report = tmp_path / "summary.md", tmp_path / "drift.json"
    env = os.environ | drifted.env | {
        "STACK": "dev",
        "CHIME_PROXY": str(Path(sys.executable).parent / "chime-proxy"),
        "GITHUB_STEP_SUMMARY": str(summary),
        "DRIFT_REPORT": str(report),
    }
    proc = subprocess.run(["bash", str(SCRIPT), str(drifted.project)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert "drift-gate: DRIFT in stack dev" in proc.stderr
    assert summary.read_text().startswith("### :warning: chime-proxy drift: `dev`")
    assert json.loads(report.read_text())["drift"] is True
    # Outside GitHub Actions the same one check writes drift-summary.md and prints it.
    local = tmp_path / "local"
    local.mkdir()
    env.pop("GITHUB_STEP_SUMMARY")
    env["DRIFT_REPORT"] = str(local / "drift.json")
    earlier = "### :white_check_mark: an earlier run's summary: no drift\n"
    (local / "drift-summary.md").write_text(earlier)  # a failing run never opens with it
    proc = subprocess.run(["bash", str(SCRIPT), str(drifted.project)], env=env, cwd=local,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    written = (local / "drift-summary.md").read_text()
    assert written.startswith("### :warning: chime-proxy drift: `dev`") and written in proc.stdout
    assert earlier not in written and earlier not in proc.stdout
    assert json.loads((local / "drift.json").read_text())["drift"] is True

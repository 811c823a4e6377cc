"""examples/pipeline/drift-gate.sh fails the job on a drifted stack."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def test_the_nightly_recipe_notifies_once_per_new_finding(drifted: DriftedProject, tmp_path: Path,
                                                          _emulator_server: Any) -> None:
    """examples/pipeline/nightly-drift.yml's steps: the gate with the last report as its
    baseline, then this report kept as the next one's. The first night fails on every
    finding, the next passes while nothing new drifts, and a new finding fails it again,
    named new beside the ones still there."""
    baseline, report = tmp_path / "drift-baseline.json", tmp_path / "drift-report.json"
    env = os.environ | drifted.env | {
        "STACK": "dev", "CHIME_PROXY": str(Path(sys.executable).parent / "chime-proxy"),
        "BASELINE": str(baseline), "DRIFT_REPORT": str(report), "DRIFT_SUMMARY": str(tmp_path / "s.md")}
    env.pop("GITHUB_STEP_SUMMARY", None)

    def night() -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["bash", str(SCRIPT), str(drifted.project)], env=env, capture_output=True,
                              text=True, timeout=300, check=False)
        if report.stat().st_size:
            shutil.copy(report, baseline)  # the workflow's "next run's baseline" step
        return done

    first = night()
    assert first.returncode == 2 and "drift-gate: DRIFT in stack dev" in first.stderr, first.stderr
    calm = night()
    assert calm.returncode == 0, calm.stderr
    assert "No new drift to act on" in calm.stdout and "still" in calm.stdout
    client = _emulator_server.client()
    stray = client.create_proxy_session(VoiceConnectorId=drifted.vc, Capabilities=["Voice"],
                                        ParticipantPhoneNumbers=["+12065550170", "+12065550171"])
    try:
        new = night()
        assert new.returncode == 2 and "drift-gate: NEW DRIFT in stack dev" in new.stderr
        assert f"{stray['ProxySession']['ProxySessionId']} [new]" in new.stdout
        assert night().returncode == 0  # reported once
    finally:
        client.delete_proxy_session(VoiceConnectorId=drifted.vc,
                                    ProxySessionId=stray["ProxySession"]["ProxySessionId"])
    healed = night()
    assert healed.returncode == 0 and "Resolved since the baseline" in healed.stdout

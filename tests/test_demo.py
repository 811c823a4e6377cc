"""The README's main command (``make demo`` runs ``python -m chime_proxy_dev demo``) works end
to end."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from chime_proxy_dev.cli import main

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.engine


def test_demo_runs_root_stack_and_leaves_nothing(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / name, project / name)
    (project / ".venv").symlink_to(Path(sys.executable).parent.parent)
    assert main(["demo", "--cwd", str(project)]) == 0
    out = capsys.readouterr().out
    assert "ride-1002  Closed" in out  # refresh --run-program brought the expiry into outputs
    assert "+-1 replaced" in out and "- 4 deleted" in out
    assert "+12065550100" not in out  # participants stay secret in every step's output

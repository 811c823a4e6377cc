"""The README's main command (``make demo`` runs ``python -m chime_proxy_dev demo``) works end
to end."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from chime_proxy_dev.cli import main
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.engine


@pytest.fixture()
def own_environment() -> Iterator[None]:
    """The demo, a command that owns its process, sets the environment for its own steps
    (demo keys, the backend); the tests that run after it in this process must not see it."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.mark.usefixtures("own_environment")
def test_demo_runs_root_stack_and_leaves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 pulumi_install: PulumiCli) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / name, project / name)
    (project / ".venv").symlink_to(Path(sys.executable).parent.parent)
    assert main(["demo", "--cwd", str(project)]) == 0
    out = capsys.readouterr().out
    assert "ride-1002  Closed" in out  # refresh --run-program brought the expiry into outputs
    assert "+-1 replaced" in out and "- 4 deleted" in out
    named = out.split("what the plan names:")[1].split("==>")[0]
    assert "ride-1003 update [diff: ~capabilities]" in named
    assert "ride-1002 replace [diff: -status]" in named
    assert "ride-1001" not in named  # a call in progress is not drift
    assert "chime-proxy drift exited 2 before healing and 0 after" in out
    assert "+12065550100" not in out and "Ride 1001" not in out  # secrets in no step's output
    stored = "".join(p.read_text(errors="replace") for p in (project / ".pulumi-state").rglob("*")
                     if p.is_file())  # checkpoints, history and backups
    assert "12065550100" not in stored and "Ride 1001" not in stored

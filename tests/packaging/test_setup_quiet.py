"""``make setup`` prints no setuptools warning: the two local packages install the way the
Makefile installs them (this package editable, the generated SDK as a user installs it)
without one, and the form the Makefile gave up (the SDK editable) is shown to warn, so this
test can tell the difference."""

from __future__ import annotations

import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = (ROOT / "Makefile").read_text()
QUIET = re.search(r"^PIP_QUIET\s*:=\s*(.+)$", MAKEFILE, re.M)


def _install(tmp_path: Path, *targets: str) -> str:
    """pip's stderr after installing ``targets`` (no dependencies) into a new virtualenv."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    assert QUIET is not None
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(env_dir / "bin" / "python"), "install",
         *QUIET.group(1).split(), "--no-deps", *targets],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


@pytest.mark.parametrize("targets", [("-e", "."), ("./sdk/python",)], ids=["package", "sdk"])
def test_the_makefile_installs_each_package_without_a_warning(tmp_path: Path,
                                                              targets: tuple[str, ...]) -> None:
    recipe = " ".join(targets)
    assert re.search(rf"pip install \$\(PIP_QUIET\).* {re.escape(recipe)}(\s|'|$)", MAKEFILE.replace(
        "'.[dev]'", "."), re.M), f"the Makefile no longer installs {recipe}"
    assert "Warning" not in _install(tmp_path, *targets)


def test_an_editable_sdk_would_warn(tmp_path: Path) -> None:
    assert "Editable installation" in _install(tmp_path, "-e", "./sdk/python")

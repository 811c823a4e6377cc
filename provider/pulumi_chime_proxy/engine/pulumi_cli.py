"""The ``pulumi`` CLI that the drift check drives: the one on PATH, as the Automation API uses.

The package never installs or builds a CLI. When none is on PATH, or the one there is
older than the engine features we rely on, the error says in one line what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Version = tuple[int, int, int]

#: The oldest Pulumi CLI this package works with. ``preview --refresh`` must call the
#: provider's diff during refresh (3.120) and ``refresh --run-program`` exists from 3.160;
#: the Automation API of the SDK versions we allow needs no newer CLI than this.
MINIMUM_VERSION: Version = (3, 160, 0)
INSTALL_HINT = "https://www.pulumi.com/docs/iac/download-install/"


class PulumiCliError(RuntimeError):
    """No usable ``pulumi`` CLI; the message is one line telling what to install."""


@dataclass(frozen=True)
class PulumiCli:
    """A usable Pulumi CLI: ``bin_dir`` holds ``pulumi`` (and, for Python, its plugins)."""

    bin_dir: Path
    version: str
    source: str  # "path", "cache" or "built"

    @property
    def root(self) -> Path:
        """The directory the Automation API's ``PulumiCommand(root=...)`` expects."""
        return self.bin_dir.parent


def parse_version(text: str) -> Version | None:
    """Parse ``pulumi version`` output (``v3.259.0``, ``3.259.0-dev.0``) to a triple."""
    match = re.search(r"v?(\d+)\.(\d+)\.(\d+)", text.strip())
    if not match:
        return None
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def format_version(version: Version) -> str:
    return ".".join(str(part) for part in version)


def run_version(binary: str) -> str:
    """``pulumi version`` of ``binary`` (stdout; empty if it fails)."""
    env = dict(os.environ, PULUMI_SKIP_UPDATE_CHECK="true")
    try:
        out = subprocess.run([binary, "version"], capture_output=True, text=True, timeout=60,
                             env=env, check=False)
    except OSError:
        return ""
    return out.stdout


def too_old_message(binary: str, found_text: str, minimum: Version = MINIMUM_VERSION) -> str:
    shown = found_text.strip() or "an unknown version"
    return (f"the pulumi CLI at {binary} is {shown}; pulumi-chime-proxy needs Pulumi CLI "
            f"v{format_version(minimum)} or newer (3.x): install it from {INSTALL_HINT}")


def missing_message(minimum: Version = MINIMUM_VERSION) -> str:
    return (f"no `pulumi` CLI on PATH: install Pulumi CLI v{format_version(minimum)} or newer "
            f"from {INSTALL_HINT} and put it on PATH")


def find(
    which: Callable[[str], str | None] = shutil.which,
    version_of: Callable[[str], str] = run_version,
    minimum: Version = MINIMUM_VERSION,
) -> PulumiCli:
    """The ``pulumi`` on PATH if it is at least ``minimum`` (and a 3.x), else PulumiCliError."""
    binary = which("pulumi")
    if not binary:
        raise PulumiCliError(missing_message(minimum))
    found_text = version_of(binary)
    found = parse_version(found_text)
    if found is None or found[0] != minimum[0] or found < minimum:
        raise PulumiCliError(too_old_message(binary, found_text, minimum))
    return PulumiCli(bin_dir=Path(binary).resolve().parent,
                     version=format_version(found), source="path")

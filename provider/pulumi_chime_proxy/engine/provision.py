"""Find or build the pinned Pulumi CLI, so that every machine runs the real engine.

No package registry we can reach ships the Pulumi CLI binary, so when no suitable
``pulumi`` is on PATH we build the pinned release from Go modules into a per-user
cache (see ``shared/ENGINEERING.md`` §4 for the facts this relies on). The pinned
release is the installed Python SDK's own version, so CLI and SDK always match.

Layout of a cached install (``<cache>/pulumi-v<version>/``)::

    bin/pulumi                          the CLI, version stamped
    bin/pulumi-language-python          our language host (see language_host.py)
    bin/pulumi-language-python-exec     from the sdk/v3 module, runs a program
    bin/pulumi-resource-pulumi-python   from the sdk/v3 module, dynamic providers
    install.json                        written last: marks a complete install
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version as dist_version
from pathlib import Path

PKG_MODULE = "github.com/pulumi/pulumi/pkg/v3"
SDK_MODULE = "github.com/pulumi/pulumi/sdk/v3"
CLI_PACKAGE = f"{PKG_MODULE}/cmd/pulumi"
VERSION_SYMBOL = f"{SDK_MODULE}/go/common/version.Version"
CACHE_ENV = "CHIME_PROXY_PULUMI_CACHE"
MARKER = "install.json"
SUPPORT_SCRIPTS = ("pulumi-language-python", "pulumi-resource-pulumi-python")

Version = tuple[int, int, int]
Log = Callable[[str], None]


class ProvisionError(RuntimeError):
    """The CLI could not be found or built; the message says what to do."""


@dataclass(frozen=True)
class Install:
    """A usable Pulumi CLI: ``bin_dir`` holds ``pulumi`` and the Python plugins."""

    bin_dir: Path
    version: str
    source: str  # "path", "cache" or "built"

    @property
    def root(self) -> Path:
        """The directory the Automation API's ``PulumiCommand(root=...)`` expects."""
        return self.bin_dir.parent


def pinned_version() -> str:
    """The release we pin: the installed Pulumi Python SDK's version."""
    return dist_version("pulumi")


def parse_version(text: str) -> Version | None:
    """Parse ``pulumi version`` output (``v3.259.0``, ``3.259.0-dev.0``) to a triple."""
    match = re.search(r"v?(\d+)\.(\d+)\.(\d+)", text.strip())
    if not match:
        return None
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def is_acceptable(found: Version | None, pinned: Version) -> bool:
    """A CLI on PATH is used when it is the pinned release or a newer 3.x."""
    return found is not None and found[0] == pinned[0] and found >= pinned


def cache_root() -> Path:
    """Per-user cache outside the repo; ``CHIME_PROXY_PULUMI_CACHE`` overrides it."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pulumi-chime-proxy"


def install_dir(version: str, root: Path | None = None) -> Path:
    return (root or cache_root()) / f"pulumi-v{version}"


def cached_install(version: str, root: Path | None = None) -> Install | None:
    """A complete cached install of ``version``, or None."""
    directory = install_dir(version, root)
    bin_dir = directory / "bin"
    if not (directory / MARKER).is_file():
        return None
    if not all(os.access(bin_dir / name, os.X_OK) for name in ("pulumi", *SUPPORT_SCRIPTS)):
        return None
    return Install(bin_dir=bin_dir, version=version, source="cache")


def _run_version(binary: str) -> str:
    env = dict(os.environ, PULUMI_SKIP_UPDATE_CHECK="true")
    out = subprocess.run(
        [binary, "version"], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    return out.stdout


def on_path(
    pinned: str,
    which: Callable[[str], str | None] = shutil.which,
    run_version: Callable[[str], str] = _run_version,
    log: Log = lambda _msg: None,
) -> Install | None:
    """The ``pulumi`` on PATH if it is acceptable and has the Python plugins beside it."""
    binary = which("pulumi")
    if not binary:
        return None
    found_text = run_version(binary)
    found = parse_version(found_text)
    want = parse_version(pinned)
    assert want is not None
    if not is_acceptable(found, want):
        log(f"pulumi on PATH ({binary}, {found_text.strip() or 'unknown version'}) "
            f"is not v{pinned} or a newer 3.x: not using it")
        return None
    bin_dir = Path(binary).resolve().parent
    missing = [s for s in SUPPORT_SCRIPTS if not (bin_dir / s).exists() and not which(s)]
    if missing:
        log(f"pulumi on PATH ({binary}) lacks {', '.join(missing)}: not using it")
        return None
    return Install(bin_dir=bin_dir, version=found_text.strip().lstrip("v"), source="path")


def ensure(log: Log | None = None, pinned: str | None = None, root: Path | None = None) -> Install:
    """Return a usable CLI: PATH if acceptable, else the cache, else build into the cache."""
    say: Log = log or _stderr
    version = pinned or pinned_version()
    found = on_path(version, log=say)
    if found:
        say(f"using pulumi v{found.version} from PATH ({found.bin_dir})")
        return found
    cached = cached_install(version, root)
    if cached:
        say(f"using cached pulumi v{version} ({cached.bin_dir})")
        return cached
    say(f"no cached pulumi v{version}: building it from Go modules (first run only)")
    return build(version, install_dir(version, root), say)


def _stderr(message: str) -> None:
    print(f"[pulumi-cli] {message}", file=sys.stderr, flush=True)


# --- building from Go modules -------------------------------------------------------


def _go() -> str:
    go = shutil.which("go")
    if not go:
        raise ProvisionError(
            "No `pulumi` CLI on PATH and no Go toolchain to build one. Install Go 1.25 or newer "
            "(e.g. `apt-get install golang-go` or https://go.dev/dl/), or put Pulumi CLI "
            f"v{pinned_version()} (with its Python plugins) on PATH, then run this again."
        )
    return go


def _go_json(go: str, args: list[str], cwd: Path, env: dict[str, str]) -> dict[str, str]:
    out = subprocess.run(
        [go, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if out.returncode != 0 and not out.stdout:
        raise ProvisionError(f"`go {' '.join(args)}` failed:\n{out.stderr.strip()}")
    data: dict[str, str] = json.loads(out.stdout)
    if data.get("Error"):
        raise ProvisionError(f"`go {' '.join(args)}` failed: {data['Error']}")
    return data


def non_local_replaces(go_mod: str) -> list[str]:
    """The ``replace`` directives of a go.mod that do not point at a local path.

    ``pkg/v3`` replaces ``sdk/v3`` with ``../sdk`` (useless outside its repo) but also
    pins forks, e.g. ``github.com/atotto/clipboard``; the wrapper module needs those.
    """
    lines: list[str] = []
    in_block = False
    for raw in go_mod.splitlines():
        line = raw.split("//", 1)[0].strip()
        if in_block:
            if line == ")":
                in_block = False
                continue
            body = line
        elif line.startswith("replace ("):
            in_block = True
            continue
        elif line.startswith("replace "):
            body = line[len("replace "):].strip()
        else:
            continue
        if not body or "=>" not in body:
            continue
        target = body.split("=>", 1)[1].strip()
        if target.startswith(("./", "../", "/")):
            continue
        lines.append(body)
    return lines


def wrapper_go_mod(version: str, go_directive: str, replaces: list[str]) -> str:
    """go.mod of the small module that builds the CLI at ``version``."""
    text = [
        "module chimeproxy.local/pulumicli",
        "",
        f"go {go_directive}",
        "",
        "require (",
        f"\t{PKG_MODULE} v{version}",
        f"\t{SDK_MODULE} v{version}",
        ")",
        "",
    ]
    text += [f"replace {r}" for r in replaces]
    return "\n".join(text) + "\n"


def language_host_script() -> str:
    """The ``pulumi-language-python`` plugin: our Python host, in the program's venv."""
    return """#!/bin/sh
# pulumi-language-python, installed by pulumi-chime-proxy (pulumi_chime_proxy/engine/language_host.py).
# The engine starts it in the program's directory; prefer that project's .venv.
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${PULUMI_PYTHON_CMD:-}" ]; then py=$PULUMI_PYTHON_CMD
elif [ -x "$PWD/.venv/bin/python" ]; then py=$PWD/.venv/bin/python
elif [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then py=$VIRTUAL_ENV/bin/python
else py=python3
fi
exec "$py" -u -m pulumi_chime_proxy.engine.language_host --exec "$here/pulumi-language-python-exec" "$@"
"""


def build(version: str, dest: Path, log: Log) -> Install:
    """Build ``pulumi`` v``version`` and install it with its Python plugins into ``dest``."""
    go = _go()
    started = time.monotonic()
    dest.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, GOFLAGS="-mod=mod", GOTOOLCHAIN="local")
    with tempfile.TemporaryDirectory(prefix="pulumi-build-", dir=dest.parent) as tmp:
        work = Path(tmp) / "module"
        work.mkdir()
        staging = Path(tmp) / "install"
        (staging / "bin").mkdir(parents=True)

        log(f"[1/5] downloading {PKG_MODULE}@v{version} metadata")
        pkg = _go_json(go, ["mod", "download", "-json", f"{PKG_MODULE}@v{version}"], work, env)
        pkg_mod = Path(pkg["GoMod"]).read_text()
        go_line = re.search(r"^go\s+(\S+)", pkg_mod, re.M)
        (work / "go.mod").write_text(
            wrapper_go_mod(version, go_line.group(1) if go_line else "1.24",
                           non_local_replaces(pkg_mod))
        )
        (work / "tools.go").write_text(
            f'//go:build tools\n\npackage tools\n\nimport _ "{CLI_PACKAGE}"\n'
        )

        log("[2/5] resolving dependencies (go mod tidy)")
        _run([go, "mod", "tidy"], work, env)

        log("[3/5] compiling the CLI (several minutes on 2 cores)")
        ldflags = f"-s -w -X {VERSION_SYMBOL}=v{version}"
        _run([go, "build", "-trimpath", "-ldflags", ldflags, "-o",
              str(staging / "bin" / "pulumi"), CLI_PACKAGE], work, env)

        log(f"[4/5] installing the Python plugins from {SDK_MODULE}@v{version}")
        sdk = _go_json(go, ["mod", "download", "-json", f"{SDK_MODULE}@v{version}"], work, env)
        sdk_dir = Path(sdk["Dir"])
        for src in (sdk_dir / "python" / "cmd" / "pulumi-language-python-exec",
                    sdk_dir / "python" / "dist" / "pulumi-resource-pulumi-python"):
            target = staging / "bin" / src.name
            shutil.copyfile(src, target)
            target.chmod(0o755)
        host = staging / "bin" / "pulumi-language-python"
        host.write_text(language_host_script())
        host.chmod(0o755)

        log("[5/5] checking the result")
        stamped = parse_version(_run_version(str(staging / "bin" / "pulumi")))
        if stamped != parse_version(version):
            raise ProvisionError(f"built CLI reports {stamped}, expected v{version}")
        seconds = round(time.monotonic() - started, 1)
        size = sum(p.stat().st_size for p in (staging / "bin").iterdir())
        (staging / MARKER).write_text(json.dumps(
            {"version": version, "build_seconds": seconds, "bytes": size}, indent=2))
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(staging, dest)
    log(f"built pulumi v{version} in {seconds}s ({size / 1e6:.1f} MB) at {dest / 'bin'}")
    return Install(bin_dir=dest / "bin", version=version, source="built")


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> None:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-25:])
        raise ProvisionError(f"`{' '.join(cmd)}` failed (exit {proc.returncode}):\n{tail}")

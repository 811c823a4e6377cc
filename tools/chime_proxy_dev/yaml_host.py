"""Find or build the Pulumi YAML language host, so the native provider is tested from
a YAML program as users run one.

The host is ``go install``-ed from the pinned ``pulumi-yaml`` module into a per-user
cache, as the CLI is (:mod:`.provision`), and copied beside a cached CLI: the CLI runs
the language plugins next to itself without the "using from $PATH" warning, and with
``PULUMI_IGNORE_AMBIENT_PLUGINS`` set.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from . import provision

YAML_VERSION = "1.25.0"
YAML_PACKAGE = "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
BINARY = "pulumi-language-yaml"


def cache_dir(root: Path | None = None) -> Path:
    return (root or provision.cache_root()) / f"pulumi-language-yaml-v{YAML_VERSION}"


def ensure(cli: PulumiCli, log: provision.Log | None = None, root: Path | None = None) -> Path:
    """The directory holding ``pulumi-language-yaml`` for ``cli``: beside it, on PATH,
    or built once into the cache (and copied beside a cached or built CLI)."""
    say = log or provision.stderr_log
    beside = cli.bin_dir / BINARY
    if os.access(beside, os.X_OK):
        return cli.bin_dir
    on_path = shutil.which(BINARY)
    if on_path:
        say(f"using {BINARY} from PATH ({on_path})")
        return Path(on_path).parent
    built = cache_dir(root) / BINARY
    if not os.access(built, os.X_OK):
        with provision.build_lock(cache_dir(root), say):
            if not os.access(built, os.X_OK):
                build(built, say)
    if cli.source in ("cache", "built"):
        staging = beside.with_name(f".{BINARY}.{os.getpid()}.tmp")
        shutil.copyfile(built, staging)
        staging.chmod(0o755)
        os.replace(staging, beside)
        return cli.bin_dir
    return built.parent


def build(target: Path, log: provision.Log) -> None:
    """``go install`` the pinned host into ``target``'s directory (about 2.5 minutes on
    2 cores), atomically."""
    go = provision.go_binary()
    started = time.monotonic()
    target.parent.mkdir(parents=True, exist_ok=True)
    log(f"building {BINARY} v{YAML_VERSION} from Go modules (first run only; 2 to 5 minutes)")
    with tempfile.TemporaryDirectory(prefix="yaml-build-", dir=target.parent.parent) as tmp:
        # -trimpath as the CLI's build, so the packages both use are compiled once.
        env = dict(provision.go_env(), GOBIN=tmp, GOFLAGS="-mod=mod -trimpath")
        provision.run_checked([go, "install", f"{YAML_PACKAGE}@v{YAML_VERSION}"], Path(tmp), env)
        os.replace(Path(tmp) / BINARY, target)
    log(f"built {BINARY} v{YAML_VERSION} in {time.monotonic() - started:.0f}s at {target.parent}")

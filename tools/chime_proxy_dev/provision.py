"""Find or build the pinned Pulumi CLI, so that every development machine and CI run the
real engine.

No package registry we can reach ships the Pulumi CLI binary, so when no suitable
``pulumi`` is on PATH we build the pinned release from Go modules into a per-user
cache (see ``shared/ENGINEERING.md`` §4 for the facts this relies on).

Layout of a cached install (``<cache>/pulumi-v<version>/``)::

    bin/pulumi                          the CLI, version stamped
    bin/pulumi-language-python          our language host shim (language_host_shim.sh)
    bin/chime_proxy_language_host.py    the host it starts (language_host.py)
    bin/pulumi-language-python-exec     from the sdk/v3 module, runs a program
    bin/pulumi-resource-pulumi-python   from the sdk/v3 module, dynamic providers
    install.json                        written last: marks a complete install

The two language host files are refreshed from this tree whenever they differ, so a
cached CLI never runs an outdated host.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli, parse_version, run_version

#: The Pulumi CLI release the development tree builds and tests against. The package
#: itself accepts any CLI from ``pulumi_cli.MINIMUM_VERSION`` on.
CLI_VERSION = "3.276.0"
PKG_MODULE = "github.com/pulumi/pulumi/pkg/v3"
SDK_MODULE = "github.com/pulumi/pulumi/sdk/v3"
CLI_PACKAGE = f"{PKG_MODULE}/cmd/pulumi"
VERSION_SYMBOL = f"{SDK_MODULE}/go/common/version.Version"
CACHE_ENV = "CHIME_PROXY_PULUMI_CACHE"
MARKER = "install.json"
SUPPORT_SCRIPTS = ("pulumi-language-python", "pulumi-resource-pulumi-python")
HOST_SCRIPT = "chime_proxy_language_host.py"
BOOTSTRAP_PYTHON = "chime_proxy_host_python"
#: Source files of the host, in this tree, and where they go in ``bin/``.
HOST_FILES = {
    "pulumi-language-python": Path(__file__).with_name("language_host_shim.sh"),
    HOST_SCRIPT: Path(__file__).with_name("language_host.py"),
}
HEARTBEAT_SECONDS = 15.0

Version = tuple[int, int, int]
Log = Callable[[str], None]


class ProvisionError(RuntimeError):
    """The CLI could not be found or built; the message says what to do."""


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


def cached_install(version: str, root: Path | None = None) -> PulumiCli | None:
    """A complete cached install of ``version``, or None. Refreshes its language host."""
    directory = install_dir(version, root)
    bin_dir = directory / "bin"
    if not (directory / MARKER).is_file():
        return None
    if not all(os.access(bin_dir / name, os.X_OK) for name in ("pulumi", *SUPPORT_SCRIPTS)):
        return None
    install_host_files(bin_dir)
    return PulumiCli(bin_dir=bin_dir, version=version, source="cache")


def install_host_files(bin_dir: Path) -> None:
    """Write the language host shim and host into ``bin_dir`` unless already current.

    Each file is replaced atomically, so a CLI run that starts the host meanwhile sees
    either the old or the new file, never half of one.
    """
    files = {name: source.read_text() for name, source in HOST_FILES.items()}
    # An interpreter with the Pulumi SDK, for the shim to start the host on before a
    # project's virtualenv exists (so that `pulumi install` can make it): this one.
    files[BOOTSTRAP_PYTHON] = sys.executable + "\n"
    for name, text in files.items():
        target = bin_dir / name
        if target.is_file() and target.read_text() == text:
            continue
        staging = target.with_name(f".{name}.{os.getpid()}.tmp")
        staging.write_text(text)
        staging.chmod(0o755)
        os.replace(staging, target)


def on_path(
    pinned: str,
    which: Callable[[str], str | None] = shutil.which,
    version_of: Callable[[str], str] = run_version,
    log: Log = lambda _msg: None,
) -> PulumiCli | None:
    """The ``pulumi`` on PATH if it is acceptable and has the Python plugins beside it."""
    binary = which("pulumi")
    if not binary:
        return None
    found_text = version_of(binary)
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
    return PulumiCli(bin_dir=bin_dir, version=found_text.strip().lstrip("v"), source="path")


def ensure(log: Log | None = None, pinned: str = CLI_VERSION, root: Path | None = None) -> PulumiCli:
    """Return a usable CLI: PATH if acceptable, else the cache, else build into the cache."""
    say: Log = log or stderr_log
    found = on_path(pinned, log=say)
    if found:
        say(f"using pulumi v{found.version} from PATH ({found.bin_dir})")
        return found
    cached = cached_install(pinned, root)
    if cached:
        say(f"using cached pulumi v{pinned} ({cached.bin_dir})")
        return cached
    with build_lock(install_dir(pinned, root), say):
        cached = cached_install(pinned, root)  # built by another process while we waited
        if cached:
            say(f"using cached pulumi v{pinned} ({cached.bin_dir})")
            return cached
        say(f"no cached pulumi v{pinned}: building it from Go modules (first run only; "
            "about 5 minutes on 4 free cores, up to 15 on 2 busy ones)")
        return build(pinned, install_dir(pinned, root), say)


@contextmanager
def build_lock(directory: Path, log: Log) -> Iterator[None]:
    """One build per install directory at a time, across processes (e.g. parallel setups)."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.with_name(directory.name + ".lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"another process is building {directory.name}: waiting for it")
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def stderr_log(message: str) -> None:
    print(f"[pulumi-cli] {message}", file=sys.stderr, flush=True)


# --- building from Go modules -------------------------------------------------------


def go_binary() -> str:
    go = shutil.which("go")
    if not go:
        raise ProvisionError(
            "No `pulumi` CLI on PATH and no Go toolchain to build one. Install Go 1.25 or newer "
            "(e.g. `apt-get install golang-go` or https://go.dev/dl/), or put Pulumi CLI "
            f"v{CLI_VERSION} (with its Python plugins) on PATH, then run this again."
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


def wrapper_go_mod(version: str, go_directive: str, replaces: list[str],
                   module: str = "chimeproxy.local/pulumicli") -> str:
    """go.mod of a small module that builds against ``pkg/v3`` at ``version`` (the CLI, or
    a tool on the CLI's own packages)."""
    text = [
        f"module {module}",
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


def go_env() -> dict[str, str]:
    """The environment of every Go build here: modules resolved as needed, local toolchain."""
    return dict(os.environ, GOFLAGS="-mod=mod", GOTOOLCHAIN="local")


def write_wrapper_module(go: str, version: str, work: Path, env: dict[str, str],
                         module: str = "chimeproxy.local/pulumicli") -> None:
    """Write ``work/go.mod`` requiring ``pkg/v3`` and ``sdk/v3`` at ``version``, with the
    go directive and non-local replaces of that release's own go.mod."""
    pkg = _go_json(go, ["mod", "download", "-json", f"{PKG_MODULE}@v{version}"], work, env)
    pkg_mod = Path(pkg["GoMod"]).read_text()
    go_line = re.search(r"^go\s+(\S+)", pkg_mod, re.M)
    (work / "go.mod").write_text(wrapper_go_mod(
        version, go_line.group(1) if go_line else "1.24", non_local_replaces(pkg_mod), module))


def build(version: str, dest: Path, log: Log) -> PulumiCli:
    """Build ``pulumi`` v``version`` and install it with its Python plugins into ``dest``."""
    go = go_binary()
    started = time.monotonic()
    dest.parent.mkdir(parents=True, exist_ok=True)
    env = go_env()
    with tempfile.TemporaryDirectory(prefix="pulumi-build-", dir=dest.parent) as tmp:
        work = Path(tmp) / "module"
        work.mkdir()
        staging = Path(tmp) / "install"
        (staging / "bin").mkdir(parents=True)

        log(f"[1/5] downloading {PKG_MODULE}@v{version} metadata")
        write_wrapper_module(go, version, work, env)
        (work / "tools.go").write_text(
            f'//go:build tools\n\npackage tools\n\nimport _ "{CLI_PACKAGE}"\n'
        )

        log("[2/5] resolving dependencies (go mod tidy)")
        run_checked([go, "mod", "tidy"], work, env)

        total = len(run_checked([go, "list", "-deps", CLI_PACKAGE], work, env).split())
        log(f"[3/5] compiling the CLI: {total} Go packages, 5 to 15 minutes; "
            f"progress every {HEARTBEAT_SECONDS:.0f} s")
        ldflags = f"-s -w -X {VERSION_SYMBOL}=v{version}"
        _run_with_progress([go, "build", "-v", "-trimpath", "-ldflags", ldflags, "-o",
                            str(staging / "bin" / "pulumi"), CLI_PACKAGE], work, env,
                           lambda done, last, elapsed: log(
                               f"[3/5] {done}/{total} packages compiled, {_clock(elapsed)} "
                               f"elapsed (last: {last})"))

        log(f"[4/5] installing the Python plugins from {SDK_MODULE}@v{version}")
        sdk = _go_json(go, ["mod", "download", "-json", f"{SDK_MODULE}@v{version}"], work, env)
        sdk_dir = Path(sdk["Dir"])
        for src in (sdk_dir / "python" / "cmd" / "pulumi-language-python-exec",
                    sdk_dir / "python" / "dist" / "pulumi-resource-pulumi-python"):
            target = staging / "bin" / src.name
            shutil.copyfile(src, target)
            target.chmod(0o755)
        install_host_files(staging / "bin")

        log("[5/5] checking the result")
        stamped = parse_version(run_version(str(staging / "bin" / "pulumi")))
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
    return PulumiCli(bin_dir=dest / "bin", version=version, source="built")


def run_checked(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run ``cmd``; its stdout, or a ProvisionError ending with the last lines it printed
    on either stream (``tsc`` reports on stdout, ``go`` on stderr)."""
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise ProvisionError(f"`{' '.join(cmd)}` failed (exit {proc.returncode}):\n{tail}")
    return proc.stdout


Progress = Callable[[int, str, float], None]


def _run_with_progress(cmd: list[str], cwd: Path, env: dict[str, str], progress: Progress,
                       every: float = HEARTBEAT_SECONDS) -> None:
    """Run ``go build -v``, reporting every ``every`` seconds how many packages it compiled.

    ``-v`` prints each package's import path on stderr as it is compiled; errors come on
    the same stream, so the last lines are kept for the failure message.
    """
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    with _heartbeat(every, lambda: progress(len(lines), lines[-1] if lines else "-",
                                            time.monotonic() - started)):
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line.strip())
        code = proc.wait()
    if code != 0:
        tail = "\n".join(lines[-25:])
        raise ProvisionError(f"`{' '.join(cmd)}` failed (exit {code}):\n{tail}")


@contextmanager
def _heartbeat(every: float, beat: Callable[[], None]) -> Iterator[None]:
    """Call ``beat`` every ``every`` seconds until the block ends."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            beat()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}m{rest:02d}s"

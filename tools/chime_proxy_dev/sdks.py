"""``python -m chime_proxy_dev sdks``: write the native provider's SDKs (``sdk/python``,
``sdk/nodejs``, ``sdk/go``) from ``schema.json`` with the pinned CLI's own code
generators; ``--check`` says which differ and writes nothing, ``--build`` also compiles
the TypeScript SDK with ``tsc`` and builds the Go SDK.

``pulumi package gen-sdk`` hands each language to its language plugin, and the Node.js
and Python plugins are not served here (``shared/ENGINEERING.md`` §8). So a small Go
program, ``sdkgen/main.go``, calls the codegen packages of ``pkg/v3`` at the CLI's
release. It is built once into the per-user cache, like the CLI, and rebuilt when its
source changes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import provision

REPO = Path(__file__).resolve().parents[2]
SDK_DIR = REPO / "sdk"
SCHEMA = REPO / "provider" / "pulumi_chime_proxy" / "schema.json"
LANGUAGES = ("go", "nodejs", "python")
SOURCE = Path(__file__).with_name("sdkgen") / "main.go"
BINARY = "chime-proxy-sdkgen"
SDK_MODULE_GO = f"{provision.SDK_MODULE}@v{provision.CLI_VERSION}"


class SdkError(RuntimeError):
    """Generating or compiling an SDK failed; the message has the tool's own output."""


def progress(message: str) -> None:
    print(f"[sdks] {message}", file=sys.stderr, flush=True)


def generator(log: provision.Log = progress) -> Path:
    """The generator binary, built into the cache unless this source's build is there."""
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:12]
    directory = provision.cache_root() / f"sdkgen-v{provision.CLI_VERSION}-{digest}"
    binary = directory / BINARY
    if os.access(binary, os.X_OK):
        return binary
    with provision.build_lock(directory, log):
        if not os.access(binary, os.X_OK):
            _build(binary, log)
    return binary


def _build(binary: Path, log: provision.Log) -> None:
    go = provision.go_binary()
    env = provision.go_env()
    started = time.monotonic()
    log(f"building {BINARY} on pkg/v3 v{provision.CLI_VERSION}'s codegen (first run only; "
        "seconds after the CLI's build, minutes on a cold Go cache)")
    binary.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sdkgen-build-", dir=binary.parent.parent) as tmp:
        work = Path(tmp)
        provision.write_wrapper_module(go, provision.CLI_VERSION, work, env,
                                       module="chimeproxy.local/sdkgen")
        shutil.copyfile(SOURCE, work / "main.go")
        provision.run_checked([go, "mod", "tidy"], work, env)
        staging = work / BINARY
        provision.run_checked([go, "build", "-trimpath", "-o", str(staging), "."], work, env)
        os.replace(staging, binary)
    log(f"built {BINARY} in {time.monotonic() - started:.0f}s at {binary.parent}")


def generate(out: Path, schema: Path = SCHEMA) -> None:
    """Write the three SDKs of ``schema`` into ``out/<language>``."""
    done = subprocess.run([str(generator()), str(schema), str(out)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise SdkError(f"{BINARY} failed (exit {done.returncode}): {done.stderr.strip()}")


def files(tree: Path) -> dict[str, bytes]:
    """A tree's files by relative path; for a tree in a git work tree, only those git would
    commit, so what a build or an editable install leaves beside them (``*.egg-info``,
    ``__pycache__``, which the generated ``.gitignore`` names) is not a difference."""
    if not tree.is_dir():
        return {}
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=tree, capture_output=True, check=False)
    names = (listed.stdout.decode().split("\0") if listed.returncode == 0
             else [path.relative_to(tree).as_posix() for path in tree.rglob("*")])
    return {name: (tree / name).read_bytes() for name in names if name and (tree / name).is_file()}


def differences(expected: Path, actual: Path) -> list[str]:
    """The relative paths that differ between two trees: missing, extra or changed."""
    want, have = files(expected), files(actual)
    return sorted(name for name in want.keys() | have.keys() if want.get(name) != have.get(name))


def stale(sdk_dir: Path = SDK_DIR) -> dict[str, list[str]]:
    """For each language whose committed SDK differs from a fresh generation, what differs."""
    with tempfile.TemporaryDirectory(prefix="sdks-") as tmp:
        generate(Path(tmp))
        return {language: changed for language in LANGUAGES
                if (changed := differences(Path(tmp) / language, sdk_dir / language))}


def write(sdk_dir: Path = SDK_DIR) -> None:
    sdk_dir.mkdir(exist_ok=True)
    generate(sdk_dir)


# --- compiling the generated SDKs ---------------------------------------------------


def compile_typescript(sdk: Path, programs: dict[str, str] | None = None) -> None:
    """Install the TypeScript SDK as a user does (``npm pack``, then ``npm install`` of the
    tarball, whose postinstall compiles it with ``tsc``) into a new project that pins
    ``@pulumi/pulumi`` at the CLI's release, then type-check ``programs`` (file name:
    source) there with ``tsc --strict``."""
    npm = shutil.which("npm")
    if not npm:
        raise SdkError("npm is not on PATH: install Node.js 20 to compile the TypeScript SDK")
    manifest = json.loads((sdk / "package.json").read_text())
    dependencies = manifest.get("dependencies", {})
    with tempfile.TemporaryDirectory(prefix="sdk-tsc-") as tmp:
        work = Path(tmp)
        (work / "package.json").write_text(json.dumps({
            "name": "sdk-check", "private": True,
            "dependencies": {"@pulumi/pulumi": provision.CLI_VERSION},
            "devDependencies": {name: dependencies[name] for name in ("typescript", "@types/node")
                                if name in dependencies},
        }))
        packed = _run([npm, "pack", "--silent", str(sdk), "--pack-destination", str(work)], work)
        _run([npm, "install", "--no-audit", "--no-fund", f"./{packed.strip().splitlines()[-1]}"], work)
        main = work / "node_modules" / manifest["name"] / manifest.get("main", "index.js")
        if not main.is_file():
            raise SdkError(f"npm install left no {main.relative_to(work)}: the SDK was not compiled")
        if programs:
            for name, text in programs.items():
                (work / name).write_text(text)
            (work / "tsconfig.json").write_text(json.dumps({
                "compilerOptions": {"strict": True, "noEmit": True, "target": "es2020",
                                    "module": "commonjs", "moduleResolution": "node"},
                "files": sorted(programs),
            }))
            _run([str(work / "node_modules" / ".bin" / "tsc"), "-p", str(work)], work)


def build_go(sdk: Path) -> None:
    """``go build`` and ``go vet`` of a copy of the Go SDK against ``sdk/v3`` at the CLI's
    release (the modules the CLI's own build fetched)."""
    go = provision.go_binary()
    env = provision.go_env()
    with tempfile.TemporaryDirectory(prefix="sdk-go-") as tmp:
        work = Path(tmp) / "go"
        shutil.copytree(sdk, work)
        _run([go, "mod", "edit", f"-require={SDK_MODULE_GO}"], work, env)
        _run([go, "mod", "tidy"], work, env)
        _run([go, "build", "./..."], work, env)
        _run([go, "vet", "./..."], work, env)


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-30:])
        raise SdkError(f"`{' '.join(cmd)}` failed (exit {done.returncode}):\n{tail}")
    return done.stdout


# --- the command --------------------------------------------------------------------


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sdks", help="write sdk/{python,nodejs,go} from schema.json "
                                   "with the pinned CLI's codegen")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a committed SDK differs from a fresh generation; "
                        "write nothing")
    parser.add_argument("--build", action="store_true",
                        help="then compile the TypeScript SDK with tsc and build the Go SDK")
    parser.set_defaults(func=_main)


def _main(args: argparse.Namespace) -> int:
    try:
        if args.check:
            out_of_date = stale()
            for language, paths in out_of_date.items():
                print(f"sdk/{language} is out of date ({', '.join(paths[:5]) or 'missing'}): "
                      "run python -m chime_proxy_dev sdks", file=sys.stderr)
            if out_of_date:
                return 1
        else:
            write()
            print(f"wrote {', '.join(str(SDK_DIR / language) for language in LANGUAGES)}")
        if args.build:
            compile_typescript(SDK_DIR / "nodejs")
            build_go(SDK_DIR / "go")
            print("sdk/nodejs compiles with tsc; sdk/go builds")
    except (SdkError, provision.ProvisionError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0

"""``python -m chime_proxy_dev sdks``: write the native provider's SDKs (``sdk/python``,
``sdk/nodejs``, ``sdk/go``) from ``schema.json`` with the pinned CLI's own code
generators; ``--check`` says which differ and writes nothing, ``--build`` also installs
and compiles the TypeScript SDK and builds the Go SDK.

``pulumi package gen-sdk`` hands each language to its language plugin, and the Node.js
and Python language plugins are not Go modules the module proxy serves, so they cannot be
built here as the CLI is. A small Go program, ``sdkgen/main.go``, calls the codegen
packages of ``pkg/v3`` at the CLI's release instead. It is built once into the per-user
cache, like the CLI, and again when its source or the Go toolchain changes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
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
#: Pulumi's Go SDK at the CLI's release: what the Go SDK is built against. Its own go.mod
#: asks for an older release, whose dependencies the module proxy here no longer serves.
PULUMI_GO_SDK = f"{provision.SDK_MODULE}@v{provision.CLI_VERSION}"


def progress(message: str) -> None:
    """Progress of a first-run build or install, on stderr."""
    print(f"[sdks] {message}", file=sys.stderr, flush=True)


def generator(log: provision.Log = progress) -> Path:
    """The generator binary, built into the cache unless this source's build, by this Go
    toolchain, is there."""
    go = provision.go_binary()
    key = SOURCE.read_bytes() + provision.run_checked([go, "version"], REPO).encode()
    directory = (provision.cache_root()
                 / f"sdkgen-v{provision.CLI_VERSION}-{hashlib.sha256(key).hexdigest()[:12]}")
    binary = directory / BINARY
    if os.access(binary, os.X_OK):
        return binary
    with provision.build_lock(directory, log):
        if not os.access(binary, os.X_OK):
            _build(go, binary, log)
    return binary


def _build(go: str, binary: Path, log: provision.Log) -> None:
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


#: The codegen writes the license as a ``[project.license]`` table, which setuptools
#: deprecates (a warning per build, three in every ``make setup``); PEP 639's SPDX string
#: says the same, from setuptools 77 on.
_LICENSE_TABLE = re.compile(r'^(\s*)\[project\.license\]\n\s*text = ("[^"\n]*")\n', re.M)
_SETUPTOOLS = '"setuptools>=61.0"'


def spdx_license(pyproject: str) -> str:
    """The Python SDK's pyproject.toml with its license as an SPDX string."""
    if not _LICENSE_TABLE.search(pyproject):
        return pyproject
    return _LICENSE_TABLE.sub(r"\1license = \2\n", pyproject).replace(_SETUPTOOLS, '"setuptools>=77.0"')


def generate(out: Path, schema: Path = SCHEMA) -> None:
    """Write the three SDKs of ``schema`` into ``out/<language>`` (the Python SDK's license
    as an SPDX string: :func:`spdx_license`)."""
    provision.run_checked([str(generator()), str(schema), str(out)], REPO)
    pyproject = out / "python" / "pyproject.toml"
    if pyproject.is_file():
        pyproject.write_text(spdx_license(pyproject.read_text()))


def files(tree: Path, committed: bool = False) -> dict[str, bytes]:
    """A tree's files by relative path. For ``committed``, a tree in this repository, only
    the files git would commit, so that what a build or an editable install leaves there
    (``*.egg-info``, ``__pycache__``: the generated ``.gitignore`` names them) is no
    difference."""
    if not tree.is_dir():
        return {}
    if committed:
        listed = provision.run_checked(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], tree)
        names = listed.split("\0")
    else:
        names = [path.relative_to(tree).as_posix() for path in tree.rglob("*")]
    return {name: (tree / name).read_bytes() for name in names if name and (tree / name).is_file()}


def differences(fresh: Path, committed: Path) -> list[str]:
    """The relative paths that differ between a fresh generation and the committed SDK:
    missing, extra or changed."""
    want, have = files(fresh), files(committed, committed=True)
    return sorted(name for name in want.keys() | have.keys() if want.get(name) != have.get(name))


def stale(sdk_dir: Path = SDK_DIR) -> dict[str, list[str]]:
    """For each language whose committed SDK differs from a fresh generation, what differs."""
    with tempfile.TemporaryDirectory(prefix="sdks-") as tmp:
        generate(Path(tmp))
        return {language: changed for language in LANGUAGES
                if (changed := differences(Path(tmp) / language, sdk_dir / language))}


def write(sdk_dir: Path = SDK_DIR) -> None:
    """Generate all three SDKs aside, then put each in place of the old one: a failure
    leaves ``sdk/`` as it was."""
    with tempfile.TemporaryDirectory(prefix="sdks-", dir=REPO) as tmp:
        generate(Path(tmp))
        sdk_dir.mkdir(exist_ok=True)
        for language in LANGUAGES:
            shutil.rmtree(sdk_dir / language, ignore_errors=True)
            os.replace(Path(tmp) / language, sdk_dir / language)


# --- compiling the generated SDKs ---------------------------------------------------


def compile_typescript(sdk: Path, programs: dict[str, str] | None = None) -> None:
    """Install the TypeScript SDK as a user does (``npm pack``, then ``npm install`` of the
    tarball, whose postinstall compiles it with ``tsc``) into a new project that pins
    ``@pulumi/pulumi`` at the CLI's release, then type-check ``programs`` (file name:
    source) there with ``tsc --strict``."""
    npm = shutil.which("npm")
    if not npm:
        raise provision.ProvisionError("npm is not on PATH: install Node.js 22 or newer (as "
                                       "@pulumi/pulumi declares) to compile the TypeScript SDK")
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
        packed = provision.run_checked(
            [npm, "pack", "--silent", str(sdk), "--pack-destination", str(work)], work)
        provision.run_checked([npm, "install", "--no-audit", "--no-fund",
                               f"./{packed.strip().splitlines()[-1]}"], work)
        main = work / "node_modules" / manifest["name"] / manifest.get("main", "index.js")
        if not main.is_file():
            raise provision.ProvisionError(
                f"npm install left no {main.relative_to(work)}: the SDK was not compiled")
        if programs:
            for name, text in programs.items():
                (work / name).write_text(text)
            (work / "tsconfig.json").write_text(json.dumps({
                "compilerOptions": {"strict": True, "noEmit": True, "target": "es2020",
                                    "module": "commonjs", "moduleResolution": "node"},
                "files": sorted(programs),
            }))
            provision.run_checked([str(work / "node_modules" / ".bin" / "tsc"), "-p", str(work)], work)


def build_go(sdk: Path, program: str | None = None) -> None:
    """``go build`` and ``go vet`` of the Go SDK against :data:`PULUMI_GO_SDK`; then, given
    ``program`` (a ``main`` package), build it in a module of its own that uses the SDK by a
    ``replace`` directive, as the README tells a user to."""
    go = provision.go_binary()
    # -trimpath as the CLI's build: the Go SDK's dependencies it compiled are reused.
    env = provision.go_env() | {"GOFLAGS": "-mod=mod -trimpath"}
    with tempfile.TemporaryDirectory(prefix="sdk-go-") as tmp:
        work = Path(tmp) / "sdk"
        shutil.copytree(sdk, work)
        provision.run_checked([go, "mod", "edit", f"-require={PULUMI_GO_SDK}"], work, env)
        provision.run_checked([go, "mod", "tidy"], work, env)
        provision.run_checked([go, "build", "./..."], work, env)
        provision.run_checked([go, "vet", "./..."], work, env)
        if program is None:
            return
        module = provision.run_checked([go, "list", "-m"], work, env).strip()
        user = Path(tmp) / "program"
        user.mkdir()
        (user / "main.go").write_text(program)
        provision.run_checked([go, "mod", "init", "example.com/program"], user, env)
        provision.run_checked([go, "mod", "edit", f"-replace={module}={work}",
                               f"-require={PULUMI_GO_SDK}"], user, env)
        provision.run_checked([go, "mod", "tidy"], user, env)
        provision.run_checked([go, "build", "-o", os.devnull, "."], user, env)


# --- the command --------------------------------------------------------------------


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sdks", help="write sdk/{python,nodejs,go} from schema.json "
                                   "with the pinned CLI's codegen")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a committed SDK differs from a fresh generation; "
                        "write nothing")
    parser.add_argument("--build", action="store_true",
                        help="then install and compile the TypeScript SDK and build the Go SDK")
    parser.set_defaults(func=_main)


def _main(args: argparse.Namespace) -> int:
    try:
        if args.check:
            out_of_date = stale()
            for language, paths in out_of_date.items():
                shown = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
                print(f"sdk/{language} is out of date ({shown}): run python -m chime_proxy_dev sdks",
                      file=sys.stderr)
            if out_of_date:
                return 1
        else:
            write()
            print(f"wrote {', '.join(str(SDK_DIR / language) for language in LANGUAGES)}")
        if args.build:
            compile_typescript(SDK_DIR / "nodejs")
            build_go(SDK_DIR / "go")
            print("sdk/nodejs installs and compiles with tsc; sdk/go builds")
    except (provision.ProvisionError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0

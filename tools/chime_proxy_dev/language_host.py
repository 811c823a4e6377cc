"""A Python language host (``pulumi-language-python``) for the Pulumi CLI we build.

Why this exists: the Go module proxy this project can reach serves the CLI
(``github.com/pulumi/pulumi/pkg/v3``) but not the Go language host module
(``sdk/python/cmd/pulumi-language-python/v3``), so the CLI we build has no way to
run a Python program from a directory. This host implements the ``LanguageRuntime``
gRPC service the engine speaks, and runs the program exactly as the Go host does:
through the SDK's own ``pulumi-language-python-exec`` script, in a child Python
process, with the config passed in ``PULUMI_CONFIG``/``PULUMI_CONFIG_SECRET_KEYS``.

The build copies this file next to the CLI as ``chime_proxy_language_host.py``; the
shell shim ``pulumi-language-python`` (``language_host_shim.sh``) starts it on the
program's own interpreter. So it imports nothing but the Pulumi SDK (and its grpc).

Only what ``pulumi up/preview/refresh/destroy`` need is implemented; the rest
answers UNIMPLEMENTED, which the engine treats as "older host" and works around.
Automation API *inline* programs do not use this host at all.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from concurrent import futures
from pathlib import Path
from typing import Any

try:
    import grpc
    from pulumi.runtime.proto import language_pb2, language_pb2_grpc, plugin_pb2
except ModuleNotFoundError as missing:  # the shim chose an interpreter without the SDK
    if __name__ != "__main__":
        raise
    _flag = "--python-source"
    _source = sys.argv[sys.argv.index(_flag) + 1] if _flag in sys.argv[:-1] else "python3 on PATH"
    sys.exit(f"error: {sys.executable} ({_source}) cannot import '{missing.name}': the Pulumi "
             f"SDK is not installed there; run '{sys.executable} -m pip install pulumi' "
             "(or install your project's requirements into it)")

#: Why ``pulumi import`` writes no Python here: the released host generates code with the
#: CLI's Go codegen, which this stand-in does not carry.
CANNOT_GENERATE = (
    "this development tree's stand-in Python language host (tools/chime_proxy_dev/"
    "language_host.py) cannot generate Python code: run `pulumi import` with "
    "--generate-code=false (the import itself works), or use a Pulumi CLI with its released "
    "pulumi-language-python, which generates it")
# The exec script exits with this code after printing a message meant for the user.
_USER_ACTIONABLE_EXIT = 32


def _program_path(request: Any) -> tuple[str, str]:
    """Return (working directory, program path) for a RunRequest."""
    info = request.info
    pwd = request.pwd or (info.program_directory if info else "") or os.getcwd()
    entry = (info.entry_point if info and info.entry_point else "") or request.program or "."
    return pwd, entry


def _venv_dir(root: str, options: dict[str, Any]) -> Path | None:
    """Pulumi.yaml's ``virtualenv``, relative to the project's root directory as in
    Pulumi's own host; None without the option."""
    venv = options.get("virtualenv")
    if not venv:
        return None
    return Path(venv) if os.path.isabs(venv) else Path(root) / venv


def _venv_python(root: str, options: dict[str, Any]) -> str:
    """The interpreter for the program: Pulumi.yaml's ``virtualenv`` if set and made.
    Without the option, the program runs on this host's interpreter, which the shim
    chose the same way."""
    venv = _venv_dir(root, options)
    if venv is not None and (venv / "bin" / "python").exists():
        return str(venv / "bin" / "python")
    return sys.executable


def _root(request: Any) -> str:
    info = request.info
    return (info.root_directory if info else "") or (info.program_directory if info else "") \
        or getattr(request, "directory", "") or getattr(request, "pwd", "") or os.getcwd()


def install_commands(root: str, venv: Path | None, base_python: str) -> list[list[str]]:
    """What ``pulumi install`` runs, as Pulumi's own host does: make the virtualenv if it
    is missing, then install ``requirements.txt`` into it (or, with no virtualenv
    option, into this interpreter's environment)."""
    commands: list[list[str]] = []
    python = sys.executable
    if venv is not None:
        python = str(venv / "bin" / "python")
        if not Path(python).exists():
            commands.append([base_python, "-m", "venv", str(venv)])
            commands.append([python, "-m", "pip", "install", "--upgrade", "pip", "setuptools", "wheel"])
    requirements = Path(root) / "requirements.txt"
    if requirements.is_file():
        commands.append([python, "-m", "pip", "install", "-r", str(requirements)])
    return commands


def exec_command(request: Any, exec_script: str, engine_address: str) -> tuple[list[str], str]:
    """Build the command line of ``pulumi-language-python-exec`` for one RunRequest."""
    options = _options(request)
    pwd, program = _program_path(request)
    root = (request.info.root_directory if request.info else "") or pwd
    cmd = [
        _venv_python(root, options),
        "-u",
        exec_script,
        "--monitor",
        request.monitor_address,
        "--engine",
        engine_address,
        "--project",
        request.project,
        "--stack",
        request.stack,
        "--pwd",
        pwd,
        "--dry_run",
        "true" if request.dryRun else "false",
        "--parallel",
        str(request.parallel),
        "--organization",
        request.organization or "organization",
    ]
    if request.info and request.info.root_directory:
        cmd += ["--root_directory", request.info.root_directory]
    cmd.append(program)
    cmd.extend(request.args)
    return cmd, pwd


def _options(request: Any) -> dict[str, Any]:
    if request.info and request.info.options:
        from google.protobuf.json_format import MessageToDict

        return dict(MessageToDict(request.info.options))
    return {}


class LanguageHost(language_pb2_grpc.LanguageRuntimeServicer):
    """Runs Python programs for the engine; see the module docstring."""

    def __init__(self, engine_address: str, exec_script: str) -> None:
        self.engine_address = engine_address
        self.exec_script = exec_script

    def GetPluginInfo(self, request: Any, context: Any) -> Any:  # noqa: N802 (gRPC name)
        """The Python SDK's version: the host speaks its protocol (``pulumi about``)."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            return plugin_pb2.PluginInfo(version=version("pulumi"))
        except PackageNotFoundError:
            return plugin_pb2.PluginInfo()

    def GetRequiredPlugins(self, request: Any, context: Any) -> Any:  # noqa: N802
        return language_pb2.GetRequiredPluginsResponse()

    def GetRequiredPackages(self, request: Any, context: Any) -> Any:  # noqa: N802
        return language_pb2.GetRequiredPackagesResponse()

    def About(self, request: Any, context: Any) -> Any:  # noqa: N802
        v = sys.version_info
        return language_pb2.AboutResponse(
            executable=sys.executable, version=f"{v.major}.{v.minor}.{v.micro}"
        )

    def InstallDependencies(self, request: Any, context: Any) -> Any:  # noqa: N802
        """``pulumi install``: the virtualenv and ``requirements.txt``, output streamed."""
        root = _root(request)
        base = os.environ.get("PULUMI_PYTHON_CMD") or "python3"
        for command in install_commands(root, _venv_dir(root, _options(request)), base):
            yield language_pb2.InstallDependenciesResponse(stdout=f"$ {' '.join(command)}\n".encode())
            proc = subprocess.run(command, cwd=root, capture_output=True, check=False)
            yield language_pb2.InstallDependenciesResponse(stdout=proc.stdout, stderr=proc.stderr)
            if proc.returncode != 0:
                context.abort(grpc.StatusCode.UNKNOWN,
                              f"{' '.join(command)} exited with code {proc.returncode}")

    def GetProgramDependencies(self, request: Any, context: Any) -> Any:  # noqa: N802
        """What ``pulumi about`` lists: pip's view of the program's environment (only
        the packages nothing else requires, unless transitive ones are asked for)."""
        python = _venv_python(_root(request), _options(request))
        command = [python, "-m", "pip", "list", "--format", "json", "--disable-pip-version-check"]
        if not request.transitiveDependencies:
            command.append("--not-required")
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            context.abort(grpc.StatusCode.UNKNOWN, f"{' '.join(command)}: {proc.stderr.strip()}")
        listed = json.loads(proc.stdout or "[]")
        return language_pb2.GetProgramDependenciesResponse(dependencies=[
            language_pb2.DependencyInfo(name=item["name"], version=item["version"]) for item in listed])

    def GenerateProgram(self, request: Any, context: Any) -> Any:  # noqa: N802
        """``pulumi import`` and ``pulumi convert`` ask the host for code: say what this one
        lacks, not gRPC's bare "Method not implemented!"."""
        context.abort(grpc.StatusCode.UNIMPLEMENTED, CANNOT_GENERATE)

    GenerateProject = GenerateProgram
    GeneratePackage = GenerateProgram

    def Run(self, request: Any, context: Any) -> Any:  # noqa: N802
        venv = _venv_dir(_root(request), _options(request))
        if venv is not None and not (venv / "bin" / "python").exists():
            return language_pb2.RunResponse(error=(
                f"the virtualenv '{venv}' set in Pulumi.yaml (runtime.options.virtualenv) has no "
                "bin/python: run `pulumi install` to create it and install requirements.txt"))
        cmd, pwd = exec_command(request, self.exec_script, self.engine_address)
        env = dict(os.environ)
        env["PULUMI_CONFIG"] = json.dumps(dict(request.config))
        env["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(list(request.configSecretKeys))
        proc = subprocess.run(cmd, cwd=pwd, env=env, check=False)
        if proc.returncode == 0:
            return language_pb2.RunResponse()
        if proc.returncode == _USER_ACTIONABLE_EXIT:
            return language_pb2.RunResponse(bail=True)
        return language_pb2.RunResponse(error=f"Program exited with non-zero exit code: {proc.returncode}")


def serve(engine_address: str, exec_script: str) -> None:
    """Start the gRPC server, print its port (the engine reads it), serve until killed."""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=4),
        options=[("grpc.max_receive_message_length", 400 * 1024 * 1024)],
    )
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(
        LanguageHost(engine_address, exec_script), server
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    # The engine ends plugins with SIGINT/SIGTERM: a quiet exit, not a traceback.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: os._exit(0))
    server.wait_for_termination()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="pulumi-language-python")
    parser.add_argument("--exec", dest="exec_script", required=True)
    parser.add_argument("--python-source", default="python3 on PATH",
                        help="how the shim chose this interpreter (for error messages)")
    parser.add_argument("engine_address", nargs="?", default="")
    args, _unknown = parser.parse_known_args(argv)
    serve(args.engine_address, args.exec_script)


if __name__ == "__main__":
    main()

"""Run stacks on the local engine: file backend, passphrase secrets, no prompts.

Everything that drives the CLI (the drift check here; the demo, the benchmark and the
tests in the development tree) goes through here, so that they agree on where state
lives and how secrets are encrypted.
"""

from __future__ import annotations

import collections
import functools
import os
import sys
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from .pulumi_cli import PulumiCli

# Documented local default (README): only for the file backend on a developer machine.
DEFAULT_PASSPHRASE = "chime-proxy-local"


def refresh_parallelism(resource_count: int, environ: Mapping[str, str]) -> int | None:
    """``--parallel`` for a refresh of ``resource_count`` resources, or None to leave it
    to the user's ``PULUMI_PARALLEL`` (theirs wins).

    Below the resource count, the engine refreshes one provider's resources after
    another, so shard hosts would wait their turn (kernel/shards.py); at or above it,
    every read is handed out at once and each host keeps its 4 workers busy. With one
    host this changes nothing: it still serves 4 at a time."""
    if environ.get("PULUMI_PARALLEL", "").strip():
        return None
    return max(resource_count, 1)


@functools.cache
def pulumi_command(install: PulumiCli) -> auto.PulumiCommand:
    """The Automation API's handle on ``install``, made once per process: making one runs
    ``pulumi version`` (a third of a second of CPU) to check what ``install`` already
    records, and every workspace would otherwise pay it again."""
    return auto.PulumiCommand(root=str(install.root))


class StaleOutputsError(RuntimeError):
    """Outputs read after a later operation on the stack changed what they would say."""


class Outputs(MutableMapping[str, auto.OutputValue]):
    """A stack's outputs, read from the CLI when first used.

    ``Stack.up`` asks its workspace for the outputs after every update, which costs two
    ``pulumi stack output`` runs (one decrypting every secret: about a third of a second
    of CPU), and most callers never look. Read after a later command on the stack, they
    would be that command's; :class:`StaleOutputsError` says so instead."""

    def __init__(self, read: Callable[[], auto.OutputMap], current: Callable[[], bool]) -> None:
        self._read = read
        self._current = current
        self._values: auto.OutputMap | None = None

    def _loaded(self) -> auto.OutputMap:
        if self._values is None:
            if not self._current():
                raise StaleOutputsError("these outputs were not read before a later command on "
                                        "the stack; read them (or stack.outputs()) right after the update")
            self._values = self._read()
        return self._values

    def __getitem__(self, key: str) -> auto.OutputValue:
        return self._loaded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())

    def __setitem__(self, key: str, value: auto.OutputValue) -> None:
        self._loaded()[key] = value

    def __delitem__(self, key: str) -> None:
        del self._loaded()[key]


class Workspace(auto.LocalWorkspace):
    """A ``LocalWorkspace`` whose stack outputs are :class:`Outputs`: read when used."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._commands: collections.Counter[str] = collections.Counter()

    def post_command_callback(self, stack_name: str) -> None:
        self._commands[stack_name] += 1
        super().post_command_callback(stack_name)

    def stack_outputs(self, stack_name: str) -> auto.OutputMap:
        asked = self._commands[stack_name]
        read = functools.partial(super().stack_outputs, stack_name)
        # Stack.up runs one more command (stack history, for its summary) after asking.
        return Outputs(read, lambda: self._commands[stack_name] <= asked + 1)


def engine_env(install: PulumiCli, backend_dir: Path | None = None) -> dict[str, str]:
    """Environment for the CLI and the plugins it starts.

    The CLI's directory and this interpreter's venv lead PATH so that the dynamic
    provider host (``pulumi-resource-pulumi-python`` runs ``python3``) uses the venv
    that has ``pulumi_chime_proxy`` installed. Without ``backend_dir`` the backend is the
    one ``pulumi`` would use. The local default passphrase applies only when neither
    ``PULUMI_CONFIG_PASSPHRASE`` nor ``PULUMI_CONFIG_PASSPHRASE_FILE`` is set.
    """
    venv_bin = str(Path(sys.executable).parent)
    env = {
        "PATH": os.pathsep.join([str(install.bin_dir), venv_bin, os.environ.get("PATH", "")]),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
    }
    if "PULUMI_CONFIG_PASSPHRASE_FILE" not in os.environ:  # the CLI reads the file itself
        env["PULUMI_CONFIG_PASSPHRASE"] = os.environ.get("PULUMI_CONFIG_PASSPHRASE", DEFAULT_PASSPHRASE)
    if backend_dir is not None:
        backend_dir.mkdir(parents=True, exist_ok=True)
        env["PULUMI_BACKEND_URL"] = backend_dir.resolve().as_uri()
    elif "PULUMI_BACKEND_URL" in os.environ:
        env["PULUMI_BACKEND_URL"] = os.environ["PULUMI_BACKEND_URL"]
    return env


def inline_stack(
    stack_name: str,
    project_name: str,
    program: Callable[[], None],
    install: PulumiCli,
    backend_dir: Path,
    config: Mapping[str, Any] | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> auto.Stack:
    """Create or select a stack whose program is a Python callable (no language host).

    Its project and stack files go in a folder beside ``backend_dir``, one per backend
    and project, so a stack's config stays with the stack it belongs to: without a
    folder the SDK makes a new one in the system's temporary directory and leaves it."""
    env = engine_env(install, backend_dir) | dict(extra_env or {})
    work_dir = backend_dir.parent / f"{backend_dir.name}.{project_name}.project"
    work_dir.mkdir(parents=True, exist_ok=True)
    settings = auto.ProjectSettings(
        name=project_name,
        runtime="python",
        main=os.getcwd(),  # as the SDK's create_or_select_stack sets it for an inline program
        backend=auto.ProjectBackend(url=env["PULUMI_BACKEND_URL"]),
    )
    ws = Workspace(
        work_dir=str(work_dir),
        program=program,
        project_settings=settings,
        env_vars=env,
        pulumi_command=pulumi_command(install),
        secrets_provider="passphrase",
    )
    stack = create_or_select(stack_name, ws)
    if config:
        stack.set_all_config({key: value if isinstance(value, auto.ConfigValue)
                              else auto.ConfigValue(value=str(value))
                              for key, value in config.items()})
    return stack


def create_or_select(stack_name: str, ws: auto.LocalWorkspace) -> auto.Stack:
    """The stack ``stack_name`` of ``ws``'s project, created if it is new.

    Creating first costs one ``pulumi`` process for a new stack, where the SDK's
    ``create_or_select`` first runs a ``stack select`` that fails."""
    try:
        return auto.Stack.create(stack_name, ws)
    except auto.StackAlreadyExistsError:
        return auto.Stack.select(stack_name, ws)


def directory_stack(
    stack_name: str,
    work_dir: Path,
    install: PulumiCli,
    backend_dir: Path | None,
    extra_env: Mapping[str, str] | None = None,
) -> auto.Stack:
    """Create or select a stack of the Pulumi project in ``work_dir`` (runs its program)."""
    env = engine_env(install, backend_dir) | dict(extra_env or {})
    ws = Workspace(
        work_dir=str(work_dir),
        env_vars=env,
        pulumi_command=pulumi_command(install),
        secrets_provider="passphrase",
    )
    return create_or_select(stack_name, ws)


def encrypted_state(stack: auto.Stack) -> str:
    """``pulumi stack export`` as stored: secrets stay ciphertext.

    ``Stack.export_stack()`` passes ``--show-secrets``, which is the wrong view for
    checking what an attacker with the state file would see.
    """
    result = stack.workspace._run_pulumi_cmd_sync(  # type: ignore[attr-defined]
        ["stack", "export", "--stack", stack.name]
    )
    return str(result.stdout)

"""Gather what a drift check needs from the engine and from AWS, changing nothing.

1. select (never create) the stack of the Pulumi project in ``cwd``;
2. ``preview --refresh``: the engine reads every resource, the refresh steps carry the
   live outputs (secrets masked; ``new`` empty means deleted out of band). A preview
   does not write state;
3. ``stack export`` (secrets decrypted): what the stack records;
4. ListProxySessions (all pages) on every voice connector the stack's sessions use,
   with a client built from the stack's own ``aws:*`` config.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from ..aws import clients, errors
from ..aws.listing import list_proxy_sessions
from ..aws.settings import ClientSettings, settings_from_config
from ..engine import pulumi_cli, workspace
from ..sessions import props as P
from . import report as R

Progress = Callable[[str], None]

#: The project-local file backend the demo and the README use, when it exists.
DEFAULT_STATE_DIR = ".pulumi-state"
#: ListProxySessions attempts: fail fast when the endpoint is down.
LIST_ATTEMPTS = 3


class DriftError(Exception):
    """The check could not run; the message is one line meant for the user."""


def backend_dir_for(cwd: Path) -> Path | None:
    """``PULUMI_BACKEND_URL`` wins (None here); else ``<cwd>/.pulumi-state`` if present."""
    if os.environ.get("PULUMI_BACKEND_URL"):
        return None
    candidate = cwd / DEFAULT_STATE_DIR
    return candidate if candidate.is_dir() else None


def require_project(cwd: Path) -> None:
    """A Pulumi project must be in ``cwd``: checked before anything starts the CLI."""
    if not (cwd / "Pulumi.yaml").is_file() and not (cwd / "Pulumi.yml").is_file():
        raise DriftError(f"no Pulumi project in {cwd} (Pulumi.yaml not found); use --cwd")


def select_stack(stack_name: str, cwd: Path, install: pulumi_cli.PulumiCli) -> auto.Stack:
    """Select an existing stack of the project in ``cwd``; a missing one is an error.

    ``workspace.directory_stack`` would create a missing stack, which a read-only
    check must not do, so this mirrors it with ``select_stack``.
    """
    require_project(cwd)
    env = workspace.engine_env(install, backend_dir_for(cwd))
    opts = auto.LocalWorkspaceOptions(
        work_dir=str(cwd),
        env_vars=env,
        pulumi_command=auto.PulumiCommand(root=str(install.root)),
        secrets_provider="passphrase",
    )
    try:
        return auto.select_stack(stack_name=stack_name, work_dir=str(cwd), opts=opts)
    except auto.StackNotFoundError:
        raise DriftError(
            f"stack {stack_name!r} not found in the backend of project {cwd}"
        ) from None
    except auto.CommandError as exc:
        raise DriftError(f"cannot select stack {stack_name!r}: {command_error_line(exc)}") from None


def command_error_line(exc: auto.CommandError) -> str:
    """The most telling ``error:`` line of a failed CLI run, on one line."""
    text = str(exc)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    # Provider failures read "error: ... GetProxySession failed for ..."; prefer them.
    for pattern in (r"failed for ", r"^error: ", r"error: "):
        hits = [ln for ln in lines if re.search(pattern, ln)]
        if hits:
            line = max(hits, key=len) if pattern == "failed for " else hits[0]
            line = re.sub(r"^.*?error: ", "", line)
            return _squeeze(line)
    return _squeeze(lines[-1] if lines else type(exc).__name__)


def _squeeze(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def refresh_preview(stack: auto.Stack, progress: Progress) -> dict[str, dict[str, Any] | None]:
    """Run ``preview --refresh``; live outputs per ProxySession URN (None: gone)."""
    refreshed: dict[str, dict[str, Any] | None] = {}

    def on_event(event: auto.EngineEvent) -> None:
        pre, outs = event.resource_pre_event, event.res_outputs_event
        if pre and pre.metadata.type == P.TYPE_TOKEN and pre.metadata.op == auto.OpType.REFRESH:
            progress(f"reading {pre.metadata.urn.rsplit('::', 1)[-1]}")
        if outs and outs.metadata.type == P.TYPE_TOKEN and outs.metadata.op == auto.OpType.REFRESH:
            new = outs.metadata.new
            refreshed[outs.metadata.urn] = (
                R.unwrap_secrets(dict(new.outputs or {})) if new is not None else None
            )
        if event.diagnostic_event and event.diagnostic_event.severity == "error":
            progress(_squeeze(event.diagnostic_event.message))

    progress(f"refresh preview of stack {stack.name} (no changes are made)")
    try:
        stack.preview(refresh=True, on_event=on_event, color="never")
    except auto.CommandError as exc:
        raise DriftError(f"refresh preview failed: {command_error_line(exc)}") from None
    return refreshed


def recorded_sessions(stack: auto.Stack) -> list[R.RecordedSession]:
    """The stack's ProxySession resources as state records them (secrets decrypted)."""
    try:
        deployment = stack.export_stack().deployment or {}
    except auto.CommandError as exc:
        raise DriftError(f"cannot export stack {stack.name!r}: {command_error_line(exc)}") from None
    sessions = []
    for res in deployment.get("resources") or []:
        if res.get("type") != P.TYPE_TOKEN or res.get("delete"):
            continue
        sessions.append(
            R.RecordedSession(
                urn=str(res["urn"]),
                id=str(res.get("id") or ""),
                inputs=R.unwrap_secrets(res.get("inputs") or {}),
                outputs=R.unwrap_secrets(res.get("outputs") or {}),
            )
        )
    return sessions


def client_settings(stack: auto.Stack) -> ClientSettings:
    """Client settings from the stack's config (``aws:region``, ``aws:endpoints``...)."""
    config = stack.get_all_config()

    def get(key: str) -> Any:
        value = config.get(key)
        return value.value if value is not None else None

    return dataclasses.replace(settings_from_config(get), max_attempts=LIST_ATTEMPTS)


def list_sessions(client: Any, voice_connector_id: str) -> list[dict[str, Any]]:
    """Every session on a voice connector, all pages."""
    try:
        return list_proxy_sessions(client, voice_connector_id)
    except Exception as exc:
        if errors.is_not_found(exc):
            return []  # the voice connector itself is gone: so are its sessions
        raise DriftError(str(errors.ChimeProxyError(
            "ListProxySessions", f"voice connector {voice_connector_id}", exc))) from None


def collect(stack_name: str, cwd: Path, progress: Progress,
            install: pulumi_cli.PulumiCli | None = None) -> R.DriftReport:
    """Run the whole check and build the report."""
    cwd = cwd.resolve()
    require_project(cwd)
    if install is None:
        try:
            install = pulumi_cli.find()
        except pulumi_cli.PulumiCliError as exc:
            raise DriftError(str(exc)) from None
    stack = select_stack(stack_name, cwd, install)
    refreshed = refresh_preview(stack, progress)
    recorded = recorded_sessions(stack)
    voice_connectors = sorted({r.voice_connector_id for r in recorded if r.voice_connector_id})
    listed: dict[str, list[dict[str, Any]]] = {}
    if voice_connectors:
        client = clients.make_client(client_settings(stack))
        for vc in voice_connectors:
            progress(f"listing sessions on voice connector {vc}")
            listed[vc] = list_sessions(client, vc)
    project = None
    try:
        project = stack.workspace.project_settings().name
    except Exception:  # noqa: BLE001 - the name is cosmetic
        project = None
    return R.build_report(stack_name, project, recorded, refreshed, listed)

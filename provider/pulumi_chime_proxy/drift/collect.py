"""Gather what a drift check needs from the engine and from AWS, changing nothing.

1. select (never create) the stack of the Pulumi project in ``cwd`` (by default the
   stack selected there, as ``pulumi`` does);
2. ``pulumi preview --refresh --show-secrets --event-log F --save-plan P``: the engine
   reads every resource and plans what ``up`` would do. Its events carry, per
   resource, the operation and the state after the refresh (live values, secrets
   masked) and its summary the verdict; the saved plan carries the program's inputs
   (desired values, secrets in plaintext). A preview never writes state; ``F`` and
   ``P`` live in a private temporary directory that is removed afterwards;
3. ``stack export`` (secrets decrypted): the ids and outputs state records, and the
   provider configuration the refresh used (the default provider's recorded config);
4. with that same configuration: the live listing of each adapter (ListProxySessions
   on every voice connector the stack uses) and one read of each resource the plan
   would change (the secrets the engine's events mask).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from .. import masking
from ..aws import clients, errors
from ..aws.settings import (
    ENDPOINT,
    PREFIX,
    ClientSettings,
    endpoint_key,
    native_config,
    settings_from_config,
)
from ..engine import pulumi_cli, workspace
from . import locks, native, report
from .adapters import ADAPTERS, Unmanaged
from .plan import Plan, apply_plan_file, plan_from_events

Progress = Callable[[str], None]

#: Type token prefix of provider resources in state.
PROVIDER_TYPE_PREFIX = "pulumi:providers:"


class DriftError(Exception):
    """The check could not run; the message is one line meant for the user."""


@dataclass(frozen=True)
class RecordedState:
    """What the stack's state records: resource ids, and each resource's provider config."""

    ids: dict[str, str]
    outputs: dict[str, dict[str, Any]]  # resource URN -> recorded outputs (secrets decrypted)
    provider_config: dict[str, dict[str, Any]]  # provider reference -> its recorded config
    providers: dict[str, str]  # resource URN -> provider reference

    @property
    def resource_count(self) -> int:
        """Resources the engine will refresh: every recorded one, providers included."""
        return len(self.ids) + len(self.provider_config)

    def config_for(self, urns: list[str]) -> dict[str, Any] | None:
        """The recorded provider configuration of the first of ``urns`` that has one."""
        for urn in urns:
            ref = self.providers.get(urn)
            if ref and ref in self.provider_config:
                return self.provider_config[ref]
        return None


def _workspace_options(cwd: Path, install: pulumi_cli.PulumiCli) -> auto.LocalWorkspaceOptions:
    return auto.LocalWorkspaceOptions(
        work_dir=str(cwd),
        env_vars=workspace.engine_env(install),
        pulumi_command=workspace.pulumi_command(install),
        secrets_provider="passphrase",
    )


def backend_url(stack: auto.Stack) -> str:
    """The backend ``pulumi`` itself uses for the project (``PULUMI_BACKEND_URL``, then
    the project's ``backend.url``, then ``pulumi login``): the gate passes none of its own."""
    try:
        return str(stack.workspace.who_am_i().url or "?")
    except auto.CommandError as exc:
        raise DriftError(f"cannot tell the backend: {command_error_line(exc)}") from None


def require_project(cwd: Path) -> None:
    """A Pulumi project must be in ``cwd``: checked before anything starts the CLI."""
    if not (cwd / "Pulumi.yaml").is_file() and not (cwd / "Pulumi.yml").is_file():
        raise DriftError(f"no Pulumi project in {cwd} (Pulumi.yaml not found); use --cwd")


def selected_stack_name(cwd: Path, install: pulumi_cli.PulumiCli) -> str:
    """The stack selected in ``cwd`` (``pulumi stack select``), as ``pulumi`` picks it."""
    require_project(cwd)
    try:
        opts = _workspace_options(cwd, install)
        ws = auto.LocalWorkspace(work_dir=opts.work_dir, env_vars=opts.env_vars,
                                 pulumi_command=opts.pulumi_command,
                                 secrets_provider=opts.secrets_provider)
        summary = ws.stack()
    except auto.CommandError as exc:
        raise DriftError(f"cannot tell the selected stack: {command_error_line(exc)}") from None
    if summary is None:
        raise DriftError(f"no stack is selected in {cwd}; use --stack or `pulumi stack select`")
    return str(summary.name)


def select_stack(stack_name: str, cwd: Path, install: pulumi_cli.PulumiCli) -> auto.Stack:
    """Select an existing stack of the project in ``cwd``; a missing one is an error.

    ``workspace.directory_stack`` would create a missing stack, which a read-only
    check must not do, so this mirrors it with ``select_stack``.
    """
    require_project(cwd)
    opts = _workspace_options(cwd, install)
    try:
        return auto.select_stack(stack_name=stack_name, work_dir=str(cwd), opts=opts)
    except auto.StackNotFoundError:
        raise DriftError(
            f"stack {stack_name!r} not found in the backend of project {cwd}"
        ) from None
    except auto.CommandError as exc:
        raise DriftError(f"cannot select stack {stack_name!r}: {command_error_line(exc)}") from None


#: ``error:`` lines that only say that something failed; the reason is on another line.
_GENERIC_ERROR = re.compile(r"^(preview|update|refresh|destroy) failed$|^an error occurred")
#: Where a diagnostic's continuation lines end: a blank line, the next diagnostic, a
#: resource's header (``type (name):``) or the summary.
_DIAGNOSTIC_END = re.compile(r"^(error|warning|info):|^\S.*\(.*\):$|^Resources:$")


def command_error_line(exc: auto.CommandError) -> str:
    """The most telling ``error:`` line of a failed CLI run, with the lines that carry
    on its reason (the engine wraps a reason, and lists ``N errors occurred:`` under
    it), on one line."""
    lines = [ln.strip() for ln in str(exc).splitlines()]
    # The summary's Diagnostics section states each error once and whole; the progress
    # lines above it interleave them with other resources' steps.
    start = max((index for index, line in enumerate(lines) if line == "Diagnostics:"), default=0)
    # Each line without what comes before its "error: " (a progress prefix, the marker).
    reasons = [(index, re.sub(r"^.*?error: ", "", line)) for index, line in enumerate(lines)]
    # Provider failures read "GetProxySession failed for ..."; prefer them, wherever they
    # are (the Python host ends a traceback with them, with no "error:" before them).
    provider = [hit for hit in reasons if "failed for " in lines[hit[0]]]
    found = [hit for hit in reasons if hit[0] >= start
             and ("error: " in lines[hit[0]] or lines[hit[0]].startswith("error:"))]
    telling = [hit for hit in found if not _GENERIC_ERROR.search(hit[1])]
    if provider:
        return _squeeze(max(provider, key=lambda hit: len(hit[1]))[1])
    if not found:
        return _squeeze(next((ln for ln in reversed(lines) if ln), type(exc).__name__))
    index, line = (telling or found)[0]
    for more in lines[index + 1:]:
        if not more or _DIAGNOSTIC_END.search(more):
            break
        line += " " + more
    return _squeeze(line)


#: The module path the Python host's traceback puts before an exception's message.
_QUALIFIED_ERROR = re.compile(r"^(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_]\w*: )")


def _squeeze(text: str, limit: int = 800) -> str:
    text = _QUALIFIED_ERROR.sub("", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _read_events(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line:
                yield json.loads(line)


def refresh_preview(stack: auto.Stack, cwd: Path, install: pulumi_cli.PulumiCli, progress: Progress,
                    resource_count: int = 0) -> Plan:
    """Run ``preview --refresh`` with secrets in the event log; the engine's plan.

    ``resource_count`` (what the state holds) sets ``--parallel`` so that a stack with
    ``chime-proxy:shards`` reads on every shard host at once (workspace.refresh_parallelism)."""
    progress(f"refresh preview of stack {stack.name} (no changes are made)")
    with tempfile.TemporaryDirectory(prefix="chime-proxy-drift-") as tmp:
        log, saved = Path(tmp) / "events.jsonl", Path(tmp) / "plan.json"
        args = ["preview", "--refresh", "--show-secrets", "--color", "never", "--stack", stack.name,
                "--event-log", str(log), "--save-plan", str(saved)]
        parallel = workspace.refresh_parallelism(resource_count, os.environ)
        if parallel is not None:
            args += ["--parallel", str(parallel)]
        failed: auto.CommandError | None = None
        try:
            # --event-log is a debug flag, as for the Automation API's own event stream.
            env = workspace.engine_env(install) | {"PULUMI_DEBUG_COMMANDS": "true"}
            stack.workspace.pulumi_command.run(args, str(cwd), env)
        except auto.CommandError as exc:
            failed = exc
        plan = plan_from_events(_read_events(log))
        # A protected resource that up would replace fails the preview, yet the plan is
        # whole: that is drift whose fix is blocked, not a failed check.
        blocked_only = not plan.errors and any(step.blocked for step in plan.steps.values())
        if failed is not None and not blocked_only:
            raise DriftError(f"refresh preview failed: {command_error_line(failed)}") from None
        if saved.exists():
            apply_plan_file(plan, json.loads(saved.read_text(encoding="utf-8")))
        return plan


def recorded_state(stack: auto.Stack) -> RecordedState:
    """Ids and provider configuration as the stack's state records them."""
    try:
        deployment = stack.export_stack().deployment or {}
    except auto.CommandError as exc:
        raise DriftError(f"cannot export stack {stack.name!r}: {command_error_line(exc)}") from None
    ids: dict[str, str] = {}
    outputs: dict[str, dict[str, Any]] = {}
    configs: dict[str, dict[str, Any]] = {}
    providers: dict[str, str] = {}
    for res in deployment.get("resources") or []:
        urn, rid = str(res.get("urn") or ""), str(res.get("id") or "")
        if str(res.get("type") or "").startswith(PROVIDER_TYPE_PREFIX):
            configs[f"{urn}::{rid}"] = report.unwrap_secrets(res.get("inputs") or {})
            continue
        if res.get("delete"):
            continue
        ids[urn] = rid
        outputs[urn] = report.unwrap_secrets(res.get("outputs") or {})
        if native.is_native(str(res.get("type") or "")):
            outputs[urn] = native.dynamic_shape(str(res["type"]), outputs[urn]) or {}
        if res.get("provider"):
            providers[urn] = str(res["provider"])
    return RecordedState(ids=ids, outputs=outputs, provider_config=configs, providers=providers)


def endpoint_settings(recorded: Mapping[str, Any] | None, stack: auto.Stack,
                      front: str = "dynamic") -> tuple[ClientSettings, report.Endpoint]:
    """Client settings from the provider configuration the refresh used (recorded in
    state); from the stack's current config only when state records none. ``front``
    says whose configuration it is: the dynamic resources' (full keys, ``aws:*`` among
    them) or the native provider's (``chime-proxy:*`` only, recorded without the prefix)."""
    if recorded is not None:
        config, source = dict(recorded), "state"
    else:
        config = {k: v.value for k, v in stack.get_all_config().items()}
        source = "config"
        if front == "native":
            config = {k.removeprefix(PREFIX): v for k, v in config.items() if k.startswith(PREFIX)}
    get = native_config(config.get) if front == "native" else config.get
    # The provider's own settings, retries included: the listing meets the throttling
    # the refresh met, and chime-proxy:maxAttempts is the advice for both.
    settings = settings_from_config(get)
    # The client's own resolution: boto3's chain may take the URL or the region from the
    # environment or the AWS config file, where the settings name none.
    meta = clients.make_client(settings).meta
    url_from = url_origin(settings, meta.endpoint_url, endpoint_key(get) or ENDPOINT, os.environ)
    return settings, report.Endpoint(source=source, region=meta.region_name, url=meta.endpoint_url,
                                     url_from=url_from)


#: Where boto3 looks for a URL that no setting names, in its order.
ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", "AWS_ENDPOINT_URL")


def url_origin(settings: ClientSettings, url: str, key: str, environ: Mapping[str, str]) -> str:
    """What chose ``url``: ``key`` (the provider's setting), an environment variable,
    the AWS config file (``endpoint_url``), or ``AWS`` for the region's own endpoint."""
    if settings.endpoint_url:
        return key
    for variable in ENDPOINT_VARIABLES:
        if environ.get(variable) and environ[variable].rstrip("/") == url.rstrip("/"):
            return variable
    if clients.is_aws_url(url):
        return "AWS"
    return "the AWS config file"


def plain_config_warnings(config: Mapping[str, auto.ConfigValue]) -> list[str]:
    """One warning per plain (not secret) stack config value that holds a phone number."""
    return [
        f"stack config {key} holds a phone number in plain text, and Pulumi copies stack "
        f"config into the provider's state; store it with `pulumi config set --secret {key}`"
        for key, value in sorted(config.items())
        if not value.secret and masking.looks_like_phone_number(str(value.value))
    ]


def native_plan(plan: Plan) -> None:
    """The native resources' steps in the dynamic shape (drift/native.py), in place."""
    for step in plan.steps.values():
        if not native.is_native(step.type):
            continue
        step.old_inputs = native.dynamic_shape(step.type, step.old_inputs)
        step.old_outputs = native.dynamic_shape(step.type, step.old_outputs)
        step.new_inputs = native.dynamic_shape(step.type, step.new_inputs)
        step.engine_keys = native.spec_keys(step.type, step.engine_keys)


def _voice_connectors(plan: Plan) -> list[str]:
    """Voice connectors the stack's resources use (live, or as the program declares)."""
    found: set[str] = set()
    for step in plan.steps.values():
        adapter = ADAPTERS.get(step.type)
        if adapter is None or adapter.voice_connector_output is None:
            continue
        for state in (step.old_outputs, step.new_inputs):
            value = report.unwrap_secrets(state or {}).get(adapter.voice_connector_output)
            if isinstance(value, str) and value:
                found.add(value)
    return sorted(found)


def live_listing(settings: ClientSettings, voice_connectors: list[str],
                 progress: Progress) -> list[Unmanaged]:
    """Every live object the adapters can list in ``voice_connectors``."""
    listers = [a.lister for a in ADAPTERS.values() if a.lister is not None]
    if not voice_connectors or not listers:
        return []
    client = clients.make_client(settings)
    progress(f"listing live sessions on voice connector(s) {', '.join(voice_connectors)}")
    found: list[Unmanaged] = []
    for lister in listers:
        try:
            found += lister(client, voice_connectors)
        except Exception as exc:
            raise DriftError(str(errors.ChimeProxyError(
                "ListProxySessions", f"voice connector(s) {', '.join(voice_connectors)}", exc))) from None
    return found


def fetch_live(settings: ClientSettings, plan: Plan,
               recorded: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """Live outputs, secrets in plaintext, of each resource the plan would change (the
    engine's events mask secrets); a resource that cannot be read is left out. Each is
    read as the provider's read does, from its ``recorded`` outputs (the state, secrets
    decrypted): what the provider remembered (the participants the stack accepted) is
    carried over from there, as a refresh would carry it."""
    targets = [(urn, step, ADAPTERS[step.type]) for urn, step in plan.steps.items()
               if step.changes and step.id and step.old_outputs and step.type in ADAPTERS
               and ADAPTERS[step.type].fetch and not step.pending_delete]
    if not targets:
        return {}
    client = clients.make_client(settings)
    fetched: dict[str, dict[str, Any]] = {}
    for urn, step, adapter in targets:
        assert adapter.fetch is not None
        try:
            state = (recorded or {}).get(urn) or step.old_outputs or {}
            live = adapter.fetch(client, step.id, report.unwrap_secrets(state))
        except errors.ChimeProxyError as exc:
            raise DriftError(f"reading {adapter.kind} {step.name}: {exc}") from None
        if live is not None:
            fetched[urn] = live
    return fetched


def collect(stack_name: str | None, cwd: Path, progress: Progress,
            install: pulumi_cli.PulumiCli | None = None,
            unmanaged_policy: str = "fail", inventory: bool = False) -> report.DriftReport:
    """Run the whole check and build the report."""
    cwd = cwd.resolve()
    require_project(cwd)
    if install is None:
        try:
            install = pulumi_cli.find()
        except pulumi_cli.PulumiCliError as exc:
            raise DriftError(str(exc)) from None
    name = stack_name or selected_stack_name(cwd, install)
    stack = select_stack(name, cwd, install)
    backend = backend_url(stack)
    progress(f"backend: {backend}")
    try:
        project: str | None = stack.workspace.project_settings().name
    except Exception:  # noqa: BLE001 - the name is cosmetic, and finds the stack's lock
        project = None
    warnings = plain_config_warnings(stack.get_all_config())
    locked = locks.lock_warning(backend, project, name)
    if locked is not None:
        warnings.append(locked)
    for warning in warnings:
        progress(f"warning: {warning}")
    recorded = recorded_state(stack)
    plan = refresh_preview(stack, cwd, install, progress, recorded.resource_count)
    native_plan(plan)
    sessions = [s for s in plan.steps.values() if s.type in ADAPTERS]
    session_urns = [s.urn for s in sessions]
    front = "native" if sessions and native.is_native(sessions[0].type) else "dynamic"
    settings, endpoint = endpoint_settings(recorded.config_for(session_urns), stack, front)
    listed = unmanaged_policy != "ignore" or inventory
    live = live_listing(settings, _voice_connectors(plan), progress) if listed else []
    fetched = fetch_live(settings, plan, recorded.outputs)
    built = report.build_report(name, project, plan, recorded.ids, live, fetched, recorded.outputs,
                                unmanaged_policy, endpoint, warnings, inventory)
    return dataclasses.replace(built, resources=tuple(native.schema_named(f) for f in built.resources))

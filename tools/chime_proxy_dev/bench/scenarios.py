"""One runner per variant: N resources through the real engine (or the AWS CLI).

Every engine run uses a fresh stack in its own ``file://`` backend, measures
``up`` and ``refresh``, exports the (encrypted) state, and destroys the stack in a
``finally``; the CLI run deletes the sessions it made in a ``finally``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pulumi
from pulumi import automation as auto
from pulumi_chime_proxy.emulator import seed
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli
from pulumi_chime_proxy.kernel.shards import SHARDS_KEY, shard_of
from pulumi_chime_proxy.sessions.resource import ProxySession, ProxySessionArgs

from ..noop import Noop
from . import emulator_process as emu
from .measure import PhaseSampler, provider_field, resource_count, stack_trace_bytes, stopwatch
from .report import read_phase
from .variants import NaiveProxySession, SecretBlobProxySession

PROJECT = "chime-proxy-bench"
NATIVE_SESSION = "chime-proxy:index:ProxySession"
STACK = "bench"  # one stack per backend directory: same name, comparable state bytes
ENGINE_VARIANTS = ("ours", "ours_secret", "sharded", "native", "floor", "naive")
ALL_VARIANTS = (*ENGINE_VARIANTS, "cli")
DESCRIPTIONS = {
    "ours": "ProxySession (shared client, __provider plaintext)",
    "ours_secret": "ProxySession, serialize_as_secret_always=True (SDK default)",
    "sharded": "ProxySession with chime-proxy:shards = --shards (provider host processes)",
    "native": "chime-proxy:index:ProxySession through the native provider plugin",
    "floor": "Noop dynamic resources (engine floor)",
    "naive": "ProxySession with a new boto3 client per call",
    "cli": "N sequential `aws chime-sdk-voice get-proxy-session`",
}
Log = Callable[[str], None]


@dataclass(frozen=True)
class Context:
    """What every run needs: the CLI, the emulator, its voice connector, a scratch dir."""

    install: PulumiCli
    endpoint_url: str
    voice_connector_id: str
    work_dir: Path
    log: Log
    shards: int = 4
    parallel: int | None = None  # pulumi --parallel; None: the CLI's default (4 x cores)


def aws_env() -> dict[str, str]:
    """Dummy credentials, fixed region, and no user config files."""
    return {
        "AWS_ACCESS_KEY_ID": emu.DUMMY_KEY,
        "AWS_SECRET_ACCESS_KEY": emu.DUMMY_KEY,
        "AWS_DEFAULT_REGION": emu.REGION,
        "AWS_REGION": emu.REGION,
        "AWS_CONFIG_FILE": "/nonexistent/chime-proxy-bench/config",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/chime-proxy-bench/credentials",
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def stack_config(endpoint_url: str, shards: int = 1) -> dict[str, auto.ConfigValue]:
    config = {
        "chime-proxy:region": auto.ConfigValue(emu.REGION),
        "chime-proxy:endpoint": auto.ConfigValue(endpoint_url),
    }
    if shards > 1:
        config[SHARDS_KEY] = auto.ConfigValue(str(shards))
    return config


def numbers(i: int) -> list[str]:
    """Two distinct participant numbers for session ``i`` (unique up to 10,000)."""
    return [f"+1206555{i % 10_000:04d}", f"+1425555{i % 10_000:04d}"]


def resource_name(i: int) -> str:
    return f"s{i:05d}"


def voice_connector(client: Any) -> str:
    return seed.voice_connector_with_proxy(client, name="bench", default_expiry_minutes=600,
                                           require_encryption=False, region=emu.REGION)


def program(variant: str, n: int, vc: str) -> Callable[[], None]:
    """The inline Pulumi program declaring ``n`` resources of ``variant`` (0 = empty)."""
    classes = {"ours": ProxySession, "sharded": ProxySession, "ours_secret": SecretBlobProxySession,
               "naive": NaiveProxySession}

    def run() -> None:
        for i in range(n):
            if variant == "floor":
                Noop(resource_name(i), f"noop-{i}")
            elif variant == "native":
                # no generated SDK yet: the type token, as any language's program names it
                pulumi.CustomResource(NATIVE_SESSION, resource_name(i), {
                    "voiceConnectorId": vc, "participantPhoneNumbers": numbers(i),
                    "capabilities": ["Voice", "SMS"]})
            else:
                args = ProxySessionArgs(voice_connector_id=vc, participant_phone_numbers=numbers(i),
                                        capabilities=["Voice", "SMS"])
                classes[variant](resource_name(i), args)

    return run


def explicit_providers(variant: str, n: int, shards: int) -> int:
    """Shard providers the engine counts as resources (shard 0 is the default provider)."""
    return len({shard_of(resource_name(i), shards) for i in range(n)} - {0})


def shards_of(ctx: Context, variant: str) -> int:
    """``chime-proxy:shards`` of a variant's stack: only ``sharded`` sets it."""
    return ctx.shards if variant == "sharded" else 1


def refresh_parallelism(ctx: Context, variant: str, resources: int) -> int | None:
    """``--parallel`` of a variant's refresh: ``--parallel`` if given; else the CLI's
    default, but for ``sharded`` and ``native`` the resource count, as ``chime-proxy
    drift`` uses (below it the engine refreshes one shard host after another:
    kernel/shards.py; the native plugin serves as many calls as it is sent)."""
    if ctx.parallel is not None or variant not in ("sharded", "native"):
        return ctx.parallel
    return workspace.refresh_parallelism(resources, os.environ)


def _stack(ctx: Context, label: str, variant: str, n: int) -> auto.Stack:
    backend = ctx.work_dir / label
    return workspace.inline_stack(STACK, PROJECT, program(variant, n, ctx.voice_connector_id),
                                  ctx.install, backend,
                                  config=stack_config(ctx.endpoint_url, shards_of(ctx, variant)),
                                  extra_env=aws_env())


def _changes(summary: auto.UpdateSummary) -> dict[str, int]:
    """``resource_changes`` keyed by plain strings (``create``, ``same``, ...)."""
    return {str(getattr(k, "value", k)): v for k, v in (summary.resource_changes or {}).items()}


def _teardown(ctx: Context, stack: auto.Stack, sample: dict[str, Any]) -> None:
    with stopwatch() as t:
        stack.destroy(color="never", parallel=ctx.parallel)
    sample["destroy_s"] = t[0]
    stack.workspace.remove_stack(stack.name)


def empty_state_bytes(ctx: Context) -> int:
    """Encrypted-state length of a stack with no resources (the per-stack baseline)."""
    stack = _stack(ctx, "empty", "floor", 0)
    try:
        stack.up(color="never")
        return len(workspace.encrypted_state(stack))
    finally:
        _teardown(ctx, stack, {})


def run_engine(ctx: Context, variant: str, n: int, repeat_index: int,
               baseline_bytes: int) -> dict[str, Any]:
    """One up + refresh + destroy of ``n`` resources of ``variant``; returns one sample."""
    stack = _stack(ctx, f"{variant}-n{n}-r{repeat_index}", variant, n)
    sample: dict[str, Any] = {}
    ok = False
    try:
        with PhaseSampler() as hosts, stopwatch() as t:
            up = stack.up(color="never", parallel=ctx.parallel)
        created = _changes(up.summary)
        expected = n + 1 + explicit_providers(variant, n, shards_of(ctx, variant))  # + the stack
        if created.get("create") != expected:
            raise RuntimeError(f"{variant}: up created {created}, expected {expected}")
        sample["up_s"] = t[0]
        sample["up_provider_peak_rss_kib"] = hosts.peak_kib
        sample["up_provider_cpu_ms_per_session"] = per_session_ms(hosts.cpu_s["providers"], n)
        sample.update(cpu_by_role("up", hosts.cpu_s))
        text = workspace.encrypted_state(stack)
        state = json.loads(text)
        if resource_count(state) != n:
            raise RuntimeError(f"{variant}: state holds {resource_count(state)} resources, not {n}")
        field = provider_field(state)
        sample["provider_field_bytes"] = field["bytes"]
        sample["provider_secret"] = field["secret"]
        sample["provider_copies"] = field["copies"]
        sample["state_bytes"] = len(text)
        sample["state_bytes_per_session"] = (len(text) - baseline_bytes) / n if n else None
        sample["stack_trace_bytes_per_session"] = stack_trace_bytes(state) / n if n else None
        refresh_parallel = refresh_parallelism(ctx, variant, expected)
        sample["refresh_parallel"] = refresh_parallel
        emu.reset_calls(ctx.endpoint_url)
        with PhaseSampler() as hosts, stopwatch() as t:
            refresh = stack.refresh(color="never", parallel=refresh_parallel)
        figures = emu.call_figures(ctx.endpoint_url)
        calls = figures["Total"]
        changes = _changes(refresh.summary)
        if changes.get("same") != expected:
            raise RuntimeError(f"{variant}: refresh reported {changes}, expected {expected} same")
        sample["refresh_s"] = t[0]
        sample["refresh_provider_peak_rss_kib"] = hosts.peak_kib
        sample["refresh_provider_hosts"] = hosts.hosts
        sample["refresh_provider_cpu_ms_per_session"] = per_session_ms(hosts.cpu_s["providers"], n)
        sample.update(cpu_by_role("refresh", hosts.cpu_s))
        sample["refresh_emulator_calls"] = calls
        sample["refresh_emulator_rps"] = calls / t[0]
        sample.update(read_phase(figures, t[0]))
        ok = True
    finally:
        try:
            _teardown(ctx, stack, sample)
        except Exception as exc:
            ctx.log(f"{variant}: destroy failed: {exc}")
            if ok:
                raise
    return sample


def cpu_by_role(phase: str, cpu_s: dict[str, float | None]) -> dict[str, float | None]:
    """``{"<phase>_<role>_cpu_s": seconds}`` for the report."""
    return {f"{phase}_{role}_cpu_s": seconds for role, seconds in cpu_s.items()}


def per_session_ms(cpu_s: float | None, n: int) -> float | None:
    return cpu_s * 1000 / n if cpu_s is not None and n else None


def botocore_cpu(ctx: Context, calls: int) -> dict[str, float]:
    """This process's CPU per ``create_proxy_session`` and per ``get_proxy_session`` with
    the client the providers make (:func:`clients.make_client`), against the same
    emulator: the floor a provider's Create and Read cannot go below. The sessions it
    makes are deleted again (not timed)."""
    from pulumi_chime_proxy.aws import clients
    from pulumi_chime_proxy.aws.settings import ClientSettings

    with mock.patch.dict(os.environ, aws_env()):  # the engine's credentials, for this client
        client = clients.make_client(ClientSettings(region=emu.REGION, endpoint_url=ctx.endpoint_url))
    vc = ctx.voice_connector_id
    ids: list[str] = []
    try:
        started = time.process_time()
        for i in range(calls):
            ids.append(client.create_proxy_session(
                VoiceConnectorId=vc, ParticipantPhoneNumbers=numbers(i),
                Capabilities=["Voice", "SMS"])["ProxySession"]["ProxySessionId"])
        created = time.process_time()
        for session_id in ids:
            client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=session_id)
        read = time.process_time()
    finally:
        for session_id in ids:
            client.delete_proxy_session(VoiceConnectorId=vc, ProxySessionId=session_id)
    return {"create_ms": (created - started) * 1000 / calls, "get_ms": (read - created) * 1000 / calls}


def aws_cli() -> str:
    return str(Path(sys.executable).parent / "aws")


def run_cli(ctx: Context, n: int) -> dict[str, Any]:
    """Create ``n`` sessions with boto3, then time ``n`` sequential ``aws ... get-proxy-session``."""
    client = emu.client(ctx.endpoint_url)
    vc = ctx.voice_connector_id
    ids: list[str] = []
    sample: dict[str, Any] = {"up_s": None}
    env = {**_base_env(), **aws_env()}
    try:
        for i in range(n):
            session = client.create_proxy_session(
                VoiceConnectorId=vc, ParticipantPhoneNumbers=numbers(i),
                Capabilities=["Voice", "SMS"])["ProxySession"]
            ids.append(session["ProxySessionId"])
        emu.reset_calls(ctx.endpoint_url)
        with stopwatch() as t:
            for session_id in ids:
                subprocess.run(
                    [aws_cli(), "chime-sdk-voice", "get-proxy-session",
                     "--voice-connector-id", vc, "--proxy-session-id", session_id,
                     "--endpoint-url", ctx.endpoint_url, "--region", emu.REGION, "--output", "json"],
                    check=True, capture_output=True, env=env)
        figures = emu.call_figures(ctx.endpoint_url)
        calls = figures["Total"]
        sample["refresh_s"] = t[0]
        sample["refresh_emulator_calls"] = calls
        sample["refresh_emulator_rps"] = calls / t[0]
        sample.update(read_phase(figures, t[0]))
    finally:
        for session_id in ids:
            try:
                client.delete_proxy_session(VoiceConnectorId=vc, ProxySessionId=session_id)
            except Exception as exc:  # keep deleting the rest
                ctx.log(f"cli: could not delete {session_id}: {exc}")
    return sample


def _base_env() -> dict[str, str]:
    import os

    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    return {k: os.environ[k] for k in keep if k in os.environ}


def run(ctx: Context, variant: str, n: int, repeat_index: int, baseline_bytes: int) -> dict[str, Any]:
    if variant == "cli":
        return run_cli(ctx, n)
    return run_engine(ctx, variant, n, repeat_index, baseline_bytes)

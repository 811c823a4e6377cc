"""Helpers shared by the engine-level tests: a ready voice connector, stack config
pointing the provider at the emulator, quick stack construction, a free local port."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import botocore.session
from pulumi import automation as auto
from pulumi_chime_proxy.emulator import seed
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

NUMBERS = [
    ("+12065550100", "+12065550101"),
    ("+12065550102", "+12065550103"),
    ("+12065550104", "+12065550105"),
]


def voice_connector(client: Any, name: str = "vc", expiry: int = 60) -> str:
    """A voice connector with a proxy configuration (US pool)."""
    return seed.voice_connector_with_proxy(client, name=name, default_expiry_minutes=expiry,
                                           require_encryption=False)


def bare_voice_connector(client: Any, name: str = "bare") -> str:
    """A voice connector with no proxy configuration: for a program that declares one."""
    return seed.voice_connector_with_proxy(client, name=name, require_encryption=False, proxy=False)


def emulator_config(endpoint_url: str) -> dict[str, auto.ConfigValue]:
    """Stack config that points the providers at ``endpoint_url``, as the README does."""
    return {
        "chime-proxy:region": auto.ConfigValue("us-east-1"),
        "chime-proxy:endpoint": auto.ConfigValue(endpoint_url),
    }


def stack(name: str, program: Callable[[], None], install: PulumiCli,
          backend_dir: Path, endpoint_url: str) -> auto.Stack:
    """An inline-program stack on ``backend_dir`` wired to the emulator."""
    return workspace.inline_stack(name, f"test-{name}", program, install, backend_dir,
                                  config=emulator_config(endpoint_url))


def resource_events(events: list[auto.EngineEvent], type_token: str) -> list[Any]:
    """The ResourcePreEvent metadata of resources of ``type_token``."""
    return [e.resource_pre_event.metadata for e in events
            if e.resource_pre_event and e.resource_pre_event.metadata.type == type_token]


def free_port() -> int:
    """A loopback port nothing listens on (closed again, so a server can take it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sensitive_members(operation: str) -> set[str]:
    """The members of ``operation``'s input that botocore's model marks ``sensitive`` at any
    depth, read from the model itself (the oracle: none of the package's spec code)."""
    model = botocore.session.get_session().get_service_model("chime-sdk-voice")

    def sensitive(shape: object, seen: frozenset[str] = frozenset()) -> bool:
        name = getattr(shape, "name", "")
        if getattr(shape, "metadata", {}).get("sensitive"):
            return True
        if name in seen:
            return False
        children = ([getattr(shape, "member", None), getattr(shape, "value", None)]
                    + list(getattr(shape, "members", {}).values()))
        return any(sensitive(c, seen | {name}) for c in children if c is not None)

    members = model.operation_model(operation).input_shape.members
    return {name for name, shape in members.items() if sensitive(shape)}

"""The CI jobs of a team: each job has its own checkout of the project (with the
committed ``Pulumi.<stack>.yaml``) and runs the real CLI against the shared S3 backend
(the project itself: :mod:`chime_proxy_dev.team_project`)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chime_proxy_dev.team_project import SESSION_TYPE, write_project
from pulumi import automation as auto
from pulumi_chime_proxy.engine import workspace
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.support import emulator_config


@dataclass
class Job:
    """One CI job: a checkout of the project and its stack, on the backend in the
    environment (``PULUMI_BACKEND_URL``)."""

    checkout: Path
    stack: auto.Stack

    @property
    def name(self) -> str:
        return self.stack.name

    def clone(self, dest: Path, install: PulumiCli) -> Job:
        """Another job on the same stack, from a copy of this repository."""
        shutil.copytree(self.checkout, dest)
        return Job(dest, workspace.directory_stack(self.name, dest, install, None))

    def sessions(self) -> dict[str, str]:
        """Resource name -> session id, from the state in the backend."""
        deployment = self.stack.export_stack().deployment
        return {r["urn"].rsplit("::", 1)[-1]: r["id"] for r in deployment.get("resources", [])
                if r.get("type") == SESSION_TYPE}

    def pending(self) -> list[dict[str, Any]]:
        return list(self.stack.export_stack().deployment.get("pending_operations") or [])


def new_job(checkout: Path, stack_name: str, install: PulumiCli, endpoint_url: str,
            vc: str, first: int, count: int) -> Job:
    """Create ``stack_name`` in the backend from a fresh checkout, with its config."""
    write_project(checkout)
    stack = workspace.directory_stack(stack_name, checkout, install, None)
    stack.set_all_config(emulator_config(endpoint_url) | {
        "vc": auto.ConfigValue(vc),
        "first": auto.ConfigValue(str(first)),
        "count": auto.ConfigValue(str(count)),
    })
    return Job(checkout, stack)


def attempt(action: Callable[[], Any]) -> Any:
    """The result of ``action``, or the exception it raised (to inspect, not re-raise)."""
    try:
        return action()
    except Exception as exc:  # noqa: BLE001 - the outcome is what the test asserts on
        return exc


def live_sessions(client: Any, vc: str) -> list[dict[str, Any]]:
    """Every session on ``vc`` as ListProxySessions reports it (all pages)."""
    sessions: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"VoiceConnectorId": vc}
    while True:
        page = client.list_proxy_sessions(**kwargs)
        sessions += page["ProxySessions"]
        if not page.get("NextToken"):
            return sessions
        kwargs["NextToken"] = page["NextToken"]


def live_by_participants(client: Any, vc: str) -> dict[tuple[str, ...], list[str]]:
    """Sorted participant numbers -> ids of the live sessions that have them."""
    found: dict[tuple[str, ...], list[str]] = {}
    for session in live_sessions(client, vc):
        key = tuple(sorted(p["PhoneNumber"] for p in session.get("Participants") or []))
        found.setdefault(key, []).append(session["ProxySessionId"])
    return found


# -- processes ---------------------------------------------------------------------------


def _children() -> dict[int, list[tuple[int, str]]]:
    """parent pid -> [(pid, command name)] of every process visible in /proc."""
    tree: dict[int, list[tuple[int, str]]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        tree.setdefault(ppid, []).append((int(entry.name), comm))
    return tree


def descendants(pid: int) -> list[tuple[int, str]]:
    """Every process below ``pid``: (pid, command name)."""
    tree, found, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child[0])
    return found


def pulumi_cli_pids() -> list[int]:
    """The ``pulumi`` CLI processes this test process started (Automation API runs)."""
    return [pid for pid, comm in descendants(os.getpid()) if comm == "pulumi"]


def reap(pids: list[int], grace: float = 5.0) -> None:
    """Wait for ``pids`` to exit, then SIGKILL those still running (plugins the killed
    CLI started: nothing stops them once their parent is gone)."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in pids):
        time.sleep(0.1)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

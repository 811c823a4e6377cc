"""The emulator as a separate process, so its CPU is not mixed with the harness's."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

from pulumi_chime_proxy.emulator.admin_client import AdminClient
from pulumi_chime_proxy.emulator.faults import ANY_OPERATION, MAX_LATENCY_MS

__all__ = ["MAX_LATENCY_MS", "add_latency", "call_figures", "clear_latency", "client",
           "emulator_process", "reset_calls", "session_count"]

REGION = "us-east-1"
DUMMY_KEY = "testing"  # the emulator accepts any key unless strict


@contextlib.contextmanager
def emulator_process() -> Iterator[str]:
    """Start ``chime-proxy emulator serve --port 0``; yield its URL; stop it on exit."""
    command = [sys.executable, "-m", "pulumi_chime_proxy.cli", "emulator", "serve", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        if not url.startswith("http"):
            raise RuntimeError(f"emulator did not start (printed {url!r})")
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def client(endpoint_url: str) -> Any:
    """A boto3 client for the harness's own setup calls (dummy keys, a few retries)."""
    import boto3
    from botocore.config import Config

    session = boto3.session.Session(aws_access_key_id=DUMMY_KEY,
                                    aws_secret_access_key=DUMMY_KEY, region_name=REGION)
    return session.client("chime-sdk-voice", endpoint_url=endpoint_url,
                          config=Config(retries={"mode": "standard", "max_attempts": 3}))


def reset_calls(endpoint_url: str) -> None:
    """Zero the emulator's request counters and concurrency figures."""
    AdminClient(endpoint_url).reset_calls()


def call_figures(endpoint_url: str) -> dict[str, Any]:
    """The emulator's request counts and concurrency figures since ``reset_calls``."""
    return dict(AdminClient(endpoint_url).calls())


def session_count(endpoint_url: str) -> int:
    """Proxy sessions the emulator holds, in any status."""
    return len(AdminClient(endpoint_url).state().get("ProxySessions") or [])


def add_latency(endpoint_url: str, latency_ms: float) -> None:
    """Make the emulator answer every API call ``latency_ms`` late (until cleared)."""
    AdminClient(endpoint_url).inject_fault(ANY_OPERATION, latency_ms=latency_ms)


def clear_latency(endpoint_url: str) -> None:
    """Remove the injected latency (the admin surface clears every fault)."""
    AdminClient(endpoint_url).clear_faults()

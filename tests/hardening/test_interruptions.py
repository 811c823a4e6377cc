"""Interruptions mid-``up``: after each, the next ``up`` converges with no orphans."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pulumi
import pytest
from botocore.config import Config
from pulumi_chime_proxy import ProxySession, ProxySessionArgs
from pulumi_chime_proxy.emulator.admin_client import AdminClient
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests import support
from tests.hardening import secrets_scan
from tests.hardening.scenario import SESSION_TYPE, numbers

pytestmark = pytest.mark.engine
CLI = str(Path(sys.executable).parent / "chime-proxy")


@contextlib.contextmanager
def serve(state: Path, port: int) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen([CLI, "emulator", "serve", "--state", str(state), "--port", str(port)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().startswith("http")
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)


def test_emulator_restart_in_the_middle_of_up(tmp_path: Path, pulumi_install: PulumiCli,
                                               backend_dir: Path) -> None:
    state, port = tmp_path / "emulator.json", support.free_port()
    url = f"http://127.0.0.1:{port}"
    admin = AdminClient(url)
    client = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                   region_name="us-east-1").client(
        "chime-sdk-voice", endpoint_url=url, config=Config(retries={"total_max_attempts": 1}))
    with serve(state, port):
        vc = support.voice_connector(client)
        specs = {f"s{i}": numbers(i) for i in range(4)}

        def program() -> None:
            for name, pair in specs.items():
                ProxySession(name, ProxySessionArgs(voice_connector_id=vc, name=f"Ride {name}",
                                                    participant_phone_numbers=list(pair),
                                                    capabilities=["Voice"]))
            pulumi.export("n", len(specs))

        stack = support.stack("h-restart", program, pulumi_install, backend_dir, url)
        admin.inject_fault("CreateProxySession", latency_ms=3000)
        outcome: dict[str, Any] = {}

        def first_up() -> None:
            try:
                outcome["up"] = stack.up(show_secrets=False)
            except Exception as exc:  # the interrupted up may fail; the next one must converge
                outcome["error"] = exc

        thread = threading.Thread(target=first_up)
        thread.start()
        deadline = time.monotonic() + 120
        while admin.calls()["ByOperation"].get("CreateProxySession", 0) < 1:
            assert time.monotonic() < deadline, "up never reached CreateProxySession"
            time.sleep(0.2)
    # stopped mid-create (the creates were still waiting out their latency)
    time.sleep(1)
    with serve(state, port):  # same port, same state file, no faults
        thread.join(timeout=300)
        stack.up(show_secrets=False)
        deployment = stack.export_stack().deployment
        assert not deployment.get("pending_operations")
        ids = sorted(r["id"] for r in deployment["resources"] if r["type"] == SESSION_TYPE)
        live = sorted(s["ProxySessionId"] for s in client.list_proxy_sessions(
            VoiceConnectorId=vc)["ProxySessions"])
        assert ids == live and len(ids) == 4, f"state {ids} vs API {live}"
        assert set(stack.up(show_secrets=False).summary.resource_changes) == {"same"}
        secrets_scan.assert_no_plaintext(stack, [n for p in specs.values() for n in p],
                                         [f"Ride {n}" for n in specs])
        print(f"restart: first up {'failed' if 'error' in outcome else 'succeeded'}")
        stack.destroy(show_secrets=False)
        assert client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"] == []

"""GetProxySession requests per second through boto3 against the local emulator.

Keep-alive connections, concurrency 1 and 4 (one client per thread). Two setups:
the server in this process (as the test fixtures run it: client and server
share one GIL) and the server as a separate ``emulator serve`` process (as the
Pulumi provider and demos use it). No assertions: prints the core count and
the figures.

    .venv/bin/python benchmarks/emulator_rps.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from pulumi_chime_proxy.emulator import seed
from pulumi_chime_proxy.emulator.testing import RunningEmulator, running_emulator


class ExternalEmulator(RunningEmulator):
    """A RunningEmulator whose server is another process (only ``client()`` and ``admin``)."""

    def __init__(self, endpoint_url: str) -> None:
        from pulumi_chime_proxy.emulator.admin_client import AdminClient

        self.endpoint_url = endpoint_url
        self.admin = AdminClient(endpoint_url)


@contextlib.contextmanager
def external_emulator() -> Iterator[RunningEmulator]:
    command = [sys.executable, "-m", "pulumi_chime_proxy.emulator.cli", "emulator", "serve"]
    process = subprocess.Popen([*command, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield ExternalEmulator(process.stdout.readline().strip())
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def setup(emulator: RunningEmulator) -> tuple[str, str]:
    client = emulator.client()
    vc_id = seed.voice_connector_with_proxy(client, name="bench", default_expiry_minutes=600)
    session = client.create_proxy_session(
        VoiceConnectorId=vc_id,
        ParticipantPhoneNumbers=["+12065550100", "+14255550101"],
        Capabilities=["Voice", "SMS"],
        Name="bench",
    )["ProxySession"]
    return vc_id, session["ProxySessionId"]


class RawClient:
    """http.client on one keep-alive connection: the server's cost without boto3's."""

    HEADERS = {
        "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/chime/"
        "aws4_request, SignedHeaders=host, Signature=00"
    }

    def __init__(self, endpoint_url: str) -> None:
        parts = urlsplit(endpoint_url)
        self.connection = http.client.HTTPConnection(parts.hostname or "", parts.port)

    def get_proxy_session(self, VoiceConnectorId: str, ProxySessionId: str) -> bytes:  # noqa: N803
        path = f"/voice-connectors/{VoiceConnectorId}/proxy-sessions/{ProxySessionId}"
        self.connection.request("GET", path, headers=self.HEADERS)
        return self.connection.getresponse().read()


def measure(
    emulator: RunningEmulator, ids: tuple[str, str], threads: int, seconds: float, raw: bool
) -> float:
    """Requests per second over ``seconds`` with ``threads`` clients, after a warm-up."""
    clients: list[Any] = [
        RawClient(emulator.endpoint_url) if raw else emulator.client() for _ in range(threads)
    ]
    for client in clients:  # warm-up: open the keep-alive connection, load the model
        client.get_proxy_session(VoiceConnectorId=ids[0], ProxySessionId=ids[1])
    counts = [0] * threads
    start_line = threading.Barrier(threads + 1)
    deadline = 0.0

    def worker(index: int) -> None:
        client = clients[index]
        start_line.wait()
        n = 0
        while time.perf_counter() < deadline:
            client.get_proxy_session(VoiceConnectorId=ids[0], ProxySessionId=ids[1])
            n += 1
        counts[index] = n

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in workers:
        thread.start()
    began = time.perf_counter()
    deadline = began + seconds
    start_line.wait()
    for thread in workers:
        thread.join()
    return sum(counts) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    setups = (("in-process server", running_emulator), ("separate server process", external_emulator))
    for label, start in setups:
        with start() as emulator:
            ids = setup(emulator)
            for client_kind in ("boto3", "raw http.client"):
                for threads in (1, 4):
                    rps = measure(emulator, ids, threads, args.seconds, client_kind != "boto3")
                    print(
                        f"{label}, {client_kind}, concurrency {threads}: "
                        f"{rps:,.0f} GetProxySession requests/s"
                    )


if __name__ == "__main__":
    main()

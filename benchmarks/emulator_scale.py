"""Cost of one CreateProxySession (and a Get, and a page of List) through HTTP as the
emulator holds more sessions: 100 (the baseline) vs 10,000 vs 100,000 on one voice
connector, with a ``--state`` file being saved all along ("full save": one change, then
``POST /_emulator/save``, which writes and fsyncs the whole file).

The sessions up to each level are made through the backend (the same code path
as the API minus HTTP, so filling 100,000 takes seconds); the measured requests
go over one keep-alive ``http.client`` connection, so the figures are the
server's cost. Prints per-request medians and ratios against the 100-session
baseline of the same run, and the state file's size and last save time. No
assertions.

    .venv/bin/python benchmarks/emulator_scale.py [--levels 100,10000,100000] [--samples 300]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from pulumi_chime_proxy.emulator import seed
from pulumi_chime_proxy.emulator.testing import RunningEmulator, running_emulator

AUTH = {
    "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/chime/aws4_request, "
    "SignedHeaders=host, Signature=00",
    "Content-Type": "application/json",
}


def participant(index: int) -> str:
    return f"+1{200 + index // 10_000_000:03d}{index % 10_000_000:07d}"


def fill(emulator: RunningEmulator, vc_id: str, start: int, stop: int) -> None:
    """Sessions ``start``..``stop`` through the backend: distinct pairs, a day to live."""
    for index in range(start, stop):
        emulator.store.create_proxy_session(
            vc_id, [participant(2 * index), participant(2 * index + 1)], ["Voice"], expiry_minutes=1440
        )


class Raw:
    """One keep-alive connection; returns the seconds each request took."""

    def __init__(self, endpoint_url: str) -> None:
        parts = urlsplit(endpoint_url)
        self.connection = http.client.HTTPConnection(parts.hostname or "", parts.port)

    def timed(self, method: str, path: str, body: dict[str, object] | None = None) -> tuple[float, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        began = time.perf_counter()
        self.connection.request(method, path, body=data, headers=AUTH)
        response = self.connection.getresponse()
        raw = response.read()
        spent = time.perf_counter() - began
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {raw[:200]!r}")
        return spent, raw


def measure(raw: Raw, vc_id: str, first: int, samples: int) -> dict[str, float]:
    """Median seconds of a create, a get and a 100-session list page; ``samples`` each."""
    creates, gets, pages = [], [], []
    base = f"/voice-connectors/{vc_id}/proxy-sessions"
    for index in range(first, first + samples):
        spent, body = raw.timed(
            "POST",
            base,
            {
                "ParticipantPhoneNumbers": [participant(2 * index), participant(2 * index + 1)],
                "Capabilities": ["SMS"],
            },
        )
        creates.append(spent)
        session_id = json.loads(body)["ProxySession"]["ProxySessionId"]
        gets.append(raw.timed("GET", f"{base}/{session_id}")[0])
    for _ in range(max(10, samples // 10)):
        pages.append(raw.timed("GET", f"{base}?max-results=100")[0])
    return {
        "create": statistics.median(creates),
        "get": statistics.median(gets),
        "list page": statistics.median(pages),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--levels", default="100,10000,100000")
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    levels = sorted(int(level) for level in args.levels.split(","))
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}")
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as directory:
        state = Path(directory) / "state.json"
        with running_emulator(state_file=state) as emulator:
            vc_id = seed.voice_connector_with_proxy(
                emulator.client(), name="scale", default_expiry_minutes=1440
            )
            raw = Raw(emulator.endpoint_url)
            made = 0
            for level in levels:
                began = time.perf_counter()
                fill(emulator, vc_id, made, level)
                made = level
                filled = time.perf_counter() - began
                results[level] = measure(raw, vc_id, made, args.samples)
                made += args.samples
                emulator.admin.save()
                emulator.admin.advance_clock(0.001)  # one small change: what a steady-state save writes
                began = time.perf_counter()
                emulator.admin.save()
                results[level]["full save"] = time.perf_counter() - began
                print(
                    f"{level:>7,} sessions (filled in {filled:.1f} s through the backend): "
                    + ", ".join(f"{name} {seconds * 1000:.2f} ms" for name, seconds in results[level].items())
                    + f"; state file {state.stat().st_size / 1e6:.1f} MB",
                    flush=True,
                )
            saver = emulator.emulator.state_file
            assert saver is not None
            print(f"state file saves: {saver.saves}, failed: {saver.failures}")
    baseline = results[levels[0]]
    print(f"\nratios against {levels[0]:,} sessions (1.00 = no slower):")
    for level in levels[1:]:
        ratios = ", ".join(f"{name} x{results[level][name] / baseline[name]:.2f}" for name in baseline)
        print(f"  {level:>7,} sessions: {ratios}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

"""The emulator's request figures: what a benchmark reads to tell how many requests a
client really kept in flight."""

from __future__ import annotations

import threading
from typing import Any

from pulumi_chime_proxy.emulator.calls import CallCounter

LATENCY_MS = 100
THREADS = 8


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_overlapping_requests_add_up_to_busy_time_over_active_time() -> None:
    clock = FakeClock()
    calls = CallCounter(clock)
    first = calls.begin()            # t=0
    clock.now = 1.0
    second = calls.begin()           # t=1, two in flight
    clock.now = 2.0
    calls.end(first)                 # 2 s
    clock.now = 4.0
    calls.end(second)                # 3 s
    snapshot = calls.snapshot()
    assert snapshot["PeakInFlight"] == 2 and snapshot["InFlight"] == 0
    assert snapshot["BusySeconds"] == 5.0 and snapshot["ActiveSeconds"] == 4.0


def test_reset_forgets_the_figures_but_not_what_is_still_in_flight() -> None:
    clock = FakeClock()
    calls = CallCounter(clock)
    early = calls.begin()
    calls.reset()
    clock.now = 1.0
    late = calls.begin()
    clock.now = 2.0
    calls.end(early)                 # started before the reset: not counted
    calls.end(late)
    snapshot = calls.snapshot()
    assert snapshot["InFlight"] == 0 and snapshot["PeakInFlight"] == 2
    assert snapshot["BusySeconds"] == 1.0 and snapshot["ActiveSeconds"] == 1.0


def test_no_requests_report_zero_figures() -> None:
    snapshot = CallCounter().snapshot()
    assert snapshot == {"Total": 0, "ByOperation": {}, "InFlight": 0, "PeakInFlight": 0,
                        "BusySeconds": 0.0, "ActiveSeconds": 0.0}


def test_parallel_clients_over_http_show_as_requests_in_flight(
        emulator: Any, voice_connector_id: str) -> None:
    """Eight threads, each with its own client, against 100 ms of injected latency: the
    figures see about eight in flight, and a single client about one."""
    emulator.admin.inject_fault("GetVoiceConnectorProxy", latency_ms=LATENCY_MS)
    clients = [emulator.client() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)

    def worker(client: Any) -> None:
        barrier.wait()
        for _ in range(3):
            client.get_voice_connector_proxy(VoiceConnectorId=voice_connector_id)

    emulator.admin.reset_calls()
    # Requests an earlier test's client gave up on may still be running in the shared
    # emulator: they count as in flight, not in the busy time.
    leftover = emulator.admin.calls()["InFlight"]
    threads = [threading.Thread(target=worker, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    parallel = emulator.admin.calls()
    emulator.admin.reset_calls()
    leftover_serial = emulator.admin.calls()["InFlight"]
    for _ in range(3):
        clients[0].get_voice_connector_proxy(VoiceConnectorId=voice_connector_id)
    serial = emulator.admin.calls()

    assert parallel["ByOperation"] == {"GetVoiceConnectorProxy": 3 * THREADS}
    assert parallel["PeakInFlight"] - leftover >= THREADS // 2
    assert parallel["BusySeconds"] >= 3 * THREADS * LATENCY_MS / 1000
    assert parallel["BusySeconds"] / parallel["ActiveSeconds"] > 2.5
    assert serial["PeakInFlight"] - leftover_serial == 1
    assert 0.8 < serial["BusySeconds"] / serial["ActiveSeconds"] <= 1.0

"""The native plugin's CPU per Read and per Create against botocore's own, in one run.

The plugin runs as the engine starts it (``python -m pulumi_chime_proxy.native.server``)
and is called over gRPC as the engine calls it: ``Configure``, then ``Create`` of
sessions and ``Read`` of each with the state and inputs ``Create`` returned. Its CPU is
the plugin process's ``utime + stime`` from ``/proc/<pid>/stat`` over each phase. The
emulator is a third process, so neither side's figure holds its CPU.

botocore's figure, in the same run and against the same emulator: this process's
``time.process_time`` over ``get_proxy_session`` and ``create_proxy_session`` with the
client the plugin makes (:func:`pulumi_chime_proxy.aws.clients.make_client`, the same
settings), so the ratio is what the plugin adds to the call it has to make. The plugin's
CPU for a call that does nothing (``GetPluginInfo``) is the gRPC server's own floor.

Phases alternate (plugin, botocore, plugin, ...) over ``--rounds`` and the median round
is reported, so a change in machine load falls on both.

    .venv/bin/python benchmarks/plugin_cpu.py [--calls 300] [--rounds 5] [--out FILE.json]
        [--profile FILE.svg]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import grpc
from chime_proxy_dev.bench.emulator_process import client as setup_client
from chime_proxy_dev.bench.emulator_process import emulator_process
from chime_proxy_dev.bench.measure import cpu_seconds
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc
from pulumi_chime_proxy.native import encode

REGION = "us-east-1"
KEY = "testing"
URN = "urn:pulumi:bench::plugin-cpu::chime-proxy:index:ProxySession::s"


def plugin_cpu(pid: int) -> float:
    used = cpu_seconds(pid)
    if used is None:
        raise RuntimeError(f"the plugin (pid {pid}) exited during the measurement")
    return used


class Numbers:
    """Distinct participant pairs, so every create is a new session."""

    def __init__(self) -> None:
        self.next = 0

    def pair(self) -> list[str]:
        self.next += 1
        return [f"+1206{self.next:07d}", f"+1425{self.next:07d}"]


@contextmanager
def plugin_process(profile: Path | None) -> Iterator[tuple[int, Any]]:
    """The plugin as the engine starts it; (its pid, a gRPC stub). The engine's address is
    never called. With ``profile``, py-spy records it into that flame graph (SVG)."""
    command = [sys.executable, "-m", "pulumi_chime_proxy.native.server", "127.0.0.1:9"]
    if profile is not None:
        command = [str(Path(sys.executable).parent / "py-spy"), "record", "--rate", "250",
                   "--format", "raw" if profile.suffix == ".txt" else "flamegraph",
                   "--output", str(profile), "--", *command]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        while not port.isdigit():  # py-spy's own lines come first
            port = process.stdout.readline().strip()
        pid = plugin_pid(process.pid) if profile is not None else process.pid
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield pid, provider_pb2_grpc.ResourceProviderStub(channel)
    finally:
        process.send_signal(signal.SIGINT if profile is not None else signal.SIGTERM)
        process.wait(timeout=60)


def plugin_pid(launcher: int) -> int:
    """The plugin's pid under py-spy: the launcher's child."""
    children = Path(f"/proc/{launcher}/task/{launcher}/children").read_text().split()
    return int(children[0])


def plugin_phase(pid: int, calls: int, call: Callable[[int], None]) -> float:
    started = plugin_cpu(pid)
    for i in range(calls):
        call(i)
    return (plugin_cpu(pid) - started) / calls


def botocore_phase(calls: int, call: Callable[[int], None]) -> float:
    started = time.process_time()
    for i in range(calls):
        call(i)
    return (time.process_time() - started) / calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="calls per phase")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the samples as JSON")
    parser.add_argument("--profile", type=Path, help="record the plugin with py-spy into this SVG")
    args = parser.parse_args(argv)
    os.environ.setdefault("AWS_ACCESS_KEY_ID", KEY)
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", KEY)
    from pulumi_chime_proxy.aws import clients
    from pulumi_chime_proxy.aws.settings import ClientSettings

    numbers = Numbers()
    with emulator_process() as url, plugin_process(args.profile) as (pid, stub):
        setup = setup_client(url)
        vc = setup.create_voice_connector(Name="bench", RequireEncryption=False,
                                          AwsRegion=REGION)["VoiceConnector"]["VoiceConnectorId"]
        setup.put_voice_connector_proxy(VoiceConnectorId=vc, DefaultSessionExpiryMinutes=60,
                                        PhoneNumberPoolCountries=["US"])
        stub.Configure(provider_pb2.ConfigureRequest(
            args=encode.struct({"endpoint": url, "region": REGION}), acceptSecrets=True,
            acceptResources=True))
        botocore = clients.make_client(ClientSettings(region=REGION, endpoint_url=url))

        def inputs() -> dict[str, Any]:
            return {"voiceConnectorId": vc, "participantPhoneNumbers": numbers.pair(),
                    "capabilities": ["Voice", "SMS"], "name": "bench"}

        made: list[provider_pb2.CreateResponse] = []

        def plugin_create(_i: int) -> None:
            made.append(stub.Create(provider_pb2.CreateRequest(urn=URN, properties=encode.struct(inputs()))))

        def plugin_read(i: int) -> None:
            done = made[i % len(made)]
            stub.Read(provider_pb2.ReadRequest(urn=URN, id=done.id, properties=done.properties,
                                               inputs=done.properties))

        def plugin_nothing(_i: int) -> None:
            stub.GetPluginInfo(empty_pb2.Empty())

        botocore_ids: list[str] = []

        def botocore_create(_i: int) -> None:
            botocore_ids.append(botocore.create_proxy_session(
                VoiceConnectorId=vc, ParticipantPhoneNumbers=numbers.pair(), Capabilities=["Voice", "SMS"],
                Name="bench")["ProxySession"]["ProxySessionId"])

        def botocore_read(i: int) -> None:
            ps = botocore_ids[i % len(botocore_ids)]
            botocore.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps)

        for warm in range(20):  # connections, caches, lazy imports
            for call in (plugin_create, botocore_create, plugin_read, botocore_read, plugin_nothing):
                call(warm)
        samples: dict[str, list[float]] = {"plugin create": [], "botocore create": [],
                                           "plugin read": [], "botocore read": [],
                                           "plugin no-op call": []}
        for _ in range(args.rounds):
            samples["plugin create"].append(plugin_phase(pid, args.calls, plugin_create))
            samples["botocore create"].append(botocore_phase(args.calls, botocore_create))
            samples["plugin read"].append(plugin_phase(pid, args.calls, plugin_read))
            samples["botocore read"].append(botocore_phase(args.calls, botocore_read))
            samples["plugin no-op call"].append(plugin_phase(pid, args.calls, plugin_nothing))

    median = {name: statistics.median(values) for name, values in samples.items()}
    ratios = {"read": median["plugin read"] / median["botocore read"],
              "create": median["plugin create"] / median["botocore create"]}
    print(f"CPU per call ({args.rounds} rounds x {args.calls} calls, median; "
          f"load average {os.getloadavg()[0]:.2f})")
    for name, value in median.items():
        spread = f"{min(samples[name]) * 1e3:.2f}-{max(samples[name]) * 1e3:.2f}"
        print(f"  {name:16} {value * 1e3:6.2f} ms  (rounds {spread} ms)")
    print(f"  plugin/botocore: Read {ratios['read']:.2f}x (goal 1.3x), "
          f"Create {ratios['create']:.2f}x (goal 1.3x)")
    floor = median["plugin no-op call"] / median["botocore read"]
    ratios["no-op call"] = floor
    print(f"  the gRPC server's own cost of a call that does nothing (GetPluginInfo) is {floor:.2f}x "
          "botocore's Read: a Read at 1.3x would leave it 0.3x")
    if args.out:
        args.out.write_text(json.dumps({
            "command": " ".join(["benchmarks/plugin_cpu.py", *(argv or sys.argv[1:])]),
            "calls": args.calls, "rounds": args.rounds, "samples_seconds": samples,
            "median_ms": {k: v * 1e3 for k, v in median.items()}, "ratios": ratios}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

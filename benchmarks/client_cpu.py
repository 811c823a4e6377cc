"""Client CPU per GetProxySession: our client, a stock boto3 client, and a raw HTTP GET.

All three read the same session from one emulator running as a separate process
(so its CPU is not counted), over a kept-alive connection, in interleaved rounds.
CPU is ``time.process_time`` of this process (every thread) divided by the calls; the
median round is reported, with ratios to the raw GET measured in the same run.

- ``raw``: ``http.client`` GET with a fixed SigV4-shaped header and ``json.loads``
  of the body: the floor any client pays to send, receive and decode.
- ``boto3``: ``boto3.client("chime-sdk-voice")`` with its defaults (standard retries).
- ``ours``: ``pulumi_chime_proxy.aws.clients.make_client``, as the provider uses it.

    .venv/bin/python benchmarks/client_cpu.py [--calls 500] [--rounds 5]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

from chime_proxy_dev.bench.emulator_process import emulator_process

REGION = "us-east-1"
KEY = "testing"
NUMBERS = ["+12065550100", "+12065550101"]


def boto3_client(url: str) -> Any:
    import boto3

    return boto3.session.Session(region_name=REGION).client("chime-sdk-voice", endpoint_url=url)


def our_client(url: str) -> Any:
    from pulumi_chime_proxy.aws import clients
    from pulumi_chime_proxy.aws.settings import ClientSettings

    return clients.make_client(ClientSettings(region=REGION, endpoint_url=url))


def seed(url: str) -> tuple[str, str]:
    """A voice connector with a proxy configuration and one session; their ids."""
    client = boto3_client(url)
    vc = client.create_voice_connector(Name="bench", RequireEncryption=False,
                                       AwsRegion=REGION)["VoiceConnector"]["VoiceConnectorId"]
    client.put_voice_connector_proxy(VoiceConnectorId=vc, DefaultSessionExpiryMinutes=60,
                                     PhoneNumberPoolCountries=["US"])
    session = client.create_proxy_session(VoiceConnectorId=vc, Capabilities=["Voice", "SMS"],
                                          ParticipantPhoneNumbers=NUMBERS, Name="bench")
    return vc, session["ProxySession"]["ProxySessionId"]


def sdk_call(client: Any, vc: str, ps: str) -> Callable[[], None]:
    def call() -> None:
        session = client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps)["ProxySession"]
        assert session["ProxySessionId"] == ps
    return call


def raw_call(url: str, vc: str, ps: str, authorization: str) -> Callable[[], None]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
    path = f"/voice-connectors/{quote(vc, safe='')}/proxy-sessions/{quote(ps, safe='')}"
    headers = {"Authorization": authorization, "X-Amz-Date": "20260101T000000Z"}

    def call() -> None:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        session = json.loads(response.read())["ProxySession"]
        assert response.status == 200 and session["ProxySessionId"] == ps
    return call


def captured_authorization(client: Any, vc: str, ps: str) -> str:
    """One real SigV4 header, replayed by the raw GET (the emulator checks its form)."""
    seen: list[str] = []

    def grab(request: Any, **_: Any) -> None:
        value = request.headers["Authorization"]
        seen.append(value.decode() if isinstance(value, bytes) else value)

    client.meta.events.register("before-send", grab)
    client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps)
    client.meta.events.unregister("before-send", grab)
    return seen[0]


def cpu_per_call(call: Callable[[], None], calls: int) -> float:
    started = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - started) / calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500, help="calls per variant per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("AWS_ACCESS_KEY_ID", KEY)
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", KEY)

    with emulator_process() as url:
        vc, ps = seed(url)
        ours = our_client(url)
        variants = {
            "raw": raw_call(url, vc, ps, captured_authorization(ours, vc, ps)),
            "boto3": sdk_call(boto3_client(url), vc, ps),
            "ours": sdk_call(ours, vc, ps),
        }
        for call in variants.values():  # warm up: connections, caches, lazy imports
            for _ in range(50):
                call()
        samples: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.rounds):
            for name, call in variants.items():
                samples[name].append(cpu_per_call(call, args.calls))

    median = {name: statistics.median(values) for name, values in samples.items()}
    print(f"client CPU per GetProxySession ({args.rounds} rounds x {args.calls} calls, median; "
          f"load average {os.getloadavg()[0]:.2f})")
    for name, value in median.items():
        spread = f"{min(samples[name]) * 1e3:.3f}-{max(samples[name]) * 1e3:.3f}"
        print(f"  {name:6} {value * 1e3:7.3f} ms  (rounds {spread} ms)  "
              f"{value / median['raw']:5.2f}x raw")
    print(f"  ours/boto3 {median['ours'] / median['boto3']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

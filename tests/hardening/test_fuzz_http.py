"""10,000 malformed HTTP requests to the emulator over raw sockets.

Bad JSON, wrong types, huge bodies, bad paths, methods, headers, broken framing and
random bytes. Every answer must be a modeled 4xx error with a JSON body (or 2xx
JSON when the dice happened to roll a valid request): never a 5xx, never a
traceback, never HTML; and boto3 must still be served afterwards. Seeded and
bounded: it stops by itself after REQUESTS requests or DEADLINE seconds.
"""

from __future__ import annotations

import json
import logging
import random
import socket
import string
import time
from typing import Any

import botocore.session
import pytest
from pulumi_chime_proxy.emulator.testing import running_emulator

from tests import support

REQUESTS = 10_000
DEADLINE = 150.0  # seconds; the run must reach MIN_REQUESTS before it
MIN_REQUESTS = 2_000
SEED = 8
MODELED = {s.name for s in botocore.session.get_session().get_service_model(
    "chime-sdk-voice").error_shapes}
AUTH = ("AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/chime/aws4_request, "
        "SignedHeaders=host, Signature=00")
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FOO", "get", "CONNECT",
           "TRACE", "PUT PUT", ""]


class Fuzzer:
    def __init__(self, rng: random.Random, vc: str, session: str) -> None:
        self.rng = rng
        self.paths = [
            "/voice-connectors", f"/voice-connectors/{vc}", f"/voice-connectors/{vc}/proxy-sessions",
            f"/voice-connectors/{vc}/proxy-sessions/{session}",
            f"/voice-connectors/{vc}/programmable-numbers/proxy", "/phone-numbers?operation=batch-update",
            "/voice-connectors/%ZZ", "/voice-connectors/../../etc/passwd", "//", "/?", "/" + "a" * 9000,
            f"/voice-connectors/{vc}/proxy-sessions?max-results=abc&next-token=%00",
            f"/voice-connectors/{vc}/proxy-sessions?status=Nope&max-results=-1",
            "/_emulator/nowhere", "/_emulator/faults", "*", "http://x/voice-connectors", "/\x00",
        ]

    def text(self, n: int) -> str:
        return "".join(self.rng.choice(string.printable) for _ in range(self.rng.randint(0, n)))

    def value(self, depth: int = 0) -> Any:
        r = self.rng.random()
        if depth > 2 or r < 0.5:
            return self.rng.choice([None, True, 1, -1, 2**70, 1.5, float("1e308"), "", "Voice",
                                    "+12065550100", self.text(20), "x" * 5000])
        if r < 0.75:
            return [self.value(depth + 1) for _ in range(self.rng.randint(0, 4))]
        keys = ["ParticipantPhoneNumbers", "Capabilities", "ExpiryMinutes", "Name",
                "GeoMatchParams", "GeoMatchLevel", "NumberSelectionBehavior", "Name",
                "RequireEncryption", "AwsRegion", "DefaultSessionExpiryMinutes",
                "PhoneNumberPoolCountries", self.text(8)]
        return {self.rng.choice(keys): self.value(depth + 1) for _ in range(self.rng.randint(0, 5))}

    def body(self) -> bytes:
        kind = self.rng.randrange(7)
        if kind == 0:
            return json.dumps(self.value()).encode()
        if kind == 1:
            return json.dumps(self.value())[: self.rng.randint(0, 40)].encode()  # truncated
        if kind == 2:
            return self.rng.randbytes(self.rng.randint(0, 300))
        if kind == 3:
            return b'{"ParticipantPhoneNumbers": ["+12065550100", "+12065550101"], ' \
                   b'"Capabilities": ["Voice"], "ExpiryMinutes": "ten"}'
        if kind == 4:
            return b"[" * self.rng.randint(1, 5000)  # deep nesting
        if kind == 5:
            return b""
        return ('{"Name": "' + self.text(10) + '\\ud800"}').encode()

    def request(self) -> bytes:
        rng = self.rng
        if rng.random() < 0.08:  # not HTTP at all
            return rng.randbytes(rng.randint(1, 400))
        method = rng.choice(METHODS)
        path = rng.choice(self.paths)
        if rng.random() < 0.2:
            path = "/" + self.text(60).replace(" ", "%20").replace("\r", "").replace("\n", "")
        version = rng.choice(["HTTP/1.1"] * 8 + ["HTTP/1.0", "HTTP/2.0", "HTTP/9", "HTTPS/1.1", ""])
        body = self.body()
        headers = [("Host", "localhost")]
        if rng.random() < 0.85:
            headers.append(("Authorization", AUTH if rng.random() < 0.9 else self.text(40)))
        if rng.random() < 0.7:
            headers.append(("Content-Type", rng.choice(
                ["application/json", "text/html", "application/x-amz-json-1.1", self.text(10)])))
        framing = rng.randrange(10)
        if framing < 6:
            headers.append(("Content-Length", str(len(body))))
        elif framing == 6:
            headers.append(("Content-Length", rng.choice(["-1", "abc", "99999999999", "1.5", "",
                                                          str(2 * 1024 * 1024)])))
        elif framing == 7:
            headers.append(("Transfer-Encoding", "chunked"))
            if rng.random() < 0.5:
                body = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
            else:
                body = rng.choice([b"zz\r\n", b"ffffffff\r\n", b"5\r\nab", b"-1\r\n"]) + body
        elif framing == 8:
            headers.append(("Content-Length", str(max(0, len(body) - 3))))
        if rng.random() < 0.1:
            headers.append((self.text(10).replace(":", "").replace("\n", ""), "x" * rng.randint(0, 70000)))
        if rng.random() < 0.05:
            headers.append(("X-Amz-Date", "yesterday"))
        head = f"{method} {path} {version}".rstrip() + "\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
        return head.encode("latin-1", errors="replace") + body


def exchange(address: tuple[str, int], payload: bytes) -> bytes:
    """Send ``payload``, half-close, read everything the server answers."""
    with socket.create_connection(address, timeout=10) as sock:
        try:
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered early and closed (e.g. a huge Content-Length): read its answer
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except ConnectionResetError:
            pass
        return b"".join(chunks)


def responses(raw: bytes, head: bool = False) -> list[tuple[int, dict[str, str], bytes]]:
    """Split (possibly several keep-alive) responses; the answer to HEAD carries no body.
    Several answers come back when a short Content-Length leaves bytes that parse as
    a second request."""
    out: list[tuple[int, dict[str, str], bytes]] = []
    if raw and not raw.startswith(b"HTTP/"):
        # an HTTP/0.9 request ("GET /path" with no version): the answer is a bare body
        return [(0, {"content-type": "application/json"}, raw)]
    while raw:
        top, sep, rest = raw.partition(b"\r\n\r\n")
        assert sep, f"unterminated response head: {raw[:200]!r}"
        lines = top.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
        length = int(headers.get("content-length", "0"))
        if head and not out and (not rest or rest.startswith(b"HTTP/")):
            length = 0  # a real HEAD answer (a malformed "HEAD" line gets a body)
        out.append((status, headers, rest[:length]))
        raw = rest[length:]
    return out


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.mark.slow
def test_10000_malformed_requests_get_modeled_json_errors() -> None:
    errors = _Errors()
    logging.getLogger("pulumi_chime_proxy").addHandler(errors)
    try:
        with running_emulator() as emu:
            client = emu.client()
            vc = support.voice_connector(client)
            session = client.create_proxy_session(
                VoiceConnectorId=vc, ParticipantPhoneNumbers=["+12065550100", "+12065550101"],
                Capabilities=["Voice"])["ProxySession"]["ProxySessionId"]
            host, port = emu.server.server_address[:2]
            fuzzer = Fuzzer(random.Random(SEED), vc, session)
            statuses: dict[int, int] = {}
            silent = sent = 0
            started = time.monotonic()
            while sent < REQUESTS and time.monotonic() - started < DEADLINE:
                payload = fuzzer.request()
                sent += 1
                head = payload.startswith(b"HEAD ")
                answers = responses(exchange((host, port), payload), head)
                if not answers:
                    silent += 1  # no request line at all: the server hangs up, as http.server does
                for status, headers, body in answers:
                    statuses[status] = statuses.get(status, 0) + 1
                    context = f"request {sent}: {payload[:300]!r} -> {status} {body[:300]!r}"
                    assert status < 500, context
                    assert b"Traceback" not in body and b"<html" not in body.lower(), context
                    if body:
                        assert "json" in headers.get("content-type", ""), context
                        document = json.loads(body)
                    else:
                        document = {}
                    if (status >= 400 or status == 0) and not head:
                        assert document.get("Code") in MODELED, context
                        if status and b" /_emulator/" not in payload[:40]:  # the admin surface: Code only
                            assert headers.get("x-amzn-errortype", "").split(":")[0] in MODELED, \
                                context
            elapsed = time.monotonic() - started
            print(f"http fuzz: {sent} requests in {elapsed:.1f}s, statuses {sorted(statuses.items())}, "
                  f"{silent} closed without an answer")
            assert sent >= MIN_REQUESTS
            assert silent < sent * 0.05
            # still serving boto3 (the fuzz may have deleted things with valid requests)
            other = support.voice_connector(client, name="after")
            made = client.create_proxy_session(
                VoiceConnectorId=other, ParticipantPhoneNumbers=["+12065550102", "+12065550103"],
                Capabilities=["SMS"])["ProxySession"]["ProxySessionId"]
            assert client.get_proxy_session(VoiceConnectorId=other, ProxySessionId=made)[
                "ProxySession"]["Status"] == "Open"
            assert len(client.list_proxy_sessions(VoiceConnectorId=other)["ProxySessions"]) == 1
    finally:
        logging.getLogger("pulumi_chime_proxy").removeHandler(errors)
    assert not errors.records, [r.getMessage() for r in errors.records[:5]]

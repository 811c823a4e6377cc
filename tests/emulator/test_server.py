"""HTTP-level robustness: always JSON, keep-alive, size limits, no tracebacks."""

from __future__ import annotations

import http.client
import json
import socket
from typing import Any
from urllib.parse import urlsplit

import pytest
from pulumi_chime_proxy.emulator import handlers, server

SIGNED = {
    "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/chime/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=00",
    "X-Amz-Date": "20261123T000000Z",
}


def connect(emulator: Any) -> http.client.HTTPConnection:
    parts = urlsplit(emulator.endpoint_url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)


def request(
    emulator: Any,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], Any]:
    conn = connect(emulator)
    try:
        conn.request(method, path, body=body, headers={**SIGNED, **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), json.loads(data) if data else None
    finally:
        conn.close()


def assert_modeled_error(headers: dict[str, str], body: Any, code: str) -> None:
    assert headers["Content-Type"] == "application/json"
    assert headers["x-amzn-ErrorType"] == code
    assert headers["x-amzn-RequestId"]
    assert body["Code"] == code and body["__type"] == code and body["Message"]


def test_unknown_route_is_json_not_found(emulator: Any) -> None:
    status, headers, body = request(emulator, "GET", "/no/such/thing")
    assert status == 404
    assert_modeled_error(headers, body, "NotFoundException")


def test_unknown_method_on_known_path_is_json_not_found(emulator: Any) -> None:
    status, headers, body = request(emulator, "PATCH", "/voice-connectors")
    assert status == 404
    assert_modeled_error(headers, body, "NotFoundException")


def test_malformed_json_is_bad_request(emulator: Any) -> None:
    status, headers, body = request(emulator, "POST", "/voice-connectors", b"{not json")
    assert status == 400
    assert_modeled_error(headers, body, "BadRequestException")
    assert "Malformed JSON" in body["Message"]


def test_oversized_body_is_refused_without_reading_it(emulator: Any) -> None:
    parts = urlsplit(emulator.endpoint_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        head = (
            "POST /voice-connectors HTTP/1.1\r\nHost: x\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in SIGNED.items())
            + f"Content-Length: {server.MAX_BODY_BYTES * 4}\r\n\r\n"
        )
        sock.sendall(head.encode())  # ...and never the body
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = json.loads(response.read())
    assert response.status == 400
    assert body["Code"] == "BadRequestException" and "exceeds" in body["Message"]
    assert response.getheader("Connection") == "close"


def test_malformed_http_is_answered_with_json(emulator: Any) -> None:
    parts = urlsplit(emulator.endpoint_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(b"THIS IS NOT HTTP\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.")
    assert b"application/json" in head and b"<html" not in data.lower()
    assert json.loads(body)["Code"] == "BadRequestException"


def test_unexpected_exception_is_a_json_500(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: Any) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setitem(handlers.HANDLERS, "ListVoiceConnectors", boom)
    status, headers, body = request(emulator, "GET", "/voice-connectors")
    assert status == 500
    assert_modeled_error(headers, body, "ServiceFailureException")
    assert "kaboom" not in body["Message"] and "Traceback" not in body["Message"]


def test_keep_alive_serves_many_requests_on_one_connection(emulator: Any) -> None:
    conn = connect(emulator)
    try:
        for _ in range(3):
            conn.request("GET", "/voice-connectors", headers=SIGNED)
            response = conn.getresponse()
            assert response.status == 200
            assert json.loads(response.read()) == {"VoiceConnectors": []}
            assert response.getheader("Connection") != "close"
        conn.request("POST", "/voice-connectors", body=b"{broken", headers=SIGNED)
        assert conn.getresponse().read()  # errors keep the connection usable too
        conn.request("GET", "/voice-connectors", headers=SIGNED)
        assert conn.getresponse().status == 200
    finally:
        conn.close()


def test_chunked_request_body(emulator: Any) -> None:
    conn = connect(emulator)
    try:
        payload = json.dumps({"Name": "chunky", "RequireEncryption": True}).encode()
        conn.request(
            "POST",
            "/voice-connectors",
            body=iter([payload[:10], payload[10:]]),
            headers={**SIGNED, "Transfer-Encoding": "chunked"},
            encode_chunked=True,
        )
        response = conn.getresponse()
        assert response.status == 201
        assert json.loads(response.read())["VoiceConnector"]["Name"] == "chunky"
    finally:
        conn.close()


def test_endpoint_url_and_stop_release_the_port() -> None:
    from pulumi_chime_proxy.emulator.testing import running_emulator

    with running_emulator() as running:
        url = running.endpoint_url
        assert url.startswith("http://127.0.0.1:")
        assert running.admin.calls()["Total"] == 0
    parts = urlsplit(url)
    with pytest.raises(OSError):
        socket.create_connection((parts.hostname, parts.port), timeout=2).close()


def test_client_hanging_up_mid_request_is_quiet(emulator: Any, capfd: pytest.CaptureFixture[str]) -> None:
    parts = urlsplit(emulator.endpoint_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(b"POST /voice-connectors HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    # The server is still healthy and printed no traceback.
    assert emulator.admin.calls()["Total"] >= 0
    status, _, _ = request(emulator, "GET", "/voice-connectors")
    assert status == 200
    assert "Traceback" not in capfd.readouterr().err

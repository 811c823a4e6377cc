"""The emulator as a network service: credentials on the admin surface, requests a
browser could be tricked into (foreign Host, foreign Origin, non-JSON POST), and
the warning for a non-loopback bind. Raw ``http.client`` so every header is ours."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from pulumi_chime_proxy.emulator.admin_client import AdminClient, AdminError
from pulumi_chime_proxy.emulator.hosts import HostPolicy, exposure_warning, is_loopback
from pulumi_chime_proxy.emulator.testing import RunningEmulator, running_emulator

SIGNED = (
    "AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/chime/aws4_request, "
    "SignedHeaders=host, Signature=00"
)
FOREIGN_HOSTS = [
    "evil.example",
    "evil.example:4599",
    "localhost.evil.example",
    "127.0.0.1.evil.example",
    "localhostx",
    "attacker",
    "xn--80ak6aa92e.com",
    "@evil.example",
    "[not-an-ip]",
]
LOCAL_HOSTS = [
    "localhost",
    "LOCALHOST:1",
    "localhost.",
    "127.0.0.1",
    "127.1.2.3:80",
    "[::1]:4599",
    "10.0.0.7",
]
BROWSER_BODY_TYPES = [
    None,
    "text/plain",
    "text/plain;charset=UTF-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/jsonp",
    "text/json",
]


def send(
    endpoint_url: str, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> tuple[int, dict[str, Any]]:
    """One request with exactly ``headers`` (Host included when given); JSON answer."""
    parts = urlsplit(endpoint_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host="Host" in headers, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(body or b"")))
        connection.endheaders(body or b"")
        response = connection.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else {}
    finally:
        connection.close()


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/_emulator/state"), ("POST", "/_emulator/reset"), ("GET", "/voice-connectors")],
)
def test_a_foreign_host_header_is_refused_on_both_surfaces(
    emulator: RunningEmulator, host: str, method: str, path: str
) -> None:
    """DNS rebinding: the page's own name arrives as Host."""
    headers = {"Host": host, "Authorization": SIGNED, "Content-Type": "application/json"}
    status, body = send(emulator.endpoint_url, method, path, headers, b"{}" if method == "POST" else None)
    assert status == 403
    assert body["Code"] == "ForbiddenException"


@pytest.mark.parametrize("host", LOCAL_HOSTS)
def test_loopback_names_and_ip_literals_are_served(emulator: RunningEmulator, host: str) -> None:
    status, body = send(emulator.endpoint_url, "GET", "/_emulator/state", {"Host": host})
    assert status == 200 and "ProxySessions" in body
    status, _ = send(
        emulator.endpoint_url, "GET", "/voice-connectors", {"Host": host, "Authorization": SIGNED}
    )
    assert status == 200


def test_allow_host_admits_a_name() -> None:
    policy = HostPolicy.of(["emulator", " Docker.Internal. "])
    assert policy.accepts("emulator") and policy.accepts("docker.internal")
    assert not policy.accepts("emulator.evil.example") and not policy.accepts(None)


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "null",
        "http://localhost:3000",
        "https://{netloc}.evil.example",
        "file://",
        "{netloc}",
    ],
)
def test_a_cross_origin_request_is_refused(emulator: RunningEmulator, origin: str) -> None:
    netloc = urlsplit(emulator.endpoint_url).netloc
    headers = {"Origin": origin.format(netloc=netloc), "Content-Type": "application/json"}
    assert send(emulator.endpoint_url, "POST", "/_emulator/reset", headers, b"{}")[0] == 403
    headers["Authorization"] = SIGNED
    assert send(emulator.endpoint_url, "GET", "/voice-connectors", headers)[0] == 403


def test_a_same_origin_request_is_served(emulator: RunningEmulator) -> None:
    headers = {"Origin": emulator.endpoint_url, "Content-Type": "application/json"}
    assert send(emulator.endpoint_url, "POST", "/_emulator/reset", headers, b"{}")[0] == 200


@pytest.mark.parametrize("content_type", BROWSER_BODY_TYPES)
@pytest.mark.parametrize("path", ["/_emulator/reset", "/_emulator/faults", "/_emulator/clock/advance"])
def test_an_admin_post_without_json_content_type_is_refused_and_changes_nothing(
    emulator: RunningEmulator, content_type: str | None, path: str
) -> None:
    """What a cross-site form or ``fetch`` without preflight can send."""
    before = emulator.admin.state()
    headers = {"Content-Type": content_type} if content_type else {}
    body = b'{"Operation": "*", "Seconds": 100000}'
    status, answer = send(emulator.endpoint_url, "POST", path, headers, body)
    assert (status, answer["Code"]) == (403, "ForbiddenException")
    assert emulator.admin.state()["Clock"][:16] == before["Clock"][:16]
    assert emulator.admin.state()["VoiceConnectors"] == before["VoiceConnectors"]
    assert emulator.admin.calls()["Total"] == 0


def test_json_content_type_with_parameters_is_accepted(emulator: RunningEmulator) -> None:
    headers = {"Content-Type": "Application/JSON; charset=utf-8"}
    assert send(emulator.endpoint_url, "POST", "/_emulator/reset", headers, b"")[0] == 200


# ------------------------------------------------------------------ strict auth on the admin surface
@pytest.fixture(scope="module")
def strict() -> Iterator[RunningEmulator]:
    with running_emulator(strict_auth=True, access_keys={"AKIDADMIN": "adm1n"}) as running:
        yield running


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/_emulator/state"),
        ("POST", "/_emulator/reset"),
        ("POST", "/_emulator/faults"),
        ("GET", "/_emulator/calls"),
        ("DELETE", "/_emulator/faults"),
        ("GET", "/_emulator/nowhere"),
    ],
)
@pytest.mark.parametrize("authorization", [None, SIGNED, "Bearer x", "AWS4-HMAC-SHA256 garbage"])
def test_strict_auth_guards_every_admin_route(
    strict: RunningEmulator, method: str, path: str, authorization: str | None
) -> None:
    headers = {"Content-Type": "application/json"}
    if authorization:
        headers["Authorization"] = authorization
    status, body = send(strict.endpoint_url, method, path, headers, b'{"Operation": "*"}')
    assert status in (401, 403), body
    assert strict.admin.state()["ProxySessions"] == [] and strict.admin.faults() == []


def test_strict_auth_serves_the_admin_client_with_an_allowed_key(strict: RunningEmulator) -> None:
    assert strict.admin.state()["VoiceConnectors"] == []
    strict.admin.advance_clock(1)
    for access_key, secret_key, status in (("AKIDADMIN", "wrong", 401), ("AKIDOTHER", "adm1n", 403)):
        intruder = AdminClient(strict.endpoint_url, access_key=access_key, secret_key=secret_key)
        with pytest.raises(AdminError) as exc:
            intruder.reset()
        assert exc.value.status == status


def test_default_mode_admin_needs_no_signature(emulator: RunningEmulator) -> None:
    """Without --strict-auth the admin surface stays usable with curl."""
    assert send(emulator.endpoint_url, "GET", "/_emulator/calls", {})[0] == 200


# ------------------------------------------------------------------ binding beyond loopback
@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.4", False),
        ("myhost", False),
    ],
)
def test_exposure_warning_names_what_is_exposed(host: str, local: bool) -> None:
    assert is_loopback(host) is local
    warning = exposure_warning(host, strict_auth=False)
    if local:
        assert warning is None
        return
    assert warning is not None
    for exposed in (host, "/_emulator/", "phone number", "reset", "fault injection", "--strict-auth"):
        assert exposed in warning
    assert "no credential" not in (exposure_warning(host, strict_auth=True) or "")


def test_serve_on_all_interfaces_prints_the_warning() -> None:
    command = [
        sys.executable,
        "-m",
        "pulumi_chime_proxy.emulator.cli",
        "emulator",
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        "0",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith("http://0.0.0.0:")
        warning = process.stderr.readline()
        assert "WARNING" in warning and "/_emulator/" in warning and "0.0.0.0" in warning
    finally:
        process.terminate()
        process.wait(timeout=20)

"""Every error the plugin answers is one line, through its gRPC server as the engine calls
it: each fault the service or the network can give (throttling, 5xx, refusals, a hung
endpoint, a reset connection, commit then fail) on create, read, update and delete, and
any exception class the code could raise."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc
from pulumi_chime_proxy.aws.errors import ChimeProxyError, KeptInStateError
from pulumi_chime_proxy.native import server
from pulumi_chime_proxy.sessions.reconcile import CreateNotReconciledError

from tests import support
from tests.aws.hung_server import hung_server

URN = "urn:pulumi:dev::p::chime-proxy:index:ProxySession::ride"
NUMBERS = ["+12065550100", "+12065550101"]


def struct(values: dict[str, Any]) -> struct_pb2.Struct:
    found = struct_pb2.Struct()
    found.update(values)
    return found


@pytest.fixture(scope="module")
def plugin() -> Iterator[provider_pb2_grpc.ResourceProviderStub]:
    """The plugin command as the engine starts it (the engine's address is never called)."""
    process = subprocess.Popen([sys.executable, "-m", "pulumi_chime_proxy.native.server", "127.0.0.1:9"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield provider_pb2_grpc.ResourceProviderStub(channel)
    finally:
        process.terminate()
        process.wait(timeout=20)


def configure(stub: Any, endpoint: str) -> None:
    stub.Configure(provider_pb2.ConfigureRequest(args=struct({
        "endpoint": endpoint, "region": "us-east-1", "maxAttempts": "1", "readTimeout": "1",
        "connectTimeout": "1"}), acceptSecrets=True, acceptResources=True))


def session_inputs(vc: str) -> dict[str, Any]:
    return {"voiceConnectorId": vc, "participantPhoneNumbers": NUMBERS, "capabilities": ["Voice"],
            "name": "Alice Ride"}


def created(stub: Any, vc: str) -> tuple[str, struct_pb2.Struct]:
    done = stub.Create(provider_pb2.CreateRequest(urn=URN, properties=struct(session_inputs(vc))))
    return done.id, done.properties


def call(stub: Any, hook: str, vc: str, made: tuple[str, struct_pb2.Struct]) -> None:
    id_, state = made
    if hook == "create":
        created(stub, vc)
    elif hook == "read":
        stub.Read(provider_pb2.ReadRequest(urn=URN, id=id_, properties=state, inputs=state))
    elif hook == "update":
        news = struct({**session_inputs(vc), "capabilities": ["Voice", "SMS"]})
        stub.Update(provider_pb2.UpdateRequest(urn=URN, id=id_, olds=state, news=news))
    else:
        stub.Delete(provider_pb2.DeleteRequest(urn=URN, id=id_, properties=state))


#: Each fault: how the emulator gives it ("hung" is an endpoint that never answers).
FAULTS: dict[str, dict[str, Any]] = {
    "throttled": {"error": "ThrottledClientException"},
    "service-failure": {"error": "ServiceFailureException"},
    "unavailable": {"error": "ServiceUnavailableException"},
    "forbidden": {"error": "ForbiddenException"},
    "bad-request": {"error": "BadRequestException"},
    "unauthorized": {"error": "UnauthorizedClientException"},
    "reset": {"drop": True},
    "commit-then-fail": {"error": "ServiceUnavailableException", "commit_then_fail": True},
    "hung": {},
}
OPERATIONS = {"create": "CreateProxySession", "read": "GetProxySession",
              "update": "UpdateProxySession", "delete": "DeleteProxySession"}


# slow: a create retries a retryable fault with backoff (about 6 s); floor: grpcio and the
# protocol's messages at the oldest releases too.
@pytest.mark.slow
@pytest.mark.floor
@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("hook", sorted(OPERATIONS))
def test_every_fault_on_every_operation_reaches_the_engine_as_one_line(
    plugin: Any, emulator: Any, hook: str, fault: str,
) -> None:
    vc = support.voice_connector(emulator.client())
    configure(plugin, emulator.endpoint_url)
    made = created(plugin, vc)
    with ExitStack() as cleanup:
        if fault == "hung":
            configure(plugin, cleanup.enter_context(hung_server()).endpoint_url)
        else:
            # Every call of the operation fails: a create's reconciling list too.
            emulator.admin.inject_fault(OPERATIONS[hook], **FAULTS[fault])
            if fault == "commit-then-fail":
                emulator.admin.inject_fault("ListProxySessions", error="ServiceUnavailableException")
        with pytest.raises(grpc.RpcError) as failed:
            call(plugin, hook, vc, made)
    emulator.admin.clear_faults()
    details = str(failed.value.details())
    assert "\n" not in details and "Traceback" not in details, details
    assert details.strip() and len(details) < 1500, details
    assert not any(number[1:] in details for number in NUMBERS) and "Alice" not in details, details


@pytest.mark.parametrize("exc", [
    ChimeProxyError("GetProxySession", "proxy session p", RuntimeError("boom\nat line 2")),
    KeptInStateError(ChimeProxyError("DeleteProxySession", "proxy session p", RuntimeError("no"))),
    CreateNotReconciledError(RuntimeError("CreateProxySession failed"), "looking failed\nagain"),
    ValueError("capabilities: must be Voice or SMS"),
    LookupError("proxy session p does not exist"),
    KeyError("participants"),
    KeyError("+12065550100"),
    IndexError("list index out of range"),
    NotImplementedError("a kind without create_state"),
    TypeError("unsupported operand\n  +12065550100"),
    AssertionError(),
    RuntimeError("line one\nline two\n\nTraceback (most recent call last):\n  File x"),
])
def test_any_exception_class_is_answered_in_one_line(exc: Exception) -> None:
    line = server.answer(exc)
    assert "\n" not in line and "Traceback" not in line and line.strip(), line
    assert "12065550100" not in line
    if server.is_user_error(exc):
        assert line == " ".join(str(exc).split()), line
    else:
        assert type(exc).__name__ in line and "please report it" in line


def test_a_method_the_plugin_does_not_serve_stays_unimplemented(plugin: Any) -> None:
    """The engine treats UNIMPLEMENTED of an optional method as "not supported"."""
    with pytest.raises(grpc.RpcError) as refused:
        plugin.GetMapping(provider_pb2.GetMappingRequest(key="terraform"))
    assert refused.value.code() == grpc.StatusCode.UNIMPLEMENTED

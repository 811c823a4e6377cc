"""Routing from the model's requestUri templates."""

from __future__ import annotations

import pytest
from pulumi_chime_proxy.emulator.router import compile_route, default_router
from pulumi_chime_proxy.servicemodel import spec

from .wire import sample, to_http

ALL_OPERATIONS = spec.service_model().operation_names


@pytest.mark.parametrize("name", ALL_OPERATIONS)
def test_every_operation_routes_back_to_itself(name: str) -> None:
    operation = spec.operation(name)
    request = to_http(operation, sample(operation.input_shape) if operation.input_shape else {})
    match = default_router().match(request.method, request.path, request.query)
    assert match is not None and match.operation.name == name


def test_labels_are_url_decoded() -> None:
    match = default_router().match("GET", "/voice-connectors/a%2Fb%20c/proxy-sessions/x%3Dy", {})
    assert match is not None and match.operation.name == "GetProxySession"
    assert match.labels == {"voiceConnectorId": "a/b c", "proxySessionId": "x=y"}


def test_static_query_parts_must_match() -> None:
    router = default_router()
    found = router.match("POST", "/voice-connectors/abc", {"operation": ["associate-phone-numbers"]})
    assert found is not None
    assert found.operation.name == "AssociatePhoneNumbersWithVoiceConnector"
    assert router.match("POST", "/voice-connectors/abc", {"operation": ["nope"]}) is None
    assert router.match("POST", "/voice-connectors/abc", {}) is None


def test_unknown_method_or_path_does_not_match() -> None:
    router = default_router()
    assert router.match("PATCH", "/voice-connectors/abc", {}) is None
    assert router.match("GET", "/nowhere", {}) is None
    assert router.match("GET", "/voice-connectors/a/b/c/d/e", {}) is None


def test_greedy_labels_span_segments() -> None:
    class FakeOperation:
        http = {"method": "GET", "requestUri": "/objects/{Key+}"}
        name = "GetObject"

    route = compile_route(FakeOperation())  # type: ignore[arg-type]
    found = route.pattern.match("/objects/a/b/c")
    assert found is not None and found.group("Key") == "a/b/c"
    assert route.greedy

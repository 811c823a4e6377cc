"""The admin surface under ``/_emulator/``: state, reset, clock, lifecycle, drift,
faults and call counts for tests and demos. JSON in, JSON out; not part of the
AWS API, so unsigned and never counted as an API call.

Contract (other components depend on it):

- ``GET /_emulator/state`` -> ``{Clock, VoiceConnectors, ProxyConfigs, ProxySessions}``
- ``POST /_emulator/reset``: clears state, faults, call counts and the clock offset
- ``POST /_emulator/clock/advance`` ``{Seconds}`` -> ``{Clock}``
- ``POST /_emulator/voice-connectors/{vc}/proxy-sessions/{ps}/status`` ``{Status}``
  -> ``{ProxySession}``
- ``POST /_emulator/voice-connectors/{vc}/proxy-sessions/{ps}/participants/{i}``
  ``{PhoneNumber?, ProxyPhoneNumber?}`` -> ``{ProxySession}``
- ``POST /_emulator/faults`` ``{Operation, Error?, Count?, Rate?, LatencyMs?, Drop?,
  CommitThenFail?}`` -> ``{FaultId}``; ``GET`` lists them, ``DELETE`` clears them
- ``GET /_emulator/calls`` -> ``{Total, ByOperation}``; ``DELETE`` zeroes the counters

Errors: ``{"Code", "Message"}`` with the modeled status (400 bad input, 404 unknown
voice connector / session / admin route).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict
from typing import Any
from urllib.parse import unquote

from ..servicemodel import spec
from .backend import Backend
from .calls import CallCounter
from .errors import BadRequestException, NotFoundException, ServiceError
from .faults import FaultInjector
from .http_types import HttpRequest, HttpResponse
from .serializer import JSON_CONTENT_TYPE, to_json

PREFIX = "/_emulator/"
Body = dict[str, Any]
Route = Callable[["AdminApi", dict[str, str], Body], Any]
_ROUTES: list[tuple[str, re.Pattern[str], Route]] = []


def route(method: str, template: str) -> Callable[[Route], Route]:
    """Register an admin route; ``{name}`` matches one path segment."""
    pattern = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "/?$")

    def register(func: Route) -> Route:
        _ROUTES.append((method, pattern, func))
        return func

    return register


class AdminApi:
    """Answers ``/_emulator/`` requests against the emulator's parts."""

    def __init__(
        self,
        backend: Backend,
        faults: FaultInjector,
        calls: CallCounter,
        on_reset: Callable[[], None] | None = None,
    ) -> None:
        self.backend = backend
        self.faults = faults
        self.calls = calls
        self.on_reset = on_reset

    def handle(self, request: HttpRequest) -> HttpResponse:
        try:
            body = _json_body(request.body)
            path = request.path
            allowed = False
            for method, pattern, func in _ROUTES:
                found = pattern.match(path)
                if found is None:
                    continue
                allowed = True
                if method == request.method.upper():
                    labels = {k: unquote(v) for k, v in found.groupdict().items()}
                    return _json(200, func(self, labels, body))
            verb = "method not allowed" if allowed else "no such admin route"
            raise NotFoundException(f"{request.method} {path}: {verb}")
        except ServiceError as error:
            return self.error(error)

    def error(self, error: ServiceError) -> HttpResponse:
        """An admin error response (also used when the server refuses a request)."""
        return _json(error.status, {"Code": error.code, "Message": error.message})

    def session_shape(self, session: dict[str, Any]) -> Any:
        return to_json(spec.service_model().shape_for("ProxySession"), session)


@route("GET", "/_emulator/state")
def _state(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    state = api.backend.state()
    model = spec.service_model()
    return {
        "Clock": to_json(model.shape_for("Iso8601Timestamp"), state["Clock"]),
        "VoiceConnectors": [to_json(model.shape_for("VoiceConnector"), v) for v in state["VoiceConnectors"]],
        "ProxyConfigs": {k: to_json(model.shape_for("Proxy"), v) for k, v in state["ProxyConfigs"].items()},
        "ProxySessions": [api.session_shape(s) for s in state["ProxySessions"]],
    }


@route("POST", "/_emulator/reset")
def _reset(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    api.faults.clear()
    api.calls.reset()
    api.backend.reset()
    if api.on_reset is not None:
        api.on_reset()
    return {}


@route("POST", "/_emulator/clock/advance")
def _advance(api: AdminApi, _: dict[str, str], body: Body) -> Any:
    seconds = body.get("Seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        raise BadRequestException("Seconds: must be a number >= 0")
    now = api.backend.advance_clock(float(seconds))
    return {"Clock": to_json(spec.service_model().shape_for("Iso8601Timestamp"), now)}


@route("POST", "/_emulator/voice-connectors/{vc}/proxy-sessions/{ps}/status")
def _status(api: AdminApi, labels: dict[str, str], body: Body) -> Any:
    status = body.get("Status")
    if not isinstance(status, str):
        raise BadRequestException("Status: required, InProgress or Closed")
    session = api.backend.set_session_status(labels["vc"], labels["ps"], status)
    return {"ProxySession": api.session_shape(session)}


@route("POST", "/_emulator/voice-connectors/{vc}/proxy-sessions/{ps}/participants/{index}")
def _participant(api: AdminApi, labels: dict[str, str], body: Body) -> Any:
    try:
        index = int(labels["index"])
    except ValueError as exc:
        raise BadRequestException("index: must be an integer") from exc
    values = {}
    for key in ("PhoneNumber", "ProxyPhoneNumber"):
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            raise BadRequestException(f"{key}: must be a string")
        values[key] = value
    session = api.backend.set_participant(
        labels["vc"], labels["ps"], index, values["PhoneNumber"], values["ProxyPhoneNumber"]
    )
    return {"ProxySession": api.session_shape(session)}


@route("POST", "/_emulator/faults")
def _add_fault(api: AdminApi, _: dict[str, str], body: Body) -> Any:
    operation = body.get("Operation")
    if not isinstance(operation, str):
        raise BadRequestException("Operation: required (an operation name or '*')")
    fault_id = api.faults.add(
        operation,
        error=body.get("Error"),
        count=body.get("Count"),
        rate=body.get("Rate"),
        latency_ms=body.get("LatencyMs"),
        drop=bool(body.get("Drop", False)),
        commit_then_fail=bool(body.get("CommitThenFail", False)),
    )
    return {"FaultId": fault_id}


@route("GET", "/_emulator/faults")
def _list_faults(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    return {"Faults": [asdict(f) for f in api.faults.list()]}


@route("DELETE", "/_emulator/faults")
def _clear_faults(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    api.faults.clear()
    return {}


@route("GET", "/_emulator/calls")
def _calls(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    return api.calls.snapshot()


@route("DELETE", "/_emulator/calls")
def _reset_calls(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    api.calls.reset()
    return {}


def _json_body(body: bytes) -> Body:
    if not body.strip():
        return {}
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:  # deep nesting is malformed too
        raise BadRequestException(f"Malformed JSON body: {exc}") from exc
    if not isinstance(document, dict):
        raise BadRequestException("Body must be a JSON object")
    return document


def _json(status: int, document: Any) -> HttpResponse:
    data = json.dumps(document, separators=(",", ":"), default=str).encode("utf-8")
    return HttpResponse(status, data, {"Content-Type": JSON_CONTENT_TYPE})

"""The admin surface under ``/_emulator/``: state, reset, clock, lifecycle, drift,
faults and call counts for tests and demos. JSON in, JSON out; not part of the
AWS API, so never counted as an API call.

Security (see ARCHITECTURE.md): under ``--strict-auth`` every admin request needs
the same SigV4 credential as the API; a ``POST`` must say ``Content-Type:
application/json`` (a browser cannot send that cross-site without a preflight the
emulator never grants); ``Host``/``Origin`` checks are the app's (:mod:`.hosts`).
Every malformed value is a JSON 400, never a dropped connection.

Contract (other components depend on it):

- ``GET /_emulator/state`` -> ``{Clock, VoiceConnectors, ProxyConfigs, ProxySessions}``
- ``POST /_emulator/reset``: clears state, faults, call counts and the clock offset, and
  puts the end-of-support mode back to the one the emulator started with
- ``POST /_emulator/clock/advance`` ``{Seconds}`` -> ``{Clock}``
- ``POST /_emulator/voice-connectors/{vc}/proxy-sessions/{ps}/status`` ``{Status}``
  -> ``{ProxySession}``
- ``POST /_emulator/voice-connectors/{vc}/proxy-sessions/{ps}/participants/{i}``
  ``{PhoneNumber?, ProxyPhoneNumber?}`` -> ``{ProxySession}``
- ``POST /_emulator/faults`` ``{Operation, Error?, Count?, Rate?, LatencyMs?, Drop?,
  CommitThenFail?}`` -> ``{FaultId}``; ``GET`` lists them, ``DELETE`` clears them
- ``GET /_emulator/calls`` -> ``{Total, ByOperation, InFlight, PeakInFlight, BusySeconds,
  ActiveSeconds}`` (see calls.py); ``DELETE`` zeroes the counters
- ``POST /_emulator/save`` -> ``{Saved: true}`` once the state file holds every change
- ``GET /_emulator/state-file`` -> ``{Path, Saved, Saves, Failures, Error}`` (``Saved``
  false: acknowledged changes are in memory only; ``Path`` null without ``--state``)
- ``POST /_emulator/end-of-support`` ``{Mode}`` (``bad-request``, ``forbidden`` or
  ``off``) -> ``{Mode}``; ``GET`` reads it (see retirement.py)

Errors: ``{"Code", "Message"}`` with the modeled status (400 bad input, 401/403
credential, 403 foreign ``Host``/``Origin`` or a non-JSON ``POST``, 404 unknown
voice connector / session / admin route).
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Collection
from dataclasses import asdict
from typing import Any
from urllib.parse import unquote

from ..servicemodel import constraints, spec
from . import auth
from .calls import CallCounter
from .errors import (
    BadRequestException,
    ForbiddenException,
    NotFoundException,
    ServiceError,
    ServiceFailureException,
)
from .faults import FaultInjector
from .http_types import HttpRequest, HttpResponse
from .retirement import OFF, Retirement, check_mode
from .serializer import JSON_CONTENT_TYPE, model_shape, to_json
from .store import Store

log = logging.getLogger(__name__)

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
        store: Store,
        faults: FaultInjector,
        calls: CallCounter,
        on_reset: Callable[[], None] | None = None,
        auth_config: auth.AuthConfig | None = None,
        save: Callable[[], bool] | None = None,
        retirement: Retirement | None = None,
        state_file_status: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        self.store = store
        self.retirement = retirement or Retirement()
        self.save = save
        self.state_file_status = state_file_status
        self.faults = faults
        self.calls = calls
        self.on_reset = on_reset
        self.auth_config = auth_config or auth.AuthConfig()

    def handle(self, request: HttpRequest) -> HttpResponse:
        try:
            return self._handle(request)
        except ServiceError as error:
            return self.error(error)
        except Exception:
            log.exception("unhandled error answering admin %s %s", request.method, request.path)
            return self.error(ServiceFailureException("Internal error in the chime-proxy emulator"))

    def _handle(self, request: HttpRequest) -> HttpResponse:
        if self.auth_config.strict:
            auth.authenticate(request, self.auth_config)
        if request.method.upper() == "POST" and not _is_json(request.headers.get("content-type")):
            raise ForbiddenException("Admin POST requests must have Content-Type: application/json")
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
        raise NotFoundException(f"{request.method} {_short(path)}: {verb}")

    def error(self, error: ServiceError) -> HttpResponse:
        """An admin error response (also used when the server refuses a request)."""
        return _json(error.status, {"Code": error.code, "Message": error.message})

    def session_shape(self, session: dict[str, Any]) -> Any:
        return to_json(model_shape("ProxySession"), session)


@route("GET", "/_emulator/state")
def _state(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    state = api.store.state()
    return {
        "Clock": to_json(model_shape("Iso8601Timestamp"), state["Clock"]),
        "VoiceConnectors": [to_json(model_shape("VoiceConnector"), v) for v in state["VoiceConnectors"]],
        "ProxyConfigs": {k: to_json(model_shape("Proxy"), v) for k, v in state["ProxyConfigs"].items()},
        "ProxySessions": [api.session_shape(s) for s in state["ProxySessions"]],
    }


@route("POST", "/_emulator/reset")
def _reset(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    api.faults.clear()
    api.calls.reset()
    api.store.reset()
    api.retirement.reset()
    if api.on_reset is not None:
        api.on_reset()
    return {}


@route("POST", "/_emulator/save")
def _save(api: AdminApi, _: dict[str, str], body: Body) -> Any:
    _only(body, ())
    if api.save is None:
        raise BadRequestException("This emulator has no state file (serve --state FILE)")
    if not api.save():
        raise ServiceFailureException("Saving the state file failed (see the emulator's log)")
    return {"Saved": True}


@route("GET", "/_emulator/state-file")
def _state_file(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    if api.state_file_status is None:
        return {"Path": None, "Saved": False, "Saves": 0, "Failures": 0, "Error": None}
    return api.state_file_status()


@route("POST", "/_emulator/clock/advance")
def _advance(api: AdminApi, _: dict[str, str], body: Body) -> Any:
    _only(body, {"Seconds"})
    seconds = _number(body, "Seconds", required=True)
    assert seconds is not None
    now = api.store.advance_clock(seconds)
    return {"Clock": to_json(model_shape("Iso8601Timestamp"), now)}


@route("POST", "/_emulator/voice-connectors/{vc}/proxy-sessions/{ps}/status")
def _status(api: AdminApi, labels: dict[str, str], body: Body) -> Any:
    _only(body, {"Status"})
    status = body.get("Status")
    if not isinstance(status, str):
        raise BadRequestException("Status: required, InProgress or Closed")
    session = api.store.set_session_status(labels["vc"], labels["ps"], status)
    return {"ProxySession": api.session_shape(session)}


@route("POST", "/_emulator/voice-connectors/{vc}/proxy-sessions/{ps}/participants/{index}")
def _participant(api: AdminApi, labels: dict[str, str], body: Body) -> Any:
    if re.fullmatch(r"[0-9]{1,9}", labels["index"]) is None:
        raise BadRequestException("index: must be a non-negative integer")
    index = int(labels["index"])
    _only(body, {"PhoneNumber", "ProxyPhoneNumber"})
    values = {}
    participant_shape = model_shape("Participant")
    for key in ("PhoneNumber", "ProxyPhoneNumber"):
        value = body.get(key)
        if value is not None:  # what the API could return: a state file must load it again
            problems = constraints.check(participant_shape.members[key], value, key)
            if problems:
                raise BadRequestException("; ".join(problems))
        values[key] = value
    session = api.store.set_participant(labels["vc"], labels["ps"], index, values)
    return {"ProxySession": api.session_shape(session)}


@route("POST", "/_emulator/faults")
def _add_fault(api: AdminApi, _: dict[str, str], body: Body) -> Any:
    _only(body, {"Operation", "Error", "Count", "Rate", "LatencyMs", "Drop", "CommitThenFail"})
    operation = body.get("Operation")
    if not isinstance(operation, str):
        raise BadRequestException("Operation: required (an operation name or '*')")
    error = body.get("Error")
    if error is not None and not isinstance(error, str):
        raise BadRequestException(f"Error: must be one of {', '.join(spec.ERROR_CODES)}")
    count = body.get("Count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
        raise BadRequestException("Count: must be a positive integer")
    fault_id = api.faults.add(
        operation,
        error=error,
        count=count,
        rate=_number(body, "Rate"),
        latency_ms=_number(body, "LatencyMs"),
        drop=_flag(body, "Drop"),
        commit_then_fail=_flag(body, "CommitThenFail"),
    )
    return {"FaultId": fault_id}


@route("GET", "/_emulator/faults")
def _list_faults(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    return {"Faults": [asdict(f) for f in api.faults.list()]}


@route("DELETE", "/_emulator/faults")
def _clear_faults(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    api.faults.clear()
    return {}


@route("GET", "/_emulator/end-of-support")
def _end_of_support(api: AdminApi, _: dict[str, str], __: Body) -> Any:
    return {"Mode": api.retirement.mode or OFF}


@route("POST", "/_emulator/end-of-support")
def _switch_end_of_support(api: AdminApi, _: dict[str, str], body: Body) -> Any:
    _only(body, {"Mode"})
    api.retirement.switch(check_mode(body.get("Mode")))
    return {"Mode": api.retirement.mode or OFF}


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
        document = json.loads(body, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:  # deep nesting is malformed too
        raise BadRequestException(f"Malformed JSON body: {str(exc)[:200]}") from exc
    if not isinstance(document, dict):
        raise BadRequestException("Body must be a JSON object")
    return document


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _is_json(content_type: str | None) -> bool:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == JSON_CONTENT_TYPE


def _only(body: Body, accepted: Collection[str]) -> None:
    """Unknown fields are refused, so a typo is an error instead of a silent default."""
    unknown = sorted(key for key in body if key not in accepted)
    if unknown:
        names = ", ".join(_short(key) for key in unknown[:5])
        raise BadRequestException(f"Unknown field(s) {names}; accepted: {', '.join(sorted(accepted))}")


def _number(body: Body, key: str, required: bool = False) -> float | None:
    """A finite JSON number (not a boolean, string or list), or None when absent."""
    value = body.get(key)
    if value is None:
        if required:
            raise BadRequestException(f"{key}: required, a number")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadRequestException(f"{key}: must be a number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError as exc:  # an integer too large for a float
        raise BadRequestException(f"{key}: number out of range") from exc
    if not math.isfinite(number):
        raise BadRequestException(f"{key}: must be a finite number")
    return number


def _flag(body: Body, key: str) -> bool:
    value = body.get(key, False)
    if not isinstance(value, bool):
        raise BadRequestException(f"{key}: must be true or false")
    return value


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _json(status: int, document: Any) -> HttpResponse:
    data = json.dumps(document, separators=(",", ":"), default=str).encode("utf-8")
    return HttpResponse(status, data, {"Content-Type": JSON_CONTENT_TYPE})

"""The AWS API request pipeline: count, authenticate, route, refuse retired operations,
inject faults, parse, validate, dispatch, serialize.

Transport-neutral (``HttpRequest`` in, ``HttpResponse`` out) so it can be tested
without sockets. Nothing escapes as a traceback: unexpected exceptions are
logged and answered with a modeled ``ServiceFailureException``.
"""

from __future__ import annotations

import logging
import time
import uuid

from . import auth, parser, redaction, validator
from .calls import CallCounter
from .errors import BadRequestException, NotFoundException, ServiceError, ServiceFailureException
from .faults import FaultInjector, FaultPlan
from .handlers import HANDLERS
from .http_types import HttpRequest, HttpResponse
from .retirement import Retirement
from .router import Match, Router, default_router
from .serializer import serialize_error, serialize_result
from .store import Store

log = logging.getLogger(__name__)


class Gateway:
    """Answers chime-sdk-voice REST-JSON requests from a :class:`Store`."""

    def __init__(
        self,
        store: Store,
        faults: FaultInjector | None = None,
        calls: CallCounter | None = None,
        auth_config: auth.AuthConfig | None = None,
        router: Router | None = None,
        retirement: Retirement | None = None,
    ) -> None:
        self.store = store
        self.faults = faults or FaultInjector()
        self.calls = calls or CallCounter()
        self.auth_config = auth_config or auth.AuthConfig()
        self.router = router or default_router()
        self.retirement = retirement or Retirement()

    def handle(self, request: HttpRequest, rejection: ServiceError | None = None) -> HttpResponse:
        """Answer one request. ``rejection``: the server already refused it (e.g. too large)."""
        started = self.calls.begin()
        try:
            response = self._handle(request, rejection)
        except ServiceError as error:
            response = serialize_error(error)
        except Exception:
            log.exception("unhandled error answering %s %s", request.method, request.target)
            response = serialize_error(
                ServiceFailureException("Internal error in the chime-proxy emulator (see its log)")
            )
        finally:
            self.calls.end(started)
        response.headers["x-amzn-RequestId"] = str(uuid.uuid4())
        return response

    def _handle(self, request: HttpRequest, rejection: ServiceError | None) -> HttpResponse:
        match = self.router.match(request.method, request.path, request.query)
        self.calls.record(match.operation.name if match else None)
        if rejection is not None:
            raise rejection
        auth.authenticate(request, self.auth_config)
        if match is None:
            # the path is not quoted: it may hold a phone number
            raise NotFoundException(f"No chime-sdk-voice operation matches this {request.method} request")
        refusal = self.retirement.refusal(match.operation)
        if refusal is not None:
            raise refusal
        plan = self.faults.plan(match.operation.name)
        if plan.latency_ms:
            time.sleep(plan.latency_ms / 1000.0)
        if not plan.commit_then_fail:
            if plan.drop:
                return HttpResponse(0, drop=True)
            if plan.error:
                raise ServiceError(f"Injected fault: {plan.error}", code=plan.error)
        response = self._dispatch(request, match)
        return _after_commit(plan, response)

    def _dispatch(self, request: HttpRequest, match: Match) -> HttpResponse:
        operation = match.operation
        params = parser.parse_request(operation, match.labels, request.query, request.headers, request.body)
        try:
            validator.validate(operation.input_shape, params)
            handler = HANDLERS.get(operation.name)
            if handler is None:
                raise BadRequestException(
                    f"Operation {operation.name} is not implemented by the chime-proxy emulator"
                )
            return serialize_result(operation, handler(self.store, params))
        except ServiceError as error:
            secrets = redaction.sensitive_values(operation.input_shape, params)
            error.message = redaction.redact(error.message, secrets)
            raise


def _after_commit(plan: FaultPlan, response: HttpResponse) -> HttpResponse:
    """Commit-then-fail: the change is applied, the client is told it failed."""
    if not plan.commit_then_fail:
        return response
    if plan.drop:
        return HttpResponse(0, drop=True)
    code = plan.error or "ServiceFailureException"
    return serialize_error(ServiceError(f"Injected fault after commit: {code}", code=code))

"""Service errors raised by the store and the protocol layer.

As in moto's ``exceptions.py``, an error declares only its code; the HTTP status
comes from the model (``spec.error_status``), so it cannot drift from botocore.
"""

from __future__ import annotations

from ..servicemodel import spec


class ServiceError(Exception):
    """A modeled chime-sdk-voice error; ``code`` is the error shape's name."""

    code = "ServiceFailureException"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message

    @property
    def status(self) -> int:
        return spec.error_status(self.code)


def _modeled(code: str) -> type[ServiceError]:
    """The exception for the model's error shape ``code``; importing this module fails if
    botocore's model has no such error, so the emulator raises only what the service can."""
    spec.error_shape(code)
    return type(code, (ServiceError,), {"code": code, "__module__": __name__,
                                        "__doc__": f"The model's ``{code}``."})


BadRequestException = _modeled("BadRequestException")
UnauthorizedClientException = _modeled("UnauthorizedClientException")
ForbiddenException = _modeled("ForbiddenException")
NotFoundException = _modeled("NotFoundException")
ConflictException = _modeled("ConflictException")
ThrottledClientException = _modeled("ThrottledClientException")
ServiceFailureException = _modeled("ServiceFailureException")
ServiceUnavailableException = _modeled("ServiceUnavailableException")

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


class BadRequestException(ServiceError):
    code = "BadRequestException"


class UnauthorizedClientException(ServiceError):
    code = "UnauthorizedClientException"


class ForbiddenException(ServiceError):
    code = "ForbiddenException"


class NotFoundException(ServiceError):
    code = "NotFoundException"


class ConflictException(ServiceError):
    code = "ConflictException"


class ThrottledClientException(ServiceError):
    code = "ThrottledClientException"


class ServiceFailureException(ServiceError):
    code = "ServiceFailureException"


class ServiceUnavailableException(ServiceError):
    code = "ServiceUnavailableException"

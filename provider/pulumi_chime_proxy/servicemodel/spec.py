"""The chime-sdk-voice service model, loaded from botocore at run time.

Everything the protocol layer knows (routes, shapes, constraints, error status
codes) comes from here, so the emulator follows the installed botocore release
instead of a hand-copied description of the API.
"""

from __future__ import annotations

import functools
from typing import Any

import botocore.session
from botocore.model import OperationModel, ServiceModel, StructureShape

SERVICE_NAME = "chime-sdk-voice"

#: The seven modeled error codes every operation of interest can raise.
ERROR_CODES: tuple[str, ...] = (
    "BadRequestException",
    "UnauthorizedClientException",
    "ForbiddenException",
    "NotFoundException",
    "ThrottledClientException",
    "ServiceFailureException",
    "ServiceUnavailableException",
)


@functools.cache
def service_data() -> dict[str, Any]:
    """The model's JSON as botocore loads it (``AWS_DATA_PATH`` included): traits that
    :class:`OperationModel` does not expose, such as ``deprecatedMessage``, are read here."""
    data: dict[str, Any] = botocore.session.get_session().get_service_data(SERVICE_NAME)
    return data


@functools.cache
def service_model() -> ServiceModel:
    """Return the (cached) botocore service model of chime-sdk-voice."""
    return ServiceModel(service_data(), service_name=SERVICE_NAME)


def operation(name: str) -> OperationModel:
    """Return the operation model called ``name``."""
    return service_model().operation_model(name)


@functools.cache
def error_shape(code: str) -> StructureShape:
    """Return the error shape for ``code``; KeyError if the model has none."""
    for shape in service_model().error_shapes:
        if shape.name == code:
            return shape
    raise KeyError(code)


@functools.cache
def error_status(code: str) -> int:
    """HTTP status of an error code, read from the shape's ``error.httpStatusCode``."""
    return int(error_shape(code).metadata.get("error", {}).get("httpStatusCode", 400))

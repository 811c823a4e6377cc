"""Serialize operation results and errors as rest-json responses.

Walks the output shape, so only modeled members reach the wire, timestamps use
the member's ``timestampFormat`` and the status is the operation's
``responseCode``. Errors carry ``x-amzn-ErrorType`` (which botocore reads first)
and a ``{"Code", "Message", "__type"}`` body.
"""

from __future__ import annotations

import base64
import functools
import json
from typing import Any

from botocore.model import OperationModel, Shape

from ..servicemodel import spec
from .errors import ServiceError
from .http_types import HttpResponse
from .timestamps import format_timestamp

JSON_CONTENT_TYPE = "application/json"


@functools.cache
def model_shape(name: str) -> Shape:
    """A named shape of the model, built once (``shape_for`` builds a new one each call,
    and a shape caches its members only for itself)."""
    return spec.service_model().shape_for(name)


def serialize_result(operation: OperationModel, result: dict[str, Any] | None) -> HttpResponse:
    """Build the success response of ``operation`` from its output values."""
    status = int(operation.http.get("responseCode", 200))
    shape = operation.output_shape
    headers = {"Content-Type": JSON_CONTENT_TYPE}
    if shape is None:
        return HttpResponse(status, b"", headers)
    result = result or {}
    body: dict[str, Any] = {}
    for name, member in shape.members.items():
        value = result.get(name)
        if value is None:
            continue
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "header":
            headers[wire] = _header_text(member, value)
        elif location == "headers":
            headers.update({f"{wire}{k}": str(v) for k, v in value.items()})
        elif location == "statusCode":
            status = int(value)
        else:
            body[wire] = to_json(member, value)
    payload = shape.serialization.get("payload")
    if payload is not None:
        raw = body.get(payload)
        if isinstance(raw, str) and shape.members[payload].type_name in ("blob", "string"):
            data = base64.b64decode(raw) if shape.members[payload].type_name == "blob" else raw.encode()
            return HttpResponse(status, data, headers)
        return HttpResponse(status, _dump(raw if raw is not None else {}), headers)
    if status == 204 and not body:
        return HttpResponse(status, b"", headers)
    return HttpResponse(status, _dump(body), headers)


def serialize_error(error: ServiceError) -> HttpResponse:
    """Build the error response for a modeled error."""
    body = {"Code": error.code, "Message": error.message, "__type": error.code}
    headers = {"Content-Type": JSON_CONTENT_TYPE, "x-amzn-ErrorType": error.code}
    return HttpResponse(spec.error_status(error.code), _dump(body), headers)


def to_json(shape: Shape, value: Any) -> Any:
    """Convert a Python value to the JSON form of ``shape`` (modeled members only)."""
    kind = shape.type_name
    if value is None:
        return None
    if kind == "structure":
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            item = value.get(name)
            if item is not None:
                out[member.serialization.get("name", name)] = to_json(member, item)
        return out
    if kind == "list":
        member = shape.member
        return [to_json(member, item) for item in value]
    if kind == "map":
        value_shape = shape.value
        return {str(k): to_json(value_shape, v) for k, v in value.items()}
    if kind == "timestamp":
        return format_timestamp(value, shape.serialization.get("timestampFormat", "unixTimestamp"))
    if kind == "blob":
        return base64.b64encode(value).decode("ascii")
    return value


def _header_text(shape: Shape, value: Any) -> str:
    if shape.type_name == "timestamp":
        return str(format_timestamp(value, shape.serialization.get("timestampFormat", "rfc822")))
    if shape.type_name == "boolean":
        return "true" if value else "false"
    if shape.type_name == "list":
        return ",".join(str(item) for item in value)
    return str(value)


def _dump(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode("utf-8")

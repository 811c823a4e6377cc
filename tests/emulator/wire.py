"""Helpers for protocol tests: botocore-serialized requests as our HttpRequest."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

import botocore.serialize
from botocore.model import OperationModel, Shape
from pulumi_chime_proxy.emulator.http_types import HttpRequest

_SERIALIZER = botocore.serialize.create_serializer("rest-json", include_validation=False)


def to_http(operation: OperationModel, params: dict[str, Any]) -> HttpRequest:
    """Serialize ``params`` exactly as a boto3 client would, as an HttpRequest."""
    wire = _SERIALIZER.serialize_to_request(params, operation)
    target = wire["url_path"]
    if wire["query_string"]:
        separator = "&" if "?" in target else "?"
        target += separator + urlencode(wire["query_string"], doseq=True)
    body = wire["body"]
    return HttpRequest(
        wire["method"],
        target,
        dict(wire["headers"]),
        body.encode() if isinstance(body, str) else body,
    )


def sample(shape: Shape, required_only: bool = True) -> Any:
    """A value botocore can serialize for ``shape`` (required members only by default)."""
    kind = shape.type_name
    if kind == "structure":
        members = shape.members  # type: ignore[attr-defined]
        names = shape.required_members if required_only else list(members)  # type: ignore[attr-defined]
        return {name: sample(members[name], required_only) for name in names}
    if kind == "list":
        count = max(1, shape.metadata.get("min", 1))
        return [sample(shape.member, required_only) for _ in range(count)]  # type: ignore[attr-defined]
    if kind == "map":
        return {"k": sample(shape.value, required_only)}  # type: ignore[attr-defined]
    if kind == "string":
        enum = shape.enum  # type: ignore[attr-defined]
        return enum[0] if enum else "abcdefghijklmnopqrstu1"
    if kind in ("integer", "long"):
        return 1
    if kind in ("float", "double"):
        return 1.5
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
    if kind == "blob":
        return b"blob"
    raise AssertionError(kind)

"""Turn an HTTP request into the operation's input parameters.

Walks the input shape by member ``location`` (uri, querystring, header, headers,
body) like LocalStack's rest-json parser, coercing text to the member's type.
Type *checking* of JSON values is left to :mod:`validator`, so that every
constraint failure is reported the same way.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from botocore.model import OperationModel, Shape

from ..servicemodel.constraints import is_sensitive
from .errors import BadRequestException
from .timestamps import parse_timestamp

Params = dict[str, Any]
_INTEGER_TEXT = re.compile(r"-?[0-9]{1,25}")


def parse_request(
    operation: OperationModel,
    labels: Mapping[str, str],
    query: Mapping[str, Sequence[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> Params:
    """Return the input parameters of ``operation`` carried by a request.

    ``headers`` must be case-insensitive (``email.message.Message`` or similar).
    """
    shape = operation.input_shape
    if shape is None:
        return {}
    params: Params = {}
    body_members: dict[str, Shape] = {}
    bound_query: set[str] = set()
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "uri":
            if wire in labels:
                params[name] = _from_text(member, labels[wire], name)
        elif location == "querystring":
            if member.type_name == "map":
                continue
            bound_query.add(wire)
            values = query.get(wire)
            if values:
                params[name] = _from_query(member, values, name)
        elif location == "header":
            value = headers.get(wire)
            if value is not None:
                params[name] = _from_header(member, value, name)
        elif location == "headers":
            prefix = wire.lower()
            found = {k[len(prefix) :]: v for k, v in headers.items() if k.lower().startswith(prefix)}
            if found:
                params[name] = found
        else:
            body_members[name] = member
    for name, member in shape.members.items():
        if member.serialization.get("location") == "querystring" and member.type_name == "map":
            rest = {k: list(v) for k, v in query.items() if k not in bound_query}
            if rest:
                value_shape = getattr(member, "value", None)
                many = value_shape is not None and value_shape.type_name == "list"
                params[name] = {k: (v if many else v[0]) for k, v in rest.items()}
    payload = shape.serialization.get("payload")
    if payload:
        member = shape.members[payload]
        if member.type_name in ("blob", "string"):
            if body:
                params[payload] = body if member.type_name == "blob" else body.decode("utf-8")
            return params
        document = _load_json(body)
        if document is not None:
            params[payload] = from_json(member, document, payload)
        return params
    if body_members:
        document = _load_json(body)
        if document is None:
            return params
        if not isinstance(document, dict):
            raise BadRequestException("Request body must be a JSON object")
        for name, member in body_members.items():
            wire = member.serialization.get("name", name)
            if wire in document and document[wire] is not None:
                params[name] = from_json(member, document[wire], name)
    return params


def from_json(shape: Shape, value: Any, path: str) -> Any:
    """Convert a decoded JSON value to its Python form for ``shape``.

    Timestamps become ``datetime`` and blobs ``bytes``; values of the wrong JSON
    type are returned unchanged for the validator to report.
    """
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            wire = member.serialization.get("name", name)
            if wire in value and value[wire] is not None:
                out[name] = from_json(member, value[wire], f"{path}.{name}")
        return out
    if kind == "list" and isinstance(value, list):
        member = shape.member
        return [from_json(member, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if kind == "map" and isinstance(value, dict):
        value_shape = shape.value
        return {k: from_json(value_shape, v, f"{path}.{k}") for k, v in value.items()}
    if kind == "timestamp" and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            return parse_timestamp(value)
        except ValueError as exc:
            raise BadRequestException(f"{path}: {exc} (type)") from exc
    if kind == "blob" and isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except ValueError as exc:
            raise BadRequestException(f"{path}: invalid base64 (type)") from exc
    return value


def _load_json(body: bytes) -> Any:
    if not body or not body.strip():
        return None
    try:
        return json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # deep nesting too
        raise BadRequestException(f"Malformed JSON request body: {exc}") from exc


def _from_query(shape: Shape, values: Sequence[str], path: str) -> Any:
    if shape.type_name == "list":
        member = shape.member
        return [_from_text(member, v, f"{path}[{i}]") for i, v in enumerate(values)]
    return _from_text(shape, values[0], path)


def _from_header(shape: Shape, value: str, path: str) -> Any:
    if shape.type_name == "list":
        member = shape.member
        parts = [part.strip() for part in value.split(",")]
        return [_from_text(member, v, f"{path}[{i}]") for i, v in enumerate(parts)]
    if shape.type_name == "string" and shape.serialization.get("jsonvalue"):
        try:
            return json.loads(base64.b64decode(value))
        except ValueError as exc:
            raise BadRequestException(f"{path}: invalid JSON value header (type)") from exc
    return _from_text(shape, value, path)


def _from_text(shape: Shape, text: str, path: str) -> Any:
    """Coerce one text value (label, query or header) to ``shape``'s type."""
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            if _INTEGER_TEXT.fullmatch(text) is None:  # int() also takes "1_0", " 1", "١"
                raise ValueError(text)
            return int(text)
        if kind in ("float", "double"):
            return float(text)
        if kind == "boolean":
            lowered = text.lower()
            if lowered not in ("true", "false"):
                raise ValueError(text)
            return lowered == "true"
        if kind == "timestamp":
            return parse_timestamp(text)
        if kind == "blob":
            return base64.b64decode(text, validate=True)
    except ValueError as exc:
        shown = "a value" if is_sensitive(shape) else repr(text[:40])
        raise BadRequestException(f"{path}: expected {kind}, got {shown} (type)") from exc
    return text

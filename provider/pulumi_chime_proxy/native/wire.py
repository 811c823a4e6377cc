"""The engine's property maps (``google.protobuf.Struct``) as plain Python values, and back,
in one pass each way.

The Pulumi gRPC protocol spells a secret as an object whose signature key holds the
secret signature and whose ``value`` holds the value, and a value not known yet (preview)
as the unknown sentinel string; numbers are doubles. Decoding drops the secret wrappers
and says which top-level properties held one; encoding wraps the properties named
secret. Any other signed object (an asset, an archive, a resource reference) stays the
plain object it is on the wire, which no check accepts as a property value.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime.rpc import UNKNOWN as UNKNOWN

#: The protocol's signature key and secret signature (sdk/go/common/resource/sig).
SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"

_NUMBER = "number_value"


class _Secrets:
    """Whether the value being decoded held a secret anywhere."""

    __slots__ = ("found",)

    def __init__(self) -> None:
        self.found = False


def _value(value: struct_pb2.Value, secrets: _Secrets) -> Any:
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return value.string_value
    if kind == _NUMBER:
        number = value.number_value
        return int(number) if number.is_integer() else number
    if kind == "bool_value":
        return value.bool_value
    if kind == "list_value":
        return [_value(item, secrets) for item in value.list_value.values]
    if kind == "struct_value":
        fields = value.struct_value.fields
        sig = fields.get(SIG_KEY)
        if sig is not None and sig.string_value == SECRET_SIG:
            secrets.found = True
            inner = fields.get("value")
            return None if inner is None else _value(inner, secrets)
        return {key: _value(item, secrets) for key, item in fields.items()}
    return None


def decode(struct: struct_pb2.Struct) -> tuple[dict[str, Any], set[str]]:
    """(the plain values by the engine's names, the names whose value held a secret)."""
    values: dict[str, Any] = {}
    secret: set[str] = set()
    for key, item in struct.fields.items():
        secrets = _Secrets()
        values[key] = _value(item, secrets)
        if secrets.found:
            secret.add(key)
    return values, secret


def encode(values: Mapping[str, Any], secret: Collection[str] = ()) -> struct_pb2.Struct:
    """A property map of plain ``values``; those named in ``secret`` go as secrets."""
    struct = struct_pb2.Struct()
    try:
        struct.update({key: {SIG_KEY: SECRET_SIG, "value": value} if key in secret else value
                       for key, value in values.items()})
    except ValueError as exc:  # a value of ours the protocol cannot carry: our bug, not the user's
        raise TypeError(f"a property value the protocol cannot carry ({exc})") from None
    return struct

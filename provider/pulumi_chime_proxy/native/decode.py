"""The engine's requests in the core's terms: property maps (``google.protobuf.Struct``,
schema names such as ``voiceConnectorId``) as plain values by spec names
(``voice_connector_id``), and a recorded resource as a :class:`..kernel.state.State`.
One pass per map; :mod:`.encode` is the way back.

The Pulumi gRPC protocol spells a secret as an object whose signature key holds the
secret signature and whose ``value`` holds the value, and a value not known yet (preview)
as the unknown sentinel string; numbers are doubles. Decoding drops the secret wrappers
and says which top-level properties held one. Any other signed object (an asset, an
archive, a resource reference) stays the plain object it is on the wire, which no check
accepts as a property value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from google.protobuf import struct_pb2
from pulumi.runtime.proto import provider_pb2
from pulumi.runtime.rpc import UNKNOWN as UNKNOWN

from ..kernel.spec import Property, camel
from ..kernel.state import State
from ..servicemodel import constraints
from ..servicemodel import spec as servicemodel_spec

if TYPE_CHECKING:
    from .kinds import Names, NativeKind

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


def plain(struct: struct_pb2.Struct) -> tuple[dict[str, Any], set[str]]:
    """(the plain values by the engine's names, the names whose value held a secret)."""
    values: dict[str, Any] = {}
    secret: set[str] = set()
    for key, item in struct.fields.items():
        secrets = _Secrets()
        values[key] = _value(item, secrets)
        if secrets.found:
            secret.add(key)
    return values, secret


@dataclass(frozen=True)
class Decoded:
    """A property map by spec names: the values, the schema names the kind does not
    have, and the names the engine sent as secrets."""

    values: dict[str, Any]
    unknown: list[str]
    secret: frozenset[str]


def _snake_value(prop: Property, value: Any) -> Any:
    """An object (or array of objects) property's members by their spec names."""
    if isinstance(value, dict):
        names = {camel(field.name): field.name for field in prop.fields}
        return {names.get(key, key): item for key, item in value.items()}
    if isinstance(value, list):
        return [_snake_value(prop, item) if isinstance(item, dict) else item for item in value]
    return value


def spec_names(names: Names, values: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """(plain ``values`` by spec names, the schema names the kind does not have)."""
    result: dict[str, Any] = {}
    unknown: list[str] = []
    for key, value in values.items():
        prop = names.by_schema.get(key)
        if prop is None:
            unknown.append(key)
        else:
            result[prop.name] = _snake_value(prop, value) if prop.fields else value
    return result, sorted(unknown)


def from_engine(names: Names, struct: struct_pb2.Struct) -> Decoded:
    """The engine's property map by spec names."""
    values, secret = plain(struct)
    renamed, unknown = spec_names(names, values)
    return Decoded(renamed, unknown, frozenset(names.by_schema[key].name for key in secret
                                               if key in names.by_schema))


def state_of(kind: NativeKind, outputs: Mapping[str, Any], declared: list[str] | None) -> State:
    """A native resource's recorded outputs (spec names), with the inputs it declared
    (None: not known), as the core's state: ``acceptedParticipants`` is what it accepted."""
    output = kind.spec.accepted_output
    recorded = outputs.get(output.name) if output else None
    return State({k: v for k, v in outputs.items() if k not in kind.extra}, declared,
                 recorded if isinstance(recorded, list) else None)


class IdError(ValueError):
    """An id that does not name a resource of the kind (an import id, mostly)."""


#: What an id part must not hold: each is read by a URL layer before the service sees it
#: (a path separator, an escape, a query or fragment, space and control characters).
_NOT_IN_A_SEGMENT = re.compile(r"[/%?#\s\x00-\x1f\x7f]")
#: The model's shape of each id part, from GetProxySession's input.
_ID_MEMBERS = {"voiceConnectorId": "VoiceConnectorId", "proxySessionId": "ProxySessionId"}


def checked_ids(kind: NativeKind, vc: str, object_id: str | None = None) -> tuple[str, str]:
    """``(vc, object_id)`` (no ``object_id``: the connector's own, ``(vc, vc)``) once each
    meets the model's shape for it and is one URL path segment that no HTTP layer
    rewrites (not ``.`` or ``..``); IdError naming the first part that does not."""
    members = servicemodel_spec.operation("GetProxySession").input_shape.members
    parts = {"voiceConnectorId": vc} if object_id is None else {"voiceConnectorId": vc,
                                                                 "proxySessionId": object_id}
    for name, value in parts.items():
        problems = constraints.check(members[_ID_MEMBERS[name]], value, name, hidden=True)
        if value in (".", "..") or _NOT_IN_A_SEGMENT.search(value):
            problems.append(f"{name} must be one URL path segment: not '.' or '..', and no '/', "
                            "'%', '?', '#', space or control character")
        if problems:
            raise IdError(f"{kind.spec.kind} id: {problems[0]}")
    return vc, vc if object_id is None else object_id


def resource_id(kind: NativeKind, resource_id: str) -> tuple[str, str]:
    """(voice connector id, the API's id of the object) for a native id, each checked
    against the model's shape for it before any call (an import or ``.get()`` id is
    whatever the user typed)."""
    vc, slash, object_id = resource_id.partition("/")
    if kind.composite_id and (not slash or not vc or not object_id or "/" in object_id):
        raise IdError(f"{kind.spec.kind} id: must be <voiceConnectorId>/<proxySessionId>")
    if not kind.composite_id and (not resource_id or slash):
        raise IdError(f"{kind.spec.kind} id: must be a voice connector id, without '/'")
    return checked_ids(kind, vc, object_id if kind.composite_id else None)


@dataclass(frozen=True)
class Recorded:
    """What a read request says: the object (its connector and its own id), the recorded
    state, whether it is an import (nothing recorded yet), and the properties the engine
    holds as secrets."""

    vc: str
    object_id: str
    state: State
    importing: bool
    secret: frozenset[str]


def read_request(kind: NativeKind, request: provider_pb2.ReadRequest) -> Recorded:
    """A read request in the core's terms: which inputs the program declared is what the
    engine recorded as inputs (not known for an import). The id is checked last, when
    nothing else of the request is left to read."""
    importing = not request.properties.fields
    outputs = from_engine(kind.names, request.properties)
    declared_inputs = from_engine(kind.input_names, request.inputs)
    declared = None if importing else sorted(
        name for name, value in declared_inputs.values.items()
        if name in kind.spec.inputs and value is not None)
    state = state_of(kind, outputs.values, declared)
    vc, object_id = resource_id(kind, request.id)
    return Recorded(vc, object_id, state, importing, declared_inputs.secret | outputs.secret)

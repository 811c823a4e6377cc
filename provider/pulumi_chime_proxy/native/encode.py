"""The core's results as the engine's property maps: plain values by spec names
(``voice_connector_id``) as a ``google.protobuf.Struct`` by schema names
(``voiceConnectorId``), secrets wrapped. One pass per map; :mod:`.decode` is the way in.

A value the engine does not know yet (preview) is ``pulumi.runtime.rpc.UNKNOWN``, the
sentinel the checks and diffs already skip, both ways.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from google.protobuf import struct_pb2
from pulumi.runtime.proto import provider_pb2

from ..kernel.spec import camel
from ..kernel.state import Observed, State
from .decode import SECRET_SIG, SIG_KEY

if TYPE_CHECKING:
    from .kinds import Names, NativeKind


def struct(values: Mapping[str, Any], secret: Collection[str] = ()) -> struct_pb2.Struct:
    """A property map of plain ``values``; those named in ``secret`` go as secrets."""
    found = struct_pb2.Struct()
    try:
        found.update({key: {SIG_KEY: SECRET_SIG, "value": value} if key in secret else value
                      for key, value in values.items()})
    except ValueError as exc:  # a value of ours the protocol cannot carry: our bug, not the user's
        raise TypeError(f"a property value the protocol cannot carry ({exc})") from None
    return found


def _camel_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {camel(key): item for key, item in value.items()}
    if isinstance(value, list):
        return [_camel_value(item) for item in value]
    return value


def to_engine(names: Names, values: Mapping[str, Any], secret: Collection[str] = ()) -> struct_pb2.Struct:
    """The engine's property map for snake_case ``values`` (names the kind does not have
    are dropped); the always-secret properties, and those in ``secret``, go as secrets."""
    by_name = names.by_name
    schema = {by_name[name].schema_name: _camel_value(value) if by_name[name].fields else value
              for name, value in values.items() if name in by_name}
    hidden = {by_name[name].schema_name for name in values
              if name in by_name and (name in names.secret or name in secret)}
    return struct(schema, hidden)


def schema_path(path: str) -> str:
    """A failure's property path in schema names: ``an_object.a_member`` ->
    ``anObject.aMember``."""
    return ".".join(camel(part) for part in path.split("."))


def outputs(kind: NativeKind, state: State) -> dict[str, Any]:
    """The outputs a native resource records for ``state``: what it accepted becomes
    ``acceptedParticipants``; the declared inputs are the engine's to record."""
    found = dict(state.outputs)
    if kind.spec.accepted_output is not None:
        found[kind.spec.accepted_output.name] = state.accepted or []
    return found


def read_response(kind: NativeKind, resource_id: str, found: Observed,
                  secret: Collection[str]) -> provider_pb2.ReadResponse:
    """What a read answers: the state's outputs, and the inputs the read reports."""
    return provider_pb2.ReadResponse(
        id=resource_id, properties=to_engine(kind.names, outputs(kind, found.state), secret),
        inputs=to_engine(kind.names, found.inputs, secret))

"""Between the engine's property maps (schema names: ``voiceConnectorId``) and the plain
snake_case dicts the kinds' pure functions take (spec names: ``voice_connector_id``).
Each call converts once: :mod:`.wire` reads or writes the map, this renames.

A value the engine does not know yet (preview) is ``pulumi.runtime.rpc.UNKNOWN``, the
sentinel the checks and diffs already skip, both ways.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from google.protobuf import struct_pb2

from ..kernel.spec import Property, ResourceSpec, camel
from . import wire
from .wire import UNKNOWN as UNKNOWN


@dataclass(frozen=True)
class Names:
    """A kind's properties (its spec's and any the native resource adds) by schema name
    and by spec name, and the spec names that are always secret."""

    by_schema: Mapping[str, Property]
    by_name: Mapping[str, Property]
    secret: frozenset[str]

    @classmethod
    def of(cls, spec: ResourceSpec, extra: Mapping[str, Property] | None = None) -> Names:
        props = [*spec.properties, *(extra or {}).values()]
        return cls({p.schema_name: p for p in props}, {p.name: p for p in props},
                   frozenset(spec.masks) | {p.name for p in (extra or {}).values() if p.mask})


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


def _camel_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {camel(key): item for key, item in value.items()}
    if isinstance(value, list):
        return [_camel_value(item) for item in value]
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
    plain, secret = wire.decode(struct)
    values, unknown = spec_names(names, plain)
    return Decoded(values, unknown, frozenset(names.by_schema[key].name for key in secret
                                              if key in names.by_schema))


def to_engine(names: Names, values: Mapping[str, Any], secret: Collection[str] = ()) -> struct_pb2.Struct:
    """The engine's property map for snake_case ``values`` (names the kind does not have
    are dropped); the always-secret properties, and those in ``secret``, go as secrets."""
    by_name = names.by_name
    schema = {by_name[name].schema_name: _camel_value(value) if by_name[name].fields else value
              for name, value in values.items() if name in by_name}
    hidden = {by_name[name].schema_name for name in values
              if name in by_name and (name in names.secret or name in secret)}
    return wire.encode(schema, hidden)


def schema_path(path: str) -> str:
    """A failure's property path in schema names: ``an_object.a_member`` ->
    ``anObject.aMember``."""
    return ".".join(camel(part) for part in path.split("."))

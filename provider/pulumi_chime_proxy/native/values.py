"""Between the engine's property values (camelCase names, floats, secrets, unknowns)
and the plain snake_case dicts the kinds' pure functions take. Pure functions, all
names derived from the resource spec.

A value the engine does not know yet (preview) becomes ``pulumi.runtime.rpc.UNKNOWN``,
the sentinel the checks and diffs already skip, and goes back as that sentinel, which
is how the wire spells unknown.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime.rpc import UNKNOWN as UNKNOWN

from ..kernel.spec import Property, ResourceSpec, camel


def plain(value: PropertyValue) -> Any:
    """The Python value of one property value: secrecy dropped, unknowns as UNKNOWN."""
    inner = value.value
    if isinstance(inner, Computed):
        return UNKNOWN
    if isinstance(inner, float) and inner.is_integer():
        return int(inner)
    if isinstance(inner, Mapping):
        return {key: plain(item) for key, item in inner.items()}
    if isinstance(inner, (list, tuple)):
        return [plain(item) for item in inner]
    return inner


def wire(value: Any, secret: bool = False) -> PropertyValue:
    """A property value for a plain Python value (ints as numbers, UNKNOWN as unknown)."""
    if isinstance(value, str) and value == UNKNOWN:
        # the wire's sentinel: the SDK cannot marshal a Computed value (pulumi 3.259-3.272)
        return PropertyValue(UNKNOWN, is_secret=secret)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return PropertyValue(value, is_secret=secret)
    if isinstance(value, (int, float)):
        return PropertyValue(float(value), is_secret=secret)
    if isinstance(value, Mapping):
        return PropertyValue({str(k): wire(v) for k, v in value.items()}, is_secret=secret)
    if isinstance(value, (list, tuple)):
        return PropertyValue([wire(v) for v in value], is_secret=secret)
    return PropertyValue(str(value), is_secret=secret)


def _fields_by_schema_name(prop: Property) -> dict[str, str]:
    return {camel(field.name): field.name for field in prop.fields}


def _snake_value(prop: Property, value: Any) -> Any:
    """An object (or array of objects) property's members by their spec names."""
    if not prop.fields:
        return value
    names = _fields_by_schema_name(prop)
    if isinstance(value, dict):
        return {names.get(key, key): item for key, item in value.items()}
    if isinstance(value, list):
        return [_snake_value(prop, item) if isinstance(item, dict) else item for item in value]
    return value


def _camel_value(prop: Property, value: Any) -> Any:
    if not prop.fields:
        return value
    if isinstance(value, dict):
        return {camel(key): item for key, item in value.items()}
    if isinstance(value, list):
        return [_camel_value(prop, item) for item in value]
    return value


def spec_names(spec: ResourceSpec, values: Mapping[str, Any],
               extra: Mapping[str, Property] | None = None) -> tuple[dict[str, Any], list[str]]:
    """(plain ``values`` by the spec's snake_case names, the schema names the spec does
    not know). ``extra`` names properties of the native resource beyond the spec."""
    known = {prop.schema_name: prop for prop in spec.properties}
    known.update({p.schema_name: p for p in (extra or {}).values()})
    result: dict[str, Any] = {}
    unknown: list[str] = []
    for key, value in values.items():
        prop = known.get(key)
        if prop is None:
            unknown.append(key)
            continue
        result[prop.name] = _snake_value(prop, value)
    return result, sorted(unknown)


def from_engine(spec: ResourceSpec, values: Mapping[str, PropertyValue],
                extra: Mapping[str, Property] | None = None) -> tuple[dict[str, Any], list[str]]:
    """:func:`spec_names` of the engine's property values."""
    return spec_names(spec, {key: plain(value) for key, value in values.items()}, extra)


def to_engine(spec: ResourceSpec, values: Mapping[str, Any], secret: Collection[str] = (),
              extra: Mapping[str, Property] | None = None) -> dict[str, PropertyValue]:
    """Property values for snake_case ``values`` (names the spec does not know are
    dropped); the spec's secret properties, and those in ``secret``, stay secret."""
    props = {prop.name: prop for prop in spec.properties}
    props.update(extra or {})
    secrets = set(spec.masks) | set(secret) | {p.name for p in (extra or {}).values() if p.mask}
    return {props[name].schema_name: wire(_camel_value(props[name], value), name in secrets)
            for name, value in values.items() if name in props}


def secret_names(spec: ResourceSpec, values: Mapping[str, PropertyValue]) -> set[str]:
    """The snake_case names of the values the engine sent as secrets."""
    by_schema = {prop.schema_name: prop.name for prop in spec.properties}
    return {by_schema[key] for key, value in values.items()
            if key in by_schema and value.contains_secret()}


def schema_path(path: str) -> str:
    """A failure's property path in schema names: ``an_object.a_member`` ->
    ``anObject.aMember``."""
    return ".".join(camel(part) for part in path.split("."))

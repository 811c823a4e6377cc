"""The check-failure type, and the model's constraints reported in Pulumi's words.

Both resources judge inputs with the same walker the emulator uses
(:mod:`..servicemodel.constraints`); this module maps its API member paths onto
Pulumi property paths and keeps the values of sensitive properties out of reasons.
Pure: no I/O, no client.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from botocore.model import Shape

from ..servicemodel import constraints, spec
from .props import is_unknown

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PATH_SEPARATOR = re.compile(r"[.\[]")


@dataclass(frozen=True)
class Failure:
    """One problem with one property: ``property`` is a Pulumi path
    (``participant_phone_numbers[1]``, ``geo_match_params.area_code``)."""

    property: str
    reason: str


def top_level(path: str) -> str:
    """The input a property path starts at: ``participant_phone_numbers[1]`` ->
    ``participant_phone_numbers``."""
    return _PATH_SEPARATOR.split(path, maxsplit=1)[0]


def input_members(operation: str) -> Mapping[str, Shape]:
    """The members of ``operation``'s input shape, by API name."""
    shape = spec.operation(operation).input_shape
    assert shape is not None, operation
    members: Mapping[str, Shape] = shape.members  # type: ignore[attr-defined]
    return members


def _marked_sensitive(shape: Shape, seen: frozenset[str] = frozenset()) -> bool:
    if shape.metadata.get("sensitive"):
        return True
    if shape.name in seen:
        return False
    seen = seen | {shape.name}
    if shape.type_name == "list":
        return _marked_sensitive(shape.member, seen)  # type: ignore[attr-defined]
    if shape.type_name == "map":
        return _marked_sensitive(shape.value, seen)  # type: ignore[attr-defined]
    if shape.type_name == "structure":
        return any(_marked_sensitive(m, seen)
                   for m in shape.members.values())  # type: ignore[attr-defined]
    return False


def sensitive_props(operation: str, api_names: Mapping[str, str]) -> frozenset[str]:
    """The Pulumi inputs (``api_names``: Pulumi name -> API member) whose model shape,
    or any part of it, is ``sensitive``: their values are never echoed."""
    members = input_members(operation)
    return frozenset(prop for prop, api in api_names.items()
                     if api in members and _marked_sensitive(members[api]))


def prop_path(api_path: str, names: Mapping[str, str]) -> str:
    """``GeoMatchParams.AreaCode`` -> ``geo_match_params.area_code`` (``names``: API
    member name -> Pulumi name, at any depth; indices are kept)."""
    return _IDENTIFIER.sub(lambda m: names.get(m.group(0), m.group(0)), api_path)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


def redact(reason: str, value: Any) -> str:
    """``reason`` without the (quoted) text of ``value``: the walker quotes a value
    with ``repr``, so every string in ``value`` is replaced in that form."""
    for text in sorted(set(_strings(value)), key=len, reverse=True):
        reason = reason.replace(repr(text), "the value")
    return reason


def model_failures(operation: str, params: Mapping[str, Any], names: Mapping[str, str],
                   sensitive: frozenset[str]) -> list[Failure]:
    """``params`` (API member name -> value, as sent) against ``operation``'s input
    shape. Unset and unknown (preview) values are not judged."""
    members = input_members(operation)
    failures: list[Failure] = []
    for api, value in params.items():
        if value is None or is_unknown(value):
            continue
        for problem in constraints.check(members[api], value, api):
            path, _, reason = problem.partition(": ")
            failure = Failure(prop_path(path, names), reason)
            if top_level(failure.property) in sensitive:
                failure = Failure(failure.property, redact(reason, value))
            failures.append(failure)
    return failures

"""Input parameters checked against the model's constraints (pure: returns problems).

botocore's client validator checks only ``required``, ``min`` and types, so the
server must enforce ``max``, ``enum`` and ``pattern`` as AWS does. Every problem
is reported as ``<path>: <what> (<rule>)`` in one ``BadRequestException``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from botocore.model import Shape

#: What the model's integer types can hold (Smithy: 32-bit ``integer``, 64-bit ``long``).
INTEGER_RANGE = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}

_JSON_TYPE = {
    "structure": "object",
    "list": "list",
    "map": "object",
    "string": "string",
    "integer": "integer",
    "long": "integer",
    "float": "number",
    "double": "number",
    "boolean": "boolean",
    "timestamp": "timestamp",
    "blob": "blob",
}


def check(shape: Shape, value: Any, path: str, hidden: bool = False) -> list[str]:
    """Return the problems of ``value`` against ``shape`` (empty when valid).

    A problem never quotes a value the model marks ``sensitive``, nor, with ``hidden``,
    any value at all (for a caller that treats the whole value as secret)."""
    kind = shape.type_name
    checker = _CHECKERS.get(kind)
    if checker is None:
        return []
    return checker(shape, value, path, hidden or is_sensitive(shape))


def _type_error(shape: Shape, value: Any, path: str) -> list[str]:
    expected = _JSON_TYPE.get(shape.type_name, shape.type_name)
    return [f"{_label(path)}expected {expected}, got {type(value).__name__} (type)"]


def _label(path: str) -> str:
    return f"{path}: " if path else ""


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _check_structure(shape: Shape, value: Any, path: str, hidden: bool) -> list[str]:
    if not isinstance(value, dict):
        return _type_error(shape, value, path)
    problems: list[str] = []
    for name in shape.required_members:
        if value.get(name) is None:
            problems.append(f"{_join(path, name)}: is required (required)")
    members = shape.members
    for name, item in value.items():
        member = members.get(name)
        if member is not None and item is not None:
            problems.extend(check(member, item, _join(path, name), hidden))
    return problems


def _check_list(shape: Shape, value: Any, path: str, hidden: bool) -> list[str]:
    if not isinstance(value, list):
        return _type_error(shape, value, path)
    problems = _bounds(shape, len(value), path, "items")
    member = shape.member
    for index, item in enumerate(value):
        problems.extend(check(member, item, f"{path}[{index}]", hidden))
    return problems


def _check_map(shape: Shape, value: Any, path: str, hidden: bool) -> list[str]:
    if not isinstance(value, dict):
        return _type_error(shape, value, path)
    problems = _bounds(shape, len(value), path, "entries")
    key_shape, value_shape = shape.key, shape.value
    for index, (key, item) in enumerate(value.items()):
        label = f"{path}{{key {index}}}" if hidden or is_sensitive(key_shape) else f"{path}.{key}"
        problems.extend(check(key_shape, key, f"{label}(key)", hidden))
        problems.extend(check(value_shape, item, label, hidden))
    return problems


def _check_string(shape: Shape, value: Any, path: str, hidden: bool) -> list[str]:
    if not isinstance(value, str):
        return _type_error(shape, value, path)
    problems = _bounds(shape, len(value), path, "characters")
    enum = shape.enum
    shown = "value" if hidden else quoted(value)
    if enum and value not in enum:
        problems.append(f"{_label(path)}{shown} is not one of {', '.join(enum)} (enum)")
    pattern = shape.metadata.get("pattern")
    compiled = _enforceable(pattern) if pattern is not None else None
    if compiled is not None and compiled.search(value) is None:
        problems.append(f"{_label(path)}{shown} does not match pattern {pattern}")
    return problems


#: Longest value a problem quotes in full; a longer one is cut (a problem is one line).
QUOTE_LIMIT = 48


def quoted(value: str) -> str:
    """``value`` as a problem quotes it: repr, cut short past :data:`QUOTE_LIMIT`."""
    text = repr(value)
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 4] + "...'"


def is_sensitive(shape: Shape) -> bool:
    """The model marks the shape ``sensitive``: its values never appear in a message."""
    return bool(shape.metadata.get("sensitive"))


def _check_integer(shape: Shape, value: Any, path: str, hidden: bool) -> list[str]:
    if isinstance(value, bool) or not isinstance(value, int):
        return _type_error(shape, value, path)
    low, high = INTEGER_RANGE[shape.type_name]
    if not low <= value <= high:
        bits = 32 if shape.type_name == "integer" else 64
        return [f"{_label(path)}must be between {low} and {high} ({bits}-bit {shape.type_name})"]
    return _bounds(shape, value, path, None)


def _check_number(shape: Shape, value: Any, path: str, hidden: bool) -> list[str]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _type_error(shape, value, path)
    return _bounds(shape, value, path, None)


def _check_boolean(shape: Shape, value: Any, path: str, hidden: bool) -> list[str]:
    return [] if isinstance(value, bool) else _type_error(shape, value, path)


def _check_timestamp(shape: Shape, value: Any, path: str, hidden: bool) -> list[str]:
    return [] if isinstance(value, dt.datetime) else _type_error(shape, value, path)


def _check_blob(shape: Shape, value: Any, path: str, hidden: bool) -> list[str]:
    if not isinstance(value, (bytes, bytearray)):
        return _type_error(shape, value, path)
    return _bounds(shape, len(value), path, "bytes")


def _bounds(shape: Shape, size: float, path: str, unit: str | None) -> list[str]:
    """``min``/``max``: a length for strings, blobs, lists and maps; a value for numbers."""
    problems = []
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if unit is None:
        if low is not None and size < low:
            problems.append(f"{_label(path)}must be at least {low} (min)")
        if high is not None and size > high:
            problems.append(f"{_label(path)}must be at most {high} (max)")
        return problems
    if low is not None and size < low:
        problems.append(f"{_label(path)}must have at least {low} {unit} (min)")
    if high is not None and size > high:
        problems.append(f"{_label(path)}must have at most {high} {unit} (max)")
    return problems


@functools.cache
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a model (ECMA-262, unanchored) pattern for Python's ``re``.

    Smithy patterns are not implicitly anchored, so callers use ``search``. In
    ECMA ``$`` never matches before a trailing newline, hence ``\\Z``; ``re.ASCII``
    keeps ``\\d`` and ``\\w`` to ASCII as in ECMA.
    """
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[" and not in_class:
            in_class = True
            out.append(char)
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        elif char == "$" and not in_class:
            out.append(r"\Z")
        else:
            out.append(char)
    return re.compile("".join(out), re.ASCII)


@functools.cache
def _enforceable(pattern: str) -> re.Pattern[str] | None:
    """The compiled pattern, or None for the few the model gets wrong.

    ``ClientRequestId``'s ``^[-_a-zA-Z0-9]*${2,64}$`` quantifies an anchor, which
    ECMA-262 refuses too; no value can be checked against it, so none is refused.
    """
    try:
        return compile_pattern(pattern)
    except re.error:
        return None


_CHECKERS = {
    "structure": _check_structure,
    "list": _check_list,
    "map": _check_map,
    "string": _check_string,
    "integer": _check_integer,
    "long": _check_integer,
    "float": _check_number,
    "double": _check_number,
    "boolean": _check_boolean,
    "timestamp": _check_timestamp,
    "blob": _check_blob,
}

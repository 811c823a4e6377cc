"""The check-failure type, and the model's constraints reported in Pulumi's words.

Both resources judge inputs with the same walker the emulator uses
(:mod:`..servicemodel.constraints`); this module maps its API member paths onto
Pulumi property paths, and has the walker render no value of a sensitive property.
Pure: no I/O, no client.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.model import Shape

from ..servicemodel import constraints, spec
from .props import is_unknown

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PATH_SEPARATOR = re.compile(r"[.\[]")


@dataclass(frozen=True)
class Failure:
    """One problem with one property: ``property`` is a Pulumi path (a property, an
    item ``a_list[1]``, a member ``an_object.a_member``)."""

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
    members: Mapping[str, Shape] = shape.members
    return members


def prop_path(api_path: str, names: Mapping[str, str]) -> str:
    """``AnObject.AMember`` -> ``an_object.a_member`` (``names``: API
    member name -> Pulumi name, at any depth; indices are kept)."""
    return _IDENTIFIER.sub(lambda m: names.get(m.group(0), m.group(0)), api_path)


def model_failures(operation: str, params: Mapping[str, Any], names: Mapping[str, str],
                   sensitive: frozenset[str]) -> list[Failure]:
    """``params`` (API member name -> value, as sent) against ``operation``'s input
    shape. Unset and unknown (preview) values are not judged; the reasons of a
    ``sensitive`` input never quote its value (the walker does not render it)."""
    members = input_members(operation)
    failures: list[Failure] = []
    for api, value in params.items():
        if value is None or is_unknown(value):
            continue
        hidden = names.get(api, api) in sensitive
        for problem in constraints.check(members[api], value, api, hidden=hidden):
            path, _, reason = problem.partition(": ")
            failures.append(Failure(prop_path(path, names), reason))
    return failures

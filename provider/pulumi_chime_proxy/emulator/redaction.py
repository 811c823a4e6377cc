"""Keep the values of ``sensitive`` members out of error messages.

Messages are written not to quote sensitive values (see
``servicemodel.constraints``); this is the net under that rule: whatever a
handler or the store says about a request, every sensitive string the request
carried (and its form without ``+``) is masked before the answer leaves.
"""

from __future__ import annotations

from typing import Any

from botocore.model import Shape

from ..masking import STARS
from ..servicemodel.constraints import is_sensitive

MASK = STARS
#: Shorter values are not masked: they would blank out unrelated text ("1", "a").
MIN_MASKED_LENGTH = 3


def sensitive_values(shape: Shape | None, value: Any) -> set[str]:
    """Every string in ``value`` that ``shape`` marks sensitive (nested members included)."""
    found: set[str] = set()
    if shape is not None:
        _collect(shape, value, found, sensitive=False)
    return found


def _collect(shape: Shape, value: Any, found: set[str], sensitive: bool) -> None:
    sensitive = sensitive or is_sensitive(shape)
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        for name, item in value.items():
            if name in members:
                _collect(members[name], item, found, sensitive)
    elif kind == "list" and isinstance(value, list):
        for item in value:
            _collect(shape.member, item, found, sensitive)
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            _collect(shape.key, key, found, sensitive)
            _collect(shape.value, item, found, sensitive)
    elif sensitive and isinstance(value, str):
        found.add(value)


def redact(message: str, values: set[str]) -> str:
    """``message`` with each of ``values`` (and its form without a leading ``+``) masked."""
    forms = {form for value in values for form in (value, value.lstrip("+"))}
    for form in sorted(forms, key=len, reverse=True):
        if len(form) >= MIN_MASKED_LENGTH:
            message = message.replace(form, MASK)
    return message

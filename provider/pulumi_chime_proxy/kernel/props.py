"""Pure helpers on Pulumi property values, shared by both resources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi.runtime.rpc import UNKNOWN


def anywhere(value: Any, found: Callable[[Any], bool]) -> bool:
    """Whether ``found`` holds for ``value`` or for anything in it, at any depth of
    lists and maps."""
    if found(value):
        return True
    if isinstance(value, list):
        return any(anywhere(v, found) for v in value)
    if isinstance(value, dict):
        return any(anywhere(v, found) for v in value.values())
    return False


def is_unknown(value: Any) -> bool:
    """True for a value the engine does not know yet (preview), at any depth."""
    return anywhere(value, lambda v: isinstance(v, str) and v == UNKNOWN)


def known_list(value: Any) -> list[Any] | None:
    """``value`` when it is a list the engine knows (no part of it unknown), else None."""
    return value if isinstance(value, list) and not is_unknown(value) else None


def phone_key(number: Any) -> str:
    """A phone number as compared: ``+12065550100`` and ``12065550100`` are the same."""
    return str(number).lstrip("+")


def e164(number: Any) -> str | None:
    """A phone number as outputs spell it: ``+`` and its digits; None when empty."""
    key = phone_key(number or "")
    return f"+{key}" if key else None


def flag(value: Any) -> bool:
    """A boolean input or output as compared: unset is ``False``."""
    return bool(value or False)


def as_int(value: Any) -> Any:
    """Pulumi numbers arrive as floats; the API wants integers. Other values pass as is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value

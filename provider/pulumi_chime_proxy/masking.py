"""How secret values look when printed: at most a phone number's country code and its
last two digits, and nothing of a name or of any other hidden text. Pure functions.

This is the one way the package hides a value: drift reports, error messages (AWS's
and the emulator's) and plan inputs all use these functions and :data:`STARS`.

A masked number never shows its length (the stars are a fixed run), so two masked
numbers differ only in what the rule allows: the country code and the last 2 digits.
"""

from __future__ import annotations

import re
from typing import Any

#: What stands in for the hidden digits of a number, and for a whole name.
STARS = "******"
#: A value that looks like an E.164 number (the model's ``^\+?[1-9]\d{1,14}$``), with
#: at least 4 digits: shorter ones are shown fully masked.
_PHONE = re.compile(r"^(\+?)([1-9]\d{3,14})$")
#: ITU-T E.164 country codes of one and two digits; every other code has three.
_ONE_DIGIT = frozenset({"1", "7"})
_TWO_DIGITS = frozenset({
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45",
    "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61",
    "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94",
    "95", "98",
})


def country_code(digits: str) -> str:
    """The E.164 country code that ``digits`` (no ``+``) starts with."""
    if digits[:1] in _ONE_DIGIT:
        return digits[:1]
    if digits[:2] in _TWO_DIGITS:
        return digits[:2]
    return digits[:3]


def mask_phone(value: str) -> str:
    """``+12065550101`` -> ``+1******01``; anything that is not a number -> ``******``."""
    match = _PHONE.match(value)
    if not match:
        return STARS
    plus, digits = match.groups()
    code = country_code(digits)
    if len(digits) - len(code) < 4:
        return plus + code + STARS  # too short to give away two digits safely
    return f"{plus}{code}{STARS}{digits[-2:]}"


def mask_name(value: str) -> str:
    """Nothing of a name is shown, not even its length."""
    return STARS


def mask_value(value: Any, names: bool = False) -> Any:
    """Mask every string inside ``value`` (lists and participant dicts too), keeping the
    shape: as phone numbers, or with ``names`` as names (nothing shown)."""
    if isinstance(value, str):
        return mask_name(value) if names else mask_phone(value)
    if isinstance(value, list | tuple):
        return [mask_value(v, names) for v in value]
    if isinstance(value, dict):
        return {k: mask_value(v, names) for k, v in value.items()}
    return value


_IN_TEXT = re.compile(r"\+?[1-9]\d{6,14}")


def mask_numbers_in(text: str) -> str:
    """``text`` with every run that looks like a phone number (7+ digits) masked."""
    return _IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)


def looks_like_phone_number(text: str) -> bool:
    """Whether ``text`` holds something an E.164 number could be (``+`` and 8-15 digits,
    or 10-15 digits on their own)."""
    return bool(re.search(r"(?<![\w+])(\+[1-9]\d{7,14}|[1-9]\d{9,14})(?!\w)", text))

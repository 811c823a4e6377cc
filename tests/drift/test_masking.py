"""Masking: at most the country code and the last 2 digits of a number, nothing of a name."""

from __future__ import annotations

import re

import pytest
from pulumi_chime_proxy import masking


@pytest.mark.parametrize(("number", "masked"), [
    ("+12065550101", "+1******01"),       # NANP: one-digit code
    ("+447700900123", "+44******23"),     # two-digit code
    ("+35312345604", "+353******04"),     # three-digit code
    ("+8613912345678", "+86******78"),
    ("+79161234567", "+7******67"),
    ("12065550101", "1******01"),         # no plus: the same rule
])
def test_numbers_keep_at_most_country_code_and_two_digits(number: str, masked: str) -> None:
    assert masking.mask_phone(number) == masked


@pytest.mark.parametrize("value", ["+1206", "+3531234", "+35312", "", "abc", "+", "0123456789",
                                   "+1 206 555 0101", "١٢٣٤٥٦٧٨٩٠", "+12065550101" * 3])
def test_anything_else_shows_at_most_the_rule(value: str) -> None:
    masked = masking.mask_phone(value)
    shown = re.sub(r"\D", "", masked)
    digits = value.lstrip("+")
    if digits.isascii() and digits.isdigit() and digits[0] != "0" and 4 <= len(digits) <= 15:
        code = masking.country_code(digits)
        assert shown in (code, code + digits[-2:])
    else:
        assert shown == ""
    assert masking.STARS in masked


def test_the_length_is_hidden() -> None:
    assert len(masking.mask_phone("+12065550101")) == len(masking.mask_phone("+1206555010199"))


@pytest.mark.parametrize("name", ["alpha", "Ride 1001", "", "12065550101", "x" * 30])
def test_names_show_nothing(name: str) -> None:
    assert masking.mask_name(name) == masking.STARS
    assert masking.mask_value([name], names=True) == [masking.STARS]


def test_mask_value_keeps_shape() -> None:
    value = [{"phone_number": "+12065550100", "proxy_phone_number": "+12065559999"}]
    assert masking.mask_value(value) == [{"phone_number": "+1******00", "proxy_phone_number": "+1******99"}]
    assert masking.mask_value(None) is None and masking.mask_value(5) == 5


def test_numbers_in_free_text() -> None:
    text = "GetProxySession failed for +12065550100 and 12065550101 on vc abc123"
    assert masking.mask_numbers_in(text) == "GetProxySession failed for +1******00 and 1******01 on vc abc123"


@pytest.mark.parametrize(("text", "found"), [
    ("+12065550100", True), ("12065550100", True), ('["+447700900123"]', True),
    ("60", False), ("abcdefghij1234567", False), ("2026-11-23T04:31:19Z", False), ("us-east-1", False),
])
def test_looks_like_phone_number(text: str, found: bool) -> None:
    assert masking.looks_like_phone_number(text) is found

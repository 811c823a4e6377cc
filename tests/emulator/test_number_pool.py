"""The simulated proxy number pool."""

from __future__ import annotations

import itertools

from pulumi_chime_proxy.emulator import number_pool
from pulumi_chime_proxy.servicemodel.constraints import compile_pattern

E164 = compile_pattern(r"^\+?[1-9]\d{1,14}$")


def test_numbers_are_deterministic_valid_and_distinct() -> None:
    for country in ("US", "CA", "GB", "JP"):
        first = list(itertools.islice(number_pool.generate(country), 50))
        assert first == list(itertools.islice(number_pool.generate(country), 50))
        assert len(set(first)) == 50
        assert all(E164.search(n) for n in first)
        assert all(number_pool.matches(n, country) for n in first)


def test_us_numbers_look_north_american() -> None:
    number = next(number_pool.generate("US"))
    assert number.startswith("+1") and len(number) == 12
    assert all(n.startswith("+1303") for n in itertools.islice(number_pool.generate("US", "303"), 20))


def test_first_available_skips_unusable() -> None:
    taken = set(itertools.islice(number_pool.generate("US", "206"), 3))
    picked = number_pool.first_available("US", "206", lambda n: n not in taken)
    assert picked is not None and picked not in taken and picked.startswith("+1206")


def test_matches_area_code() -> None:
    assert number_pool.matches("+12065550000", "US", "206")
    assert not number_pool.matches("+12125550000", "US", "206")
    assert not number_pool.matches("+12065550000", "ZZ")

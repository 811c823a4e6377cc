"""A deterministic pool of simulated proxy phone numbers per country and area code.

Numbers are generated on demand in a fixed order (``+1 <area> 555 01xx`` style
for North America, a fixed national prefix elsewhere), so a fresh emulator
always hands out the same numbers in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

#: Country calling codes of the countries the simulated pool serves.
CALLING_CODES: dict[str, str] = {
    "US": "1",
    "CA": "1",
    "PR": "1",
    "GB": "44",
    "IE": "353",
    "DE": "49",
    "FR": "33",
    "ES": "34",
    "IT": "39",
    "NL": "31",
    "BE": "32",
    "AT": "43",
    "CH": "41",
    "SE": "46",
    "DK": "45",
    "NO": "47",
    "FI": "358",
    "PL": "48",
    "PT": "351",
    "AU": "61",
    "NZ": "64",
    "JP": "81",
    "KR": "82",
    "SG": "65",
    "IN": "91",
    "BR": "55",
    "MX": "52",
    "ZA": "27",
}

#: Area codes drawn from when a North American number has no requested area code.
DEFAULT_AREA_CODES: dict[str, tuple[str, ...]] = {
    "US": ("206", "212", "312", "415", "512", "617", "702", "808"),
    "CA": ("416", "604", "514"),
    "PR": ("787",),
}

_NANP_BLOCK = 10_000  # subscriber numbers per area code: 555-0000 .. 555-9999


def is_supported(country: str) -> bool:
    return country in CALLING_CODES


def generate(country: str, area_code: str | None = None) -> Iterator[str]:
    """Yield the pool's numbers for ``country`` (optionally one ``area_code``) in order."""
    calling = CALLING_CODES[country]
    if calling == "1":
        areas = (area_code,) if area_code else DEFAULT_AREA_CODES.get(country, ("555",))
        for index in range(_NANP_BLOCK):
            for area in areas:
                yield f"+1{area}555{index:04d}"
        return
    prefix = area_code or "55"
    digits = max(4, 11 - len(calling) - len(prefix))
    for index in range(10**digits):
        yield f"+{calling}{prefix}{index:0{digits}d}"


def first_available(country: str, area_code: str | None, usable: Callable[[str], bool]) -> str | None:
    """Return the first number of the pool that ``usable`` accepts."""
    for number in generate(country, area_code):
        if usable(number):
            return number
    return None


def matches(number: str, country: str, area_code: str | None = None) -> bool:
    """Whether ``number`` belongs to ``country`` (and ``area_code``) in this pool."""
    calling = CALLING_CODES.get(country)
    if calling is None:
        return False
    return number.startswith(f"+{calling}{area_code or ''}")

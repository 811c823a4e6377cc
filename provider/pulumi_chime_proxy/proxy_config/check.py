"""Validate VoiceConnectorProxy inputs before any API call (runs at ``pulumi preview``).

The constraints come from botocore's model of PutVoiceConnectorProxy (the same
walker the emulator uses), plus the rules the API states but the model cannot
express. Every failure names the Pulumi property and the rule; the fallback phone
number is never echoed. Pure: no I/O, no client.
"""

from __future__ import annotations

import re
from typing import Any

import pycountry

from ..kernel.check import Failure, model_failures
from ..kernel.props import as_int, is_unknown, known_list
from . import props

OPERATION = props.SPEC.create_operation
REQUIRED = props.SPEC.required
#: Inputs whose values are never echoed (the model marks them ``sensitive``).
SENSITIVE = props.SPEC.sensitive_inputs
#: The model's pattern for a country; what matches it is then looked up in ISO 3166-1.
_COUNTRY_SHAPE = re.compile(r"^[A-Z]{2}$")
#: Properties whose stated rule, when it fails, already says what the model would.
_SUPERSEDED = frozenset({"default_session_expiry_minutes", "fall_back_phone_number"})


def is_country(code: str) -> bool:
    """An assigned ISO 3166-1 alpha-2 code, as pycountry (Debian's iso-codes) lists them."""
    return pycountry.countries.get(alpha_2=code) is not None


def _stated_rules(inputs: dict[str, Any]) -> list[Failure]:
    failures: list[Failure] = []
    expiry = inputs.get("default_session_expiry_minutes")
    if isinstance(expiry, float) and not expiry.is_integer():
        failures.append(Failure("default_session_expiry_minutes",
                                f"must be a whole number of minutes, got {expiry}"))
    elif isinstance(expiry, (int, float)) and not isinstance(expiry, bool) and expiry < 1:
        failures.append(Failure("default_session_expiry_minutes",
                                f"must be at least 1 minute, got {as_int(expiry)}"))
    countries = known_list(inputs.get("phone_number_pool_countries"))
    if countries is not None:
        for index, country in enumerate(countries):
            if country == "":
                failures.append(Failure(f"phone_number_pool_countries[{index}]",
                                        "must be an ISO 3166-1 alpha-2 country code such as US"))
            elif isinstance(country, str) and _COUNTRY_SHAPE.match(country) and not is_country(country):
                failures.append(Failure(f"phone_number_pool_countries[{index}]",
                                        f"must be an ISO 3166-1 alpha-2 country code such as US; "
                                        f"{country!r} is not assigned to a country"))
        texts = [c for c in countries if isinstance(c, str)]
        if len(set(texts)) != len(texts):
            failures.append(Failure("phone_number_pool_countries",
                                    "must not repeat a country"))
    fallback = inputs.get("fall_back_phone_number")
    if fallback is not None and not is_unknown(fallback) and fallback == "":
        failures.append(Failure("fall_back_phone_number",
                                "must be an E.164 number, or left unset for none"))
    return failures


def check_inputs(inputs: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Return (normalized inputs, failures). Unknown (preview) values are not judged."""
    normalized = {k: v for k, v in inputs.items() if k in props.INPUTS or k.startswith("__")}
    if normalized.get("default_session_expiry_minutes") is not None:
        normalized["default_session_expiry_minutes"] = as_int(
            normalized["default_session_expiry_minutes"])
    failures = [Failure(name, "is required") for name in REQUIRED if inputs.get(name) is None]
    stated = _stated_rules(normalized)
    seen = {f.property for f in stated}
    failures += stated
    # The values as the program set them: the model judges their types too.
    params = {api: normalized.get(prop) for prop, api in props.API_NAMES.items()}
    for failure in model_failures(OPERATION, params, props.PROP_NAMES, SENSITIVE):
        if failure.property in _SUPERSEDED & seen:
            continue  # the stated rule above says it in the user's words
        failures.append(failure)
    return normalized, failures

"""Validate VoiceConnectorProxy inputs before any API call (runs at ``pulumi preview``).

The constraints come from botocore's model of PutVoiceConnectorProxy (the same
walker the emulator uses), plus the rules the API states but the model cannot
express. Every failure names the Pulumi property and the rule; the fallback phone
number is never echoed. Pure: no I/O, no client.
"""

from __future__ import annotations

import re
from typing import Any

from ..servicemodel import constraints, spec
from ..sessions.check import Failure
from . import props as P

__all__ = ["REQUIRED", "Failure", "check_inputs"]

REQUIRED = ("voice_connector_id", "default_session_expiry_minutes", "phone_number_pool_countries")
_API_TO_PROP = {api: prop for prop, api in P.API_NAMES.items()}
_QUOTED_VALUE = re.compile(r"^'.*?' ")
#: Properties whose stated rule, when it fails, already says what the model would.
_SUPERSEDED = frozenset({"default_session_expiry_minutes", "fall_back_phone_number"})
_PATH = re.compile(r"^(?P<api>[A-Za-z]+)(?P<rest>\[.*)?$")


def _prop_path(api_path: str) -> str:
    """``PhoneNumberPoolCountries[1]`` -> ``phone_number_pool_countries[1]``."""
    match = _PATH.match(api_path)
    if not match:
        return api_path
    return _API_TO_PROP.get(match.group("api"), match.group("api")) + (match.group("rest") or "")


def _model_failures(inputs: dict[str, Any]) -> list[Failure]:
    shape = spec.operation("PutVoiceConnectorProxy").input_shape
    assert shape is not None
    members = shape.members  # type: ignore[attr-defined]
    failures: list[Failure] = []
    for prop, api in P.API_NAMES.items():
        value = inputs.get(prop)
        if value is None or P.is_unknown(value):
            continue
        for problem in constraints.check(members[api], value, api):
            path, _, reason = problem.partition(": ")
            if prop in P.SECRET_OUTPUTS:
                reason = _QUOTED_VALUE.sub("the value ", reason)  # never echo a secret
            failures.append(Failure(_prop_path(path), reason))
    return failures


def _stated_rules(inputs: dict[str, Any]) -> list[Failure]:
    failures: list[Failure] = []
    expiry = inputs.get("default_session_expiry_minutes")
    if isinstance(expiry, float) and not expiry.is_integer():
        failures.append(Failure("default_session_expiry_minutes",
                                f"must be a whole number of minutes, got {expiry}"))
    elif isinstance(expiry, (int, float)) and not isinstance(expiry, bool) and expiry < 1:
        failures.append(Failure("default_session_expiry_minutes",
                                f"must be at least 1 minute, got {P.as_int(expiry)}"))
    countries = inputs.get("phone_number_pool_countries")
    if isinstance(countries, list) and not P.is_unknown(countries):
        for index, country in enumerate(countries):
            if country == "":
                failures.append(Failure(f"phone_number_pool_countries[{index}]",
                                        "must be an ISO 3166-1 alpha-2 country code such as US"))
        texts = [c for c in countries if isinstance(c, str)]
        if len(set(texts)) != len(texts):
            failures.append(Failure("phone_number_pool_countries",
                                    "must not repeat a country"))
    fallback = inputs.get("fall_back_phone_number")
    if fallback is not None and not P.is_unknown(fallback) and fallback == "":
        failures.append(Failure("fall_back_phone_number",
                                "must be an E.164 number, or left unset for none"))
    return failures


def check_inputs(inputs: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Return (normalized inputs, failures). Unknown (preview) values are not judged."""
    normalized = {k: v for k, v in inputs.items() if k in P.INPUTS or k.startswith("__")}
    if normalized.get("default_session_expiry_minutes") is not None:
        normalized["default_session_expiry_minutes"] = P.as_int(
            normalized["default_session_expiry_minutes"])
    failures = [Failure(name, "is required") for name in REQUIRED if inputs.get(name) is None]
    stated = _stated_rules(normalized)
    seen = {f.property for f in stated}
    failures += stated
    for failure in _model_failures(normalized):
        if failure.property in _SUPERSEDED & seen:
            continue  # the stated rule above says it in the user's words
        failures.append(failure)
    return normalized, failures

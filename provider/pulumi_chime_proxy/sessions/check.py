"""Validate ProxySession inputs before any API call (runs at ``pulumi preview``).

The constraints come from botocore's model (the same walker the emulator uses),
plus the rules the API states but the model cannot express. Every failure names
the Pulumi property and the rule. Pure: no I/O, no client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..servicemodel import constraints, spec
from . import props as P


@dataclass(frozen=True)
class Failure:
    """One problem with one property (``property`` uses Pulumi names)."""

    property: str
    reason: str


REQUIRED = ("voice_connector_id", "participant_phone_numbers", "capabilities")
_API_TO_PROP = {api: prop for prop, api in P.API_NAMES.items()}
_QUOTED_VALUE = re.compile(r"^'.*?' ")
_PATH = re.compile(r"^(?P<api>[A-Za-z]+)(?P<rest>[\[.].*)?$")


def _prop_path(api_path: str) -> str:
    """``GeoMatchParams.AreaCode`` -> ``geo_match_params.area_code``."""
    match = _PATH.match(api_path)
    if not match:
        return api_path
    prop = _API_TO_PROP.get(match.group("api"), match.group("api"))
    rest = match.group("rest") or ""
    for snake, api in P.GEO_NAMES.items():
        rest = rest.replace(f".{api}", f".{snake}")
    return prop + rest


def _model_failures(inputs: dict[str, Any]) -> list[Failure]:
    shape = spec.operation("CreateProxySession").input_shape
    assert shape is not None
    members = shape.members  # type: ignore[attr-defined]
    failures: list[Failure] = []
    for api, value in P.create_params(inputs).items():
        if P.is_unknown(value):
            continue
        for problem in constraints.check(members[api], value, api):
            path, _, reason = problem.partition(": ")
            prop = _prop_path(path)
            if prop.split("[")[0] in P.SECRET_OUTPUTS:
                reason = _QUOTED_VALUE.sub("the value ", reason)  # never echo a secret
            failures.append(Failure(prop, reason))
    return failures


def _stated_rules(inputs: dict[str, Any]) -> list[Failure]:
    failures: list[Failure] = []
    numbers = inputs.get("participant_phone_numbers")
    if isinstance(numbers, list) and not P.is_unknown(numbers):
        if len(numbers) != 2:
            failures.append(Failure("participant_phone_numbers",
                                    f"must have exactly 2 numbers, got {len(numbers)}"))
        elif all(isinstance(n, str) for n in numbers) and P.phone_key(numbers[0]) == P.phone_key(numbers[1]):
            failures.append(Failure("participant_phone_numbers",
                                    "the two participants must be different numbers"))
    caps = inputs.get("capabilities")
    if isinstance(caps, list) and not P.is_unknown(caps):
        if not caps:
            failures.append(Failure("capabilities", "must list at least one of Voice, SMS"))
        elif len(set(map(str, caps))) != len(caps):
            failures.append(Failure("capabilities", "must not repeat a capability"))
    expiry = inputs.get("expiry_minutes")
    if isinstance(expiry, float) and not expiry.is_integer():
        failures.append(Failure("expiry_minutes", f"must be a whole number of minutes, got {expiry}"))
    level, params = inputs.get("geo_match_level"), inputs.get("geo_match_params")
    if level is not None and params is None:
        failures.append(Failure("geo_match_params",
                                f"is required when geo_match_level is {level!r} "
                                "(country and area_code)"))
    if params is not None and level is None:
        failures.append(Failure("geo_match_level",
                                "is required when geo_match_params is set (Country or AreaCode)"))
    if isinstance(params, dict) and not P.is_unknown(params):
        for key in P.GEO_NAMES:
            if not params.get(key):
                failures.append(Failure(f"geo_match_params.{key}", "is required"))
        unknown = sorted(set(params) - set(P.GEO_NAMES))
        if unknown:
            failures.append(Failure("geo_match_params",
                                    f"unknown keys {unknown}; expected country, area_code"))
    adopt = inputs.get(P.ADOPT)
    if adopt is not None and not P.is_unknown(adopt) and (
        not isinstance(adopt, str) or not adopt.strip() or len(adopt) > 128
    ):
        failures.append(Failure(P.ADOPT, "must be a proxy session id (1-128 characters)"))
    keep = inputs.get(P.KEEP_CLOSED)
    if keep is not None and not isinstance(keep, bool) and not P.is_unknown(keep):
        failures.append(Failure(P.KEEP_CLOSED, "must be true or false"))
    return failures


def check_inputs(inputs: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Return (normalized inputs, failures). Unknown (preview) values are not judged."""
    normalized = {k: v for k, v in inputs.items() if k in P.INPUTS or k.startswith("__")}
    if normalized.get("expiry_minutes") is not None:
        normalized["expiry_minutes"] = P.as_int(normalized["expiry_minutes"])
    failures = [Failure(name, "is required") for name in REQUIRED if inputs.get(name) is None]
    stated = _stated_rules(inputs)
    failures += stated
    said = {f.property for f in stated}
    # A stated rule says it in the user's words; the model's version of it is noise.
    failures += [f for f in _model_failures(normalized) if f.property not in said]
    return normalized, failures

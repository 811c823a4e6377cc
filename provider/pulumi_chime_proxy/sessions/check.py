"""Validate ProxySession inputs before any API call (runs at ``pulumi preview``).

The constraints come from botocore's model (the same walker the emulator uses),
plus the rules the API states but the model cannot express. Every failure names
the Pulumi property and the rule, and never echoes a phone number or a name.
Pure: no I/O, no client.
"""

from __future__ import annotations

from typing import Any

from ..kernel.check import Failure, model_failures
from ..kernel.props import as_int, is_unknown, known_list, phone_key
from ..servicemodel.constraints import quoted
from . import props

OPERATION = props.SPEC.create_operation
REQUIRED = props.SPEC.required
#: Inputs whose values are never echoed (the model marks them ``sensitive``).
SENSITIVE = props.SPEC.sensitive_inputs


def _stated_rules(inputs: dict[str, Any]) -> list[Failure]:
    failures: list[Failure] = []
    numbers = known_list(inputs.get("participant_phone_numbers"))
    if numbers is not None:
        if len(numbers) != 2:
            failures.append(Failure("participant_phone_numbers",
                                    f"must have exactly 2 numbers, got {len(numbers)}"))
        elif all(isinstance(n, str) for n in numbers) and phone_key(numbers[0]) == phone_key(numbers[1]):
            failures.append(Failure("participant_phone_numbers",
                                    "the two participants must be different numbers"))
    caps = known_list(inputs.get("capabilities"))
    if caps is not None:
        if not caps:
            failures.append(Failure("capabilities", "must list at least one of Voice, SMS"))
        elif len(set(map(str, caps))) != len(caps):
            failures.append(Failure("capabilities", "must not repeat a capability"))
    expiry = inputs.get("expiry_minutes")
    if isinstance(expiry, float) and not expiry.is_integer():
        failures.append(Failure("expiry_minutes", f"must be a whole number of minutes, got {expiry}"))
    level, params = inputs.get("geo_match_level"), inputs.get("geo_match_params")
    if level is not None and params is None:
        shown = quoted(level) if isinstance(level, str) else "set"
        failures.append(Failure("geo_match_params", f"is required when geo_match_level is {shown} "
                                "(country and area_code)"))
    if params is not None and level is None:
        failures.append(Failure("geo_match_level",
                                "is required when geo_match_params is set (Country or AreaCode)"))
    if isinstance(params, dict) and not is_unknown(params):
        fields = [f.name for f in props.SPEC["geo_match_params"].fields]
        for key in fields:
            if not params.get(key):
                failures.append(Failure(f"geo_match_params.{key}", "is required"))
        unknown = sorted(set(params) - set(fields))
        if unknown:
            failures.append(Failure("geo_match_params",
                                    f"unknown keys {unknown}; expected {', '.join(fields)}"))
    adopt = inputs.get(props.ADOPT)
    if adopt is not None and not is_unknown(adopt) and (
        not isinstance(adopt, str) or not adopt.strip() or len(adopt) > 128
    ):
        failures.append(Failure(props.ADOPT, "must be a proxy session id (1-128 characters)"))
    keep = inputs.get(props.KEEP_CLOSED)
    if keep is not None and not isinstance(keep, bool) and not is_unknown(keep):
        failures.append(Failure(props.KEEP_CLOSED, "must be true or false"))
    return failures


def check_inputs(inputs: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Return (normalized inputs, failures). Unknown (preview) values are not judged."""
    normalized = {k: v for k, v in inputs.items() if k in props.INPUTS or k.startswith("__")}
    if normalized.get("expiry_minutes") is not None:
        normalized["expiry_minutes"] = as_int(normalized["expiry_minutes"])
    failures = [Failure(name, "is required") for name in REQUIRED if inputs.get(name) is None]
    stated = _stated_rules(inputs)
    failures += stated
    said = {f.property for f in stated}
    # A stated rule says it in the user's words; the model's version of it is noise.
    model = model_failures(OPERATION, props.create_params(normalized), props.PROP_NAMES, SENSITIVE)
    failures += [f for f in model if f.property not in said]
    return normalized, failures

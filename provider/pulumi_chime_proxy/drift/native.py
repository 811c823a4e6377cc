"""Native resources (``chime-proxy:index:*``) as the gate explains them: their states in
the dynamic resources' shape, so one set of adapters judges both fronts.

A native resource's state has schema (camelCase) names, an ``acceptedParticipants``
output instead of the hidden envelope, and a session id of
``<voiceConnectorId>/<proxySessionId>``. These pure functions translate the first two;
the adapters read with the id's last part (drift/adapters.py). Findings name properties as the engine does,
in schema names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ..dynamic.decode import ENVELOPE
from ..dynamic.encode import stored
from ..kernel.spec import camel
from ..native import decode
from ..native.kinds import KINDS
from .report import MASKED, ResourceFinding, unwrap_secrets


def is_native(type_token: str) -> bool:
    return type_token in KINDS


def dynamic_shape(type_token: str, state: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A native resource's inputs or outputs by the spec's names, secrets unwrapped,
    ``acceptedParticipants`` as the envelope the dynamic adapters read."""
    if state is None:
        return None
    kind = KINDS[type_token]
    renamed, _unknown = decode.spec_names(kind.names, unwrap_secrets(dict(state)))
    extra = [renamed[name] for name in kind.extra if name in renamed]
    if not extra:
        return renamed
    if not all(isinstance(value, list) for value in extra):
        # masked in the engine's events: the envelope is masked too, and is taken from
        # the recorded state as every masked output is (report.live_outputs)
        shaped = {k: v for k, v in renamed.items() if k not in kind.extra}
        shaped[ENVELOPE] = MASKED
        return shaped
    return stored(decode.state_of(kind, renamed, None))


def spec_keys(type_token: str, keys: list[str]) -> list[str]:
    """The engine's property names (schema names) as the spec's."""
    spec = KINDS[type_token].spec
    names = {prop.schema_name: prop.name for prop in spec.properties}
    return [names.get(key, key) for key in keys]


def schema_named(finding: ResourceFinding) -> ResourceFinding:
    """A native resource's finding with each property in schema names, as the plan says."""
    if not is_native(finding.type):
        return finding
    changes = tuple(dataclasses.replace(change, property=camel(change.property))
                    for change in finding.changes)
    return dataclasses.replace(finding, changes=changes)

"""The native provider's resource kinds: the same spec and the same pure check, diff and
read as the dynamic resources, with the differences a native resource has.

- The id names everything a read needs, because ``pulumi import`` reads with the id
  alone: ``<voiceConnectorId>/<proxySessionId>`` for a session, the connector id for a
  proxy configuration (:func:`.decode.resource_id` reads it).
- Nothing hides in state. The engine gives a native ``read`` the recorded inputs, so
  which inputs the program declared is not stored; the participants a session's stack
  last applied are a documented output, ``acceptedParticipants`` (the spec's
  ``accepted_output``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..dynamic.provider_base import ChimeProvider
from ..kernel.core import Kind
from ..kernel.spec import Property, ResourceSpec
from ..proxy_config.provider import VoiceConnectorProxyProvider
from ..sessions.provider import ProxySessionProvider


@dataclass(frozen=True)
class Names:
    """A kind's properties (its spec's and any the native resource adds) by schema name
    and by spec name, and the spec names that are always secret."""

    by_schema: Mapping[str, Property]
    by_name: Mapping[str, Property]
    secret: frozenset[str]

    @classmethod
    def of(cls, spec: ResourceSpec, extra: Mapping[str, Property] | None = None) -> Names:
        props = [*spec.properties, *(extra or {}).values()]
        return cls({p.schema_name: p for p in props}, {p.name: p for p in props},
                   frozenset(spec.masks) | {p.name for p in (extra or {}).values() if p.mask})


@dataclass(frozen=True)
class NativeKind:
    """One native resource kind: its dynamic provider class (create, update, delete and
    reconciliation are the same code), its pure functions, and its id format."""

    provider: type[ChimeProvider]
    #: True: ``<voiceConnectorId>/<objectId>``; False: the connector id itself.
    composite_id: bool = False

    #: The kind's core (its provider class's) and spec: plain attributes, read on every call.
    kind: Kind = field(init=False)
    spec: ResourceSpec = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", self.provider.kind)
        object.__setattr__(self, "spec", self.provider.kind.spec)

    @functools.cached_property
    def extra(self) -> dict[str, Property]:
        """Outputs beyond the spec's properties: what the stack accepted, where it has one."""
        accepted = self.spec.accepted_output
        return {} if accepted is None else {accepted.name: accepted}

    @functools.cached_property
    def names(self) -> Names:
        """Its properties, outputs beyond the spec's included: for states."""
        return Names.of(self.spec, self.extra)

    @functools.cached_property
    def input_names(self) -> Names:
        """The spec's properties: for inputs, where the extra outputs are not properties."""
        return Names.of(self.spec)

    def join_id(self, vc: str, object_id: str) -> str:
        return f"{vc}/{object_id}" if self.composite_id else vc


PROXY_SESSION = NativeKind(ProxySessionProvider, composite_id=True)
VOICE_CONNECTOR_PROXY = NativeKind(VoiceConnectorProxyProvider)
#: By schema token.
KINDS: dict[str, NativeKind] = {kind.spec.schema_token: kind
                                for kind in (PROXY_SESSION, VOICE_CONNECTOR_PROXY)}

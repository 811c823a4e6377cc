"""The native provider's resource kinds: the same spec and the same pure check, diff and
read as the dynamic resources, with the differences a native resource has.

- The id names everything a read needs, because ``pulumi import`` reads with the id
  alone: ``<voiceConnectorId>/<proxySessionId>`` for a session, the connector id for a
  proxy configuration.
- Nothing hides in state. The engine gives a native ``read`` the recorded inputs, so
  which inputs the program declared is not stored; the participants a session's stack
  last applied are a documented output, ``acceptedParticipants`` (the spec's
  ``accepted_output``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..dynamic.provider_base import ChimeProvider, Kind
from ..kernel.spec import Property, ResourceSpec
from ..proxy_config.provider import VoiceConnectorProxyProvider
from ..servicemodel import constraints
from ..servicemodel import spec as servicemodel_spec
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


class IdError(ValueError):
    """An id that does not name a resource of the kind (an import id, mostly)."""


#: What an id part must not hold: each is read by a URL layer before the service sees it
#: (a path separator, an escape, a query or fragment, space and control characters).
_NOT_IN_A_SEGMENT = re.compile(r"[/%?#\s\x00-\x1f\x7f]")
#: The model's shape of each id part, from GetProxySession's input.
_ID_MEMBERS = {"voiceConnectorId": "VoiceConnectorId", "proxySessionId": "ProxySessionId"}


def _check_id_part(kind: str, name: str, value: str) -> None:
    """IdError unless ``value`` meets the model's constraints for ``name`` and is one URL
    path segment that no HTTP layer rewrites (not ``.`` or ``..``)."""
    shape = servicemodel_spec.operation("GetProxySession").input_shape.members[_ID_MEMBERS[name]]
    problems = constraints.check(shape, value, name, hidden=True)
    if value in (".", "..") or _NOT_IN_A_SEGMENT.search(value):
        problems.append(f"{name} must be one URL path segment: not '.' or '..', and no '/', '%', "
                        "'?', '#', space or control character")
    if problems:
        raise IdError(f"{kind} id: {problems[0]}")


@dataclass(frozen=True)
class NativeKind:
    """One native resource kind: its dynamic provider class (create, update, delete and
    reconciliation are the same code), its pure functions, and its id format."""

    provider: type[ChimeProvider]
    #: True: ``<voiceConnectorId>/<objectId>``; False: the connector id itself.
    composite_id: bool = False

    @property
    def kind(self) -> Kind:
        return self.provider.kind

    @property
    def spec(self) -> ResourceSpec:
        return self.provider.kind.spec

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

    def split_id(self, resource_id: str) -> tuple[str, str]:
        """(voice connector id, the API's id of the object) for a native id, each checked
        against the model's shape for it before any call (an import or ``.get()`` id is
        whatever the user typed)."""
        if not self.composite_id:
            if not resource_id or "/" in resource_id:
                raise IdError(f"{self.spec.kind} id: must be a voice connector id, without '/'")
            _check_id_part(self.spec.kind, "voiceConnectorId", resource_id)
            return resource_id, resource_id
        vc, slash, object_id = resource_id.partition("/")
        if not slash or not vc or not object_id or "/" in object_id:
            raise IdError(f"{self.spec.kind} id: must be <voiceConnectorId>/<proxySessionId>")
        return self.checked(vc, object_id)

    def checked(self, vc: str, object_id: str) -> tuple[str, str]:
        """``(vc, object_id)`` once each meets the model's shape and is one URL path
        segment; IdError naming the first part that does not."""
        _check_id_part(self.spec.kind, "voiceConnectorId", vc)
        _check_id_part(self.spec.kind, "proxySessionId", object_id)
        return vc, object_id

    def join_id(self, vc: str, object_id: str) -> str:
        return f"{vc}/{object_id}" if self.composite_id else vc


PROXY_SESSION = NativeKind(ProxySessionProvider, composite_id=True)
VOICE_CONNECTOR_PROXY = NativeKind(VoiceConnectorProxyProvider)
#: By schema token.
KINDS: dict[str, NativeKind] = {kind.spec.schema_token: kind
                                for kind in (PROXY_SESSION, VOICE_CONNECTOR_PROXY)}

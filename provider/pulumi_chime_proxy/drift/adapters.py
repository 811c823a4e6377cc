"""One adapter per resource kind this package provides: how the drift report names and
shows its properties, and how to find live objects of that kind that no resource owns.

The verdict (drift or not, update or replace) is always the engine's; an adapter only
explains it, with the same diff function the provider gave the engine, applied to the
same values (live outputs after the refresh, the program's inputs).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..dynamic.decode import remembered, state_of
from ..dynamic.encode import stored
from ..kernel.core import Kind
from ..kernel.spec import Mask, ResourceSpec
from ..proxy_config import diff as proxy_diff
from ..proxy_config import props as proxy_props
from ..proxy_config import provider as proxy_provider
from ..sessions import diff as session_diff
from ..sessions import props as session_props
from ..sessions import provider as session_provider

#: (changed properties, those forcing a replace) for (live outputs, desired inputs).
DiffFn = Callable[[dict[str, Any], dict[str, Any]], tuple[list[str], list[str]]]
#: A property's value on one side: (property, inputs, outputs) -> value.
ValueFn = Callable[[str, Mapping[str, Any], Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Unmanaged:
    """A live object of an adapter's kind that no resource of the stack owns."""

    kind: str
    id: str
    voice_connector_id: str
    status: str | None
    name: str | None
    phone_numbers: tuple[str, ...]
    created_timestamp: str | None
    #: The ignore-file reason that mutes it, and "new" or "still" against a baseline.
    ignored: str | None = None
    baseline: str | None = None


#: Lists live objects on the voice connectors the stack uses: (client, voice connectors).
Lister = Callable[[Any, list[str]], list[Unmanaged]]
#: Reads one resource's live outputs with secrets in plaintext, as the provider's read
#: records them: (client, id, recorded outputs) -> outputs, or None when it is gone.
Fetcher = Callable[[Any, str, Mapping[str, Any]], "dict[str, Any] | None"]


def _stored(kind: Kind) -> Fetcher:
    """The kind's read, on the outputs a report holds (the dynamic resources' shape)."""
    def fetch(client: Any, id_: str, recorded: Mapping[str, Any]) -> dict[str, Any] | None:
        found = kind.read(client, str(recorded.get("voice_connector_id") or id_), id_,
                          state_of(recorded))
        return None if found is None else stored(found.state)
    return fetch


def masked(spec: ResourceSpec, mask: Mask) -> frozenset[str]:
    """The properties of ``spec`` whose secret values are masked as ``mask``."""
    return frozenset(name for name, kind in spec.masks.items() if kind == mask)


def _from_inputs(prop: str, inputs: Mapping[str, Any], _outputs: Mapping[str, Any]) -> Any:
    return inputs.get(prop)


def _from_outputs(prop: str, _inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> Any:
    return outputs.get(prop)


@dataclass(frozen=True)
class Adapter:
    """How drift of one resource type is explained: its kind's spec, on one front."""

    spec: ResourceSpec
    diff: DiffFn
    desired: ValueFn = _from_inputs
    live: ValueFn = _from_outputs
    #: Output holding the live status, if the kind has one.
    status_output: str | None = None
    #: Output naming the voice connector a live object belongs to.
    voice_connector_output: str | None = None
    lister: Lister | None = field(default=None, compare=False)
    #: The engine's events mask secrets: this reads them (for resources that drifted).
    fetch: Fetcher | None = field(default=None, compare=False)

    #: The native provider's resource (the schema's token), not the dynamic one.
    native: bool = False

    @property
    def type_token(self) -> str:
        return self.spec.schema_token if self.native else self.spec.type_token

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def phone_props(self) -> frozenset[str]:
        """Properties holding phone numbers: masked unless secrets are shown."""
        return masked(self.spec, "phone")

    @property
    def name_props(self) -> frozenset[str]:
        return masked(self.spec, "name")

    def secret_kind(self, prop: str) -> str | None:
        return self.spec.masks.get(prop)


# -- ProxySession ------------------------------------------------------------------------


def _session_diff(live: dict[str, Any], desired: dict[str, Any]) -> tuple[list[str], list[str]]:
    result = session_diff.diff_session(state_of(live), desired)
    return result.changed, result.replaces


def _session_desired(prop: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> Any:
    if prop == session_diff.STATUS:
        return "Open"
    if prop == session_diff.PARTICIPANTS:
        return remembered(outputs).accepted or []
    return inputs.get(prop)


def _session_live(prop: str, _inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> Any:
    if prop == session_diff.PARTICIPANTS:
        return session_diff.accepted_of(outputs.get(prop))
    if prop == session_props.ADOPT:
        return outputs.get("proxy_session_id")
    return outputs.get(prop)


def list_unmanaged_sessions(client: Any, voice_connectors: list[str]) -> list[Unmanaged]:
    """Every proxy session on the given voice connectors (the caller drops owned ones)."""
    from ..aws import errors
    from ..aws.listing import list_proxy_sessions

    found: list[Unmanaged] = []
    for vc in voice_connectors:
        try:
            sessions = list_proxy_sessions(client, vc)
        except Exception as exc:
            if errors.is_not_found(exc):
                continue  # the voice connector itself is gone: so are its sessions
            raise
        for s in sessions:
            found.append(Unmanaged(
                kind="ProxySession",
                id=str(s.get("ProxySessionId")),
                voice_connector_id=str(s.get("VoiceConnectorId") or vc),
                status=s.get("Status"),
                name=s.get("Name") or None,
                phone_numbers=tuple(str(p.get("PhoneNumber")) for p in s.get("Participants") or []),
                created_timestamp=session_props.iso(s.get("CreatedTimestamp")),
            ))
    return found


PROXY_SESSION = Adapter(
    spec=session_props.SPEC,
    diff=_session_diff,
    desired=_session_desired,
    live=_session_live,
    status_output="status",
    voice_connector_output="voice_connector_id",
    lister=list_unmanaged_sessions,
    fetch=_stored(session_provider.ProxySessionProvider.kind),
)

# -- VoiceConnectorProxy -----------------------------------------------------------------


def _proxy_diff(live: dict[str, Any], desired: dict[str, Any]) -> tuple[list[str], list[str]]:
    result = proxy_diff.diff_proxy_config(state_of(live), desired)
    return result.changed, result.replaces


VOICE_CONNECTOR_PROXY = Adapter(
    spec=proxy_props.SPEC,
    diff=_proxy_diff,
    voice_connector_output="voice_connector_id",
    fetch=_stored(proxy_provider.VoiceConnectorProxyProvider.kind),
)


# -- the native provider's resources -----------------------------------------------------


def _by_object_id(fetch: Fetcher) -> Fetcher:
    """``fetch`` for a native id: a session's is ``<voiceConnectorId>/<proxySessionId>``."""
    def fetch_native(client: Any, resource_id: str, recorded: Mapping[str, Any]) -> dict[str, Any] | None:
        return fetch(client, resource_id.rpartition("/")[2], recorded)
    return fetch_native


def _native(adapter: Adapter) -> Adapter:
    """The adapter for the native resource of the same kind. Its states are translated
    to the dynamic shape first (drift/native.py). The live listing is per voice
    connector, whichever front owns a session, so the dynamic adapter's lister serves
    both."""
    assert adapter.fetch is not None
    return replace(adapter, native=True, fetch=_by_object_id(adapter.fetch), lister=None)


#: Every resource type this package provides, by type token: both fronts.
ADAPTERS: dict[str, Adapter] = {a.type_token: a for a in (
    PROXY_SESSION, VOICE_CONNECTOR_PROXY, _native(PROXY_SESSION), _native(VOICE_CONNECTOR_PROXY))}

"""One adapter per resource kind this package provides: how the drift report names and
shows its properties, and how to find live objects of that kind that no resource owns.

The verdict (drift or not, update or replace) is always the engine's; an adapter only
explains it, with the same diff function the provider gave the engine, applied to the
same values (live outputs after the refresh, the program's inputs).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..proxy_config import diff as proxy_diff
from ..proxy_config import props as proxy_props
from ..sessions import diff as session_diff
from ..sessions import props as session_props

#: (changed properties, those forcing a replace) for (live outputs, desired inputs).
DiffFn = Callable[[dict[str, Any], dict[str, Any]], tuple[list[str], list[str]]]
#: A property's value on one side: (property, inputs, outputs) -> value.
ValueFn = Callable[[str, Mapping[str, Any], Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Unmanaged:
    """A live object of an adapter's kind that no resource of the stack owns."""

    kind: str
    id: str
    scope: str
    status: str | None
    name: str | None
    phone_numbers: tuple[str, ...]
    created_timestamp: str | None


#: Lists live objects in the scopes (voice connectors) the stack uses: (client, scopes).
Lister = Callable[[Any, list[str]], list[Unmanaged]]
#: Reads one resource's live outputs with secrets in plaintext: (client, id, outputs).
Fetcher = Callable[[Any, str, Mapping[str, Any]], dict[str, Any]]


def _from_inputs(prop: str, inputs: Mapping[str, Any], _outputs: Mapping[str, Any]) -> Any:
    return inputs.get(prop)


def _from_outputs(prop: str, _inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> Any:
    return outputs.get(prop)


@dataclass(frozen=True)
class Adapter:
    """How drift of one resource type is explained."""

    type_token: str
    kind: str
    diff: DiffFn
    #: Properties holding phone numbers, and names: masked unless secrets are shown.
    phone_props: frozenset[str] = frozenset()
    name_props: frozenset[str] = frozenset()
    desired: ValueFn = _from_inputs
    live: ValueFn = _from_outputs
    #: Output holding the live status, if the kind has one.
    status_output: str | None = None
    #: Output naming the scope (voice connector) a live object belongs to.
    scope_output: str | None = None
    lister: Lister | None = field(default=None, compare=False)
    #: The engine's events mask secrets: this reads them (for resources that drifted).
    fetch: Fetcher | None = field(default=None, compare=False)

    def secret_kind(self, prop: str) -> str | None:
        if prop in self.phone_props:
            return "phone"
        if prop in self.name_props:
            return "name"
        return None


# -- ProxySession ------------------------------------------------------------------------


def _session_diff(live: dict[str, Any], desired: dict[str, Any]) -> tuple[list[str], list[str]]:
    result = session_diff.diff_session(live, desired)
    return result.changed, result.replaces


def _pairs(pairs: list[list[str]]) -> list[dict[str, str]]:
    """Participants as printed: ``{phone_number, proxy_phone_number}`` with ``+``."""
    return [{"phone_number": f"+{phone}", "proxy_phone_number": f"+{proxy}"} for phone, proxy in pairs]


def _session_desired(prop: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> Any:
    if prop == session_diff.STATUS:
        return "Open"
    if prop == session_diff.PARTICIPANTS:
        return _pairs(outputs.get(session_diff.ACCEPTED) or [])
    return inputs.get(prop)


def _session_live(prop: str, _inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> Any:
    if prop == session_diff.PARTICIPANTS:
        return _pairs(session_diff.participant_pairs(outputs.get(prop)))
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
                scope=str(s.get("VoiceConnectorId") or vc),
                status=s.get("Status"),
                name=s.get("Name") or None,
                phone_numbers=tuple(str(p.get("PhoneNumber")) for p in s.get("Participants") or []),
                created_timestamp=session_props.iso(s.get("CreatedTimestamp")),
            ))
    return found


def fetch_session(client: Any, id_: str, outputs: Mapping[str, Any]) -> dict[str, Any]:
    """GetProxySession, as the provider's read maps it."""
    session = client.get_proxy_session(VoiceConnectorId=outputs.get("voice_connector_id"),
                                       ProxySessionId=id_)["ProxySession"]
    return session_props.outputs_from_session(session, dict(outputs))


PROXY_SESSION = Adapter(
    type_token=session_props.TYPE_TOKEN,
    kind="ProxySession",
    diff=_session_diff,
    phone_props=frozenset({"participant_phone_numbers", session_diff.PARTICIPANTS}),
    name_props=frozenset({"name"}),
    desired=_session_desired,
    live=_session_live,
    status_output="status",
    scope_output="voice_connector_id",
    lister=list_unmanaged_sessions,
    fetch=fetch_session,
)

# -- VoiceConnectorProxy -----------------------------------------------------------------


def fetch_proxy_config(client: Any, id_: str, outputs: Mapping[str, Any]) -> dict[str, Any]:
    """GetVoiceConnectorProxy, as the provider's read maps it."""
    vc = str(outputs.get("voice_connector_id") or id_)
    proxy_config = client.get_voice_connector_proxy(VoiceConnectorId=vc)["Proxy"]
    return proxy_props.outputs_from_proxy_config(vc, proxy_config)


def _proxy_diff(live: dict[str, Any], desired: dict[str, Any]) -> tuple[list[str], list[str]]:
    result = proxy_diff.diff_proxy_config(live, desired)
    return result.changed, result.replaces


VOICE_CONNECTOR_PROXY = Adapter(
    type_token=proxy_props.TYPE_TOKEN,
    kind="VoiceConnectorProxy",
    diff=_proxy_diff,
    phone_props=frozenset(proxy_props.SECRET_OUTPUTS),
    scope_output="voice_connector_id",
    fetch=fetch_proxy_config,
)

#: Every resource type this package provides, by type token.
ADAPTERS: dict[str, Adapter] = {a.type_token: a for a in (PROXY_SESSION, VOICE_CONNECTOR_PROXY)}

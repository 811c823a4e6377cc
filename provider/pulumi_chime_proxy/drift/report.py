"""The findings of a drift check, as a pure model built from what ``collect`` gathered.

Inputs (all plain data, no engine or AWS objects):

- the ``ProxySession`` resources of the stack as recorded in state (inputs and outputs,
  secrets decrypted);
- the live outputs the engine's refresh read for each of them (``None``: deleted out of
  band), whose secret values arrive masked;
- every session ListProxySessions returned per voice connector (boto3-parsed), which
  fills in masked secrets and reveals sessions that no resource tracks.

Drift of a session is what :func:`~pulumi_chime_proxy.sessions.diff.diff_session`
says about ``olds`` = live outputs and ``news`` = recorded inputs, the same question
the engine asks during refresh, so ``drift`` and ``pulumi up`` always agree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..sessions import diff as session_diff
from ..sessions import props as P

SCHEMA_ID = "chime-proxy.drift/v1"

#: ``SessionFinding.state`` values, from best to worst.
IN_SYNC, DRIFTED, CLOSED, GONE = "in_sync", "drifted", "closed", "gone"
STATES = (IN_SYNC, DRIFTED, CLOSED, GONE)

#: Properties whose values are masked unless secrets are shown.
SECRET_PROPS = frozenset(P.SECRET_OUTPUTS)

#: Marks a value the engine reported as a secret (not readable from its events).
MASKED = object()

_SECRET_SIG = "4dabf18193072939515e22adb298388d"


@dataclass(frozen=True)
class RecordedSession:
    """One ``ProxySession`` resource as the stack's state records it."""

    urn: str
    id: str
    inputs: Mapping[str, Any]
    outputs: Mapping[str, Any]

    @property
    def name(self) -> str:
        return self.urn.rsplit("::", 1)[-1]

    @property
    def voice_connector_id(self) -> str:
        return str(self.inputs.get("voice_connector_id") or self.outputs.get("voice_connector_id") or "")


@dataclass(frozen=True)
class PropertyDrift:
    """A property whose live value differs from what the stack records."""

    property: str
    recorded: Any
    live: Any
    replaces: bool = False


@dataclass(frozen=True)
class SessionFinding:
    """The verdict for one resource: ``in_sync``, ``drifted``, ``closed`` or ``gone``."""

    resource: str
    urn: str
    proxy_session_id: str
    voice_connector_id: str
    state: str
    status: str | None
    changes: tuple[PropertyDrift, ...] = ()

    @property
    def drifted(self) -> bool:
        return self.state != IN_SYNC


@dataclass(frozen=True)
class UnmanagedSession:
    """A live session on one of the stack's voice connectors that no resource tracks."""

    proxy_session_id: str
    voice_connector_id: str
    status: str | None
    name: str | None
    participants: tuple[str, ...]
    created_timestamp: str | None


@dataclass(frozen=True)
class DriftReport:
    stack: str
    project: str | None
    sessions: tuple[SessionFinding, ...]
    unmanaged: tuple[UnmanagedSession, ...] = ()
    generated_at: str = field(default_factory=lambda: P.iso(dt.datetime.now(dt.timezone.utc)) or "")

    @property
    def drift(self) -> bool:
        return bool(self.unmanaged) or any(s.drifted for s in self.sessions)

    @property
    def exit_code(self) -> int:
        """terraform ``plan -detailed-exitcode``: 0 no drift, 2 drift."""
        return 2 if self.drift else 0

    def counts(self) -> dict[str, int]:
        counts = {state: 0 for state in STATES}
        for finding in self.sessions:
            counts[finding.state] += 1
        return {"sessions": len(self.sessions), **counts, "unmanaged": len(self.unmanaged)}

    def to_dict(self, show_secrets: bool = False) -> dict[str, Any]:
        """The ``chime-proxy.drift/v1`` document (see SCHEMA.md and schema.json)."""
        return {
            "schema": SCHEMA_ID,
            "stack": self.stack,
            "project": self.project,
            "generated_at": self.generated_at,
            "drift": self.drift,
            "secrets_shown": show_secrets,
            "summary": self.counts(),
            "sessions": [_finding_dict(f, show_secrets) for f in self.sessions],
            "unmanaged": [_unmanaged_dict(u, show_secrets) for u in self.unmanaged],
        }


# -- masking -----------------------------------------------------------------------------


def mask_text(value: str) -> str:
    """``+12065550101`` -> ``+1206*****01``; short strings keep only their first character."""
    if len(value) >= 8:
        return value[:5] + "*" * (len(value) - 7) + value[-2:]
    if not value:
        return value
    return value[0] + "*" * max(len(value) - 1, 3)


def mask_value(value: Any) -> Any:
    """Mask every string inside ``value`` (lists and participant dicts too)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list | tuple):
        return [mask_value(v) for v in value]
    if isinstance(value, dict):
        return {k: mask_value(v) for k, v in value.items()}
    return value


def _show(prop: str, value: Any, show_secrets: bool) -> Any:
    return value if show_secrets or prop not in SECRET_PROPS else mask_value(value)


def _finding_dict(f: SessionFinding, show: bool) -> dict[str, Any]:
    return {
        "resource": f.resource,
        "urn": f.urn,
        "proxy_session_id": f.proxy_session_id,
        "voice_connector_id": f.voice_connector_id,
        "state": f.state,
        "status": f.status,
        "changes": [
            {
                "property": c.property,
                "recorded": _show(c.property, c.recorded, show),
                "live": _show(c.property, c.live, show),
                "replaces": c.replaces,
            }
            for c in f.changes
        ],
    }


def _unmanaged_dict(u: UnmanagedSession, show: bool) -> dict[str, Any]:
    return {
        "proxy_session_id": u.proxy_session_id,
        "voice_connector_id": u.voice_connector_id,
        "status": u.status,
        "name": _show("name", u.name, show),
        "participants": _show("participants", list(u.participants), show),
        "created_timestamp": u.created_timestamp,
    }


# -- building ----------------------------------------------------------------------------


def unwrap_secrets(value: Any) -> Any:
    """Plain values from state/event JSON: decrypted secrets unwrapped, masked ones MASKED."""
    if isinstance(value, dict):
        if value.get(_SECRET_SIG) is not None:
            if "plaintext" in value:
                return unwrap_secrets(json.loads(value["plaintext"]))
            if "value" in value:
                return unwrap_secrets(value["value"])
            return MASKED
        return {k: unwrap_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_secrets(v) for v in value]
    return value


def _is_masked(value: Any) -> bool:
    if value is MASKED:
        return True
    if isinstance(value, list):
        return any(_is_masked(v) for v in value)
    if isinstance(value, dict):
        return any(_is_masked(v) for v in value.values())
    return False


def build_report(
    stack: str,
    project: str | None,
    recorded: Iterable[RecordedSession],
    refreshed: Mapping[str, Mapping[str, Any] | None],
    listed: Mapping[str, list[dict[str, Any]]],
) -> DriftReport:
    """Compare recorded sessions with the live ones.

    ``refreshed`` maps a URN to the live outputs the refresh read (``None``: gone).
    A resource without a refresh result falls back to the listing of its voice
    connector (absent there too: gone). ``listed`` maps each voice connector to the
    sessions ListProxySessions returned.
    """
    recorded = list(recorded)
    by_id = {
        str(s.get("ProxySessionId")): s for sessions in listed.values() for s in sessions
    }
    findings = sorted((_finding(r, refreshed, by_id) for r in recorded), key=lambda f: (f.resource, f.urn))
    tracked = {r.id for r in recorded} | {str(r.outputs.get("proxy_session_id") or "") for r in recorded}
    unmanaged = [
        _unmanaged(s, vc)
        for vc, sessions in listed.items()
        for s in sessions
        if str(s.get("ProxySessionId")) not in tracked
    ]
    unmanaged.sort(key=lambda u: (u.voice_connector_id, u.proxy_session_id))
    return DriftReport(stack=stack, project=project, sessions=tuple(findings), unmanaged=tuple(unmanaged))


def _finding(
    rec: RecordedSession,
    refreshed: Mapping[str, Mapping[str, Any] | None],
    by_id: Mapping[str, dict[str, Any]],
) -> SessionFinding:
    inputs = {k: v for k, v in rec.inputs.items() if not k.startswith("__")}
    listing = by_id.get(rec.id)
    from_list = P.outputs_from_session(listing, inputs) if listing is not None else None
    if rec.urn in refreshed:
        event_live = refreshed[rec.urn]
        live: dict[str, Any] | None = dict(event_live) if event_live is not None else None
    else:
        live = dict(from_list) if from_list is not None else None
    base = dict(resource=rec.name, urn=rec.urn, proxy_session_id=rec.id,
                voice_connector_id=rec.voice_connector_id)
    if live is None:
        return SessionFinding(**base, state=GONE, status=None,
                              changes=(PropertyDrift("status", rec.outputs.get("status"), None),))
    # Secrets arrive masked in engine events: take them from the listing, or skip them.
    news = dict(inputs)
    for prop, value in list(live.items()):
        if _is_masked(value):
            if from_list is not None:
                live[prop] = from_list.get(prop)
            else:
                news.pop(prop, None)
    result = session_diff.diff_session(live, news)
    changes = []
    for prop in result.changed:
        recorded_value = rec.outputs.get("status") if prop == "status" else inputs.get(prop)
        live_value = live.get("proxy_session_id") if prop == P.ADOPT else live.get(prop)
        changes.append(PropertyDrift(prop, recorded_value, live_value, prop in result.replaces))
    status = live.get("status")
    if "status" in result.changed:
        state = CLOSED
    elif changes:
        state = DRIFTED
    else:
        state = IN_SYNC
    return SessionFinding(**base, state=state, status=status, changes=tuple(changes))


def _unmanaged(session: dict[str, Any], vc: str) -> UnmanagedSession:
    return UnmanagedSession(
        proxy_session_id=str(session.get("ProxySessionId")),
        voice_connector_id=str(session.get("VoiceConnectorId") or vc),
        status=session.get("Status"),
        name=session.get("Name") or None,
        participants=tuple(str(p.get("PhoneNumber")) for p in session.get("Participants") or []),
        created_timestamp=P.iso(session.get("CreatedTimestamp")),
    )

"""Load and save the emulator's state as JSON.

Two formats load:

* the **plain AWS list**: ``[{"ProxySession": {...}}, ...]``, GetProxySession
  bodies exactly as AWS returns them (``null`` fields, ISO-8601 timestamps).
  Voice connectors they name are created implicitly, each with a default proxy
  configuration (60 minutes, ``US``). A session whose expiry already passed at
  load time but is not ``Closed`` starts its countdown at load time instead, so
  GetProxySession returns it unchanged until the clock moves on.
* the **emulator's own format**, which :func:`save` writes: an object with
  ``Format``, ``ClockOffsetSeconds``, ``VoiceConnectors``, ``ProxyConfigs``,
  ``ProxySessions`` (the same ``{"ProxySession": ...}`` entries plus
  ``ExpiryBase``) and ``Sticky``.

Saves are atomic: a temporary file in the same directory, then ``os.replace``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..servicemodel import spec
from .backend import Backend, Records, StickyKey
from .models import STATUS_CLOSED, ProxyConfig, ProxySession, VoiceConnector
from .parser import from_json
from .serializer import to_json
from .timestamps import format_iso8601, parse_timestamp

FORMAT = "chime-proxy-emulator-state/1"
DEFAULT_PROXY = {
    "DefaultSessionExpiryMinutes": 60,
    "PhoneNumberCountries": ["US"],
    "Disabled": False,
}


class StateFileError(ValueError):
    """The state file exists but cannot be understood."""


def load(path: str | os.PathLike[str], now: dt.datetime) -> Records:
    """Read a state file in either format; empty records if it does not exist."""
    file = Path(path)
    if not file.exists() or not file.read_text().strip():
        return Records()
    try:
        document = json.loads(file.read_text())
    except ValueError as exc:
        raise StateFileError(f"{file}: not JSON: {exc}") from exc
    try:
        return parse_document(document, now)
    except (KeyError, TypeError, ValueError) as exc:
        raise StateFileError(f"{file}: unexpected content: {exc!r}") from exc


def parse_document(document: Any, now: dt.datetime) -> Records:
    """Records from a decoded state document (plain AWS list or own format)."""
    if isinstance(document, list):
        return _from_sessions(document, now)
    if isinstance(document, dict) and "ProxySession" in document:
        return _from_sessions([document], now)
    if not isinstance(document, dict):
        raise ValueError("expected a list of GetProxySession bodies or an emulator state object")
    model = spec.service_model()
    records = Records()
    for seq, raw in enumerate(document.get("VoiceConnectors") or [], start=1):
        values = from_json(model.shape_for("VoiceConnector"), raw, "VoiceConnector")
        vc = VoiceConnector.from_shape(values, seq)
        vc.tags = list(raw.get("Tags") or [])
        records.voice_connectors[vc.voice_connector_id] = vc
    for vc_id, raw in (document.get("ProxyConfigs") or {}).items():
        records.proxy_configs[vc_id] = ProxyConfig.from_shape(raw)
    for entry in document.get("Sticky") or []:
        key: StickyKey = (entry["VoiceConnectorId"], frozenset(entry["Pair"]))
        records.sticky[key] = dict(entry["ProxyPhoneNumbers"])
    records.clock_offset_seconds = float(document.get("ClockOffsetSeconds") or 0.0)
    return _from_sessions(document.get("ProxySessions") or [], now, records)


def _from_sessions(entries: list[Any], now: dt.datetime, records: Records | None = None) -> Records:
    """Add sessions to ``records``, creating the voice connectors they name if absent."""
    records = Records() if records is None else records
    shape = spec.service_model().shape_for("ProxySession")
    vc_seq = len(records.voice_connectors)
    for seq, entry in enumerate(entries, start=1):
        raw = entry.get("ProxySession", entry) if isinstance(entry, dict) else None
        if not isinstance(raw, dict):
            raise ValueError(f"entry {seq - 1} is not a ProxySession object")
        session = ProxySession.from_shape(from_json(shape, raw, "ProxySession"), seq)
        if "ExpiryBase" in entry:
            session.expiry_base = parse_timestamp(entry["ExpiryBase"])
        else:
            session.expiry_base = session.created
            expires = session.expires_at
            if session.status != STATUS_CLOSED and expires is not None and expires <= now:
                session.expiry_base = now
        vc_id = session.voice_connector_id
        if vc_id not in records.voice_connectors:
            vc_seq += 1
            records.voice_connectors[vc_id] = _implicit_voice_connector(vc_id, session, vc_seq)
            records.proxy_configs[vc_id] = ProxyConfig.from_shape(DEFAULT_PROXY)
        records.sessions.setdefault(vc_id, {})[session.proxy_session_id] = session
    return records


def _implicit_voice_connector(vc_id: str, session: ProxySession, seq: int) -> VoiceConnector:
    from . import ids

    return VoiceConnector(
        voice_connector_id=vc_id,
        name=vc_id,
        require_encryption=True,
        created=session.created,
        updated=session.created,
        arn=ids.voice_connector_arn("us-east-1", vc_id),
        outbound_host_name=ids.outbound_host_name(vc_id),
        seq=seq,
    )


def dump_document(records: Records) -> dict[str, Any]:
    """The emulator's own state format (see module docstring)."""
    model = spec.service_model()
    vc_shape = model.shape_for("VoiceConnector")
    proxy_shape = model.shape_for("Proxy")
    session_shape = model.shape_for("ProxySession")
    sessions = sorted((s for group in records.sessions.values() for s in group.values()), key=lambda s: s.seq)
    return {
        "Format": FORMAT,
        "ClockOffsetSeconds": records.clock_offset_seconds,
        "VoiceConnectors": [
            {**to_json(vc_shape, vc.to_shape()), **({"Tags": vc.tags} if vc.tags else {})}
            for vc in sorted(records.voice_connectors.values(), key=lambda v: v.seq)
        ],
        "ProxyConfigs": {k: to_json(proxy_shape, v.to_shape()) for k, v in records.proxy_configs.items()},
        "ProxySessions": [
            {
                "ProxySession": to_json(session_shape, s.to_shape()),
                **({"ExpiryBase": format_iso8601(s.expiry_base)} if s.expiry_base else {}),
            }
            for s in sessions
        ],
        "Sticky": [
            {"VoiceConnectorId": vc_id, "Pair": sorted(pair), "ProxyPhoneNumbers": numbers}
            for (vc_id, pair), numbers in records.sticky.items()
        ],
    }


def save(path: str | os.PathLike[str], records: Records) -> None:
    """Write ``records`` atomically (temporary file, then ``os.replace``)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dump_document(records), indent=1, sort_keys=False)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class StateFile:
    """Binds a backend to a file: load once, save after every change."""

    def __init__(self, path: str | os.PathLike[str], backend: Backend) -> None:
        self.path = Path(path)
        self.backend = backend

    def load(self) -> None:
        self.backend.restore(load(self.path, self.backend.clock.now()))

    def save(self) -> None:
        save(self.path, self.backend.export())

    def attach(self) -> None:
        """Load the file, then save on every backend change."""
        self.load()
        self.backend.on_change = self.save
